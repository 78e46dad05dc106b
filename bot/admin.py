"""Organiser operations (`/summit admin …`, and `agenda load` on the command line): capacity,
reloading the agenda file, announcements and statistics. Knows nothing of Slack; who may call
them is the caller's check (`Summit.is_admin`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

from bot import agenda_notices
from bot.agenda import Agenda, Session
from bot.agenda_file import read_agenda
from bot.store import AgendaDiff, CapacityChange, SessionStats, Store

CAPACITY_MAX = 100_000
FILLING_WINDOW = timedelta(hours=1)
TOP = 5


@dataclass(frozen=True)
class CapacityOutcome:
    """`status`: set, unknown."""

    status: str
    session: Session | None = None
    change: CapacityChange | None = None


def set_capacity(store: Store, agenda: Agenda, session_id: str, seats: int,
                 now: datetime) -> CapacityOutcome:  # fmt: skip
    """Raising promotes from the waitlist at once; lowering evicts no one."""
    session = agenda.get(session_id)
    if session is None:
        return CapacityOutcome("unknown")
    change = store.set_capacity_override(session.id, seats, now.timestamp())
    if change is None:
        return CapacityOutcome("unknown")
    return CapacityOutcome("set", session, change)


@dataclass
class AgendaLoad:
    """What loading an agenda file did. `applied` is False when the file had problems, or
    when it would cancel or move sessions and that wasn't confirmed (then `diff` is the
    preview)."""

    path: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: AgendaDiff | None = None
    applied: bool = False

    @property
    def needs_confirmation(self) -> bool:
        return not self.problems and not self.applied and self.diff is not None


def load_agenda_file(store: Store, path: str | Path, tz: tzinfo, *, confirm: bool,
                     now: datetime) -> AgendaLoad:  # fmt: skip
    """Load FILE as the whole agenda in one transaction: `agenda load FILE [--yes]` and
    `admin reload` (which confirms). Sessions missing from it are cancelled; when anything
    would be cancelled or moved, nothing changes unless `confirm`."""
    agenda = read_agenda(path, tz)
    result = AgendaLoad(str(path), agenda.problems, agenda.warnings)
    if not agenda.ok:
        return result
    preview = store.apply_agenda(agenda.rows, cancel_missing=True, dry_run=True)
    if (preview.cancelled or preview.moved) and not confirm:
        result.diff = preview
        return result
    result.diff = agenda_notices.apply_agenda(store, agenda.rows, cancel_missing=True, now=now)
    result.applied = True
    return result


@dataclass(frozen=True)
class StatRow:
    session: Session
    stats: SessionStats

    @property
    def fill(self) -> float:
        """Share of seats taken (0 for unlimited sessions)."""
        capacity = self.session.capacity
        return self.stats.registered / capacity if capacity else 0.0

    @property
    def wanted(self) -> int:
        return self.stats.waitlisted + self.stats.interested


@dataclass(frozen=True)
class Stats:
    rows: list[StatRow]
    fastest: list[StatRow]
    wanted: list[StatRow]
    registered: int
    waitlisted: int
    interested: int


def stats(store: Store, agenda: Agenda, now: datetime) -> Stats:
    """Registrations, capacity and waitlist per active session, in agenda order; the
    sessions filling fastest (most seats taken in the last hour, then the fullest) and the
    most wanted (waitlist plus stars)."""
    counts = store.session_stats(since=(now - FILLING_WINDOW).timestamp())
    rows = [StatRow(s, counts.get(s.id, SessionStats())) for s in agenda.active]
    fastest = sorted((r for r in rows if r.stats.recent),
                     key=lambda r: (-r.stats.recent, -r.fill, r.session.id))  # fmt: skip
    wanted = sorted((r for r in rows if r.wanted), key=lambda r: (-r.wanted, r.session.id))
    return Stats(
        rows=rows,
        fastest=fastest[:TOP],
        wanted=wanted[:TOP],
        registered=sum(r.stats.registered for r in rows),
        waitlisted=sum(r.stats.waitlisted for r in rows),
        interested=sum(r.stats.interested for r in rows),
    )
