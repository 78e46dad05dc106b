"""Crash safety: `summit-bot serve` killed with SIGKILL in the middle of a reminder fan-out
and started again loses no reminder and sends at most the one in flight twice."""

from __future__ import annotations

import os
import signal
import socket
import time
from datetime import datetime

from bot.agenda.readers import read_agenda
from bot.devtools.standin import SlackStandIn
from bot.store import Store
from tests.support.paths import AGENDA, SECRET, TOKEN
from tests.support.serving import dms, serve, wait_until

TALK = "d2-1520-a202"
USERS = [f"U{n:03d}" for n in range(60)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seeded_store(path, tz) -> Store:
    store = Store(path)
    store.migrate()
    store.apply_agenda(read_agenda(AGENDA, tz).rows, cancel_missing=False, dry_run=False)
    registered_at = datetime(2023, 5, 4, 15, 0, tzinfo=tz).timestamp()
    for user in USERS:
        assert store.take_seat(TALK, user, registered_at).status == "registered"
    return store


def test_kill_9_mid_fan_out_loses_nothing_and_duplicates_at_most_one(tmp_path, settings):
    store = seeded_store(tmp_path / "summit.db", settings.tz)
    with SlackStandIn(token=TOKEN) as slack:
        slack.delay = 0.04  # a wider window between "Slack has it" and "marked sent"
        env = {
            **os.environ,
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": slack.api_url,
            "SLACK_APP_TOKEN": "",
            "PORT": str(free_port()),
            "SUMMIT_DB": store.path,
            "SUMMIT_AGENDA": str(AGENDA),
            "SUMMIT_ALERT_CHANNEL": "",
            "SUMMIT_RECAP_CHANNEL": "",
            # The reminders fall due 0.2 s after start; the talk starts a minute later.
            "SUMMIT_CLOCK": "2023-05-04T15:09:58",
            "SUMMIT_CLOCK_SPEED": "10",
            "SUMMIT_SEND_PER_MIN": "600",
            "SUMMIT_ENV_FILE": str(tmp_path / "no.env"),
            "SUMMIT_LOG_LEVEL": "WARNING",
        }
        with open(tmp_path / "serve.log", "w") as log:
            first = serve(env, log)
            try:
                assert wait_until(lambda: sum(dms(slack).values()) >= 20, 20), \
                    (tmp_path / "serve.log").read_text()
            finally:
                first.send_signal(signal.SIGKILL)
                first.wait(10)
            before_restart = dms(slack)
            assert sum(before_restart.values()) < len(USERS)  # killed mid-send
            second = serve(env, log)
            try:
                assert wait_until(lambda: set(dms(slack)) == set(USERS), 30), \
                    (tmp_path / "serve.log").read_text()
                time.sleep(0.5)  # anything sent twice would show up now
            finally:
                second.send_signal(signal.SIGTERM)
                second.wait(10)
        got = dms(slack)
    lost = set(USERS) - set(got)
    duplicates = sum(got.values()) - len(got)
    assert lost == set()
    assert duplicates <= 1, got.most_common(3)
    assert {r["status"] for r in store.outbox()} == {"sent"}
    assert second.returncode == 0
