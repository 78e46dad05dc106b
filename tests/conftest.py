"""Shared fixtures: a fresh database with the shipped agenda, a hand-moved clock, the Slack
stand-in (our fake Slack Web API), and the served app on a real HTTP port."""

from __future__ import annotations

from datetime import datetime

import pytest
from slack_sdk import WebClient

from bot.agenda.readers import read_agenda
from bot.clock import ManualClock
from bot.devtools.local import LocalSlack
from bot.devtools.standin import SlackStandIn
from bot.server import HttpServer, build_runtime, wsgi_app
from bot.services import Summit
from bot.settings import Settings
from bot.store import Store
from tests.support.paths import AGENDA, ROOT, SECRET, TOKEN  # noqa: F401 (fixtures' data)


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        bot_token=TOKEN,
        signing_secret=SECRET,
        db_path=str(tmp_path / "summit.db"),
        agenda_path=str(AGENDA),
        lang="en",
        send_per_min=6000,  # tests wait for DMs; pacing is tested on its own
    )


@pytest.fixture
def clock(settings) -> ManualClock:
    """Day 2 of 2023, ten minutes before the microservices talk."""
    return ManualClock(settings.tz, datetime(2023, 5, 4, 15, 10, tzinfo=settings.tz))


@pytest.fixture
def store(settings) -> Store:
    store = Store(settings.db_path)
    store.migrate()
    agenda = read_agenda(AGENDA, settings.tz)
    assert agenda.ok, agenda.problems
    store.apply_agenda(agenda.rows, cancel_missing=False, dry_run=False)
    return store


@pytest.fixture
def summit(settings, store, clock) -> Summit:
    return Summit(settings, store, clock, client=None)


@pytest.fixture
def slack():
    # Users' Slack locale is English, like the settings' SUMMIT_LANG; tests of Korean users
    # set `lang` or a stand-in user with a ko-KR locale.
    with SlackStandIn(token=TOKEN, locale="en-US") as standin:
        yield standin


@pytest.fixture
def runtime(settings, clock, slack):
    """The whole served stack minus the network: app, store, scheduler (not started)."""
    settings = settings.with_(api_url=slack.api_url)
    runtime = build_runtime(settings, clock=clock,
                            client=WebClient(token=TOKEN, base_url=slack.api_url))  # fmt: skip
    yield runtime
    runtime.stop()


@pytest.fixture
def local(runtime, slack) -> LocalSlack:
    """Slack's side of a conversation with the in-process app. The sender runs, so queued
    DMs (promotions, nudges) arrive; the planning tick does not, so no reminder shows up
    unless a test plans one."""
    runtime.sender.start()
    yield LocalSlack(runtime.app, slack, SECRET)
    runtime.sender.stop()


@pytest.fixture
def served(runtime):
    """The app on a real port, as `summit-bot serve` runs it; yields the base URL."""
    runtime.scheduler.start()
    server = HttpServer(wsgi_app(runtime), port=0, host="127.0.0.1").start()
    yield f"http://127.0.0.1:{server.port}"
    server.stop()
