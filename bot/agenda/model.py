"""Sessions and the agenda snapshot they make up. Knows nothing of Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from functools import cached_property

from bot.agenda import search

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
    searchable: search.SearchText = field(default=search.EMPTY, repr=False, compare=False)

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
        searchable=search.SearchText.of(fields),
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

    def search(self, words: list[str], sessions: list[Session] | None = None) -> list[Session]:
        """Sessions matching every word by the rules of `bot.agenda.search`."""
        return self.search_index.select(words, self.active if sessions is None else sessions)

    @cached_property
    def search_index(self) -> search.SearchIndex:
        return search.SearchIndex(self.all)

    @cached_property
    def vocabulary(self) -> search.Vocabulary:
        return search.Vocabulary.of(
            [t for s in self.active for t in (s.title, s.title_en)],
            [tag for s in self.active for tag in s.tags],
        )

    def suggest(self, words: list[str]) -> list[str]:
        """Queries close to `words` that find something ("did you mean"), when a word
        finds nothing."""
        return self.vocabulary.suggest(words, self.active)

    def day_number(self, day: date) -> int | None:
        return self.days.index(day) + 1 if day in self.days else None
