"""The waitlist, overlap switching and `forget` in the store and the domain: FIFO, exact
promotions under concurrency, all-or-nothing switches."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from bot import registrations
from bot.agenda import AgendaCache
from bot.store import USER_DATA_TABLES
from bot.store import seats as store_module

SESSION = "d2-1520-a202"  # 15:20–16:00, 200 seats
RIVAL = "d2-1520-a201"  # same slot, 200 seats
LATER = "d2-1630-hb"  # 16:30


@pytest.fixture
def now(clock) -> float:
    """Conference time as the store takes it: 15:10 on day 2, before the talks."""
    return clock.now().timestamp()


def fill(store, session_id, capacity, users, start):
    """Set a capacity and register `users` one after another, in that order."""
    store.set_capacity_override(session_id, capacity, start)
    return [store.take_seat(session_id, u, start + i) for i, u in enumerate(users)]


def test_a_full_session_waitlists_in_arrival_order(store, now):
    results = fill(store, SESSION, 2, ["A", "B", "C", "D"], now)
    assert [r.status for r in results] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert [r.place for r in results] == [None, None, 1, 2]
    again = store.take_seat(SESSION, "D", now + 10)
    assert (again.status, again.place) == ("already_waitlisted", 2)
    places = {r["session_id"]: r["place"] for r in store.user_registrations("D")}
    assert places == {SESSION: 2}


def test_a_freed_seat_goes_to_the_first_in_line(store, now):
    fill(store, SESSION, 2, ["A", "B", "C", "D"], now)
    release = store.give_back_seat(SESSION, "A", now + 10)
    assert release.status == "registered"
    assert [(p.session_id, p.user_id) for p in release.promoted] == [(SESSION, "C")]
    assert store.registration_status(SESSION, "C") == "registered"
    assert store.user_registrations("D")[0]["place"] == 1


def test_leaving_the_waitlist_promotes_no_one(store, now):
    fill(store, SESSION, 1, ["A", "B", "C"], now)
    release = store.give_back_seat(SESSION, "B", now + 10)
    assert (release.status, release.promoted) == ("waitlisted", ())
    assert store.user_registrations("C")[0]["place"] == 1


def test_raising_capacity_promotes_and_lowering_evicts_no_one(store, now):
    fill(store, SESSION, 2, ["A", "B", "C", "D", "E"], now)
    change = store.set_capacity_override(SESSION, 4, now + 10)
    assert [p.user_id for p in change.promoted] == ["C", "D"]
    assert (change.old, change.new, change.taken, change.waiting) == (2, 4, 4, 1)
    lowered = store.set_capacity_override(SESSION, 1, now + 20)
    assert lowered.promoted == () and lowered.taken == 4
    assert store.seats_taken([SESSION]) == {SESSION: 4}
    late = store.take_seat(SESSION, "F", now + 30)
    assert (late.status, late.place) == ("waitlisted", 2)
    # Seats given back below the new capacity free nothing until it is under it again.
    assert store.give_back_seat(SESSION, "A", now + 40).promoted == ()


def test_no_promotion_into_a_session_that_has_ended(store, now):
    fill(store, SESSION, 1, ["A", "B"], now)
    after = now + 3600  # 16:10, the talk ended at 16:00
    assert store.give_back_seat(SESSION, "A", after).promoted == ()
    assert store.registration_status(SESSION, "B") == "waitlisted"


def test_waitlist_promotion_under_concurrency_is_fifo_and_exact(store, now):
    """50 threads at once: holders give seats back, people leave the line, newcomers join,
    an organiser raises the capacity. No seat is given twice, nobody jumps the queue."""
    holders = [f"H{i:02d}" for i in range(10)]
    waiters = [f"W{i:02d}" for i in range(40)]
    fill(store, SESSION, 10, holders + waiters, now)
    leavers = waiters[30:]  # the back of the line
    newcomers = [f"N{i:02d}" for i in range(29)]
    jobs = ([("release", u) for u in holders] + [("release", u) for u in leavers]
            + [("join", u) for u in newcomers] + [("capacity", "15")])  # fmt: skip
    assert len(jobs) == 50
    barrier = threading.Barrier(len(jobs))

    def run(job):
        kind, who = job
        barrier.wait()
        if kind == "release":
            return store.give_back_seat(SESSION, who, now + 100).promoted
        if kind == "join":
            result = store.take_seat(SESSION, who, now + 100)
            assert result.status == "waitlisted", who  # people were already queueing
            return result.promoted
        return store.set_capacity_override(SESSION, int(who), now + 100).promoted

    with ThreadPoolExecutor(len(jobs)) as pool:
        promoted = [p.user_id for batch in pool.map(run, jobs) for p in batch]
    # Exactly the 15 seats, to the first 15 in line, each told once.
    assert sorted(promoted) == waiters[:15]
    assert store.seats_taken([SESSION]) == {SESSION: 15}
    registered = {r["user_id"] for r in store.export_registrations(SESSION)
                  if r["status"] == "registered"}  # fmt: skip
    assert registered == set(waiters[:15])
    # The rest stay in order: the old line first, then newcomers; places 1..n, no gaps.
    line = {u: store.user_registrations(u)[0]["place"] for u in waiters[15:30] + newcomers}
    assert [line[u] for u in waiters[15:30]] == list(range(1, 16))
    assert sorted(line[u] for u in newcomers) == list(range(16, 16 + len(newcomers)))


def test_unlimited_capacity_takes_everyone_waiting(store, now):
    fill(store, SESSION, 1, ["A", "B", "C"], now)
    change = store.set_capacity_override(SESSION, None, now + 10)
    assert [p.user_id for p in change.promoted] == ["B", "C"]


def test_switch_moves_the_seat_and_frees_the_old_one_atomically(store, now):
    fill(store, SESSION, 1, ["U1", "W1"], now)
    result = store.switch_seats("U1", RIVAL, [SESSION], now + 10)
    assert result.status == "switched" and result.dropped == (SESSION,)
    assert [(p.session_id, p.user_id) for p in result.promoted] == [(SESSION, "W1")]
    assert store.registration_status(RIVAL, "U1") == "registered"
    assert store.registration_status(SESSION, "U1") is None


def test_switch_to_a_full_session_changes_nothing(store, now):
    fill(store, SESSION, 1, ["U1", "W1"], now)
    fill(store, RIVAL, 1, ["X"], now)
    result = store.switch_seats("U1", RIVAL, [SESSION], now + 10)
    assert (result.status, result.dropped, result.promoted) == ("full", (), ())
    assert store.registration_status(SESSION, "U1") == "registered"
    assert store.registration_status(SESSION, "W1") == "waitlisted"
    assert store.registration_status(RIVAL, "U1") is None


def test_a_switch_that_fails_half_way_rolls_back_whole(store, now, monkeypatch):
    fill(store, SESSION, 1, ["U1", "W1"], now)
    real = store_module.insert_registration

    def broken(db, session_id, user_id, status, at):
        if session_id == RIVAL:
            raise RuntimeError("disk on fire")
        return real(db, session_id, user_id, status, at)

    monkeypatch.setattr(store_module, "insert_registration", broken)
    with pytest.raises(RuntimeError):
        store.switch_seats("U1", RIVAL, [SESSION], now + 10)
    # The old seat was given back and W1 promoted inside the transaction: both undone.
    assert store.registration_status(SESSION, "U1") == "registered"
    assert store.registration_status(SESSION, "W1") == "waitlisted"


def test_two_people_switching_into_the_last_seat(store, now):
    store.set_capacity_override(RIVAL, 1, now)
    for user, old in (("U1", SESSION), ("U2", "d2-1520-a203")):
        assert store.take_seat(old, user, now).status == "registered"
    barrier = threading.Barrier(2)

    def switch(pair):
        user, old = pair
        barrier.wait()
        return store.switch_seats(user, RIVAL, [old], now + 10).status

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(switch, [("U1", SESSION), ("U2", "d2-1520-a203")]))
    assert sorted(results) == ["full", "switched"]
    loser = ("U1", SESSION) if results[0] == "full" else ("U2", "d2-1520-a203")
    assert store.registration_status(loser[1], loser[0]) == "registered"
    assert store.seats_taken([RIVAL]) == {RIVAL: 1}


def test_register_asks_before_taking_an_overlapping_seat(store, clock):
    agenda = _agenda(store, clock)
    now = clock.now()
    assert registrations.register(store, agenda, "U1", SESSION, now).status == "registered"
    outcome = registrations.register(store, agenda, "U1", RIVAL, now)
    assert outcome.status == "conflict" and [c.id for c in outcome.conflicts] == [SESSION]
    assert store.registration_status(RIVAL, "U1") is None  # nothing taken yet
    both = registrations.register(store, agenda, "U1", RIVAL, now, allow_conflicts=True)
    assert both.status == "registered" and [c.id for c in both.conflicts] == [SESSION]


def test_an_overlapping_waitlist_place_needs_no_choice(store, clock):
    agenda = _agenda(store, clock)
    now = clock.now()
    fill(store, RIVAL, 1, ["X"], now.timestamp())
    agenda = _agenda(store, clock)
    registrations.register(store, agenda, "U1", SESSION, now)
    outcome = registrations.register(store, agenda, "U1", RIVAL, now)
    assert (outcome.status, outcome.place) == ("waitlisted", 1)
    assert [c.id for c in outcome.conflicts] == [SESSION]


def test_domain_switch_reports_sessions(store, clock):
    agenda = _agenda(store, clock)
    now = clock.now()
    registrations.register(store, agenda, "U1", SESSION, now)
    outcome = registrations.switch(store, agenda, "U1", RIVAL, [SESSION], now)
    assert outcome.status == "switched" and [s.id for s in outcome.dropped] == [SESSION]
    ended = registrations.switch(store, agenda, "U1", "d2-1420-hb", [RIVAL], now)
    assert ended.status == "ended"
    assert store.registration_status(RIVAL, "U1") == "registered"


def test_forget_deletes_everything_and_frees_seats(store, now):
    fill(store, SESSION, 1, ["U1", "W1"], now)
    store.take_seat(LATER, "U1", now)
    fill(store, RIVAL, 1, ["X", "U1"], now)
    store.toggle_interest(RIVAL, "U1", now)
    store.update_user("U1", lang="ko", reminder_minutes=5)
    gone = store.forget_user("U1", now + 10)
    assert gone.counts == {"registrations": 2, "waitlist": 1, "interests": 1, "settings": 1,
                           "notes": 0, "note_drafts": 0, "outbox": 0, "calendar_tokens": 0,
                           "feed_sequences": 0, "seat_changes": 2, "feedback": 0}  # fmt: skip
    assert [(p.session_id, p.user_id) for p in gone.promoted] == [(SESSION, "W1")]
    assert store.user("U1") is None and store.user_registrations("U1") == []
    assert store.user_interests("U1") == set()
    again = store.forget_user("U1", now + 20)
    assert sum(again.counts.values()) == 0


def test_forget_covers_every_user_data_table(store, now):
    """A feature's table joins `forget` by one line in USER_DATA_TABLES."""
    with store.connect() as db:
        tables = set(db.table_names())
    personal = {"interests", "notes", "note_drafts", "outbox", "calendar_tokens",
                "feed_sequences", "seat_changes", "feedback"}
    assert personal <= tables and personal == {table for table, _ in USER_DATA_TABLES}
    store.add_note("U1", SESSION, "a", private=False, source="command", now=now)
    store.add_note("U1", SESSION, "b", private=True, source="command", now=now)
    store.add_note("U2", SESSION, "c", private=False, source="command", now=now)
    gone = store.forget_user("U1", now)
    assert gone.counts["notes"] == 2
    with store.connect() as db:
        assert db.execute("SELECT user_id FROM notes").fetchall() == [("U2",)]


