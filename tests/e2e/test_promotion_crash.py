"""A promotion's DM is written with the seat it gives: a process killed (SIGKILL) right
after giving back a seat, before the user has their reply, still leaves the next in line
their DM, which the sender delivers after the restart; a seat change rolled back takes its
DM with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from functools import partial

import pytest
from slack_sdk import WebClient

from bot.outbox.kinds import render
from bot.services import Summit
from bot.store import seats
from schedules.sender import Sender

TALK = "d2-1520-a202"

# The served app in a process of its own, killed the moment the seat change has committed:
# the reply and everything after it never happen.
CHILD = textwrap.dedent(
    """
    import hashlib, hmac, os, signal, time
    from datetime import datetime
    from urllib.parse import urlencode

    from slack_bolt import BoltRequest
    from slack_sdk import WebClient

    from bot.app import create_app
    from bot.clock import ManualClock
    from bot.settings import Settings
    from bot.store import Store
    from bot.store.seats import SeatTables

    given_back = SeatTables.give_back_seat

    def give_back_then_die(self, *args, **kwargs):
        result = given_back(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)
        return result

    SeatTables.give_back_seat = give_back_then_die
    env = os.environ
    settings = Settings(bot_token=env["TOKEN"], signing_secret="secret", db_path=env["DB"],
                        agenda_path=env["AGENDA"], lang="en", api_url=env["API_URL"])
    clock = ManualClock(settings.tz, datetime.fromisoformat(env["NOW"]))
    app = create_app(settings, Store(settings.db_path), clock,
                     WebClient(token=settings.bot_token, base_url=settings.api_url))
    body = urlencode({"team_id": "T1", "user_id": "U1", "command": "/summit",
                      "text": "unregister " + env["TALK"], "response_url": env["REPLY_URL"],
                      "trigger_id": "t1"})
    stamp = str(int(time.time()))
    signature = "v0=" + hmac.new(b"secret", f"v0:{stamp}:{body}".encode(),
                                 hashlib.sha256).hexdigest()
    app.dispatch(BoltRequest(body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": signature}))
    app.listener_executor.shutdown(wait=True)
    """
)


def test_a_kill_between_seat_change_and_reply_still_delivers_the_promotion_dm(
        settings, store, clock, slack):  # fmt: skip
    now = clock.now().timestamp()
    store.set_capacity_override(TALK, 1, now)
    assert store.take_seat(TALK, "U1", now).status == "registered"
    assert store.take_seat(TALK, "W1", now + 1).status == "waitlisted"
    reply_url = slack.new_response_url(user="U1")
    env = {**os.environ, "TOKEN": settings.bot_token, "DB": store.path,
           "AGENDA": settings.agenda_path, "API_URL": slack.api_url, "TALK": TALK,
           "NOW": clock.now().isoformat(), "REPLY_URL": reply_url}  # fmt: skip
    child = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                           timeout=60)  # fmt: skip
    assert child.returncode == -signal.SIGKILL, child.stderr.decode()[-2000:]
    assert not [c for c in slack.calls if c.method == "response_url"]  # no reply went out
    assert store.registration_status(TALK, "U1") is None
    assert store.registration_status(TALK, "W1") == "registered"
    [queued] = store.outbox(kind="promotion")
    assert (queued["user_id"], queued["status"]) == ("W1", "pending")

    # The restart: a new sender on the same database delivers it.
    restarted = Summit(settings.with_(api_url=slack.api_url), type(store)(store.path), clock,
                       WebClient(token=settings.bot_token, base_url=slack.api_url))  # fmt: skip
    sender = Sender(restarted, partial(render, restarted), per_min=60_000)
    sender.hold_lease()
    assert sender.send_next() == "sent"
    [dm] = [m for m in slack.messages if m.kind == "dm"]
    assert dm.user == "W1" and "A seat opened up" in dm.render()
    assert restarted.store.outbox(kind="promotion")[0]["status"] == "sent"
    assert queued["deadline_at"] == restarted.agenda().get(TALK).end.timestamp()


def test_a_seat_change_rolled_back_leaves_no_promotion_dm(store, clock, monkeypatch):
    rival = "d2-1520-a203"
    now = clock.now().timestamp()
    store.set_capacity_override(TALK, 1, now)
    store.take_seat(TALK, "U1", now)
    store.take_seat(TALK, "W1", now + 1)

    def broken(db, session_id, *args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(seats, "insert_registration", broken)
    with pytest.raises(RuntimeError):
        store.switch_seats("U1", rival, [TALK], now + 2)
    # W1 was promoted into U1's seat and told, inside the transaction: both undone.
    assert store.registration_status(TALK, "W1") == "waitlisted"
    assert store.outbox(kind="promotion") == []
    monkeypatch.undo()
    assert store.give_back_seat(TALK, "U1", now + 3).promoted
    [queued] = store.outbox(kind="promotion")
    assert (queued["user_id"], queued["session_id"]) == ("W1", TALK)
