"""The rules the store enforces in SQL, each written once and named: a session's seats and
the one free-seat rule, the waitlist's order and its settling into free seats (which queues
the promotion DMs in the same transaction), and when a queued reminder is still wanted.

Every function here runs on the caller's connection, inside the caller's transaction when it
writes: that is what makes a count and the change it decides one atomic step.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator

from sqlite_utils import Database

from bot.outbox import promotion
from bot.outbox.message import OutboxMessage
from bot.store.records import Promotion

# A session's seats: an organiser's override, else the agenda file's capacity; NULL means
# unlimited. Written inline wherever SQL needs a session's seats.
SEATS = "COALESCE(capacity_override, capacity)"

# A waitlisted registration `r`'s 1-based place: FIFO by registered_at, then rowid. The same
# order `settle` promotes in.
PLACE_SQL = (
    "SELECT COUNT(*) FROM registrations w WHERE w.session_id = r.session_id "
    "AND w.status = 'waitlisted' AND (w.registered_at < r.registered_at "
    "OR (w.registered_at = r.registered_at AND w.rowid <= r.rowid))"
)
QUEUE_ORDER = "registered_at, rowid"

# "Reminder wanted": a pending reminder is still wanted while its registration holds, the
# user has reminders on, and its session is active and still starts when the reminder's
# deadline says.
REMINDER_WANTED = """
    EXISTS (
        SELECT 1 FROM registrations r
        JOIN sessions s ON s.id = r.session_id
        LEFT JOIN users u ON u.id = r.user_id
        WHERE r.session_id = outbox.session_id AND r.user_id = outbox.user_id
          AND r.status = 'registered' AND s.status = 'active'
          AND s.start_ts = outbox.deadline_at AND COALESCE(u.reminders_off, 0) = 0
    )
"""

# Claim order: which outbox row the sender takes next, as (condition, order) looks tried in
# turn. A row a dead holder left in flight goes first; then deadlines, earliest first (then due
# time); then messages without one. Three narrow looks instead of one OR: each walks the
# (status, deadline_at, due_at) index in order and stops at the first row, where one query
# with an OR sorted the whole queue for every message.
CLAIM_ORDER = (
    ("status = 'sending' AND claimed_by != :holder",
     "deadline_at IS NULL, deadline_at, due_at, id"),
    ("status = 'pending' AND deadline_at IS NOT NULL", "deadline_at, due_at, id"),
    ("status = 'pending' AND deadline_at IS NULL", "due_at, id"),
)

UNLIMITED = float("inf")


def active_capacity(db: Database, session_id: str) -> tuple[int | None] | None:
    """(seats,) of an active session, None when it is unknown or cancelled."""
    return db.execute(
        f"SELECT {SEATS} FROM sessions WHERE id = ? AND status = 'active'", [session_id]
    ).fetchone()


def taken(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'registered'",
        [session_id],
    ).fetchone()[0]


def waiting_count(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'waitlisted'",
        [session_id],
    ).fetchone()[0]


def seat_open(capacity: int | None, taken: int, waiting: int) -> bool:
    """The free-seat rule: a newcomer gets a seat now when the session has no capacity, or a
    seat nobody holds and nobody queueing for it (the waitlist is first come, first served).
    The one place this is decided, from counts read in SQL here or shown on screen."""
    return capacity is None or (taken < capacity and not waiting)


def free_seats(db: Database, session_id: str) -> float:
    """Seats of an active session nobody holds, for the waitlist to take (`settle`).
    UNLIMITED for a session without a capacity, 0 for a full, cancelled or unknown one."""
    row = active_capacity(db, session_id)
    if row is None:
        return 0
    if row[0] is None:
        return UNLIMITED
    return max(0, row[0] - taken(db, session_id))


def seat_for_newcomer(db: Database, session_id: str) -> bool:
    """`seat_open` for an active session, from its counts now (False when it is cancelled
    or unknown)."""
    row = active_capacity(db, session_id)
    if row is None:
        return False
    return seat_open(row[0], taken(db, session_id), waiting_count(db, session_id))


def seat_status(db: Database, session_id: str, user_id: str) -> str | None:
    row = db.execute(
        "SELECT status FROM registrations WHERE session_id = ? AND user_id = ?",
        [session_id, user_id],
    ).fetchone()
    return row[0] if row else None


def waitlist_place(db: Database, session_id: str, user_id: str) -> int:
    return db.execute(
        f"SELECT ({PLACE_SQL}) FROM registrations r WHERE r.session_id = ? AND r.user_id = ?",
        [session_id, user_id],
    ).fetchone()[0]


def insert_registration(db: Database, session_id: str, user_id: str, status: str,
                        now: float) -> None:  # fmt: skip
    db.execute(
        "INSERT INTO registrations (session_id, user_id, status, registered_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(session_id, user_id) "
        "DO UPDATE SET status = excluded.status, registered_at = excluded.registered_at",
        [session_id, user_id, status, now],
    )
    if status == "registered":
        record_seat_change(db, session_id, user_id, +1, now)


def record_seat_change(db: Database, session_id: str, user_id: str, delta: int,
                       at: float) -> None:  # fmt: skip
    """A seat taken (+1) or given back (-1), in the caller's transaction: the fill-up chart's
    history is exactly the seats' own."""
    db.execute(
        "INSERT INTO seat_changes (session_id, user_id, delta, at) VALUES (?, ?, ?, ?)",
        [session_id, user_id, delta, at],
    )


