"""SIGTERM in the middle of a reminder fan-out (what Heroku-style platforms send, SIGKILL
30 s later): the message in flight finishes or is given back, the process exits 0 within
10 s, and a restart sends the rest and repeats nothing."""

from __future__ import annotations

import signal
import time

from bot.devtools.standin import SlackStandIn
from tests.support.paths import TOKEN
from tests.support.serving import dms, seeded_store, serve, serve_env, wait_until

TALK = "d2-1520-a202"
USERS = [f"U{n:03d}" for n in range(40)]


def test_sigterm_mid_fan_out_exits_0_quickly_and_a_restart_repeats_nothing(tmp_path, settings):
    store = seeded_store(tmp_path / "summit.db", settings.tz, TALK, USERS)
    with SlackStandIn(token=TOKEN, latency=0.02) as slack:
        env = serve_env(slack, store.path, tmp_path,
                        # The reminders fall due 0.2 s after start; the talk starts a minute later.
                        SUMMIT_CLOCK="2023-05-04T15:09:58", SUMMIT_CLOCK_SPEED="10",
                        SUMMIT_SEND_PER_MIN="600")  # fmt: skip
        with open(tmp_path / "serve.log", "w") as log:
            first = serve(env, log)
            try:
                assert wait_until(lambda: sum(dms(slack).values()) >= 12, 20), \
                    (tmp_path / "serve.log").read_text()
            finally:
                first.send_signal(signal.SIGTERM)
                began = time.monotonic()
                first.wait(15)
            took = time.monotonic() - began
            before_restart = dms(slack)
            assert sum(before_restart.values()) < len(USERS)  # stopped mid-send
            assert {r["status"] for r in store.outbox()} <= {"sent", "pending"}  # none in flight
            second = serve(env, log)
            try:
                assert wait_until(lambda: set(dms(slack)) == set(USERS), 30), \
                    (tmp_path / "serve.log").read_text()
            finally:
                second.send_signal(signal.SIGTERM)
                second.wait(15)
        got = dms(slack)
    assert first.returncode == 0 and took < 10
    assert got == {user: 1 for user in USERS}  # nothing lost, nothing twice
    assert {r["status"] for r in store.outbox()} == {"sent"}
    assert second.returncode == 0
