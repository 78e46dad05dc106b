"""The sender against the Slack stand-in: sends and marks sent, obeys 429 Retry-After,
backs off on 5xx and connection errors, fails fast on permanent errors, drops what no longer
applies, paces evenly, and only the lease holder sends."""

import socket
import subprocess
import sys
import time
from functools import partial

import pytest
from slack_sdk import WebClient

from bot.outbox import capacity_alert as alerts
from bot.outbox import reminder as reminders
from bot.outbox.kinds import render as compose
from bot.services import Summit
from schedules.sender import LEASE, Sender, holder_is_gone
from tests.support.paths import TOKEN

TALK = "d2-1520-a202"


@pytest.fixture
def wired(settings, store, clock, slack) -> Summit:
    """The services with a client on the stand-in and an alert channel."""
    settings = settings.with_(api_url=slack.api_url, alert_channel="C_ALERTS")
    return Summit(settings, store, clock, WebClient(token=TOKEN, base_url=slack.api_url))


def make_sender(summit, per_min=60_000, **kwargs) -> Sender:
    return Sender(summit, partial(compose, summit), per_min=per_min, **kwargs)


def queue_reminders(summit, *users):
    for user in users:
        summit.store.take_seat(TALK, user, summit.clock.now().timestamp())
    reminders.plan(summit.store, summit.clock.now(), default_minutes=10)


def test_a_due_reminder_goes_out_once_as_a_dm_and_is_marked_sent(wired, slack):
    queue_reminders(wired, "U1")
    sender = make_sender(wired)
    assert sender.send_next() == "sent"
    assert sender.send_next() is None
    (dm,) = slack.messages_for("U1")
    assert dm.kind == "dm" and "Starts in 10 min" in dm.render()
    (row,) = wired.store.outbox()
    assert row["status"] == "sent" and row["slack_ts"] == dm.ts
    assert row["sent_at"] == wired.clock.now().timestamp()


def test_a_429_is_waited_out_for_its_retry_after_then_sent(wired, slack):
    queue_reminders(wired, "U1")
    slack.fail_next("chat.postMessage", status=429)
    sender = make_sender(wired)
    started = time.monotonic()
    assert sender.send_next() == "sent"
    assert time.monotonic() - started >= 1.0  # the stand-in says Retry-After: 1
    assert sender.rate_limited == 1 and wired.health["rate_limited"] == 1
    assert len(slack.messages_for("U1")) == 1


def test_5xx_and_connection_errors_pause_the_sender_and_cost_the_message_nothing(wired, slack):
    queue_reminders(wired, "U1")
    slack.fail_next("chat.postMessage", status=503)
    sender = make_sender(wired)
    assert sender.send_next() == "retry"
    (row,) = wired.store.outbox()
    assert row["status"] == "pending" and row["error"] == "HTTP 503 internal_error"
    assert row["attempts"] == 0  # Slack's trouble, not the message's: no attempt used up
    pause = sender.step()
    assert 0 < pause <= 0.25 and wired.health["sender"] == "waiting for Slack"
    time.sleep(pause)
    assert sender.step() == 0.0 and len(slack.messages_for("U1")) == 1
    assert wired.health["sender"] == "running"

    queue_reminders(wired, "U2")
    unreachable = WebClient(token=TOKEN, base_url="http://127.0.0.1:9/api/", timeout=1,
                            retry_handlers=[])  # fmt: skip
    assert make_sender(wired, client=unreachable).send_next() == "retry"
    assert wired.store.outbox(user_id="U2")[0]["error"].startswith("connection:")


def test_a_permanent_error_fails_fast_and_is_counted(wired, slack):
    queue_reminders(wired, "U1", "U2")
    slack.fail_next("chat.postMessage", error="account_inactive")
    sender = make_sender(wired)
    assert [sender.send_next(), sender.send_next()] == ["failed", "sent"]
    failed = wired.store.outbox(status="failed")
    assert [(r["user_id"], r["error"], r["attempts"]) for r in failed] == [
        ("U1", "account_inactive", 1)]  # fmt: skip
    assert wired.health["send_failures"] == 1
    assert wired.store.outbox_stats()["failed"] == 1


