"""Serving: the WSGI app (Bolt's endpoint plus `/healthz`) on waitress, the process runtime
(store, agenda, clock, Slack client, scheduler), and `start_serving`, which is all of
`summit-bot serve` but the waiting for a signal, so tests run the same path in-process."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from slack_bolt import App
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from waitress.server import create_server

from bot import logs
from bot.agenda import live, loading
from bot.app import create_app
from bot.calendar_http import FeedEndpoint
from bot.clock import Clock
from bot.i18n import t
from bot.services import Summit
from bot.settings import Settings
from bot.slack_http import FormSafeRequestHandler
from bot.slack_link import OutageFilter, SlackLink, WatchedWebClient, is_network_error
from bot.store import Store
from schedules import build_scheduler, build_sender, scheduler_state
from schedules.sender import Sender

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
FEED_PREFIX = "/cal/"
MAX_BODY = 1_000_000  # Slack's payloads are far smaller; refuse anything bigger unread
HTTP_THREADS = 48


@dataclass
class Runtime:
    """One served process: the app, its services, its single scheduler and the sender the
    scheduler starts and stops."""

    app: App
    summit: Summit
    scheduler: BackgroundScheduler
    sender: Sender
    link: SlackLink

    def health(self) -> tuple[int, dict]:
        db_ok = self.summit.store.healthy()
        state = scheduler_state(self.scheduler)
        body = {
            "ok": db_ok and state == "running",
            "now": self.summit.clock.now().isoformat(),
            "db": "ok" if db_ok else "error",
            "scheduler": state,
            **self.summit.health,
            **live.health(self.summit.store, self.summit.settings.agenda_path),
        }
        outage = self.link.outage
        if outage is not None:
            # Still 200: the bot is up and answers what it can; the operator must know.
            body["status"] = "degraded"
            since = datetime.fromtimestamp(outage.since, self.summit.clock.tz).isoformat()
            body["slack"] = f"unreachable since {since}: {outage.reason}"
            body["reason"] = "; ".join(filter(None, (body.get("reason"), "Slack unreachable")))
        else:
            # The agenda URL's failed fetch may already have said "degraded".
            body.setdefault("status", "ok")
            body.setdefault("slack", "ok")
        if db_ok:
            outbox = self.summit.store.outbox_stats()
            last = outbox["last_sent_at"]
            body["outbox_depth"] = outbox["depth"]
            body["outbox_failed"] = outbox["failed"]
            body["outbox_dropped"] = outbox["dropped"]
            body["last_send"] = (
                datetime.fromtimestamp(last, self.summit.clock.tz).isoformat() if last else None
            )
        return (200 if body["ok"] else 503), body

    def outage_answer(self, body: dict) -> dict | None:
        """While Slack's Web API can't be reached, a slash command gets "try again in a
        moment" in the HTTP response: its reply (response_url, DMs) could not get out."""
        if self.link.outage is None or "command" not in body:
            return None
        lang = self.summit.known_lang(str(body.get("user_id") or ""))
        return {"response_type": "ephemeral", "text": t(lang, "error")}

    def check_channels(self) -> None:
        """Can the bot post where alerts and the recap go? The answer is in /healthz."""
        settings = self.summit.settings
        for key, channel, variable in (
            ("alert_channel", settings.alert_channel, "SUMMIT_ALERT_CHANNEL"),
            ("recap_channel", settings.recap_channel, "SUMMIT_RECAP_CHANNEL"),
        ):
            self.summit.health[key] = channel_status(self.summit.client, channel)
            if channel is None:
                log.info("%s is not set: %s posts are off", variable, key.split("_")[0])
            elif self.summit.health[key] != "ok":
                log.error("%s=%s: %s", variable, channel, self.summit.health[key])

    def stop(self) -> None:
        self.link.close()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        # Listeners still sending DMs or Home views after their answer finish first.
        self.app.listener_executor.shutdown(wait=True)


