"""Settings read from the environment (docs/configuration.md "Environment variables"), once,
by the command line.

Nothing reads the environment at import time: `Settings.from_env(environ)` is called by `cli`
and tests build `Settings(...)` directly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, time
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.i18n import LANGS as LANGUAGES

SLACK_API_URL = "https://slack.com/api/"


class SettingsError(ValueError):
    """An environment variable has a value the bot cannot use."""


@dataclass(frozen=True)
class Settings:
    bot_token: str | None = None
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = SLACK_API_URL
    port: int = 3000
    db_path: str = "data/summit.db"
    agenda_path: str = "data/agenda.csv"
    tz_name: str = "Asia/Seoul"
    # SUMMIT_TZ was set: a file naming another zone needs `--tz` to say which wins.
    tz_set: bool = False
    agenda_refresh_minutes: int = 5
    alert_channel: str | None = None
    recap_channel: str | None = None
    recap_time: time = time(18, 30)
    reminder_minutes: int = 10
    send_per_min: int = 300
    admins: frozenset[str] = field(default_factory=frozenset)
    clock_start: datetime | None = None
    clock_speed: float = 1.0
    lang: str = "ko"
    public_url: str | None = None
    digest_time: time = time(8, 30)
    listener_threads: int = 64
    # Replies composed at once (see `bot.services.AckFirst`); not an environment variable.
    compose_threads: int = 2

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.tz_name)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)

    def with_(self, **changes) -> Settings:
        return replace(self, **changes)

    def missing_for_serve(self) -> list[str]:
        """Names of the variables `serve` needs and does not have."""
        missing = [] if self.bot_token else ["SLACK_BOT_TOKEN"]
        if not self.socket_mode and not self.signing_secret:
            missing.append("SLACK_SIGNING_SECRET")
        return missing

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings:
        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        default = cls()  # each default is written once, in the fields above
        tz_name = get("SUMMIT_TZ") or default.tz_name
        try:
            tz = ZoneInfo(tz_name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise SettingsError(f"SUMMIT_TZ: unknown time zone {tz_name!r}") from exc
        api_url = get("SLACK_API_URL") or SLACK_API_URL
        if not api_url.endswith("/"):
            api_url += "/"
        lang = (get("SUMMIT_LANG") or default.lang).lower()
        if lang not in LANGUAGES:
            raise SettingsError(f"SUMMIT_LANG: expected ko or en, got {lang!r}")
        return cls(
            bot_token=get("SLACK_BOT_TOKEN"),
            signing_secret=get("SLACK_SIGNING_SECRET"),
            app_token=get("SLACK_APP_TOKEN"),
            api_url=api_url,
            port=_int(get("PORT"), "PORT", default.port, 0, 65535),
            db_path=get("SUMMIT_DB") or default.db_path,
            agenda_path=get("SUMMIT_AGENDA") or default.agenda_path,
            tz_name=tz_name,
            tz_set=get("SUMMIT_TZ") is not None,
            agenda_refresh_minutes=_int(get("SUMMIT_AGENDA_REFRESH"), "SUMMIT_AGENDA_REFRESH",
                                        default.agenda_refresh_minutes, 1, 24 * 60),  # fmt: skip
            alert_channel=get("SUMMIT_ALERT_CHANNEL"),
            recap_channel=get("SUMMIT_RECAP_CHANNEL"),
            recap_time=_clock_time(get("SUMMIT_RECAP_TIME"), "SUMMIT_RECAP_TIME",
                                   default.recap_time),
            reminder_minutes=_int(
                get("SUMMIT_REMINDER_MINUTES"), "SUMMIT_REMINDER_MINUTES",
                default.reminder_minutes, 1, 24 * 60,
            ),
            send_per_min=_int(get("SUMMIT_SEND_PER_MIN"), "SUMMIT_SEND_PER_MIN",
                              default.send_per_min, 1, 100_000),  # fmt: skip
            admins=frozenset(
                u.strip() for u in (get("SUMMIT_ADMINS") or "").split(",") if u.strip()
            ),
            clock_start=_clock_start(get("SUMMIT_CLOCK"), tz),
            clock_speed=_speed(get("SUMMIT_CLOCK_SPEED"), default.clock_speed),
            lang=lang,
            public_url=_public_url(get("SUMMIT_PUBLIC_URL")),
            digest_time=_clock_time(get("SUMMIT_DIGEST_TIME"), "SUMMIT_DIGEST_TIME",
                                    default.digest_time),
        )


def _int(raw: str | None, name: str, default: int, low: int, high: int) -> int:
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise SettingsError(f"{name}: expected a whole number, got {raw!r}") from exc
    if not low <= value <= high:
        raise SettingsError(f"{name}: {value} is outside {low}..{high}")
    return value


def _clock_time(raw: str | None, name: str, default: time) -> time:
    if raw is None:
        return default
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise SettingsError(f"{name}: expected HH:MM, got {raw!r}")
    return time(int(match[1]), int(match[2]))


def _public_url(raw: str | None) -> str | None:
    if raw is None:
        return None
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"SUMMIT_PUBLIC_URL: expected an http(s):// URL, got {raw!r}")
    return raw.rstrip("/")


def _clock_start(raw: str | None, tz: ZoneInfo) -> datetime | None:
    if raw is None:
        return None
    try:
        start = datetime.fromisoformat(raw)
    except ValueError as exc:
        raise SettingsError(f"SUMMIT_CLOCK: expected an ISO 8601 datetime, got {raw!r}") from exc
    # A rehearsal time without an offset means event-local time, as people write it.
    return start if start.tzinfo else start.replace(tzinfo=tz)


def _speed(raw: str | None, default: float) -> float:
    if raw is None:
        return default
    try:
        speed = float(raw)
    except ValueError as exc:
        raise SettingsError(f"SUMMIT_CLOCK_SPEED: expected a number, got {raw!r}") from exc
    if not 0 < speed <= 100_000:
        raise SettingsError(f"SUMMIT_CLOCK_SPEED: {speed} is outside (0, 100000]")
    return speed
