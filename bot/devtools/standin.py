"""A local stand-in for Slack's Web API: for `summit-bot console`/`demo`, e2e tests, benchmarks.

`SlackStandIn` serves `POST /api/<method>` on 127.0.0.1 so the real `slack_sdk.WebClient`
(`base_url=standin.api_url`) talks to it unchanged. It checks every message and view
against the Block Kit limits (`bot.devtools.blockkit`), records what was delivered, serves
response_urls and file uploads, and can rate-limit (HTTP 429 + Retry-After) and inject faults
like the real service.
For Socket Mode it answers `apps.connections.open` (app-level token only) with `socket_url`,
the address of a WebSocket server the test runs.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import random
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlsplit

from bot.devtools.blockkit import (
    MAX_BLOCKS_TEXT,
    message_problems,
    too_long_in_all,
    view_problems,
)
from bot.slack_text import render_text

JSON_FIELDS = ("blocks", "view", "files", "attachments", "metadata")
RESPONSE_URL_USES = 5
RESPONSE_URL_TTL = 30 * 60
CHANNEL_PREFIXES = ("C", "G", "D")
# Methods that take the app-level token (`xapp-…`) and nothing else; every other method wants
# the bot token. Slack answers `not_allowed_token_type` to the wrong kind.
APP_LEVEL_METHODS = frozenset({"apps.connections.open"})


@dataclass
class Delivered:
    """One message Slack would have shown to someone.

    kind: post, dm, ephemeral, response, update, home, modal or file. DMs are recorded with the
    DM channel id (`D` + user id) in `channel` and the user in `user`. `when` is time.monotonic().
    """

    kind: str
    channel: str | None
    user: str | None
    text: str | None
    blocks: list | None
    ts: str
    when: float
    filename: str | None = None
    content: bytes | None = None
    meta: dict = field(default_factory=dict)

    def render(self) -> str:
        """The message as terminal text (see `bot.slack_text.render_text`)."""
        rendered = render_text(self.blocks, self.text)
        if self.kind == "file":
            head = f"[file: {self.filename} ({len(self.content or b'')} bytes)]"
            return f"{rendered}\n{head}" if rendered else head
        return rendered


class Rejected(NamedTuple):
    method: str
    params: dict
    errors: list[str]
    when: float


class Call(NamedTuple):
    method: str
    params: dict
    when: float


class _Bucket:
    """Token bucket: `burst` tokens, refilled at `rate` per second."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.stamp = burst, time.monotonic()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class _Window:
    """At most `limit` accepted in any `seconds`-long window: a sliding log, the strictest
    way to enforce a cap (a sender that lands two sends closer than a slot apart is caught)."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.stamps: deque[float] = deque()

    def take(self) -> float:
        """0 when accepted (and counted), else the seconds until the window has room."""
        now = time.monotonic()
        while self.stamps and self.stamps[0] <= now - self.seconds:
            self.stamps.popleft()
        if len(self.stamps) < self.limit:
            self.stamps.append(now)
            return 0.0
        return self.stamps[0] + self.seconds - now

    def give_back(self) -> None:
        if self.stamps:
            self.stamps.pop()


class _Reply(NamedTuple):
    status: int
    body: dict
    headers: dict


def _ok(**data: Any) -> _Reply:
    return _Reply(200, {"ok": True, **data}, {})


def _err(error: str, status: int = 200, **data: Any) -> _Reply:
    return _Reply(status, {"ok": False, "error": error, **data}, {})


def _dm_user(channel: str) -> str | None:
    # Our DM ids are "D" + user id (see conversations.open), so the user can be read back.
    return channel[1:] if channel.startswith(("DU", "DW")) else None


def _is_channel_id(value: Any) -> bool:
    return isinstance(value, str) and len(value) > 1 and value[0] in CHANNEL_PREFIXES


class SlackStandIn:
    """Slack's Web API on 127.0.0.1, for the console, demos and tests.

    Use as a context manager or `start()`/`stop()`; point `WebClient(base_url=standin.api_url)`
    at it. Everything it records (`calls`, `messages`, `rejected`, `deleted`, `rate_limited`)
    is guarded by one lock; `on_message(delivered)` runs outside it, on the request's thread.
    """

    def __init__(
        self,
        token: str = "xoxb-standin",
        *,
        app_token: str = "xapp-standin",
        port: int = 0,
        workspace_per_min: float | None = None,
        channel_per_sec: float | None = None,
        on_message: Callable[[Delivered], Any] | None = None,
        users: dict[str, dict] | None = None,
        locale: str = "ko-KR",
        strict: bool = False,
        latency: float = 0.0,
    ) -> None:
        self.token = token
        self.app_token = app_token
        # Where `apps.connections.open` sends a Socket Mode client (ws://…); set by the test
        # that runs the WebSocket server.
        self.socket_url: str | None = None
        self.locale = locale  # users.info's `locale` for users not in `users`
        self.port = port
        self.workspace_per_min = workspace_per_min
        self.channel_per_sec = channel_per_sec
        # strict: the workspace cap over every rolling second (at most cap/60 in any 1 s
        # window) instead of a per-minute bucket; channels keep their 1/s with short bursts.
        self.strict = strict
        # Up to this many seconds of random latency per call, split between the way in
        # (before the limiter sees the call) and the way out: request times jitter.
        self.latency = latency
        self.on_message = on_message
        self.users: dict[str, dict] = dict(users or {})
        self.missing_channels: set[str] = set()
        self.delay = 0.0
        self.calls: list[Call] = []
        self.messages: list[Delivered] = []
        self.rejected: list[Rejected] = []
        self.deleted: list[tuple[str, str]] = []
        self.rate_limited = 0
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._faults: dict[str, list[tuple[int | None, str | None]]] = {}
        self._ids = itertools.count(1)
        self._ts_base = int(time.time())
        self._response_urls: dict[str, dict] = {}
        self._uploads: dict[str, dict] = {}
        # Files people "shared" (a photo sent to the bot): what files.info answers with.
        self.shared_files: dict[str, dict] = {}
        self._reset_buckets()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> SlackStandIn:
        if self._server is not None:
            return self
        server = _Server(("127.0.0.1", self.port), _handler_for(self))
        server.daemon_threads = True
        self._server = server
        self.port = server.server_address[1]
        self._thread = threading.Thread(
            # A short poll keeps stop() quick: shutdown() waits for the next poll.
            target=server.serve_forever,
            args=(0.02,),
            name="slack-standin",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = self._thread = None

    def __enter__(self) -> SlackStandIn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        if self._server is None:
            raise RuntimeError("SlackStandIn is not started")
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        """What `slack_sdk.WebClient(base_url=...)` takes."""
        return f"{self.base_url}/api/"

    def new_response_url(self, *, channel: str | None = None, user: str | None = None) -> str:
        """A fresh response_url: 5 accepted POSTs within 30 minutes, like Slack's.

        `channel`/`user` say where the response shows up (kept on the Delivered records).
        """
        with self._lock:
            n = next(self._ids)
            self._response_urls[str(n)] = {
                "uses": 0,
                "created": time.monotonic(),
                "channel": channel,
                "user": user,
            }
        return f"{self.base_url}/response/{n}"

    # --- test helpers ---------------------------------------------------------------------

    def fail_next(
        self, method: str, *, status: int | None = None, error: str | None = None, times: int = 1
    ) -> None:
        """Make the next `times` calls to `method` fail.

        With `status`, answer that HTTP status; else HTTP 200 `{"ok": false, "error": error}`.
        Besides Web API methods, `method` may be "response_url" or "upload" (file upload URLs).
        """
        if status is None and error is None:
            status = 500
        with self._lock:
            self._faults.setdefault(method, []).extend([(status, error)] * times)

    def wait_for(
        self, predicate: Callable[[Delivered], bool], timeout: float = 5.0
    ) -> list[Delivered]:
        """Wait until a delivered message matches; all matches, or [] after `timeout` seconds."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                found = [m for m in self.messages if predicate(m)]
                left = deadline - time.monotonic()
                if found or left <= 0:
                    return found
                self._changed.wait(min(left, 0.05))

    def messages_for(self, channel_or_user: str) -> list[Delivered]:
        """Delivered messages in a channel or to/for a user (DMs, ephemerals, Home tab)."""
        with self._lock:
            return [m for m in self.messages if channel_or_user in (m.channel, m.user)]

    def clear(self) -> None:
        """Forget everything recorded (configuration and pending faults stay)."""
        with self._lock:
            self.calls.clear()
            self.messages.clear()
            self.rejected.clear()
            self.deleted.clear()
            self.rate_limited = 0
            self._reset_buckets()

    # --- internals ------------------------------------------------------------------------

    def _reset_buckets(self) -> None:
        self._workspace_bucket: _Bucket | _Window | None = None
        if self.workspace_per_min and self.strict:
            self._workspace_bucket = _Window(max(1, int(self.workspace_per_min // 60)),
                                             max(1, int(self.workspace_per_min // 60)) * 60
                                             / self.workspace_per_min)  # fmt: skip
        elif self.workspace_per_min:
            rate = self.workspace_per_min / 60
            self._workspace_bucket = _Bucket(rate, max(1.0, rate * 3))
        self._channel_buckets: dict[str, _Bucket] = {}

    def _new_ts(self) -> str:
        return f"{self._ts_base}.{next(self._ids):06d}"

    def _user_record(self, user_id: str) -> dict:
        given = self.users.get(user_id, {})
        name = given.get("name", user_id.lower())
        real_name = given.get("real_name", f"User {user_id}")
        profile = {
            "display_name": given.get("display_name", name),
            "real_name": real_name,
            **given.get("profile", {}),
        }
        extra = {k: v for k, v in given.items() if k not in ("profile", "display_name")}
        return {
            "id": user_id,
            "team_id": "T1",
            "name": name,
            "real_name": real_name,
            "deleted": False,
            "is_bot": False,
            "tz": "Asia/Seoul",
            "tz_label": "Korea Standard Time",
            "tz_offset": 9 * 3600,
            "locale": self.locale,
            **extra,
            "profile": profile,
        }

    def _take_fault(self, method: str) -> _Reply | None:
        with self._lock:
            queue = self._faults.get(method)
            if not queue:
                return None
            status, error = queue.pop(0)
            if status == 429:
                self.rate_limited += 1
        if status is None:
            return _err(error or "internal_error")
        reply = _err(error or ("ratelimited" if status == 429 else "internal_error"), status)
        if status == 429:
            reply.headers["Retry-After"] = "1"
        return reply

    def _rate_limit(self, channel: str) -> _Reply | None:
        with self._lock:
            wait = 0.0
            if self._workspace_bucket is not None:
                wait = self._workspace_bucket.take()
            if not wait and self.channel_per_sec:
                bucket = self._channel_buckets.get(channel)
                if bucket is None:
                    rate = self.channel_per_sec
                    bucket = self._channel_buckets[channel] = _Bucket(rate, max(1.0, rate * 3))
                wait = bucket.take()
                if wait and isinstance(self._workspace_bucket, _Window):
                    self._workspace_bucket.give_back()
                elif wait and self._workspace_bucket is not None:
                    # The workspace token was spent on a message that never went out.
                    self._workspace_bucket.tokens += 1
            if not wait:
                return None
            self.rate_limited += 1
        reply = _err("ratelimited", 429)
        reply.headers["Retry-After"] = str(max(1, math.ceil(wait)))
        return reply

    def _deliver(self, record: Delivered) -> None:
        with self._changed:
            self.messages.append(record)
            self._changed.notify_all()
        if self.on_message is not None:
            try:
                self.on_message(record)
            except Exception:
                traceback.print_exc()

    def _reject(self, method: str, params: dict, errors: list[str]) -> None:
        with self._lock:
            self.rejected.append(Rejected(method, params, errors, time.monotonic()))

    def _check_message(self, method: str, params: dict) -> _Reply | None:
        if isinstance(params.get("blocks"), str):
            self._reject(method, params, ["blocks: not valid JSON"])
            return _err("invalid_blocks_format")
        problems = message_problems(params)
        total = too_long_in_all(params)
        if total is not None and not problems:
            self._reject(method, params, [f"blocks: {total} > {MAX_BLOCKS_TEXT} chars in all"])
            return _err("msg_blocks_too_long")
        if not problems:
            return None
        self._reject(method, params, problems)
        if all(p.startswith("text:") for p in problems):
            return _err("msg_too_long")
        return _err(
            "invalid_blocks",
            errors=problems,
            response_metadata={"messages": [f"[ERROR] {p}" for p in problems]},
        )

    def _known_ts(self, channel: str, ts: str) -> bool:
        with self._lock:
            return any(m.ts == ts and m.channel == channel for m in self.messages)

    def _channel_error(self, channel: Any) -> _Reply | None:
        if not channel or not isinstance(channel, str) or channel in self.missing_channels:
            return _err("channel_not_found")
        return None

    # --- HTTP entry points ----------------------------------------------------------------

    def handle_api(self, method: str, params: dict, token: str | None) -> _Reply:
        with self._lock:
            self.calls.append(Call(method, params, time.monotonic()))
        fault = self._take_fault(method)
        if fault is not None:
            return fault
        handler = getattr(self, "_api_" + method.replace(".", "_"), None)
        if handler is None:
            return _err("unknown_method")
        token = token or params.get("token")
        if not token:
            return _err("not_authed")
        app_level = method in APP_LEVEL_METHODS
        if token.startswith("xapp-") != app_level:
            return _err("not_allowed_token_type")
        if token != (self.app_token if app_level else self.token):
            return _err("invalid_auth")
        return handler(params)

    def handle_response_url(self, key: str, body: dict) -> _Reply:
        with self._lock:
            self.calls.append(Call("response_url", {"url_id": key, **body}, time.monotonic()))
            entry = self._response_urls.get(key)
        if entry is None:
            return _err("no_such_url", 404)
        fault = self._take_fault("response_url")
        if fault is not None:
            return fault
        with self._lock:
            if time.monotonic() - entry["created"] > RESPONSE_URL_TTL:
                return _err("expired_url", 404)
            if entry["uses"] >= RESPONSE_URL_USES:
                return _err("used_url", 404)
            entry["uses"] += 1
        rejected = self._check_message("response_url", body)
        if rejected is not None:
            with self._lock:
                # Only accepted posts count: a rejected one showed nothing.
                entry["uses"] -= 1
            return _Reply(400, rejected.body, {})
        meta = {
            k: body[k]
            for k in ("response_type", "replace_original", "delete_original", "thread_ts")
            if k in body
        }
        meta.setdefault("response_type", "ephemeral")
        meta["url_id"] = key
        self._deliver(
            Delivered(
                "response",
                entry["channel"],
                entry["user"],
                body.get("text"),
                body.get("blocks"),
                self._new_ts(),
                time.monotonic(),
                meta=meta,
            )
        )
        return _ok()

    def handle_upload(self, file_id: str, data: bytes) -> _Reply:
        with self._lock:
            self.calls.append(
                Call("upload", {"file_id": file_id, "bytes": len(data)}, time.monotonic())
            )
            upload = self._uploads.get(file_id)
        if upload is None:
            return _err("file_not_found", 404)
        fault = self._take_fault("upload")
        if fault is not None:
            return fault
        with self._lock:
            upload["content"] = data
        return _ok()

    # --- Web API methods ------------------------------------------------------------------

    def _api_auth_test(self, params: dict) -> _Reply:
        return _ok(
            url="https://summit-standin.slack.com/",
            team="Summit Stand-in",
            user="summit-bot",
            team_id="T1",
            user_id="UBOT",
            bot_id="B1",
            is_enterprise_install=False,
        )

    def _api_apps_connections_open(self, params: dict) -> _Reply:
        if not self.socket_url:
            # The stand-in's own error: no WebSocket server was given to hand out.
            return _err("socket_url_not_set")
        return _ok(url=self.socket_url)

    def _api_chat_postMessage(self, params: dict) -> _Reply:
        channel = params.get("channel")
        error = self._channel_error(channel)
        if error:
            return error
        if channel.startswith(("U", "W")):
            channel = "D" + channel
        is_dm = channel.startswith("D")
        user = _dm_user(channel)
        if not params.get("text") and not params.get("blocks") and not params.get("attachments"):
            return _err("no_text")
        limited = self._rate_limit(channel)
        if limited:
            return limited
        rejected = self._check_message("chat.postMessage", params)
        if rejected:
            return rejected
        ts = self._new_ts()
        meta = {k: params[k] for k in ("thread_ts", "unfurl_links", "metadata") if k in params}
        self._deliver(
            Delivered(
                "dm" if is_dm else "post",
                channel,
                user,
                params.get("text"),
                params.get("blocks"),
                ts,
                time.monotonic(),
                meta=meta,
            )
        )
        message = {
            "type": "message",
            "text": params.get("text", ""),
            "user": "UBOT",
            "bot_id": "B1",
            "ts": ts,
        }
        if params.get("blocks"):
            message["blocks"] = params["blocks"]
        return _ok(channel=channel, ts=ts, message=message)

    def _api_chat_postEphemeral(self, params: dict) -> _Reply:
        channel, user = params.get("channel"), params.get("user")
        error = self._channel_error(channel)
        if error:
            return error
        if not user:
            return _err("user_not_found")
        if not params.get("text") and not params.get("blocks") and not params.get("attachments"):
            return _err("no_text")
        rejected = self._check_message("chat.postEphemeral", params)
        if rejected:
            return rejected
        ts = self._new_ts()
        self._deliver(
            Delivered(
                "ephemeral",
                channel,
                user,
                params.get("text"),
                params.get("blocks"),
                ts,
                time.monotonic(),
            )
        )
        return _ok(message_ts=ts)

    def _posted_message(self, params: dict) -> tuple[str, str, _Reply | None]:
        """The channel and ts of a message chat.update/chat.delete name, or an error."""
        channel, ts = params.get("channel"), params.get("ts")
        error = self._channel_error(channel)
        if error:
            return "", "", error
        if channel.startswith(("U", "W")):
            channel = "D" + channel
        if not ts or not self._known_ts(channel, ts):
            return "", "", _err("message_not_found")
        return channel, ts, None

    def _api_chat_update(self, params: dict) -> _Reply:
        channel, ts, error = self._posted_message(params)
        if error:
            return error
        rejected = self._check_message("chat.update", params)
        if rejected:
            return rejected
        user = _dm_user(channel)
        self._deliver(
            Delivered(
                "update",
                channel,
                user,
                params.get("text"),
                params.get("blocks"),
                ts,
                time.monotonic(),
            )
        )
        return _ok(channel=channel, ts=ts, text=params.get("text", ""))

    def _api_chat_delete(self, params: dict) -> _Reply:
        channel, ts, error = self._posted_message(params)
        if error:
            return error
        with self._lock:
            self.deleted.append((channel, ts))
        return _ok(channel=channel, ts=ts)

    def _api_conversations_open(self, params: dict) -> _Reply:
        users = params.get("users")
        if isinstance(users, list):
            users = ",".join(users)
        if not users:
            return _err("users_list_not_supplied")
        first = users.split(",")[0].strip()
        return _ok(channel={"id": "D" + first, "is_im": True, "user": first})

    def _api_conversations_info(self, params: dict) -> _Reply:
        channel = params.get("channel")
        if not _is_channel_id(channel) or channel in self.missing_channels:
            return _err("channel_not_found")
        info = {
            "id": channel,
            "name": channel.lower(),
            "is_channel": channel[0] == "C",
            "is_private": channel[0] == "G",
            "is_im": channel[0] == "D",
            "is_archived": False,
            "is_member": True,
        }
        if channel[0] == "D":
            info["user"] = channel[1:]
        return _ok(channel=info)

    def _api_users_info(self, params: dict) -> _Reply:
        user = params.get("user")
        if not user:
            return _err("user_not_found")
        return _ok(user=self._user_record(user))

    def _api_users_list(self, params: dict) -> _Reply:
        members = [self._user_record(uid) for uid in self.users]
        return _ok(members=members, response_metadata={"next_cursor": ""})

    def _publish_view(self, method: str, params: dict, kind: str) -> _Reply | Delivered:
        view = params.get("view")
        if isinstance(view, str):
            self._reject(method, params, ["view: not valid JSON"])
            return _err("invalid_arguments")
        problems = view_problems(view) if isinstance(view, dict) else ["view: required"]
        if not problems and view.get("type") != kind:
            problems = [f"type: must be {kind}"]
        if problems:
            self._reject(method, params, problems)
            return _err(
                "invalid_arguments",
                errors=problems,
                response_metadata={"messages": [f"[ERROR] {p}" for p in problems]},
            )
        return Delivered(
            "home" if kind == "home" else "modal",
            None,
            params.get("user_id"),
            None,
            view.get("blocks"),
            self._new_ts(),
            time.monotonic(),
            meta={"view": view},
        )

    def _view_reply(self, outcome: _Reply | Delivered) -> _Reply:
        if isinstance(outcome, _Reply):
            return outcome
        self._deliver(outcome)
        return _ok(view={"id": f"V{outcome.ts.replace('.', '')}", **outcome.meta["view"]})

    def _api_views_publish(self, params: dict) -> _Reply:
        if not params.get("user_id"):
            return _err("invalid_arguments", errors=["user_id: required"])
        return self._view_reply(self._publish_view("views.publish", params, "home"))

    def _api_views_open(self, params: dict) -> _Reply:
        if not params.get("trigger_id"):
            return _err("invalid_arguments", errors=["trigger_id: required"])
        return self._view_reply(self._publish_view("views.open", params, "modal"))

    _api_views_push = _api_views_open

    def _api_views_update(self, params: dict) -> _Reply:
        if not params.get("view_id") and not params.get("external_id"):
            return _err("invalid_arguments", errors=["view_id or external_id: required"])
        return self._view_reply(self._publish_view("views.update", params, "modal"))

    def _api_files_info(self, params: dict) -> _Reply:
        shared = self.shared_files.get(params.get("file") or "")
        return _ok(file=shared) if shared else _err("file_not_found")

    def _api_files_getUploadURLExternal(self, params: dict) -> _Reply:
        filename, length = params.get("filename"), params.get("length")
        try:
            length = int(length)
        except (TypeError, ValueError):
            return _err("invalid_arguments", errors=["length: required integer"])
        if not filename:
            return _err("invalid_arguments", errors=["filename: required"])
        with self._lock:
            file_id = f"F{next(self._ids):08d}"
            self._uploads[file_id] = {"filename": filename, "length": length, "content": None}
        return _ok(upload_url=f"{self.base_url}/upload/{file_id}", file_id=file_id)

    def _api_files_completeUploadExternal(self, params: dict) -> _Reply:
        files = params.get("files")
        if not isinstance(files, list) or not files:
            return _err("invalid_arguments", errors=["files: required list"])
        channels = []
        if params.get("channel_id"):
            channels.append(params["channel_id"])
        if params.get("channels"):
            channels += [c.strip() for c in str(params["channels"]).split(",") if c.strip()]
        for channel in channels:
            if not _is_channel_id(channel):
                return _err("invalid_channel")
            if channel in self.missing_channels:
                return _err("channel_not_found")
        done = []
        with self._lock:
            for entry in files:
                upload = self._uploads.get(entry.get("id")) if isinstance(entry, dict) else None
                if upload is None or upload["content"] is None:
                    return _err("file_not_found")
                done.append((entry, upload))
        infos = []
        for entry, upload in done:
            title = entry.get("title") or upload["filename"]
            infos.append(
                {
                    "id": entry["id"],
                    "name": upload["filename"],
                    "title": title,
                    "size": len(upload["content"]),
                    "channels": channels,
                }
            )
            for channel in channels:
                user = _dm_user(channel)
                self._deliver(
                    Delivered(
                        "file",
                        channel,
                        user,
                        params.get("initial_comment"),
                        None,
                        self._new_ts(),
                        time.monotonic(),
                        filename=upload["filename"],
                        content=upload["content"],
                        meta={"title": title, "file_id": entry["id"]},
                    )
                )
        return _ok(files=infos)


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: a burst of replies (40 respond() calls at
    # once) overflowed it and the dropped connections were retried by TCP a second later,
    # a delay real Slack doesn't have.
    request_queue_size = 1024


def _handler_for(standin: SlackStandIn) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "SlackStandIn/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            pass  # one line per request would drown the console

        def _send(self, reply: _Reply) -> None:
            data = json.dumps(reply.body, ensure_ascii=False).encode("utf-8")
            if getattr(self, "way_out", 0.0):
                time.sleep(self.way_out)
            self.send_response(reply.status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def _bad_request(self, why: str) -> None:
            self._send(_err(why, 400))

        def do_GET(self) -> None:
            self.do_POST()

        def do_POST(self) -> None:
            if standin.delay:
                time.sleep(standin.delay)
            self.way_out = 0.0
            if standin.latency:
                total = random.uniform(0, standin.latency)
                way_in = random.uniform(0, total)
                self.way_out = total - way_in
                time.sleep(way_in)
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = url.path.strip("/").split("/")
            if len(parts) == 2 and parts[0] == "upload":
                self._send(standin.handle_upload(parts[1], raw))
                return
            params = dict(parse_qsl(url.query, keep_blank_values=True))
            content_type = self.headers.get_content_type()
            try:
                if content_type == "application/json":
                    body = json.loads(raw.decode("utf-8")) if raw else {}
                    if not isinstance(body, dict):
                        raise ValueError("not an object")
                    params.update(body)
                elif raw:
                    params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
                    for key in JSON_FIELDS:
                        if isinstance(params.get(key), str) and params[key]:
                            # Left a string on failure: the method answers a *_format error.
                            with contextlib.suppress(ValueError):
                                params[key] = json.loads(params[key])
            except (ValueError, UnicodeDecodeError):
                self._bad_request("invalid_json")
                return
            if len(parts) == 2 and parts[0] == "response":
                self._send(standin.handle_response_url(parts[1], params))
            elif len(parts) == 2 and parts[0] == "api":
                auth = self.headers.get("Authorization") or ""
                token = auth[7:].strip() if auth.startswith("Bearer ") else None
                self._send(standin.handle_api(parts[1], params, token))
            else:
                self._send(_err("not_found", 404))

    return Handler
