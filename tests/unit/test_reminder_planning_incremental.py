"""Reminder planning in bounded steps: a big plan spread over calls, each reading at most
its budget, resumed from its cursor; changes after a pass are planned from the marks the
triggers leave, not by reading every registration again."""

from bot.outbox import reminder as reminders

TALK = "d2-1520-a202"  # 15:20, 200 seats
LATER = "d2-1630-a202"  # 16:30


def register(store, clock, session, users):
    for user in users:
        assert store.take_seat(session, user, clock.now().timestamp()).status == "registered"


def plan(store, clock, budget=reminders.PLAN_BUDGET):
    """One round: at most `budget` rows read."""
    return reminders.plan(store, clock.now(), default_minutes=10, budget=budget, seconds=0)


def queued(store):
    return {(r["session_id"], r["user_id"]) for r in store.outbox(kind="reminder")}


def test_a_big_plan_is_spread_over_calls_of_at_most_the_budget(store, clock):
    clock.set(clock.now().replace(hour=14, minute=30))  # both talks' reminders in the window
    register(store, clock, TALK, [f"U{n:02d}" for n in range(25)])
    register(store, clock, LATER, [f"U{n:02d}" for n in range(15)])
    store.clear_reminder_marks(10**9)  # as if registered before the window opened
    counts = [plan(store, clock, budget=10) for _ in range(5)]
    assert counts[:4] == [10, 10, 10, 10] and sum(counts) == 40
    assert len(queued(store)) == 40
    assert plan(store, clock, budget=10) == 0
    assert store.reminder_plan_state()["pass"] is None


def test_after_a_pass_only_the_changed_pairs_are_planned(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, TALK, ["U1", "U2"])
    assert plan(store, clock) == 2
    assert store.reminder_marks(100) == []  # the marks were taken
    register(store, clock, TALK, ["U3"])
    assert store.reminder_marks(100) == [(TALK, "U3")]
    assert plan(store, clock, budget=1) == 1
    store.update_user("U1", reminders_off=1)
    plan(store, clock)
    assert {r["user_id"] for r in store.outbox(kind="reminder", status="pending")} == {"U2", "U3"}


def test_a_moved_session_marks_its_registrants(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, TALK, ["U1"])
    plan(store, clock)
    with store.transaction() as db:
        db.execute("UPDATE sessions SET start_ts = start_ts + 600 WHERE id = ?", [TALK])
    plan(store, clock)
    rows = store.outbox(kind="reminder")
    assert sorted(r["status"] for r in rows) == ["dropped", "pending"]


def test_the_clock_going_back_starts_planning_over(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, TALK, ["U1"])
    plan(store, clock)
    store.clear_reminder_marks(10**9)
    with store.transaction() as db:
        db.execute("DELETE FROM outbox")
    clock.set(clock.now().replace(hour=13, minute=30))
    assert plan(store, clock) == 1
