"""Which day and sessions a `/summit schedule` text means."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.agenda.model import Agenda, Session


@dataclass(frozen=True)
class ScheduleQuery:
    """A parsed `/summit schedule` text.

    `day` is the day to list (None: every day); `mode` is `day`, `now` or `next`;
    `outside` is True when today/now/next was asked outside the agenda's dates."""

    day: date | None
    words: list[str]
    mode: str = "day"
    outside: bool = False


DAY_WORD = re.compile(r"^(?:day|d)([1-9][0-9]?)$|^([1-9][0-9]?)일차$")


class DayWords:
    """`dayN`, `dN` and `N일차` for any N: `word in DAY_WORDS`, `DAY_WORDS[word]` is N."""

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and DAY_WORD.match(word) is not None

    def __getitem__(self, word: str) -> int:
        match = DAY_WORD.match(word)
        if match is None:
            raise KeyError(word)
        return int(match[1] or match[2])


DAY_WORDS = DayWords()
KOREAN_DATE = re.compile(r"^(?:(\d{4})년\s*)?(\d{1,2})월\s*(\d{1,2})일$")


def parse_schedule_query(text: str, agenda: Agenda, now: datetime) -> ScheduleQuery:
    tokens = text.split()
    first_day = agenda.days[0] if agenda.days else now.date()
    if not tokens:
        return _today_or_first(agenda, now, [], "day", explicit=False)
    head, rest = tokens[0].lower(), tokens[1:]
    if head in DAY_WORDS:
        index = DAY_WORDS[head] - 1
        day = agenda.days[index] if index < len(agenda.days) else first_day
        return ScheduleQuery(day, rest)
    if head in ("today", "오늘", "now", "지금", "next", "다음"):
        mode = {"today": "day", "오늘": "day", "now": "now", "지금": "now"}.get(head, "next")
        return _today_or_first(agenda, now, rest, mode, explicit=True)
    day = _parse_date(tokens, now)
    if day is not None:
        consumed, when = day
        return ScheduleQuery(when, tokens[consumed:])
    if not tokens:
        return ScheduleQuery(None, [])
    # Words alone search the whole agenda; a day narrows it.
    return ScheduleQuery(None, tokens)


def _today_or_first(agenda: Agenda, now: datetime, words, mode: str, explicit: bool):
    today = now.date()
    if today in agenda.days:
        return ScheduleQuery(today, words, mode)
    first = agenda.days[0] if agenda.days else today
    return ScheduleQuery(first, words, "day", outside=explicit)


def _parse_date(tokens: list[str], now: datetime) -> tuple[int, date] | None:
    """An ISO date, or a Korean date written in up to three tokens (`2023년 5월 4일`)."""
    try:
        return 1, date.fromisoformat(tokens[0])
    except ValueError:
        pass
    for width in (3, 2, 1):
        match = KOREAN_DATE.match(" ".join(tokens[:width]))
        if match:
            year = int(match[1]) if match[1] else now.year
            try:
                return width, date(year, int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def select_sessions(agenda: Agenda, query: ScheduleQuery, now: datetime) -> list[Session]:
    pool = agenda.on_day(query.day) if query.day else agenda.active
    if query.mode == "now":
        running = [s for s in pool if s.is_running(now)]
        pool = running or _next_slot(pool, now)
    elif query.mode == "next":
        pool = _next_slot(pool, now)
    return agenda.search(query.words, pool)


def _next_slot(pool: list[Session], now: datetime) -> list[Session]:
    upcoming = [s for s in pool if s.start > now]
    if not upcoming:
        return []
    first = min(s.start for s in upcoming)
    return [s for s in upcoming if s.start < first + timedelta(minutes=1)]
