"""What every listener and job needs, built once per process and passed explicitly."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.agenda import Agenda, AgendaCache
from bot.clock import Clock
from bot.settings import LANGUAGES, Settings
from bot.store import Store

log = logging.getLogger(__name__)

# After a failed users.info, wait this long before asking Slack about that user again, so
# an outage doesn't add a failing call to every request.
LOCALE_RETRY_SECONDS = 600


def lang_of_locale(locale: str | None) -> str | None:
    """`ko-KR` → ko, `en-GB` → en; None for a language the bot doesn't speak."""
    lang = (locale or "").split("-")[0].lower()
    return lang if lang in LANGUAGES else None


class AckFirst:
    """Acks before replies. Composing a reply (database, render) is CPU work under the GIL;
    in a burst of 40 commands, 40 listener threads composing at once starved the threads
    still parsing and acking the later requests: p99 time-to-ack was 3.3x a bare Bolt app's
    (bench/ack_latency.py). So a reply is composed only while no HTTP request is between
    arriving and its ack (or after `max_wait`, so a steady stream can't starve replies), and
    by at most `slots` threads at once. Sending replies is IO and stays concurrent."""

    def __init__(self, slots: int, max_wait: float = 0.25) -> None:
        self.max_wait = max_wait
        self._slots = threading.BoundedSemaphore(slots)
        self._quiet = threading.Condition()
        self._acking = 0

    @contextmanager
    def acking(self) -> Iterator[None]:
        """Around handling one request up to its ack."""
        with self._quiet:
            self._acking += 1
        try:
            yield
        finally:
            with self._quiet:
                self._acking -= 1
                if not self._acking:
                    self._quiet.notify_all()

    @contextmanager
    def composing(self) -> Iterator[None]:
        """Around composing one reply, after the ack."""
        with self._quiet:
            self._quiet.wait_for(lambda: not self._acking, timeout=self.max_wait)
        with self._slots:
            yield


@dataclass
class Summit:
    settings: Settings
    store: Store
    clock: Clock
    client: WebClient
    agendas: AgendaCache = field(init=False)
    health: dict = field(default_factory=dict)
    # When the tick may plan reminders again (time.monotonic()); see schedules.tick.
    next_reminder_plan: float = field(default=0.0, repr=False)
    ack_first: AckFirst = field(init=False, repr=False)
    _locale_misses: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _locale_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.agendas = AgendaCache(self.store, self.clock.tz)
        self.ack_first = AckFirst(self.settings.compose_threads)

    def agenda(self) -> Agenda:
        return self.agendas.current()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.admins

    def lang_for(self, user_id: str, ask_slack: bool = True) -> str:
        """The user's language: `/summit lang`, else their Slack locale (asked once, kept in
        users.locale), else SUMMIT_LANG. Background sends pass `ask_slack=False`: one
        users.info per recipient would spend Slack's rate limit on a fan-out."""
        user = self.store.user(user_id) or {}
        if user.get("lang") in LANGUAGES:
            return user["lang"]
        locale = user.get("locale")
        if locale is None and ask_slack:
            locale = self._fetch_locale(user_id)
        return lang_of_locale(locale) or self.settings.lang

    def known_lang(self, user_id: str) -> str:
        """`lang_for` from what the bot already knows, without asking Slack."""
        return self.lang_for(user_id, ask_slack=False)

    def _fetch_locale(self, user_id: str) -> str | None:
        profile = self.remember_profile(user_id)
        return None if profile is None else profile["locale"]

    def remember_profile(self, user_id: str) -> dict | None:
        """Ask Slack once (users.info) for the user's locale and display name and keep both in
        the users table; None when Slack can't be asked now (retried after a while)."""
        if self.client is None or not user_id:
            return None
        with self._locale_lock:
            missed = self._locale_misses.get(user_id)
        if missed is not None and time.monotonic() - missed < LOCALE_RETRY_SECONDS:
            return None
        try:
            info = self.client.users_info(user=user_id, include_locale=True).get("user") or {}
        except Exception as exc:  # the language falls back; the reply must still go out
            log.warning("users.info for %s failed: %s", user_id, exc)
            with self._locale_lock:
                self._locale_misses[user_id] = time.monotonic()
            return None
        profile = info.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or info.get("real_name")
                or info.get("name") or None)  # fmt: skip
        # "" records that Slack has no locale for this user, so it isn't asked again.
        remembered = {"locale": info.get("locale") or "", "display_name": name}
        self.store.update_user(user_id, **remembered)
        return remembered
