"""The agenda as the bot reads it: sessions, days, search, and which day a query means.

Knows nothing of Slack. `AgendaCache` keeps one parsed snapshot per agenda version so a
search is in-process work over a few thousand rows, and a reload or capacity change is seen
by the next request.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import cached_property

from bot import search_text
from bot.store import Store

KINDS = ("keynote", "breakout", "sponsor", "expo", "break")


@dataclass(frozen=True)
class Session:
    id: str
    day: date
    start: datetime
    end: datetime
    title: str
    title_en: str = ""
    track: str = ""
    room: str = ""
    level: str = ""
    speakers: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kind: str = "breakout"
    description: str = ""
    capacity: int | None = None
    status: str = "active"
    haystack: str = field(default="", repr=False, compare=False)
    searchable: search_text.SearchText = field(default=search_text.EMPTY, repr=False,
                                               compare=False)  # fmt: skip

    def title_for(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def overlaps(self, other: Session) -> bool:
        return self.id != other.id and self.start < other.end and other.start < self.end

    def has_ended(self, now: datetime) -> bool:
        return now >= self.end

    def is_running(self, now: datetime) -> bool:
        return self.start <= now < self.end

    @property
    def registrable(self) -> bool:
        return self.status == "active"


def session_from_row(row: dict, tz: tzinfo) -> Session:
    speakers = tuple(s for s in row["speakers"].split(";") if s)
    tags = tuple(s for s in row["tags"].split(";") if s)
    fields = (row["title"], row["title_en"], row["track"], row["room"], row["level"],
              *speakers, *tags)  # fmt: skip
    return Session(
        id=row["id"],
        day=date.fromisoformat(row["day"]),
        start=datetime.fromtimestamp(row["start_ts"], tz),
        end=datetime.fromtimestamp(row["end_ts"], tz),
        title=row["title"],
        title_en=row["title_en"],
        track=row["track"],
        room=row["room"],
        level=row["level"],
        speakers=speakers,
        tags=tags,
        kind=row["kind"],
        description=row["description"],
        capacity=row["seats"],
        status=row["status"],
        haystack="\n".join(fields).casefold(),
        searchable=search_text.SearchText.of(fields),
    )


class Agenda:
    """An immutable snapshot of every session."""

    def __init__(self, sessions: list[Session]):
        self.all = sorted(sessions, key=lambda s: (s.start, s.id))
        self.active = [s for s in self.all if s.status == "active"]
        self._by_id = {s.id: s for s in self.all}
        self.days = sorted({s.day for s in self.active})

    def get(self, session_id: str) -> Session | None:
        return self._by_id.get(session_id.strip().lower())

    def on_day(self, day: date) -> list[Session]:
        return [s for s in self.active if s.day == day]

    # -- search: the rules are in bot/search_text.py -----------------------------------
    def search(self, words: list[str], sessions: list[Session] | None = None) -> list[Session]:
        """Sessions matching every word by the rules of `bot.search_text`."""
        return self.search_index.select(words, self.active if sessions is None else sessions)

    @cached_property
    def search_index(self) -> search_text.SearchIndex:
        return search_text.SearchIndex(self.all)

    @cached_property
    def vocabulary(self) -> search_text.Vocabulary:
        return search_text.Vocabulary.of(
            [t for s in self.active for t in (s.title, s.title_en)],
            [tag for s in self.active for tag in s.tags],
        )

    def suggest(self, words: list[str]) -> list[str]:
        """Queries close to `words` that find something ("did you mean"), when a word
        finds nothing."""
        return self.vocabulary.suggest(words, self.active)

    # -- end of search -------------------------------------------------------------------

    def day_number(self, day: date) -> int | None:
        return self.days.index(day) + 1 if day in self.days else None


class AgendaCache:
    """The current `Agenda`, re-read from the store when its version changes."""

    def __init__(self, store: Store, tz: tzinfo):
        self.store = store
        self.tz = tz
        self._lock = threading.Lock()
        self._version = -1
        self._agenda = Agenda([])

    def current(self) -> Agenda:
        version = self.store.agenda_version()
        if version != self._version:
            with self._lock:
                if version != self._version:
                    rows = self.store.sessions()
                    self._agenda = Agenda([session_from_row(r, self.tz) for r in rows])
                    self._version = version
        return self._agenda


# -- what a schedule query means -----------------------------------------------------


@dataclass(frozen=True)
class ScheduleQuery:
    """A parsed `/summit schedule` text.

    `day` is the day to list (None: every day); `mode` is `day`, `now` or `next`;
    `outside` is True when today/now/next was asked outside the agenda's dates."""

    day: date | None
    words: list[str]
    mode: str = "day"
    outside: bool = False


DAY_WORDS = {"day1": 1, "day2": 2, "1일차": 1, "2일차": 2, "d1": 1, "d2": 2}
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