def settle(db: Database, session_id: str, now: float) -> list[Promotion]:
    """Promotion: the first in line gets every free seat of an active session that has not
    ended. Runs inside the caller's write transaction, which is what makes it exact: the
    count of free seats and the promotions are one atomic step. The caller tells the
    promoted with `announce_promotions`, in the same transaction."""
    ended = db.execute(
        "SELECT 1 FROM sessions WHERE id = ? AND end_ts <= ?", [session_id, now]
    ).fetchone()
    free = 0 if ended else free_seats(db, session_id)
    if not free:
        return []
    limit = -1 if free == UNLIMITED else int(free)  # SQLite's "no LIMIT" takes everyone
    users = [
        r[0]
        for r in db.execute(
            "SELECT user_id FROM registrations WHERE session_id = ? AND status = 'waitlisted' "
            f"ORDER BY {QUEUE_ORDER} LIMIT ?",
            [session_id, limit],
        )
    ]
    for user_id in users:
        # registered_at becomes the time the seat was taken: it is a registration from now on.
        db.execute(
            "UPDATE registrations SET status = 'registered', registered_at = ? "
            "WHERE session_id = ? AND user_id = ?",
            [now, session_id, user_id],
        )
        record_seat_change(db, session_id, user_id, +1, now)
    return [Promotion(session_id, user_id, now) for user_id in users]


def announce_promotions(db: Database, promotions: Iterable[Promotion]) -> None:
    """Queue each promotion's DM in the caller's transaction: the seat and the message that
    tells of it commit together or not at all."""
    messages = []
    for p in promotions:
        end = db.execute("SELECT end_ts FROM sessions WHERE id = ?", [p.session_id]).fetchone()
        messages.append(promotion.queued(p.session_id, p.user_id, p.at, end[0]))
    insert_messages(db, messages, now=time.time())


def settle_and_announce(db: Database, session_id: str, now: float) -> list[Promotion]:
    """`settle`, with the promoted told (their DMs queued) in the same transaction."""
    promoted = settle(db, session_id, now)
    announce_promotions(db, promoted)
    return promoted


def outbox_values(m: OutboxMessage, now: float) -> list:
    return [m.dedupe_key, m.kind, m.channel, m.user_id, m.session_id,
            json.dumps(m.facts, ensure_ascii=False), m.due_at, m.deadline_at, now]  # fmt: skip


def insert_messages(db: Database, messages: list[OutboxMessage], now: float) -> int:
    """Queue messages on the caller's connection; a dedupe_key already queued is left as it
    is (that is what makes planning idempotent). `now` is the wall-clock created_at."""
    added = 0
    for m in messages:
        cur = db.execute(
            "INSERT OR IGNORE INTO outbox (dedupe_key, kind, channel, user_id, session_id, facts, "
            "due_at, deadline_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            outbox_values(m, now),
        )
        added += cur.rowcount
    return added


def drop_unwanted(db: Database, session_ids: list[str] | None = None) -> int:
    """Drop the pending reminders (of these sessions) that REMINDER_WANTED no longer holds."""
    sql = (
        "UPDATE outbox SET status = 'dropped', error = 'no longer wanted' "
        f"WHERE kind = 'reminder' AND status = 'pending' AND NOT {REMINDER_WANTED}"
    )
    params: list[str] = []
    if session_ids is not None:
        sql += f" AND session_id IN ({marks(len(session_ids))})"
        params = session_ids
    return db.execute(sql, params).rowcount


def ensure_user(db: Database, user_id: str, now: float) -> None:
    db.execute("INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)", [user_id, now])


def bump_agenda_version(db: Database) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'agenda_version'")


def marks(count: int) -> str:
    """`?, ?, ?` for an IN list of `count` values."""
    return ", ".join("?" * count)


def chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

