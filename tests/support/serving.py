"""`summit-bot serve` as a subprocess against the Slack stand-in, for fault tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime

from bot.agenda.readers import read_agenda
from bot.devtools.standin import SlackStandIn
from bot.store import Store
from tests.support.paths import AGENDA, ROOT, SECRET, TOKEN


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def seeded_store(path, tz, session: str, users: list[str]) -> Store:
    store = Store(path)
    store.migrate()
    store.apply_agenda(read_agenda(AGENDA, tz).rows, cancel_missing=False, dry_run=False)
    registered_at = datetime(2023, 5, 4, 15, 0, tzinfo=tz).timestamp()
    for user in users:
        assert store.take_seat(session, user, registered_at).status == "registered"
    return store


def serve_env(slack: SlackStandIn, db: str, tmp_path, **extra: str) -> dict:
    return {
        **os.environ,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": slack.api_url,
        "SLACK_APP_TOKEN": "",
        "PORT": str(free_port()),
        "SUMMIT_DB": db,
        "SUMMIT_AGENDA": str(AGENDA),
        "SUMMIT_ALERT_CHANNEL": "",
        "SUMMIT_RECAP_CHANNEL": "",
        "SUMMIT_ENV_FILE": str(tmp_path / "no.env"),
        "SUMMIT_LOG_LEVEL": "WARNING",
        **extra,
    }


def serve(env: dict, log) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip


def dms(slack: SlackStandIn) -> Counter:
    with slack._lock:
        return Counter(m.user for m in slack.messages if m.kind == "dm")


def wait_until(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False
