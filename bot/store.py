"""The one module that owns SQL and the schema.

SQLite through sqlite-utils, schema changes as sqlite-utils `Migrations`. A connection per
unit of work (`connect()`, `transaction()`), WAL and a busy timeout so that threads and
processes can share one file. Writes that must not race (seats) run under `BEGIN IMMEDIATE`.
Instants are stored as UTC unix seconds; event-local strings only where a day is meant.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database, Migrations

BUSY_TIMEOUT_MS = 10_000
migrations = Migrations("summit-bot")


@migrations()
def m001_core(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE sessions (
            id TEXT PRIMARY KEY,
            day TEXT NOT NULL,
            start_ts INTEGER NOT NULL,
            end_ts INTEGER NOT NULL,
            title TEXT NOT NULL,
            title_en TEXT NOT NULL DEFAULT '',
            track TEXT NOT NULL DEFAULT '',
            room TEXT NOT NULL DEFAULT '',
            level TEXT NOT NULL DEFAULT '',
            speakers TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '',
            kind TEXT NOT NULL DEFAULT 'breakout',
            description TEXT NOT NULL DEFAULT '',
            capacity INTEGER,
            capacity_override INTEGER,
            status TEXT NOT NULL DEFAULT 'active',
            updated_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX sessions_day ON sessions(day, start_ts)")
    db.execute(
        """
        CREATE TABLE users (
            id TEXT PRIMARY KEY,
            lang TEXT,
            reminder_minutes INTEGER,
            reminders_off INTEGER NOT NULL DEFAULT 0,
            locale TEXT,
            display_name TEXT,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE registrations (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            user_id TEXT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted')),
            registered_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        )
        """
    )
    db.execute("CREATE INDEX registrations_user ON registrations(user_id)")
    db.execute("CREATE INDEX registrations_status ON registrations(session_id, status)")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta (key, value) VALUES ('agenda_version', '0')")


@migrations()
def m002_delivery(db: Database) -> None:
    """The outbox every outgoing message goes through, the sender's lease, and what capacity
    thresholds each session has crossed.

    Two clocks meet here, so each column says which it uses: `due_at`, `deadline_at`,
    `sent_at` and `crossed_at` are conference-clock unix seconds (a rehearsal decides what is
    due); `retry_at`, `claimed_at`, `created_at` and `expires_at` are wall-clock unix seconds
    (`time.time()`), because pacing, backoff and leases happen in real time."""
    db.execute(
        """
        CREATE TABLE outbox (
            id INTEGER PRIMARY KEY,
            dedupe_key TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            channel TEXT NOT NULL,
            user_id TEXT,
            session_id TEXT,
            facts TEXT NOT NULL DEFAULT '{}',
            due_at REAL NOT NULL,
            deadline_at REAL,
            status TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'dropped')),
            attempts INTEGER NOT NULL DEFAULT 0,
            retry_at REAL NOT NULL DEFAULT 0,
            claimed_by TEXT,
            claimed_at REAL,
            sent_at REAL,
            slack_ts TEXT,
            error TEXT,
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX outbox_queue ON outbox(status, deadline_at, due_at)")
    db.execute("CREATE INDEX outbox_subject ON outbox(session_id, user_id)")
    db.execute(
        "CREATE TABLE leases (name TEXT PRIMARY KEY, holder TEXT NOT NULL, "
        "expires_at REAL NOT NULL)"
    )
    db.execute(
        """
        CREATE TABLE capacity_marks (
            session_id TEXT NOT NULL,
            threshold INTEGER NOT NULL,
            armed INTEGER NOT NULL DEFAULT 1,
            times_crossed INTEGER NOT NULL DEFAULT 0,
            crossed_at REAL,
            PRIMARY KEY (session_id, threshold)
        )
        """
    )


SESSION_COLUMNS = (
    "id", "day", "start_ts", "end_ts", "title", "title_en", "track", "room", "level",
    "speakers", "tags", "kind", "description", "capacity",
)  # fmt: skip


