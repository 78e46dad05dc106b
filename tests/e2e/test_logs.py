"""What an operator reads in the log: no per-second scheduler chatter, no warning on every
start, and one line per Slack outage rather than a traceback per request."""

from __future__ import annotations

import json
import logging
import socket
import urllib.error
import urllib.request

import pytest
from slack_sdk.errors import SlackApiError

from bot import logs
from bot.app import create_app
from bot.devtools.local import command_body
from bot.server import HttpServer, build_runtime, wsgi_app
from bot.slack_link import OutageFilter, SlackLink, WatchedWebClient
from tests.support.http import post
from tests.support.paths import TOKEN


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


def refused_api_url() -> str:
    """A Web API URL on a port nothing listens on: every call is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}/api/"


@pytest.fixture
def unreachable(settings, clock, slack, caplog):
    """The served app whose Web API refuses connections (response_urls still work), with
    the log filter `summit-bot serve` installs."""
    url = refused_api_url()
    # Without slack_sdk's default retry of a refused connection: no need to wait for it here.
    client = WatchedWebClient(token=TOKEN, base_url=url, retry_handlers=[])
    runtime = build_runtime(settings.with_(api_url=url), clock=clock, client=client)
    runtime.scheduler.start()
    server = HttpServer(wsgi_app(runtime), port=0, host="127.0.0.1").start()
    caplog.handler.addFilter(OutageFilter(runtime.link))
    caplog.set_level(logging.INFO)
    yield runtime, f"http://127.0.0.1:{server.port}"
    server.stop()
    runtime.stop()


def health(base: str) -> tuple[int, dict]:
    with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
        return response.status, json.loads(response.read())


def test_an_outage_is_one_line_and_healthz_says_degraded(unreachable, slack, caplog):
    runtime, base = unreachable
    assert health(base)[1]["status"] == "ok"
    for n in range(5):
        status, _ = post(base, command_body(f"U{n}", "schedule day2", slack.new_response_url()))
        assert status == 200
    # Each command asks Slack (auth.test, users.info) and is refused; wait for the last.
    runtime.app.listener_executor.shutdown(wait=True)
    shown = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(shown) == 1, [r.getMessage() for r in shown]
    assert shown[0].getMessage().startswith("Slack's Web API can't be reached (")
    assert "Connection refused" in shown[0].getMessage()
    assert not [r for r in caplog.records if r.exc_info]
    # Now known to be down: the answer comes back in the HTTP response, signed requests only.
    body = command_body("U1", "schedule day2", slack.new_response_url())
    status, raw = post(base, body)
    assert status == 200
    assert json.loads(raw) == {"response_type": "ephemeral", "text":
                               "Sorry, something went wrong. Please try again in a moment."}
    assert post(base, body, secret="not-the-secret")[0] == 401
    code, body = health(base)
    assert code == 200 and body["ok"] is True
    assert body["status"] == "degraded"
    assert body["slack"].startswith("unreachable since 2") and "Connection refused" in body["slack"]


def test_the_end_of_an_outage_is_one_line(caplog):
    link = SlackLink()
    client = WatchedWebClient(token=TOKEN, base_url=refused_api_url(), link=link,
                              retry_handlers=[])  # fmt: skip
    caplog.set_level(logging.INFO)
    for _ in range(3):
        with pytest.raises(urllib.error.URLError):
            client.auth_test()
    assert link.outage is not None
    link.reached()
    link.reached()
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.slack_link"]
    assert len(lines) == 2 and lines[1].startswith("Slack's Web API is reachable again after")
    assert link.outage is None


def test_a_slack_error_answer_is_not_an_outage(slack):
    client = WatchedWebClient(token="xoxb-wrong", base_url=slack.api_url)
    with pytest.raises(SlackApiError):
        client.auth_test()
    assert client.link.outage is None
