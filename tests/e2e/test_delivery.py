"""Delivery end to end: the served app with its scheduler and sender on a rehearsal clock,
against a Slack stand-in that answers some 429s and 5xxs."""

from __future__ import annotations

import json
import time
import urllib.request
from collections import Counter
from datetime import datetime

import pytest
from slack_sdk import WebClient

from bot.clock import Clock
from bot.devtools.local import action_body, signed_headers
from bot.server import HttpServer, build_runtime, wsgi_app
from bot.views import ids
from tests.support.paths import SECRET, TOKEN

TALK = "d2-1520-a202"  # Day 2, 15:20, the microservices talk that filled at once in 2023
ALERTS = "C_ALERTS"


@pytest.fixture
def rehearsal(settings, slack):
    """Build a served runtime on a rehearsal clock; yields a starter taking the clock's start
    and speed, so registrations can be seeded before anything runs."""
    started = []

    def start(at: datetime, speed: float, **changes):
        config = settings.with_(api_url=slack.api_url, alert_channel=ALERTS,
                                send_per_min=6000, **changes)  # fmt: skip
        clock = Clock(settings.tz, at, speed)
        runtime = build_runtime(config, clock=clock,
                                client=WebClient(token=TOKEN, base_url=slack.api_url))  # fmt: skip
        server = HttpServer(wsgi_app(runtime), port=0, host="127.0.0.1")
        started.append((runtime, server))
        return runtime, server, f"http://127.0.0.1:{server.port}"

    yield start
    for runtime, server in started:
        if server.thread.ident is not None:
            server.stop()
        else:
            server.server.close()
        runtime.stop()


def healthz(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        return json.loads(response.read())


def reminders_by_user(slack) -> Counter:
    return Counter(m.user for m in slack.messages if m.kind == "dm" and "12" in m.render())


def test_every_registrant_gets_exactly_one_reminder_through_429s_and_5xxs(rehearsal, slack,
                                                                         settings):  # fmt: skip
    at = datetime(2023, 5, 4, 15, 9, 0, tzinfo=settings.tz)
    runtime, server, base = rehearsal(at, speed=60)  # the reminders fall due after 1 s
    users = [f"U{n:03d}" for n in range(80)]
    for user in users:
        runtime.summit.store.take_seat(TALK, user, at.timestamp())
    slack.fail_next("chat.postMessage", status=429, times=2)
    slack.fail_next("chat.postMessage", status=500, times=2)
    slack.fail_next("chat.postMessage", status=502)
    runtime.summit.clock.set(at)
    server.start()
    runtime.scheduler.start()
    deadline = time.monotonic() + 10
    while len(reminders_by_user(slack)) < len(users) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # anything sent twice would show up now
    got = reminders_by_user(slack)
    assert set(got) == set(users) and set(got.values()) == {1}
    assert slack.rate_limited == 2 and slack.rejected == []
    assert runtime.summit.clock.now() < datetime(2023, 5, 4, 15, 20, tzinfo=settings.tz)
    health = healthz(base)
    assert health["outbox_depth"] == 0 and health["last_send"].startswith("2023-05-04T15:1")
    assert health["sender"] == "running" and health["rate_limited"] == 2
    assert health["send_retries"] == 3 and health["send_failures"] == 0


def test_at_600x_a_ten_minute_reminder_still_fires(rehearsal, slack, settings):
    at = datetime(2023, 5, 4, 15, 9, 30, tzinfo=settings.tz)  # due in 0.05 s, starts in 1.05 s
    runtime, _, _ = rehearsal(at, speed=600)
    for user in ("U1", "U2", "U3"):
        runtime.summit.store.take_seat(TALK, user, at.timestamp())
    runtime.summit.clock.set(at)
    runtime.scheduler.start()
    delivered = slack.wait_for(lambda m: m.kind == "dm", timeout=3)
    time.sleep(0.2)
    assert sorted(reminders_by_user(slack)) == ["U1", "U2", "U3"]
    assert all(m.when for m in delivered)
    sent = runtime.summit.store.outbox(kind="reminder", status="sent")
    assert len(sent) == 3 and all(r["sent_at"] < r["deadline_at"] for r in sent)


def test_the_microservices_talk_filling_up_alerts_the_channel(rehearsal, slack, settings):
    at = datetime(2023, 5, 4, 15, 0, tzinfo=settings.tz)
    runtime, server, base = rehearsal(at, speed=1)
    runtime.summit.store.set_capacity_override(TALK, 10)
    server.start()
    runtime.check_channels()
    runtime.scheduler.start()
    for n in range(8):
        url = slack.new_response_url(user=f"U{n}")
        body = action_body(f"U{n}", ids.for_session(ids.REGISTER, TALK), TALK, url)
        request = urllib.request.Request(f"{base}/slack/events", data=body.encode(),
                                         headers=signed_headers(SECRET, body))  # fmt: skip
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
    (alert,) = slack.wait_for(lambda m: m.channel == ALERTS, timeout=4)
    shown = alert.render()
    assert "is filling fast: 2 seats left" in shown and "[Register]" in shown
    assert "Reached 80% in under a minute." in shown
    assert healthz(base)["alert_channel"] == "ok"


def test_a_missing_alert_channel_shows_in_healthz(rehearsal, slack, settings):
    slack.missing_channels.add(ALERTS)
    runtime, server, base = rehearsal(datetime(2023, 5, 4, 15, 0, tzinfo=settings.tz), speed=1)
    server.start()
    runtime.check_channels()
    runtime.scheduler.start()
    health = healthz(base)
    assert health["alert_channel"] == "error: channel_not_found"
    assert health["recap_channel"] == "off"
