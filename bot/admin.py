"""Organiser operations (`/summit admin …`, and `agenda load` on the command line): capacity,
reloading the agenda file, announcements and statistics. Knows nothing of Slack; who may call
them is the caller's check (`Summit.is_admin`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum

from bot.agenda import Agenda, Session
from bot.agenda.loading import AgendaLoad, load_agenda_file  # noqa: F401  (re-exported)
from bot.store import CapacityChange, SessionStats, Store

CAPACITY_MAX = 100_000
FILLING_WINDOW = timedelta(hours=1)
TOP = 5


class CapacityStatus(StrEnum):
    SET = "set"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class CapacityOutcome:
    status: CapacityStatus
    session: Session | None = None
    change: CapacityChange | None = None


def set_capacity(store: Store, agenda: Agenda, session_id: str, seats: int,
                 now: datetime) -> CapacityOutcome:  # fmt: skip
    """Raising promotes from the waitlist at once; lowering evicts no one."""
    session = agenda.get(session_id)
    if session is None:
        return CapacityOutcome(CapacityStatus.UNKNOWN)
    change = store.set_capacity_override(session.id, seats, now.timestamp())
    if change is None:
        return CapacityOutcome(CapacityStatus.UNKNOWN)
    return CapacityOutcome(CapacityStatus.SET, session, change)


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
    # The live agenda URL's fetch state (bot.agenda.live); empty when it is a file.
    source: dict = field(default_factory=dict)


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
        source=store.agenda_source(),
    )
