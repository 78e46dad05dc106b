"""Planning reminders on a hand-moved clock: one per registrant and session, re-timed when
the lead time changes, dropped when unwanted or too late, and fast rehearsals still fire."""

from datetime import timedelta

from bot.outbox import reminder as reminders
from tests.support.factories import file_rows

TALK = "d2-1520-a202"  # 2023-05-04 15:20–16:00, 200 seats


def start_of(store, session_id):
    return next(r["start_ts"] for r in store.sessions() if r["id"] == session_id)


def register(store, clock, *users, session=TALK):
    for user in users:
        assert store.take_seat(session, user, clock.now().timestamp()).status == "registered"


def plan(store, clock, minutes=10, ahead=reminders.PLAN_AHEAD):
    return reminders.plan(store, clock.now(), default_minutes=minutes, ahead=ahead)


def pending(store):
    return {r["user_id"]: r for r in store.outbox(kind="reminder", status="pending")}


def test_each_registrant_gets_one_reminder_due_lead_minutes_before(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, "U1", "U2")
    assert plan(store, clock) == 2
    assert plan(store, clock) == 0
    start = start_of(store, TALK)
    rows = pending(store)
    assert {u: (r["due_at"], r["deadline_at"]) for u, r in rows.items()} == {
        "U1": (start - 600, start), "U2": (start - 600, start)}  # fmt: skip
    assert rows["U1"]["dedupe_key"] == f"reminder:U1:{TALK}:{start}"
    assert rows["U1"]["channel"] == "U1"


def test_reminders_beyond_the_planning_window_wait(store, clock):
    clock.set(clock.now().replace(hour=9, minute=0))
    register(store, clock, "U1")
    assert plan(store, clock, ahead=timedelta(hours=1)) == 0
    clock.advance(hours=5, minutes=15)
    assert plan(store, clock, ahead=timedelta(hours=1)) == 1


def test_a_new_lead_time_re_times_the_queued_reminder(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, "U1")
    plan(store, clock)
    store.update_user("U1", reminder_minutes=30)
    assert plan(store, clock) == 1
    (row,) = store.outbox(kind="reminder")
    assert row["due_at"] == start_of(store, TALK) - 1800 and row["status"] == "pending"


def test_unregistering_or_turning_reminders_off_drops_it_and_coming_back_revives_it(store, clock):
    clock.set(clock.now().replace(hour=14, minute=0))
    register(store, clock, "U1", "U2")
    plan(store, clock)
    store.give_back_seat(TALK, "U1", clock.now().timestamp())
    store.update_user("U2", reminders_off=1)
    plan(store, clock)
    assert pending(store) == {}
    assert {r["error"] for r in store.outbox(kind="reminder")} == {"no longer wanted"}
    store.update_user("U2", reminders_off=0)
    register(store, clock, "U1")
    plan(store, clock)
    assert set(pending(store)) == {"U1", "U2"}


def test_a_reminder_due_while_down_is_still_sent_but_never_after_the_start(store, clock):
    register(store, clock, "U1")  # 15:10: due right now
    clock.advance(minutes=5)  # the bot was down from 15:10 to 15:15
    assert plan(store, clock) == 1
    clock.advance(minutes=6)  # 15:21: the talk has started
    register(store, clock, "U2", session="d2-1630-a202")
    store.update_user("U2", reminder_minutes=24 * 60)
    plan(store, clock)
    assert set(pending(store)) == {"U1", "U2"}
    claimed = store.claim_next("h", clock.now().timestamp(), 0, 0.1, 0)
    assert claimed["user_id"] == "U2"  # U1's reminder is dropped at 15:21, not sent late
    assert store.outbox(user_id="U1")[0]["status"] == "dropped"


def test_a_moved_session_gets_a_reminder_for_its_new_start(store, clock):
    clock.set(clock.now().replace(hour=15, minute=0))
    register(store, clock, "U1")
    plan(store, clock)
    rows = file_rows(store)
    for row in rows:
        if row["id"] == TALK:
            row["start_ts"] += 3600
            row["end_ts"] += 3600
    store.apply_agenda(rows, cancel_missing=False, dry_run=False)
    plan(store, clock)
    start = start_of(store, TALK)
    by_status = {r["status"]: r for r in store.outbox(kind="reminder")}
    assert by_status["dropped"]["deadline_at"] == start - 3600
    assert by_status["pending"]["dedupe_key"] == f"reminder:U1:{TALK}:{start}"
    assert by_status["pending"]["due_at"] == start - 600
