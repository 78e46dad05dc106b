"""A person's live calendar feed: the iCalendar document behind their subscription link.

A calendar client polls the feed and merges what it gets by UID, so everything here is
deterministic: the same data gives the same bytes (hence the same ETag and a 304), UIDs never
change for a session, and SEQUENCE, which the caller raises on every change to a person's place
in a session, tells the client that an event it already holds has moved or been cancelled.
Cancelled sessions stay in the feed as STATUS:CANCELLED, since a client only drops or strikes
through an event it is told about; an event that just disappears lingers in many clients.

The link carries a random token (not the Slack user id), compared in constant time, and the
feed's HTTP endpoint is rate limited per token and per address with `RateLimiter`.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event, Timezone, vDuration

from bot.i18n import LANGS, t

PRODID = "-//summit-bot//Live Summit Calendar//EN"
UID_DOMAIN = "summit-bot"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# How often clients are asked to poll. Google ignores it and polls every few hours anyway;
# Apple and Outlook honour it. An hour keeps moves visible the same morning without hammering.
REFRESH_INTERVAL = timedelta(hours=1)
TOKEN_BYTES = 32  # 256 bits, twice the 128-bit floor

Status = Literal["registered", "waitlisted", "cancelled"]
STATUSES: tuple[str, ...] = ("registered", "waitlisted", "cancelled")

@dataclass(frozen=True)
class FeedSession:
    """One session as the person stands in it. `changed_at` is when their place in it last
    changed (registration, move, cancellation): it is the event's DTSTAMP/LAST-MODIFIED, so the
    feed's bytes only change when something did. `sequence` goes up by one on every change."""

    session_id: str
    title: str
    start: datetime
    end: datetime
    status: Status
    sequence: int
    changed_at: datetime
    place: int | None = None
    room: str = ""
    description: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}")
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("session times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("a session must end after it starts")
        if self.sequence < 0:
            raise ValueError("SEQUENCE cannot be negative")


def uid_for(session_id: str) -> str:
    return f"{session_id}@{UID_DOMAIN}"


def build_feed(
    sessions: Iterable[FeedSession],
    *,
    calendar_name: str,
    tz_name: str,
    lang: str,
    reminder_lead_minutes: int | None,
) -> bytes:
    """The person's feed as iCalendar bytes. `reminder_lead_minutes` None (or 0) means the
    person turned reminders off, so no VALARM is added."""
    lang = lang if lang in LANGS else "en"
    items = sorted(sessions, key=lambda s: (s.start, s.session_id))
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar_name)
    cal.add("name", calendar_name)  # RFC 7986's name for the same thing
    cal.add("x-wr-timezone", tz_name)
    cal.add("refresh-interval", REFRESH_INTERVAL, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH_INTERVAL))
    if items:
        # Only the zone rules around the conference: the whole history would bloat every poll.
        first = min(s.start for s in items).date() - timedelta(days=1)
        last = max(s.end for s in items).date() + timedelta(days=1)
        cal.add_component(Timezone.from_tzid(tz_name, first_date=first, last_date=last))
    for item in items:
        cal.add_component(_event(item, lang, tz_name, reminder_lead_minutes))
    return cal.to_ical()


def _event(item: FeedSession, lang: str, tz_name: str, lead_minutes: int | None) -> Event:
    zone = ZoneInfo(tz_name)
    mark = ""
    notes: list[str] = []
    if item.status == "waitlisted":
        if item.place:
            mark = t(lang, "feed_waitlist_mark", place=item.place)
            notes.append(t(lang, "feed_waitlist_note", place=item.place))
        else:
            mark = t(lang, "feed_waitlist_mark_no_place")
    elif item.status == "cancelled":
        notes.append(t(lang, "feed_cancelled_note"))
    if item.description:
        notes.append(item.description)

    event = Event()
    event.add("uid", uid_for(item.session_id))
    event.add("sequence", item.sequence)
    changed = item.changed_at.astimezone(UTC)
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("dtstart", item.start.astimezone(zone))
    event.add("dtend", item.end.astimezone(zone))
    event.add("summary", mark + item.title)
    if item.room:
        event.add("location", item.room)
    if notes:
        event.add("description", "\n\n".join(notes))
    event.add("status", _ICAL_STATUS[item.status])
    # A waitlist place or a cancelled seat doesn't make the person busy.
    event.add("transp", "OPAQUE" if item.status == "registered" else "TRANSPARENT")
    if lead_minutes and item.status != "cancelled":
        event.add_component(_alarm(item, lang, lead_minutes))
    return event


_ICAL_STATUS = {"registered": "CONFIRMED", "waitlisted": "TENTATIVE", "cancelled": "CANCELLED"}