USER_FIELDS = frozenset({"lang", "reminder_minutes", "reminders_off", "locale", "display_name"})


@dataclass(frozen=True)
class SeatResult:
    """What happened to a registration attempt: `status` is one of
    registered, already, full, missing."""

    status: str
    taken: int = 0
    capacity: int | None = None


@dataclass(frozen=True)
class AgendaDiff:
    """What an agenda load changes. `previous` holds the stored row (start_ts, end_ts, room,
    title…) of every moved or cancelled session as it was before the load."""

    added: list[str]
    changed: list[str]
    cancelled: list[str]
    moved: list[str]
    previous: dict[str, dict] = field(default_factory=dict)


@dataclass(frozen=True)
class OutboxMessage:
    """One message to send: `channel` is a channel id or, for a DM, the user id. `facts` are
    what the message will say, rendered when it goes out. Instants are conference-clock unix
    seconds; past `deadline_at` the message is dropped instead of sent."""

    dedupe_key: str
    kind: str
    channel: str
    due_at: float
    deadline_at: float | None
    facts: dict = field(default_factory=dict)
    user_id: str | None = None
    session_id: str | None = None


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

# A pending reminder is still wanted while its registration holds, the user has reminders on,
# and its session is active and still starts when the reminder's deadline says.
_REMINDER_WANTED = """
    EXISTS (
        SELECT 1 FROM registrations r
        JOIN sessions s ON s.id = r.session_id
        LEFT JOIN users u ON u.id = r.user_id
        WHERE r.session_id = outbox.session_id AND r.user_id = outbox.user_id
          AND r.status = 'registered' AND s.status = 'active'
          AND s.start_ts = outbox.deadline_at AND COALESCE(u.reminders_off, 0) = 0
    )
"""

OPEN_STATUSES = ("pending", "sending")


