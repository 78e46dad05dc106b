"""Slack unreachable in the middle of a fan-out (connection refused, then 503s) for five
conference minutes: nothing is lost; reminders that can still arrive in time go out when
Slack is back, the rest are dropped and counted; /healthz shows the backlog and the outage."""

from __future__ import annotations

import time

import pytest

from bot.devtools.standin import SlackStandIn
from bot.outbox import reminder
from bot.server import build_runtime
from bot.slack_link import WatchedWebClient
from tests.support.paths import TOKEN

SOON = "d2-1520-a202"  # 15:20: its reminders can't wait out the outage
LATER = "d2-1630-a202"  # 16:30: reminded 90 minutes ahead, so due already, and can wait


def step_until_idle(sender, limit: float = 10.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        pause = sender.step()
        if pause and sender.store.outbox_stats()["depth"] == 0:
            return
        time.sleep(min(pause, 0.3))


def test_an_outage_mid_fan_out_loses_nothing_and_drops_only_what_came_too_late(
        settings, clock, tmp_path):  # fmt: skip
    slack = SlackStandIn(token=TOKEN).start()
    port = slack.port
    client = WatchedWebClient(token=TOKEN, base_url=slack.api_url)
    runtime = build_runtime(settings.with_(api_url=slack.api_url), clock=clock, client=client)
    back = None
    try:
        store, sender = runtime.summit.store, runtime.sender
        clock.set(clock.now().replace(hour=15, minute=16))
        soon = [f"UA{n}" for n in range(6)]
        later = [f"UB{n}" for n in range(6)]
        for user in soon:
            store.take_seat(SOON, user, clock.now().timestamp())
        for user in later:
            store.take_seat(LATER, user, clock.now().timestamp())
            store.update_user(user, reminder_minutes=90)
        reminder.plan(store, clock.now(), default_minutes=10)
        for _ in range(2):
            assert sender.send_next() == "sent"

        slack.stop()  # connection refused from here
        assert sender.send_next() == "retry"
        status, health = runtime.health()
        assert health["status"] == "degraded"  # (503 here only as the scheduler is not started)
        assert health["slack"].startswith("unreachable since")
        assert health["outbox_depth"] == 10 and health["sender"] == "waiting for Slack"
        clock.advance(minutes=2)

        back = SlackStandIn(token=TOKEN, port=port).start()  # answering, but 503 for a while
        back.fail_next("chat.postMessage", status=503, times=1)
        time.sleep(sender.step())  # the pause after the refusal
        assert sender.step() == 0.0 and back.calls  # tried again: a 503
        assert sender.step() > 0.25  # still down: the sender waits again, longer
        clock.advance(minutes=3)  # 15:21: the 15:20 talk has started

        step_until_idle(sender)
        stats = store.outbox_stats()
        assert stats["depth"] == 0 and stats["sent"] == 2 + len(later)
        assert stats["dropped"] == len(soon) - 2  # too late, and counted
        assert {m.user for m in back.messages if m.kind == "dm"} == set(later)
        assert {r["error"] for r in store.outbox(status="dropped")} == {"deadline passed"}
        status, health = runtime.health()
        assert health["slack"] == "ok" and health["outbox_dropped"] == 4
        assert health["sender"] == "running"
    finally:
        runtime.stop()
        for standin in (slack, back):
            if standin is not None:
                standin.stop()


def test_the_senders_client_reports_to_the_apps_link(settings, clock):
    slack = SlackStandIn(token=TOKEN).start()
    client = WatchedWebClient(token=TOKEN, base_url=slack.api_url)
    runtime = build_runtime(settings.with_(api_url=slack.api_url), clock=clock, client=client)
    slack.stop()
    try:
        with pytest.raises(OSError):
            runtime.sender.client.chat_postMessage(channel="DU1", text="x")
        assert runtime.link.outage is not None
    finally:
        runtime.stop()
