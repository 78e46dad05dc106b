"""Every user-facing string, in Korean and English, and the formats of dates and times.

The strings live in gettext catalogues, `bot/locale/<lang>/LC_MESSAGES/messages.po`, one per
language: msgid is the key the code asks for, msgstr the text. They are read with Babel
straight from the package (no compile step, so a plain `pip install` has them), and a third
language is one more `.po` file. `t(lang, key, **values)` looks a message up; values are
inserted as given, so callers pass text that is already escaped for mrkdwn where the message
is mrkdwn. `tn(lang, key, n, **values)` picks the plural form for `n` by the catalogue's
Plural-Forms (Korean has one form, English two).

A Korean particle after a placeholder is written as its format spec, `메모 #{id:를}`, and takes
the form the value needs (`bot.korean`): `메모 #3을`, `메모 #12를`.
"""

from __future__ import annotations

import math
import re
import string
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from io import BytesIO

from babel.dates import format_interval, format_skeleton, format_timedelta
from babel.lists import format_list
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from babel.units import format_unit

from bot import korean

DOMAIN = "messages"
DEFAULT_LANG = "ko"
_LOCALE = resources.files("bot") / "locale"


def _catalogue_langs() -> tuple[str, ...]:
    found = [d.name for d in _LOCALE.iterdir() if (d / "LC_MESSAGES" / f"{DOMAIN}.po").is_file()]
    return tuple(sorted(found, key=lambda lang: (lang != DEFAULT_LANG, lang)))


# The languages the bot speaks: one per catalogue, the default first.
LANGS = _catalogue_langs()


@cache
def catalogue(lang: str) -> Catalog:
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


@cache
def plural_keys() -> frozenset[str]:
    """The messages that have plural forms (a count in them), asked for with `tn`."""
    return frozenset(m.id[0] for m in catalogue(DEFAULT_LANG) if isinstance(m.id, tuple))


def _key(msgid: str | tuple[str, ...]) -> str:
    return msgid[0] if isinstance(msgid, tuple) else msgid


def _lang(lang: str) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


class _Formatter(string.Formatter):
    """str.format, plus a Hangul format spec for the particle after the value."""

    def format_field(self, value, format_spec: str) -> str:
        if _HANGUL.fullmatch(format_spec):
            return korean.josa(str(value), format_spec)
        return super().format_field(value, format_spec)


_HANGUL = re.compile("[가-힣]+")
_FORMATTER = _Formatter()


def _known(key: str) -> None:
    if key not in keys():
        raise KeyError(key)


def t(lang: str, key: str, **values) -> str:
    _known(key)
    if key in plural_keys():
        raise TypeError(f"{key} has plural forms: ask for it with tn()")
    template = _translations(_lang(lang)).gettext(key)
    return _FORMATTER.format(template, **values) if values else template


def tn(lang: str, key: str, n: int, **values) -> str:
    """The form of a plural message for the number `n`; `n` is also the value `count`
    unless `values` names the number otherwise."""
    _known(key)
    if key not in plural_keys():
        raise TypeError(f"{key} has no plural forms: ask for it with t()")
    template = _translations(_lang(lang)).ngettext(key, key, n)
    return _FORMATTER.format(template, **{"count": n, **values})


# -- dates, times and durations, by CLDR (Babel) ----------------------------------------
# Times are shown in the zone the datetime carries: the event's, for session times. Where a
# reader's own zone matters the views use Slack's <!date^…> token instead.


def fmt_date(day: date, lang: str, with_year: bool = False) -> str:
    """`5월 3일 (수)` / `Wed, May 3`, or `2023년 5월 3일 (수)` / `Wed, May 3, 2023`."""
    return format_skeleton("yMMMEd" if with_year else "MMMEd", day, locale=_lang(lang))


def fmt_time(instant: datetime, lang: str) -> str:
    """`10:00`, on the 24-hour clock the agenda is printed in."""
    return format_skeleton("Hm", instant, tzinfo=instant.tzinfo, locale=_lang(lang))


def fmt_span(start: datetime, end: datetime, lang: str, with_date: bool = True) -> str:
    """`5월 3일 (수) 10:00 ~ 10:40` / `Wed, May 3 10:00 – 10:40`."""
    span = format_interval(start, end, "Hm", tzinfo=start.tzinfo, locale=_lang(lang))
    return f"{fmt_date(start.date(), lang)} {span}" if with_date else span


def fmt_duration(length: timedelta, lang: str) -> str:
    """`1시간 5분` / `1 hour 5 minutes`, to the minute (at least one)."""
    hours, minutes = divmod(max(1, round(length.total_seconds() / 60)), 60)
    parts = [format_unit(value, unit, length="long", locale=_lang(lang))
             for value, unit in ((hours, "duration-hour"), (minutes, "duration-minute"))
             if value]  # fmt: skip
    return format_list(parts, style="unit-narrow", locale=_lang(lang))


def fmt_countdown(start: datetime, end: datetime, now: datetime, lang: str) -> str:
    """`starts in 25 minutes`, `starts in 2 hours 5 minutes`, `in 3 days`, or
    `started 10 minutes ago`."""
    if start <= now < end:
        return t(lang, "countdown_running", duration=fmt_duration(now - start, lang))
    minutes = max(1, math.ceil((start - now).total_seconds() / 60))  # 90 s is "2 minutes"
    if minutes < 24 * 60:
        return t(lang, "countdown_starts", duration=fmt_duration(timedelta(minutes=minutes), lang))
    days = timedelta(days=(start.date() - now.date()).days)
    return format_timedelta(days, granularity="day", add_direction=True, locale=_lang(lang))
