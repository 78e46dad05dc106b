"""The outbox in the store: dedupe, atomic claims in deadline order, stale drops, early
starts for big fan-outs, crashed claims taken again, and the sender's lease."""

import time

from bot.store import OutboxMessage

NOW = 1_683_180_600.0  # 2023-05-04 15:10 KST on the conference clock
HOLDER = "host:1:a"


def message(key, due=NOW, deadline=NOW + 600, channel="U1", kind="reminder"):
    return OutboxMessage(dedupe_key=key, kind=kind, channel=channel, due_at=due,
                         deadline_at=deadline)  # fmt: skip


def claim(store, now=NOW, holder=HOLDER, step=0.1, margin=0.0, rush_until=None):
    return store.claim_next(holder, now, time.time(), step, margin, rush_until)


def test_a_dedupe_key_is_queued_once(store):
    assert store.enqueue([message("a"), message("a")]) == 1
    assert store.enqueue([message("a", due=NOW - 5)]) == 0
    assert [r["due_at"] for r in store.outbox()] == [NOW]


def test_claims_go_by_deadline_then_due_time_and_only_when_due(store):
    store.enqueue([
        message("late-deadline", due=NOW - 60, deadline=NOW + 900),
        message("early-deadline", due=NOW - 10, deadline=NOW + 300),
        message("not-due-yet", due=NOW + 60, deadline=NOW + 100),
    ])  # fmt: skip
    assert claim(store)["dedupe_key"] == "early-deadline"
    assert claim(store)["dedupe_key"] == "late-deadline"
    assert claim(store) is None
    assert store.outbox_stats()["depth"] == 3  # two in flight, one waiting


def test_messages_past_their_deadline_are_dropped_not_claimed(store):
    store.enqueue([message("stale", due=NOW - 700, deadline=NOW - 1)])
    assert claim(store) is None
    (row,) = store.outbox()
    assert row["status"] == "dropped" and row["error"] == "deadline passed"


def test_a_fan_out_that_needs_the_time_left_starts_before_it_is_due(store):
    # 100 reminders due in 5 minutes for a talk in 10; at 10 s a send they need 1000 s.
    store.enqueue(message(f"r{n}", due=NOW + 300, deadline=NOW + 600) for n in range(100))
    assert claim(store, step=1.0) is None  # 100 s of sending fits in the 600 s left
    first = claim(store, step=10.0)
    assert first is not None and first["due_at"] == NOW + 300
    # Once started early the rest follow at full speed, however much time that leaves.
    assert claim(store, step=1.0) is None
    assert claim(store, step=1.0, rush_until=NOW + 600)["deadline_at"] == NOW + 600


def test_a_row_left_sending_by_a_dead_holder_is_claimed_again(store):
    store.enqueue([message("in-flight")])
    assert claim(store, holder="old:1:x")["attempts"] == 1
    assert claim(store, holder="old:1:x") is None  # its own claim is not repeated
    again = claim(store, holder="new:2:y")
    assert again["dedupe_key"] == "in-flight" and again["attempts"] == 2


def test_retry_later_waits_for_its_time_and_sent_rows_stay_sent(store):
    store.enqueue([message("flaky"), message("fine", deadline=NOW + 900)])
    flaky = claim(store)
    store.retry_later(flaky["id"], HOLDER, time.time() + 60, "HTTP 500")
    fine = claim(store)
    assert fine["dedupe_key"] == "fine"
    store.mark_sent(fine["id"], NOW, "1.1")
    assert claim(store) is None
    store.retry_later(flaky["id"], HOLDER, 0, "HTTP 500")  # not claimed: no effect
    stats = store.outbox_stats()
    assert stats["sent"] == 1 and stats["depth"] == 1 and stats["last_sent_at"] == NOW


def test_the_lease_has_one_holder_until_it_expires_or_its_holder_is_gone(store):
    wall = time.time()
    assert store.acquire_lease("sender", "a", 10, wall)
    assert not store.acquire_lease("sender", "b", 10, wall + 1)
    assert store.acquire_lease("sender", "a", 10, wall + 5)  # renewed
    assert not store.acquire_lease("sender", "b", 10, wall + 14)
    assert store.acquire_lease("sender", "b", 10, wall + 16)  # expired
    assert store.acquire_lease("sender", "c", 10, wall + 17, take_over="b")
    store.release_lease("sender", "c")
    assert store.lease("sender") is None
