"""Recaps: a user's draft of their day, the day's numbers for the team, and what is due when.

Knows nothing of Slack. `recap_draft` and `day_stats` read the store; `due_recap_days` says
which days' recaps are due; the messages themselves are outbox kinds
(`bot.outbox.channel_recap`, `bot.outbox.recap_offer`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from bot.agenda import DAY_WORDS, Agenda, Session
from bot.notes import Note
from bot.settings import Settings
from bot.store import Store

# docs/configuration.md: a daily recap missed by more than this is skipped, not posted late.
LATE_LIMIT = timedelta(hours=12)
TOP_SESSIONS = 5
COUNTED_KINDS = ("keynote", "breakout", "sponsor")  # breaks and the expo are not talks
# Lunch when the agenda has no break around midday; the day is told as morning, lunch and
# afternoon, the way attendees write it up.
LUNCH = (time(12, 0), time(13, 10))
MIDDAY = (time(11, 0), time(14, 30))
PARTS = ("morning", "lunch", "afternoon")
# An off-agenda moment with one of these labels is lunch, whenever it was written.
LUNCH_LABELS = {"점심", "lunch", "점심시간", "lunch break"}


# -- a user's draft ------------------------------------------------------------------------


@dataclass(frozen=True)
class AttendedSession:
    """A session attended, with the user's notes; `instead_of`: the session they had
    registered for in the same slot and skipped for this one."""

    session: Session
    notes: tuple[Note, ...] = ()
    instead_of: Session | None = None

    @property
    def at(self) -> datetime:
        return self.session.start


@dataclass(frozen=True)
class OffAgendaMoment:
    """Notes on no session under one label (the Expo, a booth, lunch), from `at` on."""

    label: str
    at: datetime
    notes: tuple[Note, ...]
    instead_of: Session | None = None


@dataclass(frozen=True)
class RecapPart:
    """Morning, lunch or afternoon (`key`), with its items in time order."""

    key: str
    items: list[AttendedSession | OffAgendaMoment]


@dataclass(frozen=True)
class RecapDraft:
    """`attended`: sessions registered for and ended, or noted on, in time order with the
    user's notes; `moments`: off-agenda notes by label; `unnoted`: sessions registered for
    without a note yet (and not skipped for another); `parts`: all of it as morning, lunch and
    afternoon."""

    day: date
    day_number: int | None
    attended: list[AttendedSession] = field(default_factory=list)
    unnoted: list[Session] = field(default_factory=list)
    moments: list[OffAgendaMoment] = field(default_factory=list)
    parts: list[RecapPart] = field(default_factory=list)

    @property
    def note_count(self) -> int:
        return sum(len(a.notes) for a in (*self.attended, *self.moments))

    @property
    def empty(self) -> bool:
        return not self.attended and not self.unnoted and not self.moments


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


def day_bounds(day: date, tz: tzinfo) -> tuple[float, float]:
    start = datetime.combine(day, time(0), tzinfo=tz)
    return start.timestamp(), (start + timedelta(days=1)).timestamp()


def day_zone(agenda: Agenda, day: date) -> tzinfo:
    sessions = agenda.on_day(day) or agenda.all
    return sessions[0].start.tzinfo if sessions else UTC


def lunch_span(agenda: Agenda, day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The day's longest break around midday, else LUNCH."""
    low, high = (datetime.combine(day, t, tzinfo=tz) for t in MIDDAY)
    breaks = [s for s in agenda.on_day(day) if s.kind == "break" and s.start < high
              and s.end > low]  # fmt: skip
    if breaks:
        longest = max(breaks, key=lambda s: (s.end - s.start, -s.start.timestamp()))
        return longest.start, longest.end
    start, end = (datetime.combine(day, t, tzinfo=tz) for t in LUNCH)
    return start, end