class Store:
    """All reads and writes of the bot's state."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._migrate_lock = threading.Lock()

    # -- connections ------------------------------------------------------------------
    def _open(self) -> Database:
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        return Database(conn, execute_plugins=False)

    @contextmanager
    def connect(self) -> Iterator[Database]:
        """A connection for one unit of read work (or autocommitted single writes)."""
        db = self._open()
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction that holds the write lock from its first statement.

        `BEGIN IMMEDIATE` makes concurrent writers queue on the busy timeout instead of
        reading the same state and failing at commit ("database is locked")."""
        with self.connect() as db:
            db.conn.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.conn.rollback()
                raise
            db.conn.commit()

    def migrate(self) -> None:
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        with self._migrate_lock, self.connect() as db:
            db.enable_wal()
            migrations.apply(db)

    def healthy(self) -> bool:
        try:
            with self.connect() as db:
                db.execute("SELECT 1 FROM sessions LIMIT 1").fetchall()
            return True
        except sqlite3.Error:
            return False

    # -- agenda -----------------------------------------------------------------------
    def agenda_version(self) -> int:
        with self.connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'agenda_version'").fetchone()
        return int(row[0])

    def sessions(self) -> list[dict]:
        """Every session, cancelled ones included, with its effective capacity."""
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT *, COALESCE(capacity_override, capacity) AS seats FROM sessions "
                    "ORDER BY start_ts, id"
                )
            )

    def apply_agenda(self, rows: list[dict], *, cancel_missing: bool, dry_run: bool,
                     notices: NoticeBuilder | None = None) -> AgendaDiff:  # fmt: skip
        """Add and update sessions from an agenda file in one transaction.

        `rows` carry SESSION_COLUMNS. With `cancel_missing`, active sessions absent from
        `rows` are cancelled (the file is the whole agenda). `dry_run` reports only.
        Pending reminders of moved or cancelled sessions are dropped, and the messages
        `notices` builds are queued in the same transaction, so a crash loses neither."""
        if dry_run:
            with self.connect() as db:
                return _agenda_diff(db, rows, cancel_missing)
        now = time.time()
        incoming = {row["id"]: row for row in rows}
        with self.transaction() as db:
            diff = _agenda_diff(db, rows, cancel_missing)
            for sid in diff.added + diff.changed:
                values = [incoming[sid][c] for c in SESSION_COLUMNS]
                db.execute(
                    f"INSERT INTO sessions ({', '.join(SESSION_COLUMNS)}, status, updated_at) "
                    f"VALUES ({', '.join('?' * len(SESSION_COLUMNS))}, 'active', ?) "
                    "ON CONFLICT(id) DO UPDATE SET "
                    + ", ".join(f"{c} = excluded.{c}" for c in SESSION_COLUMNS[1:])
                    + ", status = 'active', updated_at = excluded.updated_at",
                    [*values, now],
                )
            for sid in diff.cancelled:
                db.execute(
                    "UPDATE sessions SET status = 'cancelled', updated_at = ? WHERE id = ?",
                    [now, sid],
                )
            if diff.added or diff.changed or diff.cancelled:
                _bump_agenda_version(db)
            touched = diff.moved + diff.cancelled
            if touched:
                _drop_unwanted_reminders(db, touched)
            if notices is not None and touched:
                version = int(
                    db.execute("SELECT value FROM meta WHERE key = 'agenda_version'").fetchone()[0]
                )
                _enqueue(db, notices(diff, _people(db, touched), version), now=time.time())
        return diff

    def set_capacity_override(self, session_id: str, capacity: int | None) -> bool:
        with self.transaction() as db:
            cur = db.execute(
                "UPDATE sessions SET capacity_override = ?, updated_at = ? WHERE id = ?",
                [capacity, time.time(), session_id],
            )
            if cur.rowcount:
                _bump_agenda_version(db)
            return bool(cur.rowcount)

    # -- registrations ----------------------------------------------------------------
    def take_seat(self, session_id: str, user_id: str, now: float) -> SeatResult:
        """Register `user_id` for `session_id` if a seat is free; atomic across processes."""
        with self.transaction() as db:
            session = db.execute(
                "SELECT COALESCE(capacity_override, capacity) FROM sessions "
                "WHERE id = ? AND status = 'active'",
                [session_id],
            ).fetchone()
            if session is None:
                return SeatResult("missing")
            capacity = session[0]
            taken = _taken(db, session_id)
            mine = db.execute(
                "SELECT status FROM registrations WHERE session_id = ? AND user_id = ?",
                [session_id, user_id],
            ).fetchone()
            if mine and mine[0] == "registered":
                return SeatResult("already", taken, capacity)
            if capacity is not None and taken >= capacity:
                return SeatResult("full", taken, capacity)
            _ensure_user(db, user_id, now)
            db.execute(
                "INSERT INTO registrations (session_id, user_id, status, registered_at) "
                "VALUES (?, ?, 'registered', ?) ON CONFLICT(session_id, user_id) "
                "DO UPDATE SET status = 'registered', registered_at = excluded.registered_at",
                [session_id, user_id, now],
            )
            return SeatResult("registered", taken + 1, capacity)

    def give_back_seat(self, session_id: str, user_id: str) -> str | None:
        """Remove a registration; returns the status it had, or None."""
        with self.transaction() as db:
            row = db.execute(
                "DELETE FROM registrations WHERE session_id = ? AND user_id = ? RETURNING status",
                [session_id, user_id],
            ).fetchone()
        return row[0] if row else None

    def user_registrations(self, user_id: str) -> list[dict]:
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT session_id, status, registered_at FROM registrations "
                    "WHERE user_id = ? ORDER BY registered_at",
                    [user_id],
                )
            )

    def registration_status(self, session_id: str, user_id: str) -> str | None:
        with self.connect() as db:
            row = db.execute(
                "SELECT status FROM registrations WHERE session_id = ? AND user_id = ?",
                [session_id, user_id],
            ).fetchone()
        return row[0] if row else None

    def seats_taken(self, session_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Registered (not waitlisted) counts per session."""
        sql = "SELECT session_id, COUNT(*) FROM registrations WHERE status = 'registered'"
        params: list[str] = []
        if session_ids is not None:
            ids = list(session_ids)
            if not ids:
                return {}
            sql += f" AND session_id IN ({', '.join('?' * len(ids))})"
            params = ids
        with self.connect() as db:
            return dict(db.execute(sql + " GROUP BY session_id", params).fetchall())

    def export_registrations(self, session_id: str | None = None) -> list[dict]:
        sql = "SELECT session_id, user_id, status, registered_at FROM registrations"
        params: list[str] = []
        if session_id:
            sql += " WHERE session_id = ?"
            params = [session_id]
        with self.connect() as db:
            return list(db.query(sql + " ORDER BY session_id, registered_at, user_id", params))

    # -- users ------------------------------------------------------------------------
    def user(self, user_id: str) -> dict | None:
        with self.connect() as db:
            rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
        return rows[0] if rows else None

    def update_user(self, user_id: str, **fields) -> None:
        unknown = set(fields) - USER_FIELDS
        if unknown:
            raise ValueError(f"not user settings: {sorted(unknown)}")
        with self.transaction() as db:
            _ensure_user(db, user_id, time.time())
            assignments = ", ".join(f"{name} = ?" for name in fields)
            db.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*fields.values(), user_id])

    # -- outbox -----------------------------------------------------------------------
    def enqueue(self, messages: Iterable[OutboxMessage]) -> int:
        """Queue messages; a dedupe_key already in the outbox is left as it is."""
        messages = list(messages)
        if not messages:
            return 0
        with self.transaction() as db:
            return _enqueue(db, messages, now=time.time())

    def enqueue_or_refresh(self, messages: Iterable[OutboxMessage]) -> int:
        """Queue messages, or bring a pending or dropped one with the same dedupe_key up to
        date (a new due time, pending again). Sent, failed and in-flight rows stay as they
        are: this is how a reminder follows a lead-time change or a re-registration."""
        messages = list(messages)
        if not messages:
            return 0
        changed = 0
        with self.transaction() as db:
            for m in messages:
                cur = db.execute(
                    "INSERT INTO outbox (dedupe_key, kind, channel, user_id, session_id, facts, "
                    "due_at, deadline_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(dedupe_key) DO UPDATE SET due_at = excluded.due_at, "
                    "facts = excluded.facts, status = 'pending', error = NULL, retry_at = 0 "
                    "WHERE outbox.status = 'dropped' "
                    "OR (outbox.status = 'pending' AND outbox.due_at != excluded.due_at)",
                    _outbox_values(m, time.time()),
                )
                changed += cur.rowcount
        return changed

    def reminders_to_plan(self, now: float, until: float, default_minutes: int) -> list[dict]:
        """Registrations whose reminder falls due by `until`, for sessions starting after
        `now`, that have no outbox row for that session start and due time yet.

        Rows: user_id, session_id, start_ts, lead_minutes (the user's or the default)."""
        lead = "COALESCE(u.reminder_minutes, :default_minutes)"
        with self.connect() as db:
            return list(
                db.query(
                    f"""
                    SELECT r.user_id, s.id AS session_id, s.start_ts, {lead} AS lead_minutes
                    FROM registrations r
                    JOIN sessions s ON s.id = r.session_id
                    LEFT JOIN users u ON u.id = r.user_id
                    WHERE r.status = 'registered' AND s.status = 'active'
                      AND COALESCE(u.reminders_off, 0) = 0
                      AND s.start_ts > :now AND s.start_ts - 60 * {lead} <= :until
                      AND NOT EXISTS (
                        SELECT 1 FROM outbox o
                        WHERE o.kind = 'reminder' AND o.session_id = s.id
                          AND o.user_id = r.user_id AND o.deadline_at = s.start_ts
                          AND (o.status IN ('sending', 'sent', 'failed')
                               OR (o.status = 'pending' AND o.due_at = s.start_ts - 60 * {lead}))
                      )
                    ORDER BY s.start_ts, r.user_id
                    """,
                    {"now": now, "until": until, "default_minutes": default_minutes},
                )
            )

    def drop_unwanted_reminders(self) -> int:
        """Drop pending reminders nobody wants any more (unregistered, reminders off, the
        session cancelled or moved to another start)."""
        with self.transaction() as db:
            return _drop_unwanted_reminders(db)

    def reminder_wanted(self, outbox_id: int) -> bool:
        with self.connect() as db:
            row = db.execute(
                f"SELECT {_REMINDER_WANTED} FROM outbox WHERE id = ?", [outbox_id]
            ).fetchone()
        return bool(row and row[0])

    def claim_next(self, holder: str, now: float, wall_now: float, seconds_per_send: float,
                   margin: float, rush_until: float | None = None) -> dict | None:  # fmt: skip
        """Claim the next message to send, atomically: the one with the earliest deadline,
        then due time, among those due now. When the queue needs all the time left to reach
        every deadline at `seconds_per_send` (conference seconds per message, plus `margin`),
        the earliest deadline goes first even if not yet due: sending starts early. Rows with
        a deadline up to `rush_until` are claimed whether due or not (a fan-out that had to
        start early keeps going at full speed instead of just in time).

        Messages past their deadline are dropped on the way. A row another holder left in
        `sending` (a crashed process) is claimed again: the one possible duplicate.
        Returns the row with `facts` decoded, or None."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'dropped', error = 'deadline passed' "
                "WHERE status IN ('pending', 'sending') AND deadline_at <= ?",
                [now],
            )
            # The latest moment sending can start and still meet every deadline: row k in
            # deadline order must be out by its deadline, after the k-1 ahead of it.
            latest_start = db.execute(
                """
                SELECT MIN(deadline_at - place * :step) FROM (
                    SELECT deadline_at,
                           ROW_NUMBER() OVER (ORDER BY deadline_at, due_at, id) AS place
                    FROM outbox
                    WHERE status IN ('pending', 'sending') AND deadline_at IS NOT NULL)
                """,
                {"step": seconds_per_send},
            ).fetchone()[0]
            urgent = latest_start is not None and latest_start - margin <= now
            cur = db.execute(
                """
                UPDATE outbox SET status = 'sending', claimed_by = :holder,
                    claimed_at = :wall_now, attempts = attempts + 1
                WHERE id = (
                    SELECT id FROM outbox
                    WHERE (status = 'pending' OR (status = 'sending' AND claimed_by != :holder))
                      AND retry_at <= :wall_now
                      AND (due_at <= :now OR :urgent OR deadline_at <= :rush_until)
                    ORDER BY deadline_at IS NULL, deadline_at, due_at, id
                    LIMIT 1)
                RETURNING *
                """,
                {"holder": holder, "wall_now": wall_now, "now": now, "urgent": urgent,
                 "rush_until": rush_until},  # fmt: skip
            )
            rows = cur.fetchall()  # read to the end: a RETURNING statement must finish
            if not rows:
                return None
            names = [d[0] for d in cur.description]
        claimed = dict(zip(names, rows[0], strict=True))
        claimed["facts"] = json.loads(claimed["facts"])
        return claimed

    def next_due_at(self) -> float | None:
        """When the earliest pending message falls due (conference clock)."""
        with self.connect() as db:
            return db.execute(
                "SELECT MIN(due_at) FROM outbox WHERE status = 'pending'"
            ).fetchone()[0]

    def mark_sent(self, outbox_id: int, sent_at: float, slack_ts: str | None) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, slack_ts = ?, error = NULL "
                "WHERE id = ?",
                [sent_at, slack_ts, outbox_id],
            )

    def mark_failed(self, outbox_id: int, error: str) -> None:
        self._close(outbox_id, "failed", error)

    def mark_dropped(self, outbox_id: int, reason: str) -> None:
        self._close(outbox_id, "dropped", reason)

    def retry_later(self, outbox_id: int, holder: str, retry_at: float, error: str) -> None:
        """Give a message `holder` claimed back to the queue, not to be tried before
        `retry_at` (wall clock). A no-op if another holder has claimed it since."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', retry_at = ?, error = ?, claimed_by = NULL "
                "WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                [retry_at, error, outbox_id, holder],
            )

    def _close(self, outbox_id: int, status: str, error: str) -> None:
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = ?, error = ? WHERE id = ?", [status, error, outbox_id]
            )

    def outbox(self, **where: str) -> list[dict]:
        """Outbox rows, oldest first, filtered by equal columns (kind, status, user_id…)."""
        unknown = set(where) - {"kind", "status", "user_id", "session_id", "channel"}
        if unknown:
            raise ValueError(f"not outbox filters: {sorted(unknown)}")
        clause = " AND ".join(f"{name} = :{name}" for name in where) or "1"
        with self.connect() as db:
            rows = list(db.query(f"SELECT * FROM outbox WHERE {clause} ORDER BY id", where))
        for row in rows:
            row["facts"] = json.loads(row["facts"])
        return rows

    def outbox_stats(self) -> dict:
        """depth (pending or in flight), failed, dropped, sent and the last send: its
        conference time and kind."""
        with self.connect() as db:
            counts = dict(
                db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status").fetchall()
            )
            last = db.execute(
                "SELECT sent_at, kind FROM outbox WHERE status = 'sent' "
                "ORDER BY sent_at DESC LIMIT 1"
            ).fetchone()
        return {
            "depth": counts.get("pending", 0) + counts.get("sending", 0),
            "sent": counts.get("sent", 0),
            "failed": counts.get("failed", 0),
            "dropped": counts.get("dropped", 0),
            "last_sent_at": last[0] if last else None,
            "last_sent_kind": last[1] if last else None,
        }

    # -- the sender's lease -----------------------------------------------------------
    def acquire_lease(self, name: str, holder: str, ttl: float, wall_now: float,
                      take_over: str | None = None) -> bool:  # fmt: skip
        """Take or renew the lease `name` for `ttl` seconds (wall clock). It is ours if it
        is free, expired, already ours, or held by `take_over` (a holder known to be dead)."""
        with self.transaction() as db:
            row = db.execute(
                "SELECT holder, expires_at FROM leases WHERE name = ?", [name]
            ).fetchone()
            if row is not None and row[0] not in (holder, take_over) and row[1] > wall_now:
                return False
            db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at",
                [name, holder, wall_now + ttl],
            )
            return True

    def lease(self, name: str) -> dict | None:
        with self.connect() as db:
            rows = list(db.query("SELECT * FROM leases WHERE name = ?", [name]))
        return rows[0] if rows else None

    def release_lease(self, name: str, holder: str) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", [name, holder])

    # -- capacity ---------------------------------------------------------------------
    def fill_levels(self, now: float) -> list[dict]:
        """Active sessions with a capacity that have not ended: id, end_ts, seats, taken."""
        with self.connect() as db:
            return list(
                db.query(
                    """
                    SELECT s.id, s.end_ts, COALESCE(s.capacity_override, s.capacity) AS seats,
                           COUNT(r.user_id) AS taken
                    FROM sessions s
                    LEFT JOIN registrations r ON r.session_id = s.id AND r.status = 'registered'
                    WHERE s.status = 'active' AND s.end_ts > ?
                      AND COALESCE(s.capacity_override, s.capacity) > 0
                    GROUP BY s.id
                    """,
                    [now],
                )
            )

    def capacity_marks(self) -> dict[tuple[str, int], CapacityMark]:
        with self.connect() as db:
            rows = db.execute(
                "SELECT session_id, threshold, armed, times_crossed, crossed_at "
                "FROM capacity_marks"
            ).fetchall()
        return {(r[0], r[1]): CapacityMark(r[0], r[1], bool(r[2]), r[3], r[4]) for r in rows}

    def save_capacity_marks(self, marks: Iterable[CapacityMark],
                            messages: Iterable[OutboxMessage] = ()) -> None:  # fmt: skip
        """Record threshold state and queue its alerts together: a crash can't leave a
        threshold marked as crossed with its alert never queued."""
        with self.transaction() as db:
            for m in marks:
                db.execute(
                    "INSERT INTO capacity_marks (session_id, threshold, armed, times_crossed, "
                    "crossed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(session_id, threshold) DO "
                    "UPDATE SET armed = excluded.armed, times_crossed = excluded.times_crossed, "
                    "crossed_at = excluded.crossed_at",
                    [m.session_id, m.threshold, int(m.armed), m.times_crossed, m.crossed_at],
                )
            _enqueue(db, list(messages), now=time.time())