def test_who_unregistered_after_the_reminder_was_queued_gets_nothing(wired, slack):
    queue_reminders(wired, "U1")
    wired.store.give_back_seat(TALK, "U1", time.time())
    assert make_sender(wired).send_next() == "dropped"
    assert slack.messages_for("U1") == []


def test_a_reminder_that_can_no_longer_arrive_in_time_is_dropped(wired, slack):
    queue_reminders(wired, "U1")
    wired.clock.advance(minutes=10)  # 15:20: the talk starts
    assert make_sender(wired).send_next() is None
    assert wired.store.outbox()[0]["status"] == "dropped"
    assert slack.messages_for("U1") == []


def test_sends_keep_to_the_cap_in_every_window_and_a_channel_gets_one_a_second(wired, slack):
    queue_reminders(wired, *[f"U{n}" for n in range(4)])
    sender = make_sender(wired, per_min=180)  # three in any one second
    while sender.send_next():
        pass
    times = [m.when for m in slack.messages]
    assert len(times) == 4
    assert times[3] - times[0] >= 1.0

    wired.store.set_capacity_override("d2-1630-a202", 10)
    for n in range(10):
        wired.store.take_seat("d2-1630-a202", f"V{n}", wired.clock.now().timestamp())
    alerts.plan(wired.store, wired.clock.now(), "C_ALERTS")
    wired.store.set_capacity_override("d2-1520-g103", 10)
    for n in range(10):
        wired.store.take_seat("d2-1520-g103", f"W{n}", wired.clock.now().timestamp())
    alerts.plan(wired.store, wired.clock.now(), "C_ALERTS")
    while sender.send_next():
        pass
    posts = [m for m in slack.messages if m.channel == "C_ALERTS"]
    assert len(posts) == 2 and "is full" in posts[0].render()
    assert posts[1].when - posts[0].when >= 0.95


def test_only_the_lease_holder_sends_and_a_dead_holder_is_replaced(wired):
    first, second = make_sender(wired), make_sender(wired)
    assert first.hold_lease() and not second.hold_lease()
    assert wired.health["sender"] == f"standby: {first.holder} sends"
    wired.store.release_lease(LEASE, first.holder)
    second._lease_until = 0.0
    assert second.hold_lease()
    elsewhere = "a-host-that-is-not-this-one:1:x"
    assert not holder_is_gone(elsewhere) and not holder_is_gone(second.holder)
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                              capture_output=True, text=True, check=True)  # fmt: skip
    gone = f"{socket.gethostname()}:{finished.stdout.strip()}:x"
    assert holder_is_gone(gone)
    wired.store.acquire_lease(LEASE, gone, 60, time.time())
    second._lease_until = 0.0
    assert second.hold_lease()  # taken over at once, not after the 60 s


def test_the_sender_thread_starts_and_stops_cleanly(wired, slack):
    queue_reminders(wired, "U1")
    sender = make_sender(wired)
    sender.start()
    assert slack.wait_for(lambda m: m.user == "U1", timeout=3)
    sender.stop()
    assert not sender.running and wired.health["sender"] == "stopped"
    assert wired.store.lease(LEASE) is None


def test_a_second_dm_to_one_person_does_not_hold_up_everyone_else(wired, slack):
    """Two reminders for U1 (two overlapping talks) and one each for others: while U1's
    channel waits out its one-a-second gap, the others' reminders go first."""
    wired.store.take_seat("d2-1520-a201", "U1", wired.clock.now().timestamp())
    queue_reminders(wired, "U1", "U2", "U3")
    sender = make_sender(wired)
    while sender.send_next():
        pass
    order = [m.user for m in slack.messages if m.kind == "dm"]
    assert sorted(order) == ["U1", "U1", "U2", "U3"]
    assert order[-1] == "U1" and order[0] == "U1"  # U1's second waited, nobody else did
    first_u1, second_u1 = [m.when for m in slack.messages if m.user == "U1"]
    others = [m.when for m in slack.messages if m.user in ("U2", "U3")]
    assert max(others) - first_u1 < 0.5 and second_u1 - first_u1 >= 0.95
