"""The morning plan: what one person has on one conference day, for a DM at digest time.

Pure: from the person's sessions that day, the clashes between them and what filled up the day
before, to a `MorningPlan` that a view renders. Whether and when it goes out is `digest_due`;
sending once across restarts is the outbox's job (one delivery per person and day).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Literal

DEFAULT_DIGEST_TIME = time(8, 30)
# A plan that would arrive after this long past digest time (the bot was down) is not sent:
# by then the day has begun and the reminders carry the news.
DEFAULT_GRACE = timedelta(hours=2)
FILLED_YESTERDAY_LIMIT = 3

PlanStatus = Literal["registered", "waitlisted"]


@dataclass(frozen=True)
class PlanSession:
    session_id: str
    title: str
    start: datetime
    end: datetime
    status: PlanStatus
    place: int | None = None  # waitlist place, 1 = next in line
    room: str = ""


@dataclass(frozen=True)
class FilledUp:
    """A session that filled up: its title and the minutes from first seat to full."""

    title: str
    minutes: float


@dataclass(frozen=True)
class PlanItem:
    session: PlanSession
    clashes_with: tuple[str, ...]  # ids of the person's other sessions that overlap this one


@dataclass(frozen=True)
class MorningPlan:
    day: date
    items: tuple[PlanItem, ...]  # in start order
    clashes: tuple[tuple[str, str], ...]  # pairs of overlapping session ids, each pair once
    filled_yesterday: tuple[FilledUp, ...]  # quickest first

    @property
    def waitlisted(self) -> tuple[PlanItem, ...]:
        return tuple(i for i in self.items if i.session.status == "waitlisted")


def parse_digest_time(text: str | None) -> time:
    """`SUMMIT_DIGEST_TIME` as HH:MM (24-hour), the default when unset or blank."""
    if text is None or not text.strip():
        return DEFAULT_DIGEST_TIME
    try:
        parsed = datetime.strptime(text.strip(), "%H:%M")
    except ValueError:
        raise ValueError(f"SUMMIT_DIGEST_TIME must be HH:MM, like 08:30; got {text!r}") from None
    return parsed.time()


def digest_at(day: date, digest_time: time, tz: tzinfo) -> datetime:
    """The instant the day's plan goes out, in the event's zone."""
    return datetime.combine(day, digest_time, tzinfo=tz)


def digest_due(
    now: datetime,
    day: date,
    digest_time: time,
    tz: tzinfo,
    grace: timedelta = DEFAULT_GRACE,
) -> bool:
    """Whether `day`'s plan should go out at `now`: from digest time until `grace` after it.
    Called on every tick, so it must not depend on whether it was already sent (the outbox
    dedupes by person and day)."""
    start = digest_at(day, digest_time, tz)
    return start <= now < start + grace


def find_clashes(sessions: Iterable[PlanSession]) -> tuple[tuple[str, str], ...]:
    """Pairs of sessions whose times overlap (touching end to start is not a clash)."""
    ordered = sorted(sessions, key=lambda s: (s.start, s.session_id))
    pairs = []
    for i, first in enumerate(ordered):
        for second in ordered[i + 1 :]:
            if second.start >= first.end:
                break
            pairs.append((first.session_id, second.session_id))
    return tuple(pairs)


def morning_plan(
    sessions: Iterable[PlanSession],
    day: date,
    tz: tzinfo,
    filled_yesterday: Iterable[FilledUp] = (),
    clashes: Iterable[tuple[str, str]] | None = None,
) -> MorningPlan | None:
    """The person's plan for `day` (sessions starting that day in the event's zone), or None
    when they have nothing that day, so nobody gets an empty DM. Clashes are computed from the
    sessions unless the caller already has them."""
    todays = sorted(
        (s for s in sessions if s.start.astimezone(tz).date() == day),
        key=lambda s: (s.start, s.session_id),
    )
    if not todays:
        return None
    ids = {s.session_id for s in todays}
    pairs = find_clashes(todays) if clashes is None else tuple(clashes)
    pairs = tuple(p for p in pairs if p[0] in ids and p[1] in ids)
    items = tuple(PlanItem(s, _clashing(pairs, s.session_id)) for s in todays)
    filled = tuple(
        sorted(filled_yesterday, key=lambda f: (f.minutes, f.title))[:FILLED_YESTERDAY_LIMIT]
    )
    return MorningPlan(day, items, pairs, filled)


def _clashing(pairs: tuple[tuple[str, str], ...], session_id: str) -> tuple[str, ...]:
    return tuple(b if a == session_id else a for a, b in pairs if session_id in (a, b))
