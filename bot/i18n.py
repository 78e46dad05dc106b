"""Every user-facing string, in Korean and English, and the formats of dates and times.

The strings live in gettext catalogues, `bot/locale/<lang>/LC_MESSAGES/messages.po`, one per
language: msgid is the key the code asks for, msgstr the text. They are read with Babel
straight from the package (no compile step, so a plain `pip install` has them), and a third
language is one more `.po` file. `t(lang, key, **values)` looks a message up; values are
inserted as given, so callers pass text that is already escaped for mrkdwn where the message
is mrkdwn.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from importlib import resources
from io import BytesIO

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

DOMAIN = "messages"
DEFAULT_LANG = "ko"
_LOCALE = resources.files("bot") / "locale"


def _catalogue_langs() -> tuple[str, ...]:
    found = sorted(d.name for d in _LOCALE.iterdir()
                   if (d / "LC_MESSAGES" / f"{DOMAIN}.po").is_file())  # fmt: skip
    return tuple(sorted(found, key=lambda lang: lang != DEFAULT_LANG))


# The languages the bot speaks: one per catalogue, the default first.
LANGS = _catalogue_langs()


@cache
def catalogue(lang: str):
    """The Babel catalogue of one language, as read from its `.po` file."""
    with (_LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as po:
        return read_po(po, locale=lang, domain=DOMAIN)


@cache
def _translations(lang: str) -> Translations:
    # gettext proper (lookup, Plural-Forms) over the catalogue, compiled in memory.
    mo = BytesIO()
    write_mo(mo, catalogue(lang))
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


@cache
def keys() -> frozenset[str]:
    """Every message key, as the default catalogue has them."""
    return frozenset(_key(m.id) for m in catalogue(DEFAULT_LANG) if m.id)


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _lang(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(lang: str, key: str, **values) -> str:
    if key not in keys():
        raise KeyError(key)
    template = _translations(_lang(lang)).gettext(key)
    return template.format(**values) if values else template


WEEKDAYS = {"ko": "월화수목금토일", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def fmt_date(day: date, lang: str) -> str:
    weekday = WEEKDAYS[lang if lang in LANGS else "ko"][day.weekday()]
    if lang == "en":
        return f"{weekday} {day.day} {MONTHS_EN[day.month - 1]}"
    return f"{day.month}월 {day.day}일({weekday})"


def fmt_span(start: datetime, end: datetime, lang: str, with_date: bool = True) -> str:
    span = f"{start:%H:%M}–{end:%H:%M}"
    return f"{fmt_date(start.date(), lang)} {span}" if with_date else span


def fmt_countdown(start: datetime, end: datetime, now: datetime, lang: str) -> str:
    """`starts in 25 min`, `starts in 2 h 5 min`, `in 3 days`, or `started 10 min ago`."""
    if start <= now < end:
        return t(lang, "countdown_running", minutes=int((now - start).total_seconds() // 60))
    minutes = max(0, -int((now - start).total_seconds() // 60))  # round up: 90 s is "2 min"
    if minutes < 60:
        return t(lang, "countdown_minutes", minutes=minutes)
    if minutes < 24 * 60:
        return t(lang, "countdown_hours", hours=minutes // 60, minutes=minutes % 60)
    return t(lang, "countdown_days", days=(start.date() - now.date()).days)