def _agenda_diff(db: Database, rows: list[dict], cancel_missing: bool) -> AgendaDiff:
    incoming = {row["id"]: row for row in rows}
    existing = {r["id"]: r for r in db.query("SELECT * FROM sessions")}
    added, changed, moved = [], [], []
    for sid, row in incoming.items():
        old = existing.get(sid)
        if old is None:
            added.append(sid)
            continue
        if old["status"] != "active" or any(old[c] != row[c] for c in SESSION_COLUMNS):
            changed.append(sid)
        place = ("start_ts", "end_ts", "room")
        if old["status"] == "active" and any(old[c] != row[c] for c in place):
            moved.append(sid)
    cancelled = []
    if cancel_missing:
        cancelled = sorted(
            sid for sid, r in existing.items() if sid not in incoming and r["status"] == "active"
        )
    previous = {sid: existing[sid] for sid in moved + cancelled}
    return AgendaDiff(added, changed, cancelled, moved, previous)


def _outbox_values(m: OutboxMessage, now: float) -> list:
    return [m.dedupe_key, m.kind, m.channel, m.user_id, m.session_id,
            json.dumps(m.facts, ensure_ascii=False), m.due_at, m.deadline_at, now]  # fmt: skip


def _enqueue(db: Database, messages: list[OutboxMessage], now: float) -> int:
    added = 0
    for m in messages:
        cur = db.execute(
            "INSERT OR IGNORE INTO outbox (dedupe_key, kind, channel, user_id, session_id, facts, "
            "due_at, deadline_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _outbox_values(m, now),
        )
        added += cur.rowcount
    return added