def test_interest_toggles_and_lists_only_people_without_a_seat(store, now):
    assert store.toggle_interest(SESSION, "U1", now) is True
    assert store.toggle_interest(SESSION, "U2", now + 1) is True
    assert store.toggle_interest("nope", "U1", now) is None
    store.take_seat(SESSION, "U2", now + 2)
    assert store.interested_without_seat(SESSION) == ["U1"]
    assert store.toggle_interest(SESSION, "U1", now + 3) is False
    assert store.interested_without_seat(SESSION) == []


def test_session_stats_count_recent_seats(store, now):
    fill(store, SESSION, 2, ["A", "B", "C"], now - 7200)
    store.take_seat(RIVAL, "D", now)
    store.toggle_interest(SESSION, "E", now)
    stats = store.session_stats(since=now - 3600)
    assert stats[SESSION].registered == 2 and stats[SESSION].waitlisted == 1
    assert stats[SESSION].interested == 1 and stats[SESSION].recent == 0
    assert stats[RIVAL].recent == 1


def _agenda(store, clock):
    return AgendaCache(store, clock.tz).current()


def test_unregister_domain_reports_leaving_the_waitlist(store, clock):
    agenda = _agenda(store, clock)
    now = clock.now()
    fill(store, SESSION, 1, ["A", "B"], now.timestamp())
    left = registrations.unregister(store, agenda, "B", SESSION, now)
    assert left.status == "left_waitlist" and left.promoted == ()
    fill(store, SESSION, 1, ["C"], now.timestamp() + 1)
    gone = registrations.unregister(store, agenda, "A", SESSION, now + timedelta(minutes=1))
    assert gone.status == "unregistered" and [p.user_id for p in gone.promoted] == ["C"]