def recap_draft(store: Store, agenda: Agenda, user_id: str, day: date,
                now: datetime) -> RecapDraft:  # fmt: skip
    sessions = [s for s in agenda.all if s.day == day]
    by_id = {s.id: s for s in sessions}
    tz = day_zone(agenda, day)
    notes: dict[str, list[Note]] = defaultdict(list)
    for row in store.user_notes(user_id, by_id):
        notes[row["session_id"]].append(Note.from_row(row))
    elsewhere = [Note.from_row(r) for r in store.user_off_agenda_notes(user_id,
                                                                       *day_bounds(day, tz))]
    registered = {r["session_id"] for r in store.user_registrations(user_id)
                  if r["status"] == "registered"}  # fmt: skip
    lunch = lunch_span(agenda, day, tz)
    moments = _moments(elsewhere, lunch, tz)
    swaps = _swaps([by_id[i] for i in registered if i in by_id and not notes.get(i)],
                   [by_id[i] for i in notes], moments)  # fmt: skip
    attended, unnoted = [], []
    for session in sessions:
        mine = session.id in registered and session.registrable
        if session.id in swaps.skipped:
            continue
        if notes.get(session.id) or (mine and session.has_ended(now)):
            attended.append(AttendedSession(session, tuple(notes.get(session.id, ())),
                                            swaps.instead.get(session.id)))  # fmt: skip
        if mine and not notes.get(session.id):
            unnoted.append(session)
    moments = [OffAgendaMoment(m.label, m.at, m.notes, swaps.instead.get(_moment_key(m)))
               for m in moments]  # fmt: skip
    parts = _parts([*attended, *moments], lunch)
    return RecapDraft(day, agenda.day_number(day), attended, unnoted, moments, parts)


def is_lunch_label(label: str) -> bool:
    return label.strip().lower() in LUNCH_LABELS


def _part_of(at: datetime, lunch: tuple[datetime, datetime]) -> str:
    if at < lunch[0]:
        return "morning"
    return "lunch" if at < lunch[1] else "afternoon"


def _item_part(item: AttendedSession | OffAgendaMoment, lunch) -> str:
    if isinstance(item, OffAgendaMoment) and is_lunch_label(item.label):
        return "lunch"
    return _part_of(item.at, lunch)


def _moments(elsewhere: list[Note], lunch, tz: tzinfo) -> list[OffAgendaMoment]:
    """Off-agenda notes grouped by label within each part of the day, in time order."""
    grouped: dict[tuple[str, str], list[Note]] = {}
    for note in elsewhere:
        at = datetime.fromtimestamp(note.created_at, tz)
        part = "lunch" if is_lunch_label(note.label or "") else _part_of(at, lunch)
        grouped.setdefault((part, note.label or ""), []).append(note)
    moments = [OffAgendaMoment(label, datetime.fromtimestamp(group[0].created_at, tz),
                               tuple(group)) for (_, label), group in grouped.items()]
    return sorted(moments, key=lambda m: (m.at, m.label))


def _moment_key(moment: OffAgendaMoment) -> str:
    return f"@{moment.label}@{moment.at.timestamp()}"


@dataclass(frozen=True)
class _Swaps:
    skipped: set[str]
    instead: dict[str, Session]  # went (session id or moment key) → planned session


def _swaps(planned: list[Session], noted: list[Session],
           moments: list[OffAgendaMoment]) -> _Swaps:  # fmt: skip
    """A session registered for without a note, while the user noted on another session in
    the same slot, or an off-agenda moment during it: they went there instead."""
    skipped, instead = set(), {}
    for session in sorted(planned, key=lambda s: (s.start, s.id)):
        went = [s.id for s in noted if s.start < session.end and session.start < s.end]
        went += [_moment_key(m) for m in moments
                 if session.start <= m.at < session.end]  # fmt: skip
        free = [w for w in went if w not in instead]
        if free:
            skipped.add(session.id)
            instead[free[0]] = session
    return _Swaps(skipped, instead)


def _parts(items: list[AttendedSession | OffAgendaMoment], lunch) -> list[RecapPart]:
    ordered = sorted(items, key=lambda i: (i.at, isinstance(i, OffAgendaMoment)))
    parts = [RecapPart(key, [i for i in ordered if _item_part(i, lunch) == key])
             for key in PARTS]  # fmt: skip
    return [p for p in parts if p.items]


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
    off_agenda: list[tuple[str, int]] = field(default_factory=list)  # shared, per label


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
        off_agenda=_shared_labels(store, agenda, day, until),
    )


def _shared_labels(store: Store, agenda: Agenda, day: date,
                   until: float | None) -> list[tuple[str, int]]:  # fmt: skip
    start, end = day_bounds(day, day_zone(agenda, day))
    return store.shared_label_counts(start, end, until=until)


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
