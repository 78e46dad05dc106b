"""What an operator reads in the log: no per-second scheduler chatter, no warning on every
start, and one line per Slack outage rather than a traceback per request."""

from __future__ import annotations

import logging

import pytest

from bot import logs
from bot.app import create_app


@pytest.fixture
def restore_levels():
    saved = {name: logging.getLogger(name).level for name in logs.CHATTY}
    yield
    for name, level in saved.items():
        logging.getLogger(name).setLevel(level)


def test_the_scheduler_says_only_what_matters_by_default(restore_levels):
    logs.configure("INFO")
    for name in ("apscheduler.executors.default", "apscheduler.scheduler"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
        assert logging.getLogger(name).isEnabledFor(logging.WARNING)


def test_debug_shows_the_scheduler_too(restore_levels):
    for name in logs.CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET)
    logs.configure("debug")
    assert logging.getLogger("apscheduler.executors").level == logging.NOTSET


def test_no_token_warning_at_start(settings, store, clock, summit, monkeypatch, caplog):
    # `serve` has SLACK_BOT_TOKEN in its environment; Bolt reads it on its own.
    monkeypatch.setenv("SLACK_BOT_TOKEN", settings.bot_token)
    from slack_sdk import WebClient

    with caplog.at_level(logging.INFO):
        app = create_app(settings, store, clock, WebClient(token=settings.bot_token),
                         summit=summit)  # fmt: skip
    app.listener_executor.shutdown()
    assert not [r for r in caplog.records if "will be unused" in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


def test_other_bolt_warnings_still_show(caplog):
    bolt = logging.getLogger("bolt")
    with caplog.at_level(logging.WARNING), logs.dropping(bolt, "no news"):
        bolt.warning("no news")
        bolt.warning("news")
    assert [r.getMessage() for r in caplog.records] == ["news"]
