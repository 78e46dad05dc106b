"""What every listener and job needs, built once per process and passed explicitly."""

from __future__ import annotations

import logging
import threading
import time
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


@dataclass
class Summit:
    settings: Settings
    store: Store
    clock: Clock
    client: WebClient
    agendas: AgendaCache = field(init=False)
    health: dict = field(default_factory=dict)
    _locale_misses: dict[str, float] = field(default_factory=dict, init=False, repr=False)
    _locale_lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)

    def __post_init__(self) -> None:
        self.agendas = AgendaCache(self.store, self.clock.tz)

    def agenda(self) -> Agenda:
        return self.agendas.current()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.admins

    def lang_for(self, user_id: str) -> str:
        """The user's language: `/summit lang`, else their Slack locale (asked once, kept in
        users.locale), else SUMMIT_LANG."""
        user = self.store.user(user_id) or {}
        if user.get("lang") in LANGUAGES:
            return user["lang"]
        locale = user.get("locale")
        if locale is None:
            locale = self._fetch_locale(user_id)
        return lang_of_locale(locale) or self.settings.lang

    def _fetch_locale(self, user_id: str) -> str | None:
        if self.client is None or not user_id:
            return None
        with self._locale_lock:
            missed = self._locale_misses.get(user_id)
        if missed is not None and time.monotonic() - missed < LOCALE_RETRY_SECONDS:
            return None
        try:
            info = self.client.users_info(user=user_id, include_locale=True)
        except Exception as exc:  # the language falls back; the reply must still go out
            log.warning("users.info for %s failed: %s", user_id, exc)
            with self._locale_lock:
                self._locale_misses[user_id] = time.monotonic()
            return None
        # "" records that Slack has no locale for this user, so it isn't asked again.
        locale = (info.get("user") or {}).get("locale") or ""
        self.store.update_user(user_id, locale=locale)
        return locale
