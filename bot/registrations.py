"""Registering for sessions: the rules (ended, cancelled, full, conflicts) over the store's
atomic seat operations, the waitlist, stars ("Interested") and forgetting a user.
Knows nothing of Slack.

Every operation that can free a seat returns the `Promotion`s it caused: the first in line
got the seat in the same transaction, and the store queued their DMs in it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from bot.agenda import Agenda, Session
from bot.store import Forgotten, Promotion, Store


class RegisterStatus(StrEnum):
    REGISTERED = "registered"
    ALREADY = "already"
    WAITLISTED = "waitlisted"
    ALREADY_WAITLISTED = "already_waitlisted"
    # Nothing changed: the session overlaps `conflicts`, which the user holds.
    CONFLICT = "conflict"
    ENDED = "ended"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class UnregisterStatus(StrEnum):
    UNREGISTERED = "unregistered"
    LEFT_WAITLIST = "left_waitlist"
    NOT_REGISTERED = "not_registered"
    UNKNOWN = "unknown"


class SwitchStatus(StrEnum):
    SWITCHED = "switched"
    FULL = "full"  # nothing changed
    ALREADY = "already"
    ENDED = "ended"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class InterestStatus(StrEnum):
    STARRED = "starred"
    UNSTARRED = "unstarred"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class RegisterOutcome:
    """What `register` did; `place` is the waitlist place."""

    status: RegisterStatus
    session: Session | None = None
    taken: int = 0
    capacity: int | None = None
    conflicts: list[Session] = field(default_factory=list)
    place: int | None = None
    promoted: tuple[Promotion, ...] = ()

    @property
    def changed(self) -> bool:
        """The user's own seats changed (so their Home shows something else)."""
        return self.status in (RegisterStatus.REGISTERED, RegisterStatus.WAITLISTED)


def register(store: Store, agenda: Agenda, user_id: str, session_id: str, now: datetime,
             *, allow_conflicts: bool = False) -> RegisterOutcome:  # fmt: skip
    """Take a seat, or a waitlist place when the session is full.

    A seat that overlaps a session the user holds is not taken unless `allow_conflicts`:
    the user chooses (keep, switch, or both). A waitlist place is taken regardless, since it
    holds no seat; the overlap is reported with it."""
    session, closed = open_session(agenda, session_id, now)
    if closed:
        return RegisterOutcome(RegisterStatus(closed), session)
    conflicts = conflicts_for(store, agenda, user_id, session)
    holds = store.registration_status(session.id, user_id) is not None
    if conflicts and not allow_conflicts and not holds and has_free_seat(store, session):
        return RegisterOutcome(RegisterStatus.CONFLICT, session, conflicts=conflicts)
    seat = store.take_seat(session.id, user_id, now.timestamp())
    if seat.status == "missing":
        return RegisterOutcome(RegisterStatus.CANCELLED, session)
    status = RegisterStatus(seat.status)
    shown = conflicts if status in (RegisterStatus.REGISTERED, RegisterStatus.WAITLISTED) else []
    return RegisterOutcome(status, session, seat.taken, seat.capacity, shown, seat.place,
                           seat.promoted)  # fmt: skip


def has_free_seat(store: Store, session: Session) -> bool:
    """A seat nobody is queueing for (advisory: the store decides atomically)."""
    return store.has_free_seat(session.id)