def build_runtime(settings: Settings, clock: Clock | None = None,
                  client: WebClient | None = None) -> Runtime:  # fmt: skip
    """Open the store, load the agenda (add/update only), build the app and scheduler."""
    store = Store(settings.db_path)
    store.migrate()
    given = clock
    clock = clock or Clock(settings.tz, settings.clock_start, settings.clock_speed)
    client = client or WatchedWebClient(token=settings.bot_token, base_url=settings.api_url)
    link = client.link if isinstance(client, WatchedWebClient) else SlackLink()
    load_startup_agenda(store, settings, clock)
    # The event's zone is the agenda's own once one is stored, else SUMMIT_TZ.
    zone = loading.event_zone(store, settings.tz_name)
    if zone != settings.tz_name:
        log.info("event time zone %s (from the agenda; SUMMIT_TZ is %s)", zone, settings.tz_name)
        start = settings.clock_start
        if start is not None and getattr(start.tzinfo, "key", None) == settings.tz_name:
            # SUMMIT_CLOCK without an offset is event-local time: the agenda's zone, now known.
            settings = settings.with_(clock_start=start.replace(tzinfo=ZoneInfo(zone)))
        settings = settings.with_(tz_name=zone)
        if given is None:
            clock = Clock(settings.tz, settings.clock_start, settings.clock_speed)
    summit = Summit(settings, store, clock, client)
    app = create_app(settings, store, clock, client, summit=summit)
    sender = build_sender(summit)
    return Runtime(app, summit, build_scheduler(summit, sender), sender, link)


@dataclass
class Served:
    """A running `serve`: the runtime with its scheduler, the HTTP server (Bolt's endpoint in
    HTTP mode, `/healthz` always) and, in Socket Mode, the WebSocket connection to Slack."""

    runtime: Runtime
    http: HttpServer
    socket_handler: Any = None  # slack_bolt's SocketModeHandler, in Socket Mode
    unfilter_logs: Callable[[], None] = lambda: None

    @property
    def port(self) -> int:
        return self.http.port

    def stop(self) -> None:
        if self.socket_handler is not None:
            self.socket_handler.close()
        self.http.stop()
        self.runtime.stop()
        self.unfilter_logs()


def start_serving(settings: Settings, host: str = "0.0.0.0") -> Served:
    """Start everything `summit-bot serve` runs and return without blocking.

    Raises `OSError` when the port can't be bound and `SlackApiError` when Socket Mode can't
    get a connection URL (a bad `SLACK_APP_TOKEN`); nothing is left running then."""
    runtime = build_runtime(settings)
    summit = runtime.summit
    unfilter_logs = logs.add_filter_to_handlers(OutageFilter(runtime.link))
    summit.health["mode"] = "socket_mode" if settings.socket_mode else "http"
    try:
        identity = summit.client.auth_test()
        summit.health["slack"] = "ok"
        log.info("connected to Slack as %s in %s", identity.get("user"), identity.get("team"))
    except Exception as exc:  # serving still answers /healthz and tells the operator
        if not is_network_error(exc):  # an outage is the link's to log and report
            summit.health["slack"] = f"error: {exc}"
            log.error("auth.test failed: %s", exc)
    runtime.check_channels()
    served = None
    try:
        http = HttpServer(wsgi_app(runtime, with_slack=not settings.socket_mode), settings.port,
                          host=host)  # fmt: skip
        served = Served(runtime, http, unfilter_logs=unfilter_logs)
        runtime.scheduler.start()
        http.start()
        if settings.socket_mode:
            # Imported here: HTTP mode never needs the WebSocket client.
            from slack_bolt.adapter.socket_mode import SocketModeHandler

            # slack_sdk's built-in client; it calls apps.connections.open through the app's
            # WebClient, so SLACK_API_URL applies to it too.
            served.socket_handler = SocketModeHandler(runtime.app, settings.app_token)
            served.socket_handler.connect()
            log.info("Socket Mode connected; /healthz on port %d", http.port)
        else:
            log.info("listening on port %d (POST %s, GET /healthz)", http.port, EVENTS_PATH)
        return served
    except BaseException:
        # The socket client starts its threads when built: close it even if it never connected.
        (served or runtime).stop()
        unfilter_logs()
        raise


def channel_status(client: WebClient, channel: str | None) -> str:
    """"ok", "off" (not configured) or "error: <Slack's error>" for a channel to post in."""
    if not channel:
        return "off"
    try:
        info = client.conversations_info(channel=channel)["channel"]
    except SlackApiError as exc:
        return f"error: {exc.response.get('error') or exc.response.status_code}"
    except OSError as exc:
        return f"error: {exc}"
    if info.get("is_archived"):
        return "error: is_archived"
    return "ok"