def _alarm(item: FeedSession, lang: str, lead_minutes: int) -> Alarm:
    alarm = Alarm()
    # A stable alarm UID (RFC 9074) lets clients replace the alarm instead of stacking copies.
    alarm.add("uid", f"{item.session_id}-alarm@{UID_DOMAIN}")
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", timedelta(minutes=-lead_minutes))
    alarm.add("description", t(lang, "feed_alarm_text", title=item.title))
    return alarm


def etag(feed: bytes) -> str:
    """A strong ETag (quoted, as HTTP wants) for the feed's exact bytes."""
    return '"' + hashlib.sha256(feed).hexdigest()[:32] + '"'


def not_modified(if_none_match: str | None, current_etag: str) -> bool:
    """Whether a request's If-None-Match header lets the server answer 304 (RFC 9110 13.1.2:
    weak comparison, a list of tags, or `*`)."""
    if not if_none_match:
        return False
    wanted = current_etag.removeprefix("W/")
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == wanted:
            return True
    return False


# -- the link's token -------------------------------------------------------------------------

_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{43,128}")
_FEED_PATH_RE = re.compile(r"/cal/([A-Za-z0-9_-]{43,128})\.ics")


def new_token() -> str:
    """An unguessable, URL-safe token of 256 random bits."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def tokens_equal(a: str, b: str) -> bool:
    """Constant-time comparison, so response timing doesn't leak how much of a guess matched."""
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def token_digest(token: str) -> str:
    """What the store indexes tokens by: a lookup by digest followed by `tokens_equal` keeps
    the index walk from telling an attacker how close a guessed token came."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_from_path(path: str) -> str | None:
    """The token in a feed request path `/cal/<token>.ics` (a query string is ignored), or None
    if the path is not a feed path or the token is malformed."""
    match = _FEED_PATH_RE.fullmatch(path.split("?", 1)[0])
    return match.group(1) if match else None


def subscription_links(public_url: str, token: str) -> tuple[str, str]:
    """The feed's (https, webcal) URLs under the bot's public base URL. The first keeps the
    base's scheme (https in production, http on a local test host); webcal:// makes desktop and
    phone calendars offer to subscribe instead of downloading once."""
    if not _TOKEN_RE.fullmatch(token):
        raise ValueError("not a feed token")
    parts = urlsplit(public_url.strip())
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise ValueError(f"SUMMIT_PUBLIC_URL must be an http(s) URL, got {public_url!r}")
    path = parts.path.rstrip("/") + f"/cal/{token}.ics"
    https_url = urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    webcal_url = urlunsplit(("webcal", parts.netloc, path, "", ""))
    return https_url, webcal_url


# -- rate limiting ----------------------------------------------------------------------------


class RateLimiter:
    """Token buckets, one per key (a feed token, a client address): each holds up to `burst`
    requests and refills at `rate` per second. Thread-safe; the clock is injectable so tests
    move time by hand. Buckets that have refilled completely are dropped when the table grows,
    so a scan over many addresses cannot grow memory without bound."""

    def __init__(
        self,
        rate: float,
        burst: int,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 10_000,
    ):
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.rate = rate
        self.burst = burst
        self._clock = clock
        self._max_keys = max_keys
        self._buckets: dict[Hashable, tuple[float, float]] = {}  # key -> (tokens, as of)
        self._lock = threading.Lock()

    def allow(self, *keys: Hashable) -> bool:
        """Take one request from each key's bucket if every one of them has room; otherwise
        take nothing (a blocked address doesn't drain the token's allowance) and say no."""
        with self._lock:
            now = self._clock()
            levels = {key: self._level(key, now) for key in keys}
            if any(level < 1 for level in levels.values()):
                for key, level in levels.items():
                    self._buckets[key] = (level, now)
                return False
            for key, level in levels.items():
                self._buckets[key] = (level - 1, now)
            self._prune(now)
            return True

    def retry_after(self, *keys: Hashable) -> float:
        """Seconds until every key's bucket holds a whole request again (for Retry-After)."""
        with self._lock:
            now = self._clock()
            shortfall = max((1 - self._level(key, now) for key in keys), default=0.0)
            return max(0.0, shortfall) / self.rate

    def _level(self, key: Hashable, now: float) -> float:
        tokens, as_of = self._buckets.get(key, (float(self.burst), now))
        return min(float(self.burst), tokens + (now - as_of) * self.rate)

    def _prune(self, now: float) -> None:
        if len(self._buckets) <= self._max_keys:
            return
        for key in [k for k in self._buckets if self._level(k, now) >= self.burst]:
            del self._buckets[key]
