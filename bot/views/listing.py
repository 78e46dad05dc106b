"""The wording around a schedule list: its title, and the one line that folds the sessions
of today that have already ended (with the button that shows them)."""

from __future__ import annotations

import json
from datetime import date

from bot.i18n import fmt_date, t, tn
from bot.views import ids
from bot.views.text import button, section


def schedule_title(agenda, query, lang: str, count: int) -> str:
    if query.words:
        return tn(lang, "search_title", count, words=" ".join(query.words))
    if query.mode in ("now", "next"):
        return t(lang, {"now": "now_title", "next": "next_title"}[query.mode])
    if query.day is None:
        return t(lang, "all_days_title")
    number = agenda.day_number(query.day)
    day_text = fmt_date(query.day, lang)
    return t(lang, "day_title", n=number, date=day_text) if number else day_text


def ended_fold(count: int, day: date, query: str, lang: str) -> dict:
    """"N sessions have ended" with a Show button: the list opens at what is still to come."""
    value = json.dumps({"q": query, "day": day.isoformat()})
    return section(tn(lang, "ended_folded", count),
                   accessory=button(t(lang, "ended_show_button"), ids.SCHEDULE_ENDED, value))
