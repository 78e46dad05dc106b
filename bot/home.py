"""App Home "My Summit": what a user's Home tab shows, worked out from the store and agenda.
Knows nothing of Slack; `bot.views.home` renders it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from bot.agenda import Agenda, ScheduleQuery, Session, select_sessions
from bot.registrations import MyItem, my_agenda
from bot.store import Store
from bot.store.rules import seat_open

SUGGESTIONS = 5


@dataclass(frozen=True)
class HomeState:
    now: datetime
    items: list[MyItem]
    next_item: MyItem | None = None
    suggestions: list[Session] = field(default_factory=list)
    day: date | None = None
    day_items: list[MyItem] = field(default_factory=list)
    conflicts: list[tuple[Session, Session]] = field(default_factory=list)
    waitlists: list[MyItem] = field(default_factory=list)
    taken: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    starred: frozenset[str] = frozenset()
    notes: int = 0


def home_state(store: Store, agenda: Agenda, user_id: str, now: datetime) -> HomeState:
    items = my_agenda(store, agenda, user_id)
    live = [i for i in items if i.session.registrable and not i.session.has_ended(now)]
    next_item = next_seat(items, now)
    suggestions = [] if next_item else next_slot(agenda, now)
    day = _agenda_day(agenda, now)
    ids = [i.session.id for i in items] + [s.id for s in suggestions]
    taken = store.seats_taken(ids)
    waiting = store.waiting(ids)
    suggestions = [s for s in suggestions if _has_room(s, taken, waiting)][:SUGGESTIONS]
    return HomeState(
        now=now,
        items=items,
        next_item=next_item,
        suggestions=suggestions,
        day=day,
        day_items=[i for i in items if i.session.day == day],
        conflicts=_conflicts(items),
        waitlists=[i for i in live if i.status == "waitlisted"],
        taken=taken,
        waiting=waiting,
        starred=frozenset(store.user_interests(user_id)),
        notes=store.note_count(user_id),
    )


def _agenda_day(agenda: Agenda, now: datetime) -> date | None:
    """Today when the conference is on, else its next day, else its last."""
    later = [d for d in agenda.days if d >= now.date()]
    if later:
        return later[0]
    return agenda.days[-1] if agenda.days else None


def next_seat(items: list[MyItem], now: datetime) -> MyItem | None:
    """The user's seat that is on now or starts next (ended and cancelled ones aside)."""
    seats = [i for i in items if i.status == "registered" and i.session.registrable
             and not i.session.has_ended(now)]  # fmt: skip
    return min(seats, key=lambda i: (i.session.start, i.session.id), default=None)


def next_slot(agenda: Agenda, now: datetime) -> list[Session]:
    """The sessions of the next time slot that hasn't started, on any day."""
    return select_sessions(agenda, ScheduleQuery(None, [], "next"), now)


def _has_room(session: Session, taken: dict[str, int], waiting: dict[str, int]) -> bool:
    return seat_open(session.capacity, taken.get(session.id, 0), waiting.get(session.id, 0))


def _conflicts(items: list[MyItem]) -> list[tuple[Session, Session]]:
    """Each overlapping pair of held seats once, in time order."""
    by_id = {i.session.id: i.session for i in items}
    pairs = {tuple(sorted((i.session.id, other))) for i in items for other in i.conflicts_with}
    order = lambda s: (s.start, s.id)  # noqa: E731
    sessions = [tuple(sorted((by_id[a], by_id[b]), key=order)) for a, b in pairs]
    return sorted(sessions, key=lambda p: (order(p[0]), order(p[1])))
