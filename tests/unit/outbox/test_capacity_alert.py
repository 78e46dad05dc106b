"""Capacity alerts on a hand-moved clock: 80% and 100% each once, re-armed only 10 points
below, never for open seating, and "from 50% to 80% in N minutes" measured."""

import time

from bot.outbox import capacity_alert as alerts
from bot.store import CapacityMark

TALK = "d2-1520-a202"  # the 2023 microservices talk, 200 seats, 15:20 on Day 2
CHANNEL = "C_ALERTS"


def fill(store, clock, upto, session=TALK, capacity=10):
    """Register users until `upto` seats of `capacity` are taken."""
    store.set_capacity_override(session, capacity)
    taken = store.seats_taken([session]).get(session, 0)
    for n in range(taken, upto):
        assert store.take_seat(session, f"U{n:03d}", clock.now().timestamp()).status == "registered"


def empty(store, session, users):
    for user in users:
        store.give_back_seat(session, user, time.time())


def queued(store):
    return [(r["facts"]["threshold"], r["dedupe_key"]) for r in store.outbox(kind="capacity")]


def test_assess_alerts_only_for_the_highest_threshold_crossed():
    changed, threshold = alerts.assess("s", 100, {}, now=1.0)
    assert threshold == 100
    assert {(m.threshold, m.armed, m.times_crossed) for m in changed} == {
        (50, False, 1), (80, False, 1), (100, False, 1)}  # fmt: skip


def test_assess_re_arms_only_ten_points_below():
    fired = {t: CapacityMark("s", t, armed=False, times_crossed=1, crossed_at=1.0)
             for t in (50, 80)}  # fmt: skip
    assert alerts.assess("s", 75, fired, now=2.0) == ([], None)
    changed, threshold = alerts.assess("s", 69, fired, now=2.0)
    assert threshold is None and [(m.threshold, m.armed) for m in changed] == [(80, True)]


def test_filling_fast_then_full_each_once(store, clock):
    fill(store, clock, 5)
    assert alerts.plan(store, clock.now(), CHANNEL) == 0  # 50%: noted, not announced
    clock.advance(minutes=12)
    fill(store, clock, 8)
    assert alerts.plan(store, clock.now(), CHANNEL) == 1
    assert alerts.plan(store, clock.now(), CHANNEL) == 0
    fill(store, clock, 10)
    alerts.plan(store, clock.now(), CHANNEL)
    assert queued(store) == [(80, f"capacity:{TALK}:80:1"), (100, f"capacity:{TALK}:100:1")]
    alert = store.outbox(kind="capacity")[0]
    assert alert["channel"] == CHANNEL
    assert alert["facts"]["crossed_at"] - alert["facts"]["half_full_at"] == 12 * 60


def test_a_threshold_re_arms_after_dropping_ten_points_below(store, clock):
    fill(store, clock, 8)
    alerts.plan(store, clock.now(), CHANNEL)
    empty(store, TALK, ["U007"])  # 70%: not 10 points below 80 yet
    alerts.plan(store, clock.now(), CHANNEL)
    fill(store, clock, 8)
    alerts.plan(store, clock.now(), CHANNEL)
    assert len(queued(store)) == 1
    empty(store, TALK, ["U007", "U006"])  # 60%
    alerts.plan(store, clock.now(), CHANNEL)
    fill(store, clock, 8)
    alerts.plan(store, clock.now(), CHANNEL)
    assert queued(store) == [(80, f"capacity:{TALK}:80:1"), (80, f"capacity:{TALK}:80:2")]


def test_open_seating_never_alerts(store, clock):
    keynote = "d2-0930-key"
    clock.set(clock.now().replace(hour=9, minute=0))
    assert next(r for r in store.sessions() if r["id"] == keynote)["seats"] is None
    for n in range(50):
        store.take_seat(keynote, f"K{n}", clock.now().timestamp())
    assert alerts.plan(store, clock.now(), CHANNEL) == 0
    assert store.capacity_marks() == {}


def test_without_an_alert_channel_nothing_is_queued_and_nothing_replays_later(store, clock):
    fill(store, clock, 9)
    assert alerts.plan(store, clock.now(), None) == 0
    assert alerts.plan(store, clock.now(), CHANNEL) == 0
    assert store.outbox() == []
