"""Who people are: their language (`/summit lang`, else their Slack locale, else the
default) and display name, fetched once from Slack (users.info) and kept in the users table."""

from __future__ import annotations

import logging
import threading
import time
from typing import TYPE_CHECKING

from bot.settings import LANGUAGES

if TYPE_CHECKING:
    from slack_sdk import WebClient

    from bot.services import Summit
    from bot.store import Store

log = logging.getLogger(__name__)

# After a failed users.info, wait this long before asking Slack about that user again, so
# an outage doesn't add a failing call to every request.
LOCALE_RETRY_SECONDS = 600


def lang_of_locale(locale: str | None) -> str | None:
    """`ko-KR` → ko, `en-GB` → en; None for a language the bot doesn't speak."""
    lang = (locale or "").split("-")[0].lower()
    return lang if lang in LANGUAGES else None


class People:
    """Languages and names, with the users.info lookups that fill them in; remembers recent
    failed lookups (its own lock) so an outage isn't retried on every request."""

    def __init__(self, store: Store, client: WebClient | None, default_lang: str) -> None:
        self.store = store
        self.client = client
        self.default_lang = default_lang
        self._misses: dict[str, float] = {}
        self._lock = threading.Lock()

    def lang_for(self, user_id: str, ask_slack: bool = True) -> str:
        """The user's language: `/summit lang`, else their Slack locale (asked once, kept in
        users.locale), else SUMMIT_LANG. Background sends pass `ask_slack=False`: one
        users.info per recipient would spend Slack's rate limit on a fan-out."""
        user = self.store.user(user_id) or {}
        if user.get("lang") in LANGUAGES:
            return user["lang"]
        locale = user.get("locale")
        if locale is None and ask_slack:
            profile = self.remember_profile(user_id)
            locale = None if profile is None else profile["locale"]
        return lang_of_locale(locale) or self.default_lang

    def remember_profile(self, user_id: str) -> dict | None:
        """Ask Slack once (users.info) for the user's locale and display name and keep both in
        the users table; None when Slack can't be asked now (retried after a while)."""
        if self.client is None or not user_id:
            return None
        with self._lock:
            missed = self._misses.get(user_id)
        if missed is not None and time.monotonic() - missed < LOCALE_RETRY_SECONDS:
            return None
        try:
            info = self.client.users_info(user=user_id, include_locale=True).get("user") or {}
        except Exception as exc:  # the language falls back; the reply must still go out
            log.warning("users.info for %s failed: %s", user_id, exc)
            with self._lock:
                self._misses[user_id] = time.monotonic()
            return None
        profile = info.get("profile") or {}
        name = (profile.get("display_name") or profile.get("real_name") or info.get("real_name")
                or info.get("name") or None)  # fmt: skip
        # "" records that Slack has no locale for this user, so it isn't asked again.
        remembered = {"locale": info.get("locale") or "", "display_name": name}
        self.store.update_user(user_id, **remembered)
        return remembered


def remember_display_name(summit: Summit, user_id: str) -> None:
    """Cache the user's display name (one users.info, which also gives their locale) so the
    channel recap can credit notes by name as plain text: a mention would ping them. A failure
    leaves the cache empty and the recap falls back to a neutral word; it never blocks the
    note."""
    user = summit.store.user(user_id)
    if (user and user.get("display_name")) or summit.client is None:
        return
    summit.people.remember_profile(user_id)