@dataclass(frozen=True)
class UnregisterOutcome:
    status: UnregisterStatus
    session: Session | None = None
    promoted: tuple[Promotion, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status in (UnregisterStatus.UNREGISTERED, UnregisterStatus.LEFT_WAITLIST)


def unregister(store: Store, agenda: Agenda, user_id: str, session_id: str,
               now: datetime) -> UnregisterOutcome:  # fmt: skip
    session = agenda.get(session_id)
    if session is None:
        return UnregisterOutcome(UnregisterStatus.UNKNOWN)
    release = store.give_back_seat(session.id, user_id, now.timestamp())
    status = {"registered": UnregisterStatus.UNREGISTERED,
              "waitlisted": UnregisterStatus.LEFT_WAITLIST}.get(
        release.status or "", UnregisterStatus.NOT_REGISTERED
    )  # fmt: skip
    return UnregisterOutcome(status, session, release.promoted)


@dataclass(frozen=True)
class SwitchOutcome:
    status: SwitchStatus
    session: Session | None = None
    dropped: list[Session] = field(default_factory=list)
    promoted: tuple[Promotion, ...] = ()

    @property
    def changed(self) -> bool:
        return self.status == SwitchStatus.SWITCHED


def switch(store: Store, agenda: Agenda, user_id: str, take_id: str, drop_ids: list[str],
           now: datetime) -> SwitchOutcome:  # fmt: skip
    """Give back the seats in `drop_ids` and take one in `take_id` atomically; the freed
    seats go to their waitlists in the same transaction."""
    session, closed = open_session(agenda, take_id, now)
    if closed:
        return SwitchOutcome(SwitchStatus(closed), session)
    drops = [s.id for s in (agenda.get(d) for d in drop_ids) if s and s.id != session.id]
    result = store.switch_seats(user_id, session.id, drops, now.timestamp())
    if result.status == "missing":
        return SwitchOutcome(SwitchStatus.CANCELLED, session, promoted=result.promoted)
    dropped = [agenda.get(sid) for sid in result.dropped]
    return SwitchOutcome(SwitchStatus(result.status), session, [s for s in dropped if s],
                         result.promoted)  # fmt: skip


@dataclass(frozen=True)
class MyItem:
    session: Session
    status: str
    conflicts_with: tuple[str, ...] = ()
    place: int | None = None


def my_agenda(store: Store, agenda: Agenda, user_id: str) -> list[MyItem]:
    """The user's sessions in time order, each with the ids it overlaps among them and,
    when waitlisted, the place in line."""
    rows = store.user_registrations(user_id)
    held = [(agenda.get(r["session_id"]), r) for r in rows]
    held = sorted(((s, r) for s, r in held if s is not None), key=lambda p: (p[0].start, p[0].id))
    registered = [s for s, r in held if r["status"] == "registered" and s.registrable]
    items = []
    for session, row in held:
        mine = row["status"] == "registered"
        clashes = tuple(o.id for o in registered if mine and session.overlaps(o))
        items.append(MyItem(session, row["status"], clashes, row["place"]))
    return items


def open_session(agenda: Agenda, session_id: str, now: datetime) -> tuple[Session | None, str]:
    """The session, and why a seat in it can't be taken ("unknown", "cancelled", "ended"),
    or "" when it can."""
    session = agenda.get(session_id)
    if session is None:
        return None, "unknown"
    if not session.registrable:
        return session, "cancelled"
    return session, "ended" if session.has_ended(now) else ""


def conflicts_for(store: Store, agenda: Agenda, user_id: str, session: Session) -> list[Session]:
    """Active sessions the user holds a seat in that overlap `session`."""
    others = (agenda.get(r["session_id"]) for r in store.user_registrations(user_id)
              if r["status"] == "registered")  # fmt: skip
    return [o for o in others if o is not None and o.registrable and session.overlaps(o)]


@dataclass(frozen=True)
class InterestOutcome:
    status: InterestStatus
    session: Session | None = None


def toggle_interest(store: Store, agenda: Agenda, user_id: str, session_id: str,
                    now: datetime) -> InterestOutcome:  # fmt: skip
    session = agenda.get(session_id)
    if session is None:
        return InterestOutcome(InterestStatus.UNKNOWN)
    starred = store.toggle_interest(session.id, user_id, now.timestamp())
    if starred is None:
        return InterestOutcome(InterestStatus.UNKNOWN)
    return InterestOutcome(InterestStatus.STARRED if starred else InterestStatus.UNSTARRED, session)


def forget(store: Store, user_id: str, now: datetime) -> Forgotten:
    """Delete everything held about the user; their seats go to the waitlists."""
    return store.forget_user(user_id, now.timestamp())