def load_startup_agenda(store: Store, settings: Settings, clock: Clock) -> None:
    """At start the agenda only adds and updates sessions: cancelling is `agenda load`'s
    (or, for a URL, two fetches that agree). Registrants of a session it moves are told, as by
    `agenda load`."""
    if loading.is_url(settings.agenda_path):
        result = live.sync(store, settings.agenda_path, settings.tz, clock.now(),
                           tz_set=settings.tz_set)  # fmt: skip
        if result.diff is not None:
            log.info("agenda %s: %d added, %d changed, %d cancelled", settings.agenda_path,
                     len(result.diff.added), len(result.diff.changed),
                     len(result.diff.cancelled))  # fmt: skip
        return
    agenda = loading.read_as_before(store, settings.agenda_path, Path(settings.agenda_path),
                                    settings.tz)  # fmt: skip
    for warning in agenda.warnings:
        log.warning(warning)
    if not agenda.ok:
        for problem in agenda.problems[:20]:
            log.error(problem)
        log.error("agenda not loaded: %d problem(s) in %s", len(agenda.problems),
                  settings.agenda_path)  # fmt: skip
        return
    conflict = None if agenda.zone_chosen else loading.zone_conflict(
        agenda, settings.tz_name, settings.tz_set, None)  # fmt: skip
    if conflict:
        log.error("agenda not loaded: %s: %s (`summit-bot agenda load --tz` decides)",
                  settings.agenda_path, conflict)  # fmt: skip
        return
    diff = loading.apply_agenda(store, agenda.rows, cancel_missing=False, now=clock.now(),
                                zone=agenda.zone, zone_chosen=agenda.zone_chosen)  # fmt: skip
    log.info("agenda %s: %d added, %d changed", settings.agenda_path, len(diff.added),
             len(diff.changed))  # fmt: skip


def wsgi_app(runtime: Runtime, with_slack: bool = True) -> Callable:
    """Route `/healthz` ourselves and `POST /slack/events` to Bolt."""
    slack = None
    if with_slack:
        slack = FormSafeRequestHandler(runtime.app, EVENTS_PATH,
                                       runtime.summit.settings.signing_secret or "",
                                       answer_now=runtime.outage_answer)  # fmt: skip

    feeds = FeedEndpoint(runtime.summit)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            status, body = runtime.health()
            return _json(start_response, status, body)
        if path.startswith(FEED_PREFIX):
            return feeds(environ, start_response)
        if slack is None or path != EVENTS_PATH:
            return _json(start_response, 404, {"ok": False, "error": "not_found"})
        if environ.get("REQUEST_METHOD") != "POST":
            return _json(start_response, 405, {"ok": False, "error": "method_not_allowed"})
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if not 0 < length <= MAX_BODY:
            return _json(start_response, 400, {"ok": False, "error": "bad_request"})
        try:
            with runtime.summit.ack_first.acking():
                return slack(environ, start_response)
        except Exception:
            # A malformed body that passed the signature check is the sender's fault.
            log.exception("could not handle a Slack request")
            return _json(start_response, 400, {"ok": False, "error": "bad_request"})

    return application


def _json(start_response: Callable, status: int, body: dict) -> list[bytes]:
    data = json.dumps(body, ensure_ascii=False).encode()
    reason = {200: "OK", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
              503: "Service Unavailable"}.get(status, "")  # fmt: skip
    start_response(f"{status} {reason}", [("Content-Type", "application/json"),
                                          ("Content-Length", str(len(data)))])  # fmt: skip
    return [data]


class HttpServer:
    """waitress on a background thread, so tests and the CLI can start and stop it."""

    def __init__(self, application: Callable, port: int, host: str = "0.0.0.0"):
        self.server = create_server(application, host=host, port=port, threads=HTTP_THREADS,
                                    ident="summit-bot", channel_timeout=30)  # fmt: skip
        self.thread = threading.Thread(target=self.server.run, name="http", daemon=True)

    @property
    def port(self) -> int:
        return int(self.server.effective_port)

    def start(self) -> HttpServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.thread.ident is None:  # never started: nothing runs the loop
            self.server.close()
            return
        # Closing sockets under a running select() loop makes it fail on a closed descriptor;
        # the trigger runs the close on the loop's own thread, and the loop then ends.
        self.server.trigger.pull_trigger(self.server.close)
        self.thread.join(timeout=5)
