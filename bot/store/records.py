"""What the store returns and takes: plain frozen records, and the column lists that say
which fields a table has."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from bot.outbox.message import OutboxMessage

SESSION_COLUMNS = (
    "id", "day", "start_ts", "end_ts", "title", "title_en", "track", "room", "level",
    "speakers", "tags", "kind", "description", "capacity",
)  # fmt: skip


USER_FIELDS = frozenset({"lang", "reminder_minutes", "reminders_off", "locale", "display_name",
                         "home_opened_at", "feedback_opt_out", "digest_opt_out"})  # fmt: skip


# Tables holding a user's rows (besides `registrations` and `users`) that `forget_user`
# deletes: (table, user column). A feature that stores per-user data adds its line here.
USER_DATA_TABLES: tuple[tuple[str, str], ...] = (
    ("interests", "user_id"),
    ("notes", "user_id"),
    ("note_drafts", "user_id"),
    # Messages to or about the user, sent or not: their DMs' contents are theirs too.
    ("outbox", "user_id"),
    ("calendar_tokens", "user_id"),
    ("feed_sequences", "user_id"),
    ("seat_changes", "user_id"),
    ("feedback", "user_id"),
)


@dataclass(frozen=True)
class Promotion:
    """A waitlisted user who got a seat, at `at` (UTC seconds)."""

    session_id: str
    user_id: str
    at: float


@dataclass(frozen=True)
class SeatResult:
    """What happened to a registration attempt: `status` is one of registered, already,
    waitlisted, already_waitlisted, missing. `place` is the 1-based waitlist place;
    `promoted` are other users who got seats in the same transaction."""

    status: str
    taken: int = 0
    capacity: int | None = None
    place: int | None = None
    promoted: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class Release:
    """A seat or waitlist place given back: `status` is what it was (None: nothing held)."""

    status: str | None
    promoted: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class CapacityChange:
    old: int | None
    new: int | None
    taken: int
    waiting: int
    promoted: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class SwitchResult:
    """`status`: switched, full (nothing changed), already, missing."""

    status: str
    dropped: tuple[str, ...] = ()
    promoted: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class Forgotten:
    """What `forget_user` deleted: row counts by kind (registrations, waitlist, settings and
    each of USER_DATA_TABLES), and who got the freed seats."""

    counts: dict[str, int]
    promoted: tuple[Promotion, ...] = ()


@dataclass(frozen=True)
class SessionStats:
    registered: int = 0
    waitlisted: int = 0
    interested: int = 0
    recent: int = 0


@dataclass(frozen=True)
class AgendaDiff:
    """What an agenda load changes. `previous` holds the stored row (start_ts, end_ts, room,
    title…) of every moved or cancelled session as it was before the load; `promoted`, who
    got a seat because a changed session now has room."""

    added: list[str]
    changed: list[str]
    cancelled: list[str]
    moved: list[str]
    previous: dict[str, dict] = field(default_factory=dict)
    promoted: list[Promotion] = field(default_factory=list)


@dataclass(frozen=True)
class CapacityMark:
    """Whether a session's fill level may cross `threshold` again (`armed`), how often it has,
    and when it last did (conference clock)."""

    session_id: str
    threshold: int
    armed: bool = True
    times_crossed: int = 0
    crossed_at: float | None = None


# Agenda-change notices are built by the domain from the diff and each affected session's
# people ({session_id: [user_id]}) and the new agenda version, inside the load's transaction.
NoticeBuilder = Callable[[AgendaDiff, dict[str, list[str]], int], list[OutboxMessage]]
