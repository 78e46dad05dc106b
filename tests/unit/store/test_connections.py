"""How many SQLite connections one command, one reminder send and one idle tick open: each
is one unit of work, so the count stays small however much it reads and writes."""

import threading
from functools import partial

import pytest
from slack_sdk import WebClient

from bot.outbox import reminder
from bot.outbox.kinds import render
from bot.services import Summit
from bot.store import Store
from schedules import tick
from schedules.sender import Sender

TALK = "d2-1520-a202"


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The names of the threads that opened a connection, one entry per connection."""
    threads: list[str] = []
    real = Store._open

    def counting(self, *args):
        threads.append(threading.current_thread().name)
        return real(self, *args)

    monkeypatch.setattr(Store, "_open", counting)
    return threads


def test_a_registration_through_the_app_opens_at_most_4_connections(local, runtime, slack,
                                                                   opened):  # fmt: skip
    runtime.sender.stop()  # its own turns are counted below, not here
    opened.clear()
    assert "registered for" in local.command("U1", f"register {TALK}")[0].render()
    counted = list(opened)  # before the checks below open their own
    assert runtime.summit.store.registration_status(TALK, "U1") == "registered"
    assert 1 <= len(counted) <= 4, counted


def test_one_reminder_send_opens_at_most_2_connections(summit, slack, opened):
    client = WebClient(token=summit.settings.bot_token, base_url=slack.api_url)
    summit = Summit(summit.settings.with_(api_url=slack.api_url), summit.store, summit.clock,
                    client)  # fmt: skip
    summit.store.take_seat(TALK, "U1", summit.clock.now().timestamp())
    reminder.plan(summit.store, summit.clock.now(), default_minutes=10)
    sender = Sender(summit, partial(render, summit), per_min=60_000)
    opened.clear()
    assert sender.step() == 0.0  # sent one; more may follow at once
    counted = list(opened)
    assert [m.user for m in slack.messages if m.kind == "dm"] == ["U1"]
    assert summit.store.outbox(kind="reminder")[0]["status"] == "sent"
    assert 1 <= len(counted) <= 2, counted


def test_an_idle_tick_opens_at_most_2_connections(summit, opened):
    tick(summit)
    opened.clear()
    tick(summit)
    assert "last_tick" in summit.health
    assert 1 <= len(opened) <= 2, opened
