"""The one sender: a long-lived thread that drains the outbox at Slack's pace.

It claims one due row at a time (deadline first), renders it (`bot.outbox.kinds.render`),
posts it and marks it sent straight away, so a crash can duplicate at most the one message in
flight. It paces to SUMMIT_SEND_PER_MIN by arrival and about one message per second per
channel (`schedules.pacing`), sleeps out 429s for their Retry-After, waits out an
outage (5xx, connection errors: the message goes back to the queue, the sender pauses and
tries again; the claim drops messages once their deadline has passed) and fails fast on
permanent errors.

Each turn (`step`: the lease, then one message) is one unit of work: one database connection.
Only the holder of the `sender` lease in the database sends; a second process waits. A holder
on this host whose process is gone (kill -9) is taken over at once instead of after the TTL.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.outbox.kinds import post
from bot.services import Summit
from bot.slack_link import SlackLink, WatchedWebClient
from bot.store.connection import is_busy
from schedules.pacing import Pacer

log = logging.getLogger(__name__)

LEASE = "sender"
LEASE_TTL = 10.0  # wall seconds a holder keeps the lease without renewing it
LEASE_RENEW = 2.0  # renew when it was last renewed this long ago
STANDBY_POLL = 1.0
IDLE_POLL = 0.25  # longest nap with nothing due: new rows are seen this fast
CLIENT_TIMEOUT = 10
MAX_BACKOFF = 60.0
# Slack down (refused, timed out, 5xx): the whole sender waits, doubling up to this, and
# tries the next message; when Slack answers it goes on at once. Nothing is given up then.
MAX_OUTAGE_PAUSE = 5.0
MAX_ATTEMPTS = 12  # only for rows without a deadline; the others retry until it passes
PACE_OVERHEAD = 1.1  # plan deadlines as if sending were 10% slower: latency, the odd 429
MARGIN_SLOTS = 20  # and finish that many sends ahead of each deadline
LATEST_START_EVERY = 1.0  # seconds between reads of the whole queue's schedule
# `ok: false` errors Slack answers for its own trouble: worth another try.
TRANSIENT_ERRORS = frozenset(
    {"internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited"}
)

Render = Callable[[dict], dict | None]  # an outbox row to its payload, None to drop it


def new_holder() -> str:
    """This sender's name in the lease: host, pid (to tell a dead holder) and a nonce."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def holder_is_gone(holder: str) -> bool:
    """True when `holder` ran on this host in a process that no longer exists."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


class Sender:
    """Drains the outbox: `start()` runs it on its own thread, `send_next()` is one step."""

    def __init__(self, summit: Summit, render: Render, *, client: WebClient | None = None,
                 holder: str | None = None, per_min: int | None = None):  # fmt: skip
        self.summit = summit
        self.store = summit.store
        self.clock = summit.clock
        self.render = render
        self.client = client or _sender_client(summit)
        self.holder = holder or new_holder()
        self.pacer = Pacer(per_min or summit.settings.send_per_min)
        self.interval = self.pacer.interval
        self.sent = self.failed = self.retried = self.dropped = self.rate_limited = 0
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lease_until = 0.0
        self._outage_pause = 0.0
        self._paused_until = 0.0  # time.monotonic() before which Slack is not tried again
        # Once a fan-out had to start before it was due, everything with a deadline up to
        # here goes at the full budget: just-in-time would leave no room for a slow patch.
        self._rush_until: float | None = None
        self._latest_start_value: float | None = None
        self._latest_start_at = float("-inf")
        self.state = "stopped"
        self._report()

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self.run, name="sender", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 8.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def run(self) -> None:
        log.info("sender %s: up, %.0f messages/min", self.holder, 60 / self.interval)
        while not self._stop.is_set():
            try:
                pause = self.step()
                if pause:
                    self._stop.wait(pause)
            except Exception:
                # The sender must outlive any one bad row or a database hiccup.
                log.exception("sender: unexpected error")
                self._stop.wait(1.0)
        self._lease_until = 0.0
        self._report("stopped")
        try:
            self.store.release_lease(LEASE, self.holder)
        except Exception:
            log.exception("sender: could not release the lease; it expires by itself")

    def step(self) -> float:
        """One turn of the loop as one unit of work (one database connection): hold the
        lease, send the next due message. Returns how long to wait before the next turn."""
        with self.store.unit_of_work():
            if not self.hold_lease():
                return STANDBY_POLL
            paused = self._paused_until - time.monotonic()
            if paused > 0:
                return min(paused, LEASE_RENEW)
            if self.send_next() is None:
                return self._idle_seconds()
            return 0.0

    # -- the lease --------------------------------------------------------------------------
    def hold_lease(self) -> bool:
        """Take or renew the lease; False while another live process holds it."""
        wall = time.time()
        if self._lease_until - wall > LEASE_TTL - LEASE_RENEW:
            return True
        current = self.store.lease(LEASE)
        take_over = None
        if (current and current["holder"] != self.holder and current["expires_at"] > wall
                and holder_is_gone(current["holder"])):  # fmt: skip
            take_over = current["holder"]
            log.warning("sender: %s is gone; taking over its lease", take_over)
        if self.store.acquire_lease(LEASE, self.holder, LEASE_TTL, wall, take_over):
            if self._lease_until <= wall:
                log.info("sender %s: holding the lease", self.holder)
            self._lease_until = wall + LEASE_TTL
            self._report("waiting for Slack" if self._outage_pause else "running")
            return True
        self._lease_until = 0.0
        self._report(f"standby: {current['holder'] if current else 'another process'} sends")
        return False

    # -- sending ----------------------------------------------------------------------------
    def send_next(self) -> str | None:
        """Claim and deliver one message. Returns what became of it (sent, retry, failed,
        dropped, interrupted), or None when nothing is due."""
        step = self.interval * PACE_OVERHEAD * self.clock.speed  # conference s per message
        now = self.clock.now().timestamp()
        if self._rush_until is not None and self._rush_until <= now:
            self._rush_until = None
        # Another channel's message first, if one is due, rather than waiting out this
        # channel's one-a-second gap; only when nothing else is due does the sender wait.
        busy = self.pacer.busy_channels()
        row = None
        for skip in (busy, ()) if busy else ((),):
            row = self.store.claim_next(self.holder, now, time.time(), step, step * MARGIN_SLOTS,
                                        self._rush_until, self._latest_start(step),
                                        skip)  # fmt: skip
            if row is not None:
                break
        if row is None:
            self._rush_until = None
            return None
        if row["due_at"] > now and row["deadline_at"] is not None:
            self._rush_until = max(self._rush_until or 0.0, row["deadline_at"])
        try:
            payload = self.render(row)
        except Exception as exc:
            log.exception("sender: could not render outbox row %s", row["dedupe_key"])
            return self._fail(row, f"render: {exc}")
        if payload is None:
            self.store.mark_dropped(row["id"], "no longer applies")
            self.dropped += 1
            return "dropped"
        outcome = self._deliver(row, payload)
        self._report()
        return outcome

    def _latest_start(self, step: float) -> float | None:
        """`Store.latest_start`, asked at most every LATEST_START_EVERY seconds: it reads the
        whole queue. A value a moment old only errs early (sent rows move it later)."""
        wall = time.monotonic()
        if wall - self._latest_start_at >= LATEST_START_EVERY:
            self._latest_start_value = self.store.latest_start(step)
            self._latest_start_at = wall
        return self._latest_start_value

    def _deliver(self, row: dict, payload: dict) -> str:
        while not self._stop.is_set():
            self._pace(row["channel"])
            deadline = row["deadline_at"]
            if deadline is not None and self.clock.now().timestamp() >= deadline:
                self.store.mark_dropped(row["id"], "deadline passed")
                self.dropped += 1
                return "dropped"
            try:
                response = post(self.client, row["channel"], payload)
            except SlackApiError as exc:
                status = exc.response.status_code
                error = exc.response.get("error") if isinstance(exc.response.data, dict) else None
                if status == 429:
                    self.rate_limited += 1
                    wait = _retry_after(exc.response.headers)
                    self.pacer.answered(row["channel"], limited=True, retry_after=wait)
                    log.warning("sender: rate limited; waiting %.0f s as Slack asks", wait)
                    if not self._nap_holding_lease(wait):
                        return self._interrupted(row)
                    continue
                self.pacer.answered(row["channel"])
                if status >= 500:
                    return self._slack_down(row, f"HTTP {status} {error or ''}".strip())
                if error in TRANSIENT_ERRORS:
                    return self._retry(row, f"HTTP {status} {error or ''}".strip())
                log.error("sender: %s to %s failed for good: %s", row["kind"], row["channel"],
                          error or f"HTTP {status}")  # fmt: skip
                return self._fail(row, error or f"HTTP {status}")
            except OSError as exc:  # URLError, timeouts and refused connections are OSErrors
                self.pacer.failed()
                return self._slack_down(row, f"connection: {exc}")
            self.pacer.answered(row["channel"])
            if self._outage_pause:
                log.info("sender: Slack answers again; sending")
                self._outage_pause = 0.0
                self._report("running")
            # Slack has it: record that before anything else, the duplicate window is here.
            self._record_sent(row, response.get("ts"))
            self.sent += 1
            return "sent"
        return self._interrupted(row)

    def _pace(self, channel: str) -> None:
        """Wait until the pacer lets this channel's next message go (`schedules.pacing`)."""
        wait = self.pacer.wait_time(channel)
        if wait > 0:
            self._stop.wait(wait)

    def _retry(self, row: dict, error: str) -> str:
        attempts = row["attempts"]
        if row["deadline_at"] is None and attempts >= MAX_ATTEMPTS:
            return self._fail(row, f"gave up after {attempts} attempts: {error}")
        delay = min(MAX_BACKOFF, 0.5 * 2 ** (attempts - 1))
        log.warning("sender: %s to %s: %s; retrying in %.1f s", row["kind"], row["channel"],
                    error, delay)  # fmt: skip
        self.store.retry_later(row["id"], self.holder, time.time() + delay, error)
        self.retried += 1
        return "retry"

    def _record_sent(self, row: dict, slack_ts: str | None) -> None:
        """Mark the row sent, waiting out a database someone holds locked (a long backup, an
        admin's sqlite3 session): left in flight, a restart would send it again. Stopping
        ends the wait; the row is then the one message a restart may repeat."""
        while True:
            try:
                self.store.mark_sent(row["id"], self.clock.now().timestamp(), slack_ts)
                return
            except Exception as exc:
                if not is_busy(exc) or self._stop.is_set():
                    raise
                log.warning("sender: the database is locked; waiting to record a sent message")

    def _slack_down(self, row: dict, error: str) -> str:
        """Slack can't take anything now: give the message back untried (not an attempt:
        it waits however long the outage lasts, until its deadline) and pause the sender."""
        self.store.retry_later(row["id"], self.holder, 0.0, error, counted=False)
        if not self._outage_pause:
            log.warning("sender: Slack is not taking messages (%s); waiting", error)
        self._outage_pause = min(MAX_OUTAGE_PAUSE, max(0.25, self._outage_pause * 2))
        self._paused_until = time.monotonic() + self._outage_pause
        self.retried += 1
        self._report("waiting for Slack")
        return "retry"

    def _fail(self, row: dict, error: str) -> str:
        self.store.mark_failed(row["id"], error)
        self.failed += 1
        return "failed"

    def _interrupted(self, row: dict) -> str:
        """Stopping or the lease lost mid-message: give the row back untried."""
        self.store.retry_later(row["id"], self.holder, 0.0, "interrupted")
        return "interrupted"

    def _nap_holding_lease(self, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while (left := deadline - time.monotonic()) > 0:
            if self._stop.wait(min(left, LEASE_RENEW)) or not self.hold_lease():
                return False
        return True

    def _idle_seconds(self) -> float:
        """Nap until the next row falls due (converted to real time), at most IDLE_POLL."""
        due = self.store.next_due_at()
        if due is None:
            return IDLE_POLL
        real = self.clock.real_seconds(due - self.clock.now().timestamp())
        return min(IDLE_POLL, max(0.05, real))

    def _report(self, state: str | None = None) -> None:
        """Publish the sender's state and this process's counts in summit.health."""
        self.state = state or self.state
        self.summit.health.update(
            sender=self.state,
            send_failures=self.failed,
            send_dropped=self.dropped,
            send_retries=self.retried,
            rate_limited=self.rate_limited,
        )


def _retry_after(headers: dict) -> float:
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    value = lowered.get("retry-after")
    if isinstance(value, list):
        value = value[0] if value else None
    try:
        return max(1.0, float(value))
    except (TypeError, ValueError):
        return 1.0


def _sender_client(summit: Summit) -> WebClient:
    """A client of its own: a short timeout, and no retries inside slack_sdk, because the
    sender decides itself what to retry and when."""
    token = summit.client.token if summit.client else summit.settings.bot_token
    base_url = summit.client.base_url if summit.client else summit.settings.api_url
    link = getattr(summit.client, "link", None)
    if isinstance(link, SlackLink):  # the served app's: an outage seen here shows in /healthz
        return WatchedWebClient(token=token, base_url=base_url, timeout=CLIENT_TIMEOUT,
                                retry_handlers=[], link=link)  # fmt: skip
    return WebClient(token=token, base_url=base_url, timeout=CLIENT_TIMEOUT, retry_handlers=[])
