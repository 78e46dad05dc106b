"""Socket Mode for real: `start_serving` (all of `summit-bot serve`) with SLACK_APP_TOKEN set
connects through slack_sdk's built-in client to a local WebSocket server playing Slack, which
sends a slash command envelope exactly as Slack does; the bot must ack it and its reply must
reach the response_url. `/healthz` stays on the HTTP port; Bolt's HTTP endpoint does not."""

from __future__ import annotations

import json
import queue
import threading
import time
import urllib.error
import urllib.request
from datetime import datetime

import pytest
from slack_sdk.errors import SlackApiError
from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve

from bot.devtools.standin import SlackStandIn
from bot.server import start_serving
from bot.settings import Settings

APP_TOKEN = "xapp-1-test"


class SocketModeSlack:
    """Slack's end of Socket Mode on 127.0.0.1: takes the bot's WebSocket, says hello, sends
    envelopes and collects what the bot sends back (acks)."""

    def __init__(self) -> None:
        self.connected = threading.Event()
        self.received: queue.Queue[dict] = queue.Queue()
        self.paths: list[str] = []
        self._connection: ServerConnection | None = None
        # No compression: Slack's built-in client doesn't negotiate permessage-deflate.
        self.server = serve(self._handle, "127.0.0.1", 0, compression=None)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        port = self.server.socket.getsockname()[1]
        return f"ws://127.0.0.1:{port}/link/?ticket=local-ticket&app_id=A1"

    def __enter__(self) -> SocketModeSlack:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)

    def _handle(self, connection: ServerConnection) -> None:
        self.paths.append(connection.request.path)
        connection.send(json.dumps({
            "type": "hello", "num_connections": 1,
            "debug_info": {"host": "local", "approximate_connection_time": 3600},
            "connection_info": {"app_id": "A1"},
        }))  # fmt: skip
        self._connection = connection
        self.connected.set()
        try:
            for message in connection:  # until the bot (or shutdown) closes it
                self.received.put(json.loads(message))
        except ConnectionClosed:
            pass  # slack_sdk's client drops the socket without a close frame when it stops

    def send(self, envelope: dict) -> None:
        assert self._connection is not None, "the bot never connected"
        self._connection.send(json.dumps(envelope, ensure_ascii=False))

    def wait_for(self, envelope_id: str, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.received.get(timeout=left)
            except queue.Empty:
                return None
            if message.get("envelope_id") == envelope_id:
                return message
        return None


def slash_command_envelope(envelope_id: str, text: str, response_url: str) -> dict:
    """What Slack sends over the socket for `/summit <text>`: the form fields as a dict."""
    return {
        "envelope_id": envelope_id,
        "type": "slash_commands",
        "accepts_response_payload": True,
        "payload": {
            "token": "unused", "team_id": "T1", "team_domain": "local", "channel_id": "C1",
            "channel_name": "general", "user_id": "U_SOCKET", "user_name": "u_socket",
            "command": "/summit", "text": text, "api_app_id": "A1",
            "is_enterprise_install": "false", "response_url": response_url,
            "trigger_id": "1.2.socket",
        },
    }  # fmt: skip


def http(method: str, url: str, body: bytes | None = None) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=body, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


@pytest.fixture
def socket_settings(settings) -> Settings:
    """Socket Mode: an app-level token and no signing secret."""
    return settings.with_(app_token=APP_TOKEN, signing_secret=None, port=0,
                          clock_start=datetime.fromisoformat("2023-05-04T10:00+09:00"))


@pytest.fixture
def token(settings) -> str:
    return settings.bot_token


def test_serve_in_socket_mode_acks_and_replies(socket_settings, token):
    standin = SlackStandIn(token=token, app_token=APP_TOKEN, locale="en-US")
    with standin as slack, SocketModeSlack() as ws:
        slack.socket_url = ws.url
        served = start_serving(socket_settings.with_(api_url=slack.api_url), host="127.0.0.1")
        try:
            assert ws.connected.wait(5), "the bot never opened the WebSocket"
            assert ws.paths == ["/link/?ticket=local-ticket&app_id=A1"]
            opened = [c for c in slack.calls if c.method == "apps.connections.open"]
            assert len(opened) == 1

            url = slack.new_response_url(channel="C1", user="U_SOCKET")
            sent = time.monotonic()
            ws.send(slash_command_envelope("env-1", "schedule day2 graviton", url))
            ack = ws.wait_for("env-1", timeout=3)
            assert ack is not None, "no ack within Slack's 3 seconds"
            assert ack == {"envelope_id": "env-1"}
            url_id = url.rsplit("/", 1)[-1]
            [reply] = slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=3)
            assert reply.when - sent < 3
            assert reply.meta["response_type"] == "ephemeral"
            text = reply.render()
            assert text.startswith("== 3 results for “graviton” ==")
            assert "`d2-1720-g101`" in text and "`d2-1110-hb`" in text
            assert slack.rejected == []

            # Socket Mode hands Bolt the fields as a dict: the word `payload` is harmless.
            url = slack.new_response_url(channel="C1", user="U_SOCKET")
            envelope = slash_command_envelope("env-2", "schedule day2 graviton payload", url)
            envelope["payload"]["channel_name"] = "payload-infra"
            ws.send(envelope)
            assert ws.wait_for("env-2", timeout=3) == {"envelope_id": "env-2"}
            url_id = url.rsplit("/", 1)[-1]
            [reply] = slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=3)
            assert "“graviton payload”" in reply.render()

            base = f"http://127.0.0.1:{served.port}"
            status, health = http("GET", f"{base}/healthz")
            assert status == 200
            assert health["ok"] is True and health["mode"] == "socket_mode"
            assert health["now"].startswith("2023-05-04T")
            status, body = http("POST", f"{base}/slack/events", b"command=%2Fsummit")
            assert (status, body["error"]) == (404, "not_found")
        finally:
            served.stop()
        assert not served.runtime.scheduler.running


def test_a_bad_app_token_fails_start_and_leaves_nothing_running(socket_settings, token):
    with SlackStandIn(token=token, app_token="xapp-the-real-one") as slack:
        slack.socket_url = "ws://127.0.0.1:9/never"
        with pytest.raises(SlackApiError) as err:
            start_serving(socket_settings.with_(api_url=slack.api_url), host="127.0.0.1")
        assert err.value.response["error"] == "invalid_auth"


def test_cli_serve_explains_a_rejected_app_token(settings, tmp_path, monkeypatch, capsys):
    from bot.cli import main

    with SlackStandIn(token=settings.bot_token, app_token="xapp-the-real-one") as slack:
        for name, value in {
            "SUMMIT_ENV_FILE": str(tmp_path / "no.env"), "SLACK_BOT_TOKEN": settings.bot_token,
            "SLACK_APP_TOKEN": "xapp-stale", "SLACK_API_URL": slack.api_url, "PORT": "0",
            "SUMMIT_DB": settings.db_path, "SUMMIT_AGENDA": settings.agenda_path,
        }.items():  # fmt: skip
            monkeypatch.setenv(name, value)
        assert main(["serve"]) == 1
    err = capsys.readouterr().err
    assert "Socket Mode could not connect (invalid_auth)" in err and "SLACK_APP_TOKEN" in err
