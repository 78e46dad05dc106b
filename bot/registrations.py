"""Registering for sessions: the rules (ended, cancelled, full, conflicts) over the store's
atomic seat operations. Knows nothing of Slack."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bot.agenda import Agenda, Session
from bot.store import Store


@dataclass(frozen=True)
class RegisterOutcome:
    """`status`: registered, already, full, ended, cancelled, unknown."""

    status: str
    session: Session | None = None
    taken: int = 0
    capacity: int | None = None
    conflicts: list[Session] = field(default_factory=list)


def register(store: Store, agenda: Agenda, user_id: str, session_id: str,
             now: datetime) -> RegisterOutcome:  # fmt: skip
    session = agenda.get(session_id)
    if session is None:
        return RegisterOutcome("unknown")
    if not session.registrable:
        return RegisterOutcome("cancelled", session)
    if session.has_ended(now):
        return RegisterOutcome("ended", session)
    seat = store.take_seat(session.id, user_id, now.timestamp())
    if seat.status == "missing":
        return RegisterOutcome("cancelled", session)
    conflicts = _conflicts(store, agenda, user_id, session) if seat.status == "registered" else []
    return RegisterOutcome(seat.status, session, seat.taken, seat.capacity, conflicts)


@dataclass(frozen=True)
class UnregisterOutcome:
    """`status`: unregistered, not_registered, unknown."""

    status: str
    session: Session | None = None


def unregister(store: Store, agenda: Agenda, user_id: str, session_id: str) -> UnregisterOutcome:
    session = agenda.get(session_id)
    if session is None:
        return UnregisterOutcome("unknown")
    previous = store.give_back_seat(session.id, user_id)
    return UnregisterOutcome("unregistered" if previous else "not_registered", session)


@dataclass(frozen=True)
class MyItem:
    session: Session
    status: str
    conflicts_with: tuple[str, ...] = ()


def my_agenda(store: Store, agenda: Agenda, user_id: str) -> list[MyItem]:
    """The user's sessions in time order, each with the ids it overlaps among them."""
    rows = store.user_registrations(user_id)
    held = [(agenda.get(r["session_id"]), r["status"]) for r in rows]
    held = sorted(((s, st) for s, st in held if s is not None), key=lambda p: (p[0].start, p[0].id))
    registered = [s for s, st in held if st == "registered" and s.registrable]
    items = []
    for session, status in held:
        clashes = tuple(o.id for o in registered if status == "registered" and session.overlaps(o))
        items.append(MyItem(session, status, clashes))
    return items


def _conflicts(store: Store, agenda: Agenda, user_id: str, session: Session) -> list[Session]:
    others = (agenda.get(r["session_id"]) for r in store.user_registrations(user_id)
              if r["status"] == "registered")  # fmt: skip
    return [o for o in others if o is not None and o.registrable and session.overlaps(o)]
