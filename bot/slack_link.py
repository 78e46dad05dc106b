"""Whether the bot can reach Slack's Web API, told once per outage.

A Web API call that cannot connect marks the link down: one WARNING line for the whole
outage, with the reason, and `/healthz` says degraded. Bolt builds a fresh WebClient for
every request, copying the app client's retry handlers, so the loss is noticed by a retry
handler (`OutageWatch`) that every such client carries. The end is noticed by the next call
Slack answers through the app's own client, or by a probe (`api.test`) every few seconds
while down; it is one INFO line. While down, `OutageFilter` drops the lines each request
would add (slack_sdk's "Failed to send a request", a listener's traceback, the sender's retry
notes): the outage line says it all."""

from __future__ import annotations

import logging
import socket
import threading
import time
import urllib.error
from collections.abc import Callable
from dataclasses import dataclass

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.handler import RetryHandler

log = logging.getLogger(__name__)
PROBE_SECONDS = 10.0
SLACK_SDK_SEND_FAILED = "Failed to send a request to Slack API server"


def is_network_error(exc: BaseException | None) -> bool:
    """Could not talk to Slack at all (refused, timed out, DNS…); an HTTP error status is an
    answer, so it is not one."""
    if isinstance(exc, urllib.error.HTTPError):
        return False
    return isinstance(exc, urllib.error.URLError | ConnectionError | TimeoutError | socket.timeout)


@dataclass(frozen=True)
class Outage:
    since: float  # time.time() of the first failed call
    reason: str


class SlackLink:
    def __init__(self, probe: Callable[[], object] | None = None,
                 every: float = PROBE_SECONDS) -> None:  # fmt: skip
        self.probe = probe
        self.every = every
        self._lock = threading.Lock()
        self._outage: Outage | None = None
        self._closed = threading.Event()

    @property
    def outage(self) -> Outage | None:
        return self._outage

    def lost(self, exc: BaseException) -> None:
        reason = str(getattr(exc, "reason", None) or exc)
        with self._lock:
            if self._outage is not None:
                return
            self._outage = Outage(time.time(), reason)
        log.warning("Slack's Web API can't be reached (%s): replies, DMs and Home updates wait "
                    "or fail until it is back; /healthz says degraded", reason)  # fmt: skip
        if self.probe is not None and not self._closed.is_set():
            threading.Thread(target=self._probe_until_back, name="slack-probe",
                             daemon=True).start()  # fmt: skip

    def reached(self) -> None:
        with self._lock:
            outage, self._outage = self._outage, None
        if outage is not None:
            log.info("Slack's Web API is reachable again after %.0f s", time.time() - outage.since)

    def close(self) -> None:
        self._closed.set()

    def _probe_until_back(self) -> None:
        while self._outage is not None and not self._closed.wait(self.every):
            try:
                self.probe()
            except SlackApiError:
                self.reached()  # Slack answered, if with an error
            except Exception:  # still down: the outage is already logged
                continue
            else:
                self.reached()


class OutageWatch(RetryHandler):
    """A retry handler that never retries: it tells the link about every failed attempt."""

    def __init__(self, link: SlackLink) -> None:
        super().__init__(max_retry_count=1 << 30)  # consulted on every attempt
        self.link = link

    def _can_retry(self, *, state, request, response=None, error=None) -> bool:
        if is_network_error(error):
            self.link.lost(error)
        elif response is not None:
            self.link.reached()
        return False


class WatchedWebClient(WebClient):
    """slack_sdk's WebClient reporting to a `SlackLink` whether Slack answered; the clients
    Bolt makes from it per request report losses through the copied `OutageWatch`."""

    def __init__(self, *args, link: SlackLink | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.link = link or SlackLink(probe=self.api_test)
        self.retry_handlers = [OutageWatch(self.link), *self.retry_handlers]

    def api_call(self, *args, **kwargs):
        try:
            response = super().api_call(*args, **kwargs)
        except SlackApiError:
            self.link.reached()
            raise
        except Exception as exc:
            if is_network_error(exc):
                self.link.lost(exc)
            raise
        self.link.reached()
        return response


class OutageFilter(logging.Filter):
    """Drops the records that only repeat an outage (`serve` puts it on the log handlers)."""

    def __init__(self, link: SlackLink) -> None:
        super().__init__()
        self.link = link

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        if record.name.startswith("slack_sdk") and message.startswith(SLACK_SDK_SEND_FAILED):
            return False  # logged just before OutageWatch hears of it: the link's line follows
        if self.link.outage is None or record.name == __name__:
            return True
        if record.exc_info and is_network_error(record.exc_info[1]):
            return False
        args = record.args if isinstance(record.args, tuple) else ()
        return not any(isinstance(arg, BaseException) and is_network_error(arg) for arg in args)
