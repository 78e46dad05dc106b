"""`GET /cal/<token>.ics`: the live calendar feed over HTTP, for calendar clients.

Rate limited before the token is even looked up, per address (so guessing tokens is slow)
and per token (so one leaked link polled in a loop costs little): `calendar_feed.RateLimiter`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from bot import calendar_feed, live_calendar
from bot.services import Summit

log = logging.getLogger(__name__)

# Calendar clients poll every few minutes at most; a person may have a phone, a laptop and a
# web calendar on one link, and an office may share one address.
PER_TOKEN = (1 / 20, 10)  # (requests per second refilled, burst)
PER_ADDRESS = (1.0, 30)

REASONS = {200: "OK", 304: "Not Modified", 404: "Not Found", 405: "Method Not Allowed",
           429: "Too Many Requests", 500: "Internal Server Error"}  # fmt: skip


class FeedEndpoint:
    """The WSGI handler for feed paths, with the rate limits of one served process."""

    def __init__(self, summit: Summit, clock: Callable[[], float] | None = None):
        self.summit = summit
        extra = {"clock": clock} if clock else {}
        self.per_token = calendar_feed.RateLimiter(*PER_TOKEN, **extra)
        self.per_address = calendar_feed.RateLimiter(*PER_ADDRESS, **extra)

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if method not in ("GET", "HEAD"):
            return _plain(start_response, 405, [("Allow", "GET, HEAD")])
        address = environ.get("REMOTE_ADDR") or "?"
        token = calendar_feed.token_from_path(environ.get("PATH_INFO", ""))
        keys = [("address", address)] + ([("token", token)] if token else [])
        if not self._allow(token, address):
            wait = max(self.per_address.retry_after(keys[0]),
                       self.per_token.retry_after(*keys[1:]) if token else 0.0)  # fmt: skip
            return _plain(start_response, 429, [("Retry-After", str(max(1, round(wait))))])
        user_id = live_calendar.token_owner(self.summit, token) if token else None
        if user_id is None:
            return _plain(start_response, 404)
        try:
            feed = live_calendar.feed_for(self.summit, user_id)
        except Exception:
            log.exception("could not build the calendar feed")
            return _plain(start_response, 500)
        tag = calendar_feed.etag(feed)
        headers = [("ETag", tag), ("Cache-Control", "private, max-age=0, must-revalidate")]
        if calendar_feed.not_modified(environ.get("HTTP_IF_NONE_MATCH"), tag):
            start_response("304 Not Modified", headers)
            return []
        start_response("200 OK", [("Content-Type", calendar_feed.CONTENT_TYPE),
                                  ("Content-Length", str(len(feed))), *headers])  # fmt: skip
        return [] if method == "HEAD" else [feed]

    def _allow(self, token: str | None, address: str) -> bool:
        if not self.per_address.allow(("address", address)):
            return False
        return token is None or self.per_token.allow(("token", token))


def _plain(start_response: Callable, status: int, headers: list | None = None) -> list[bytes]:
    body = REASONS[status].encode()
    start_response(f"{status} {REASONS[status]}", [("Content-Type", "text/plain; charset=utf-8"),
                                                   ("Content-Length", str(len(body))),
                                                   *(headers or [])])  # fmt: skip
    return [body]
