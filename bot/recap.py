"""Recaps: a user's draft of their day, the day's numbers for the team, and what is due when.

Knows nothing of Slack. `recap_draft` and `day_stats` read the store; `due_recap_days` says
which days' recaps are due; the messages themselves are outbox kinds
(`bot.outbox.channel_recap`, `bot.outbox.recap_offer`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from bot.agenda import DAY_WORDS, Agenda, Session
from bot.notes import Note
from bot.settings import Settings
from bot.store import Store

# docs/configuration.md: a daily recap missed by more than this is skipped, not posted late.
LATE_LIMIT = timedelta(hours=12)
TOP_SESSIONS = 5
COUNTED_KINDS = ("keynote", "breakout", "sponsor")  # breaks and the expo are not talks


# -- a user's draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendedSession:
    session: Session
    notes: tuple[Note, ...] = ()


@dataclass(frozen=True)
class RecapDraft:
    """`attended`: sessions registered for and ended, or noted on, in time order with the
    user's notes; `unnoted`: sessions registered for without a note yet."""

    day: date
    day_number: int | None
    attended: list[AttendedSession] = field(default_factory=list)
    unnoted: list[Session] = field(default_factory=list)

    @property
    def note_count(self) -> int:
        return sum(len(a.notes) for a in self.attended)

    @property
    def empty(self) -> bool:
        return not self.attended and not self.unnoted


def recap_day(agenda: Agenda, args: list[str], now: datetime) -> date | None:
    """`day1`/`day2`/`1일차`/an ISO date; by default today, or the last day that has begun
    (after the event), or the first day (before it). None: a day the agenda doesn't have."""
    if args:
        word = args[0].lower()
        if word in DAY_WORDS:
            index = DAY_WORDS[word] - 1
            return agenda.days[index] if index < len(agenda.days) else None
        try:
            day = date.fromisoformat(word)
        except ValueError:
            return None
        return day if day in agenda.days else None
    if not agenda.days:
        return None
    begun = [d for d in agenda.days if d <= now.date()]
    return begun[-1] if begun else agenda.days[0]


def recap_draft(store: Store, agenda: Agenda, user_id: str, day: date,
                now: datetime) -> RecapDraft:  # fmt: skip
    sessions = [s for s in agenda.all if s.day == day]
    by_id = {s.id: s for s in sessions}
    notes: dict[str, list[Note]] = defaultdict(list)
    for row in store.user_notes(user_id, by_id):
        notes[row["session_id"]].append(Note.from_row(row))
    registered = {r["session_id"] for r in store.user_registrations(user_id)
                  if r["status"] == "registered"}  # fmt: skip
    attended, unnoted = [], []
    for session in sessions:
        mine = session.id in registered and session.registrable
        if notes.get(session.id) or (mine and session.has_ended(now)):
            attended.append(AttendedSession(session, tuple(notes.get(session.id, ()))))
        if mine and not notes.get(session.id):
            unnoted.append(session)
    return RecapDraft(day, agenda.day_number(day), attended, unnoted)


# -- the day in numbers, for the team ------------------------------------------------------


@dataclass(frozen=True)
class FilledSession:
    """A session whose seats all went: `took` from its first registration to the last seat."""

    session: Session
    capacity: int
    took: timedelta
    filled_at: datetime


@dataclass(frozen=True)
class Attendance:
    session: Session
    people: int


@dataclass(frozen=True)
class SessionNotes:
    session: Session
    notes: list[Note]


@dataclass(frozen=True)
class DayStats:
    day: date
    day_number: int | None
    sessions: int
    registrations: int
    people: int
    shared_notes: int
    filled: list[FilledSession]
    most_attended: list[Attendance]
    uncovered: list[Session]


def day_stats(store: Store, agenda: Agenda, day: date, until: float | None = None) -> DayStats:
    """The day's numbers from registrations and shared notes written up to `until`.

    Private notes never count: the channel recap must not reveal them, not even as a number.
    "Filled up" is measured from registration times alone (first registration to the
    capacity-th), so it needs nothing from the delivery engine."""
    talks = [s for s in agenda.on_day(day) if s.kind in COUNTED_KINDS]
    ids = [s.id for s in talks]
    seats = [r for r in store.session_registrations(ids)
             if until is None or r["registered_at"] <= until]  # fmt: skip
    shared = store.session_notes(ids, shared_only=True, until=until)
    seated: dict[str, list[dict]] = defaultdict(list)
    for row in seats:
        seated[row["session_id"]].append(row)
    people_at: dict[str, set[str]] = defaultdict(set)
    for row in (*seats, *shared):
        people_at[row["session_id"]].add(row["user_id"])
    filled = []
    for session in talks:
        rows = seated.get(session.id, [])
        if session.capacity and len(rows) >= session.capacity:
            first, last = rows[0]["registered_at"], rows[session.capacity - 1]["registered_at"]
            filled_at = datetime.fromtimestamp(last, session.start.tzinfo)
            filled.append(FilledSession(session, session.capacity,
                                        timedelta(seconds=last - first), filled_at))  # fmt: skip
    filled.sort(key=lambda f: (f.took, f.session.start, f.session.id))
    counts = Counter({sid: len(users) for sid, users in people_at.items()})
    order = {s.id: i for i, s in enumerate(talks)}
    top = sorted(counts.items(), key=lambda kv: (-kv[1], order[kv[0]]))[:TOP_SESSIONS]
    by_id = {s.id: s for s in talks}
    return DayStats(
        day=day,
        day_number=agenda.day_number(day),
        sessions=len(talks),
        registrations=len(seats),
        people=len(set().union(*people_at.values())) if people_at else 0,
        shared_notes=len(shared),
        filled=filled,
        most_attended=[Attendance(by_id[sid], n) for sid, n in top],
        uncovered=[s for s in talks if s.id not in people_at],
    )


def shared_notes_by_session(store: Store, agenda: Agenda, day: date,
                            until: float | None = None) -> list[SessionNotes]:  # fmt: skip
    """The team's shared notes on the day's sessions, grouped by session in agenda order."""
    sessions = agenda.on_day(day)
    grouped: dict[str, list[Note]] = defaultdict(list)
    for row in store.session_notes([s.id for s in sessions], shared_only=True, until=until):
        grouped[row["session_id"]].append(Note.from_row(row))
    return [SessionNotes(s, grouped[s.id]) for s in sessions if grouped.get(s.id)]


# -- what is due, for the planning tick ----------------------------------------------------


def recap_moment(day: date, settings: Settings) -> datetime:
    """SUMMIT_RECAP_TIME on `day`, in the event's zone."""
    return datetime.combine(day, settings.recap_time, tzinfo=settings.tz)


def due_recap_days(agenda: Agenda, now: datetime, settings: Settings) -> list[date]:
    """Conference days whose recap time has come and is less than LATE_LIMIT ago."""
    moments = ((d, recap_moment(d, settings)) for d in agenda.days)
    return [d for d, moment in moments if moment <= now < moment + LATE_LIMIT]