def _drop_unwanted_reminders(db: Database, session_ids: list[str] | None = None) -> int:
    sql = (
        "UPDATE outbox SET status = 'dropped', error = 'no longer wanted' "
        f"WHERE kind = 'reminder' AND status = 'pending' AND NOT {_REMINDER_WANTED}"
    )
    params: list[str] = []
    if session_ids is not None:
        sql += f" AND session_id IN ({', '.join('?' * len(session_ids))})"
        params = session_ids
    return db.execute(sql, params).rowcount


def _people(db: Database, session_ids: list[str]) -> dict[str, list[str]]:
    """Everyone holding a seat or a waitlist place, per session."""
    people: dict[str, list[str]] = {sid: [] for sid in session_ids}
    rows = db.execute(
        f"SELECT session_id, user_id FROM registrations "
        f"WHERE session_id IN ({', '.join('?' * len(session_ids))}) ORDER BY registered_at",
        session_ids,
    ).fetchall()
    for session_id, user_id in rows:
        people[session_id].append(user_id)
    return people


def _taken(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'registered'",
        [session_id],
    ).fetchone()[0]


def _ensure_user(db: Database, user_id: str, now: float) -> None:
    db.execute("INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)", [user_id, now])


def _bump_agenda_version(db: Database) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'agenda_version'")
