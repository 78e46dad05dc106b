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
from types import EllipsisType

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


@migrations()
def m010_notes(db: Database) -> None:
    """Attendees' notes on sessions, and notes waiting for their author to pick a session."""
    db.execute(
        """
        CREATE TABLE notes (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            session_id TEXT NOT NULL REFERENCES sessions(id),
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            created_at REAL NOT NULL,
            updated_at REAL NOT NULL,
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut'))
        )
        """
    )
    db.execute("CREATE INDEX notes_session ON notes(session_id, created_at)")
    db.execute("CREATE INDEX notes_user ON notes(user_id, created_at)")
    # A note whose session the bot could not tell from the clock waits here until its author
    # presses a session button: the text is too long to ride in a button value.
    db.execute(
        """
        CREATE TABLE note_drafts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id TEXT NOT NULL,
            text TEXT NOT NULL,
            private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
            source TEXT NOT NULL CHECK (source IN ('command', 'shortcut')),
            created_at REAL NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX note_drafts_user ON note_drafts(user_id, created_at)")


@migrations()
def m020_waitlist_interest(db: Database) -> None:
    # A star on a session ("Interested") holds no seat; it is who gets nudged when it fills.
    db.execute(
        """
        CREATE TABLE interests (
            session_id TEXT NOT NULL REFERENCES sessions(id),
            user_id TEXT NOT NULL,
            created_at REAL NOT NULL,
            PRIMARY KEY (session_id, user_id)
        )
        """
    )
    db.execute("CREATE INDEX interests_user ON interests(user_id)")
    # The waitlist is read in this order (FIFO) on every promotion and every "place" shown.
    db.execute(
        "CREATE INDEX registrations_queue ON registrations(session_id, status, registered_at)"
    )


@migrations()
def m030_home_opened(db: Database) -> None:
    # Home tabs are republished after changes only for people who have looked at theirs:
    # views.publish has a per-workspace rate limit, and most attendees never open the tab.
    db.execute("ALTER TABLE users ADD COLUMN home_opened_at REAL")


SESSION_COLUMNS = (
    "id", "day", "start_ts", "end_ts", "title", "title_en", "track", "room", "level",
    "speakers", "tags", "kind", "description", "capacity",
)  # fmt: skip


USER_FIELDS = frozenset({"lang", "reminder_minutes", "reminders_off", "locale", "display_name",
                         "home_opened_at"})  # fmt: skip


# Tables holding a user's rows (besides `registrations` and `users`) that `forget_user`
# deletes: (table, user column). A feature that stores per-user data adds its line here.
USER_DATA_TABLES: tuple[tuple[str, str], ...] = (
    ("interests", "user_id"),
    ("notes", "user_id"),
    ("note_drafts", "user_id"),
    # Messages to or about the user, sent or not: their DMs' contents are theirs too.
    ("outbox", "user_id"),
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

    def backup(self, target: str | Path) -> int:
        """A consistent copy of the live database (SQLite's online backup API): safe while the
        bot writes. Written beside `target` first and renamed, so a half copy never looks
        whole. Returns the copy's size in bytes."""
        target = Path(target)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        with self.connect() as db:
            copy = sqlite3.connect(partial)
            try:
                db.conn.backup(copy)
            finally:
                copy.close()
        partial.replace(target)
        return target.stat().st_size

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

    def agenda_zone(self) -> str | None:
        """The event's time zone as the last agenda load stored it (None: never stored)."""
        return self._meta("agenda_zone")

    def agenda_zone_chosen(self) -> bool:
        """Whether the stored zone was an operator's `--tz` choice rather than the file's."""
        return self._meta("agenda_zone_chosen") == "1"

    def set_agenda_zone(self, zone: str, chosen: bool = False) -> None:
        self._set_meta("agenda_zone", zone)
        self._set_meta("agenda_zone_chosen", "1" if chosen else "0")

    def agenda_source(self) -> dict:
        """The live agenda URL's fetch state (ETag, last good fetch, last error, sessions
        missing once), as `bot.agenda.live` last saved it."""
        raw = self._meta("agenda_source")
        return json.loads(raw) if raw else {}

    def set_agenda_source(self, state: dict) -> None:
        self._set_meta("agenda_source", json.dumps(state, sort_keys=True))

    def _meta(self, key: str) -> str | None:
        with self.connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) "
                       "DO UPDATE SET value = excluded.value", [key, value])  # fmt: skip

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
                     now: float | None = None,
                     notices: NoticeBuilder | None = None) -> AgendaDiff:  # fmt: skip
        """Add and update sessions from an agenda file in one transaction.

        `rows` carry SESSION_COLUMNS. With `cancel_missing`, active sessions absent from
        `rows` are cancelled (the file is the whole agenda). `dry_run` reports only. A changed
        session whose capacity now has room promotes from its waitlist (`diff.promoted`);
        `now` is the conference time that decides which sessions have ended. Pending
        reminders of moved or cancelled sessions are dropped, and the messages `notices`
        builds are queued in the same transaction, so a crash loses neither."""
        if dry_run:
            with self.connect() as db:
                return _agenda_diff(db, rows, cancel_missing)
        written = time.time()  # updated_at: the real time of the write
        at = written if now is None else now  # which sessions have ended: conference time
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
                    [*values, written],
                )
            for sid in diff.cancelled:
                db.execute(
                    "UPDATE sessions SET status = 'cancelled', updated_at = ? WHERE id = ?",
                    [written, sid],
                )
            if diff.added or diff.changed or diff.cancelled:
                _bump_agenda_version(db)
            for sid in diff.changed:
                diff.promoted.extend(_settle(db, sid, at))
            touched = diff.moved + diff.cancelled
            if touched:
                _drop_unwanted_reminders(db, touched)
            if notices is not None and touched:
                version = int(
                    db.execute("SELECT value FROM meta WHERE key = 'agenda_version'").fetchone()[0]
                )
                _enqueue(db, notices(diff, _people(db, touched), version), now=written)
        return diff

    def set_capacity_override(self, session_id: str, capacity: int | None,
                              now: float | None = None) -> CapacityChange | None:  # fmt: skip
        """An organiser's capacity, kept across reloads. Raising it promotes from the waitlist
        in the same transaction; lowering it evicts no one, it only stops new seats.
        None when there is no such session."""
        now = time.time() if now is None else now
        with self.transaction() as db:
            row = db.execute(
                "SELECT COALESCE(capacity_override, capacity) FROM sessions WHERE id = ?",
                [session_id],
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE sessions SET capacity_override = ?, updated_at = ? WHERE id = ?",
                [capacity, time.time(), session_id],
            )
            _bump_agenda_version(db)
            promoted = _settle(db, session_id, now)
            return CapacityChange(row[0], capacity, _taken(db, session_id),
                                  _waiting(db, session_id), tuple(promoted))  # fmt: skip

    # -- registrations ----------------------------------------------------------------
    def take_seat(self, session_id: str, user_id: str, now: float) -> SeatResult:
        """Register `user_id` for `session_id`, or put them at the end of its waitlist when it
        is full; atomic across threads and processes."""
        with self.transaction() as db:
            session = _active_seats(db, session_id)
            if session is None:
                return SeatResult("missing")
            capacity = session[0]
            # Seats freed without a promotion (an agenda file loaded from the command line)
            # go to the queue before anyone new: the waitlist is first come, first served.
            promoted = _settle(db, session_id, now)
            others = tuple(p for p in promoted if p.user_id != user_id)
            mine = _status(db, session_id, user_id)
            taken = _taken(db, session_id)
            if mine == "registered":
                status = "registered" if len(others) < len(promoted) else "already"
                return SeatResult(status, taken, capacity, promoted=others)
            if mine == "waitlisted":
                return SeatResult("already_waitlisted", taken, capacity,
                                  _place(db, session_id, user_id), others)  # fmt: skip
            _ensure_user(db, user_id, now)
            if capacity is None or (taken < capacity and not _waiting(db, session_id)):
                _insert_registration(db, session_id, user_id, "registered", now)
                return SeatResult("registered", taken + 1, capacity, promoted=others)
            # `now` was read before this transaction got the lock; joining the line no earlier
            # than its current end keeps (registered_at, rowid) in arrival order, so a place
            # once told only ever improves.
            last = db.execute(
                "SELECT MAX(registered_at) FROM registrations "
                "WHERE session_id = ? AND status = 'waitlisted'",
                [session_id],
            ).fetchone()[0]
            joined = now if last is None else max(now, last)
            _insert_registration(db, session_id, user_id, "waitlisted", joined)
            return SeatResult("waitlisted", taken, capacity, _place(db, session_id, user_id),
                              others)  # fmt: skip

    def give_back_seat(self, session_id: str, user_id: str, now: float) -> Release:
        """Remove a registration or waitlist place; a freed seat goes to the first in line in
        the same transaction, so two releases can never promote one person twice."""
        with self.transaction() as db:
            row = db.execute(
                "DELETE FROM registrations WHERE session_id = ? AND user_id = ? RETURNING status",
                [session_id, user_id],
            ).fetchone()
            if row is None:
                return Release(None)
            promoted = _settle(db, session_id, now) if row[0] == "registered" else []
            return Release(row[0], tuple(promoted))

    def switch_seats(self, user_id: str, take_id: str, drop_ids: Iterable[str],
                     now: float) -> SwitchResult:  # fmt: skip
        """Give back the seats in `drop_ids` and take one in `take_id`, all or nothing: when
        `take_id` has no free seat nothing changes (status `full`)."""
        with self.transaction() as db:
            session = _active_seats(db, take_id)
            if session is None:
                return SwitchResult("missing")
            capacity = session[0]
            promoted = _settle(db, take_id, now)
            if _status(db, take_id, user_id) == "registered":
                return SwitchResult("already", promoted=tuple(promoted))
            full = capacity is not None and (
                _taken(db, take_id) >= capacity or _waiting(db, take_id)
            )
            if full:
                return SwitchResult("full", promoted=tuple(promoted))
            dropped = []
            for sid in dict.fromkeys(drop_ids):
                row = db.execute(
                    "DELETE FROM registrations WHERE session_id = ? AND user_id = ? "
                    "AND status = 'registered' RETURNING session_id",
                    [sid, user_id],
                ).fetchone()
                if row:
                    dropped.append(sid)
                    promoted.extend(_settle(db, sid, now))
            _ensure_user(db, user_id, now)
            _insert_registration(db, take_id, user_id, "registered", now)
            return SwitchResult("switched", tuple(dropped), tuple(promoted))

    def user_registrations(self, user_id: str) -> list[dict]:
        """The user's registrations and waitlist places (`place`, 1-based; None when
        registered), oldest first."""
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT r.session_id, r.status, r.registered_at, CASE r.status "
                    f"WHEN 'waitlisted' THEN ({PLACE_SQL}) END AS place "
                    "FROM registrations r WHERE r.user_id = ? ORDER BY r.registered_at",
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
        return self._counts("registered", session_ids)

    def waiting(self, session_ids: Iterable[str] | None = None) -> dict[str, int]:
        """Waitlist lengths per session."""
        return self._counts("waitlisted", session_ids)

    def _counts(self, status: str, session_ids: Iterable[str] | None) -> dict[str, int]:
        sql = "SELECT session_id, COUNT(*) FROM registrations WHERE status = ?"
        params: list[str] = [status]
        if session_ids is not None:
            ids = list(session_ids)
            if not ids:
                return {}
            sql += f" AND session_id IN ({', '.join('?' * len(ids))})"
            params += ids
        with self.connect() as db:
            return dict(db.execute(sql + " GROUP BY session_id", params).fetchall())

    def session_stats(self, since: float) -> dict[str, SessionStats]:
        """Per session: registered, waitlisted, interested, and seats taken since `since`."""
        stats: dict[str, dict[str, int]] = {}
        with self.connect() as db:
            for sid, status, count, recent in db.execute(
                "SELECT session_id, status, COUNT(*), SUM(registered_at >= ?) "
                "FROM registrations GROUP BY session_id, status",
                [since],
            ):
                stats.setdefault(sid, {})[status] = count
                if status == "registered":
                    stats[sid]["recent"] = recent
            for sid, count in db.execute(
                "SELECT session_id, COUNT(*) FROM interests GROUP BY session_id"
            ):
                stats.setdefault(sid, {})["interested"] = count
        return {sid: SessionStats(**values) for sid, values in stats.items()}

    def export_registrations(self, session_id: str | None = None) -> list[dict]:
        sql = "SELECT session_id, user_id, status, registered_at FROM registrations"
        params: list[str] = []
        if session_id:
            sql += " WHERE session_id = ?"
            params = [session_id]
        with self.connect() as db:
            return list(db.query(sql + " ORDER BY session_id, registered_at, user_id", params))

    # -- interest -----------------------------------------------------------------------
    def toggle_interest(self, session_id: str, user_id: str, now: float) -> bool | None:
        """Star or unstar a session; True when it is now starred, None if no such session."""
        with self.transaction() as db:
            if not db.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone():
                return None
            removed = db.execute(
                "DELETE FROM interests WHERE session_id = ? AND user_id = ?",
                [session_id, user_id],
            ).rowcount
            if removed:
                return False
            _ensure_user(db, user_id, now)
            db.execute(
                "INSERT INTO interests (session_id, user_id, created_at) VALUES (?, ?, ?)",
                [session_id, user_id, now],
            )
            return True

    def user_interests(self, user_id: str) -> set[str]:
        with self.connect() as db:
            rows = db.execute("SELECT session_id FROM interests WHERE user_id = ?", [user_id])
            return {r[0] for r in rows}

    def interested_without_seat(self, session_id: str) -> list[str]:
        """Users who starred the session and hold neither a seat nor a waitlist place."""
        with self.connect() as db:
            rows = db.execute(
                "SELECT i.user_id FROM interests i WHERE i.session_id = ? AND NOT EXISTS "
                "(SELECT 1 FROM registrations r WHERE r.session_id = i.session_id "
                "AND r.user_id = i.user_id) ORDER BY i.created_at, i.user_id",
                [session_id],
            )
            return [r[0] for r in rows]

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

    def display_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Cached Slack display names of these users (those that have one)."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return {}
        with self.connect() as db:
            rows = db.execute(
                f"SELECT id, display_name FROM users WHERE id IN ({', '.join('?' * len(ids))}) "
                "AND display_name IS NOT NULL AND display_name != ''",
                ids,
            ).fetchall()
        return dict(rows)

    # -- notes ------------------------------------------------------------------------
    # Every statement that touches one note names its author too, so a user can only ever
    # read, change or delete their own notes, whatever id they send.
    def add_note(self, user_id: str, session_id: str, text: str, *, private: bool,
                 source: str, now: float) -> int:  # fmt: skip
        with self.transaction() as db:
            _ensure_user(db, user_id, now)
            cur = db.execute(
                "INSERT INTO notes (user_id, session_id, text, private, created_at, updated_at, "
                "source) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [user_id, session_id, text, int(private), now, now, source],
            )
            return cur.lastrowid

    def user_note(self, user_id: str, note_id: int) -> dict | None:
        with self.connect() as db:
            rows = list(
                db.query("SELECT * FROM notes WHERE id = ? AND user_id = ?", [note_id, user_id])
            )
        return rows[0] if rows else None

    def note_count(self, user_id: str) -> int:
        with self.connect() as db:
            row = db.execute("SELECT COUNT(*) FROM notes WHERE user_id = ?", [user_id])
            return row.fetchone()[0]

    def user_notes(self, user_id: str, session_ids: Iterable[str] | None = None) -> list[dict]:
        """The user's notes in the order they were written, optionally on some sessions only."""
        sql = "SELECT * FROM notes WHERE user_id = ?"
        params: list = [user_id]
        if session_ids is not None:
            ids = list(session_ids)
            if not ids:
                return []
            sql += f" AND session_id IN ({', '.join('?' * len(ids))})"
            params += ids
        with self.connect() as db:
            return list(db.query(sql + " ORDER BY created_at, id", params))

    def update_note(self, user_id: str, note_id: int, *, now: float, text: str | None = None,
                    private: bool | None = None) -> bool:  # fmt: skip
        fields: dict = {"updated_at": now}
        if text is not None:
            fields["text"] = text
        if private is not None:
            fields["private"] = int(private)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with self.transaction() as db:
            cur = db.execute(
                f"UPDATE notes SET {assignments} WHERE id = ? AND user_id = ?",
                [*fields.values(), note_id, user_id],
            )
            return bool(cur.rowcount)

    def delete_note(self, user_id: str, note_id: int) -> bool:
        with self.transaction() as db:
            cur = db.execute("DELETE FROM notes WHERE id = ? AND user_id = ?", [note_id, user_id])
            return bool(cur.rowcount)

    def session_notes(self, session_ids: Iterable[str], *, shared_only: bool,
                      until: float | None = None) -> list[dict]:  # fmt: skip
        """Everyone's notes on these sessions in writing order; `shared_only` leaves private
        notes out, `until` those written after that instant."""
        ids = list(session_ids)
        if not ids:
            return []
        sql = f"SELECT * FROM notes WHERE session_id IN ({', '.join('?' * len(ids))})"
        params: list = ids
        if shared_only:
            sql += " AND private = 0"
        if until is not None:
            sql += " AND created_at <= ?"
            params = [*ids, until]
        with self.connect() as db:
            return list(db.query(sql + " ORDER BY created_at, id", params))

    def note_counts(self, session_ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Per author of any note (private or shared) on these sessions: how many notes, on
        how many sessions. One query, whatever the number of authors."""
        ids = list(session_ids)
        if not ids:
            return {}
        with self.connect() as db:
            rows = db.execute(
                "SELECT user_id, COUNT(*), COUNT(DISTINCT session_id) FROM notes "
                f"WHERE session_id IN ({', '.join('?' * len(ids))}) "
                "GROUP BY user_id ORDER BY user_id",
                ids,
            ).fetchall()
        return {user: (count, sessions) for user, count, sessions in rows}

    def user_langs(self, user_ids: Iterable[str]) -> dict[str, str]:
        """The language each of these users chose, for those who chose one."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return {}
        with self.connect() as db:
            rows = db.execute(
                f"SELECT id, lang FROM users WHERE id IN ({', '.join('?' * len(ids))}) "
                "AND lang IS NOT NULL",
                ids,
            ).fetchall()
        return dict(rows)

    def add_note_draft(self, user_id: str, text: str, *, private: bool, source: str,
                       now: float, keep_seconds: float = 86_400) -> int:  # fmt: skip
        """Park a note until its author picks a session; drafts nobody picked for
        `keep_seconds` are dropped on the way, so they never pile up."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM note_drafts WHERE user_id = ? AND created_at < ?",
                [user_id, now - keep_seconds],
            )
            cur = db.execute(
                "INSERT INTO note_drafts (user_id, text, private, source, created_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [user_id, text, int(private), source, now],
            )
            return cur.lastrowid

    def take_note_draft(self, user_id: str, draft_id: int) -> dict | None:
        """Remove and return the user's draft: a second click finds nothing."""
        with self.transaction() as db:
            cur = db.execute(
                "DELETE FROM note_drafts WHERE id = ? AND user_id = ? "
                "RETURNING id, user_id, text, private, source, created_at",
                [draft_id, user_id],
            )
            row = cur.fetchone()
            if row is None:
                return None
            names = [d[0] for d in cur.description]
        return dict(zip(names, row, strict=True))

    def session_registrations(self, session_ids: Iterable[str]) -> list[dict]:
        """Registered (not waitlisted) seats on these sessions, oldest first."""
        ids = list(session_ids)
        if not ids:
            return []
        with self.connect() as db:
            return list(
                db.query(
                    "SELECT session_id, user_id, registered_at FROM registrations "
                    f"WHERE status = 'registered' AND session_id IN ({', '.join('?' * len(ids))}) "
                    "ORDER BY registered_at, user_id",
                    ids,
                )
            )
    def forget_user(self, user_id: str, now: float) -> Forgotten:
        """Delete every row the bot holds about `user_id` in one transaction: registrations
        (their seats go to the waitlists), waitlist places, USER_DATA_TABLES, settings."""
        with self.transaction() as db:
            held = db.execute(
                "DELETE FROM registrations WHERE user_id = ? RETURNING session_id, status",
                [user_id],
            ).fetchall()
            counts = {
                "registrations": sum(1 for _, status in held if status == "registered"),
                "waitlist": sum(1 for _, status in held if status == "waitlisted"),
            }
            promoted = []
            for sid, status in held:
                if status == "registered":
                    promoted.extend(_settle(db, sid, now))
            for table, column in USER_DATA_TABLES:
                counts[table] = db.execute(
                    f"DELETE FROM {table} WHERE {column} = ?", [user_id]
                ).rowcount
            counts["settings"] = db.execute("DELETE FROM users WHERE id = ?", [user_id]).rowcount
            return Forgotten(counts, tuple(promoted))

    def enqueue(self, messages: Iterable[OutboxMessage]) -> int:
        """Queue messages; a dedupe_key already in the outbox is left as it is."""
        messages = list(messages)
        if not messages:
            return 0
        with self.transaction() as db:
            return _enqueue(db, messages, now=time.time())

    def enqueue_together(self, messages: list[OutboxMessage]) -> int:
        """Queue all of `messages` in one transaction, or none if the first is queued."""
        if not messages:
            return 0
        with self.transaction() as db:
            first = db.execute("SELECT 1 FROM outbox WHERE dedupe_key = ?",
                               [messages[0].dedupe_key]).fetchone()  # fmt: skip
            return 0 if first else _enqueue(db, messages, now=time.time())

    def outbox_has(self, dedupe_key: str) -> bool:
        with self.connect() as db:
            row = db.execute("SELECT 1 FROM outbox WHERE dedupe_key = ?", [dedupe_key])
            return row.fetchone() is not None

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
        session cancelled or moved to another start). Found with a read first: this runs
        every tick, and a write lock held for the scan would stall the sender."""
        with self.connect() as db:
            unwanted = [row[0] for row in db.execute(
                "SELECT id FROM outbox WHERE kind = 'reminder' AND status = 'pending' "
                f"AND NOT {_REMINDER_WANTED}")]  # fmt: skip
        if not unwanted:
            return 0
        with self.transaction() as db:
            # Checked again under the lock: a user may have registered again meanwhile.
            return sum(
                db.execute(
                    "UPDATE outbox SET status = 'dropped', error = 'no longer wanted' "
                    f"WHERE id IN ({', '.join('?' * len(chunk))}) AND status = 'pending' "
                    f"AND NOT {_REMINDER_WANTED}",
                    chunk,
                ).rowcount
                for chunk in _chunks(unwanted, 500)
            )

    def reminder_wanted(self, outbox_id: int) -> bool:
        with self.connect() as db:
            row = db.execute(
                f"SELECT {_REMINDER_WANTED} FROM outbox WHERE id = ?", [outbox_id]
            ).fetchone()
        return bool(row and row[0])

    def latest_start(self, seconds_per_send: float) -> float | None:
        """The latest moment sending can start and still meet every deadline: row k in
        deadline order must be out by its deadline, after the k-1 ahead of it. A read over
        the whole queue: the sender asks now and then, not for every message."""
        with self.connect() as db:
            return _latest_start(db, seconds_per_send)

    def claim_next(self, holder: str, now: float, wall_now: float, seconds_per_send: float,
                   margin: float, rush_until: float | None = None,
                   latest_start: float | None | EllipsisType = ...,
                   busy_channels: Iterable[str] = ()) -> dict | None:  # fmt: skip
        """Claim the next message to send, atomically: the one with the earliest deadline,
        then due time, among those due now. When the queue needs all the time left to reach
        every deadline at `seconds_per_send` (conference seconds per message, plus `margin`),
        the earliest deadline goes first even if not yet due: sending starts early. Rows with
        a deadline up to `rush_until` are claimed whether due or not (a fan-out that had to
        start early keeps going at full speed instead of just in time).

        Messages past their deadline are dropped on the way. A row another holder left in
        `sending` (a crashed process) is claimed again: the one possible duplicate.
        `latest_start` is `Store.latest_start`'s answer when the caller has a recent one;
        without it, it is worked out here. Rows for `busy_channels` (ones the caller must
        not post in yet) are passed over for now, so one person's second DM doesn't hold up
        everyone else's. Returns the row with `facts` decoded, or None."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'dropped', error = 'deadline passed' "
                "WHERE status IN ('pending', 'sending') AND deadline_at <= ?",
                [now],
            )
            if latest_start is ...:
                latest_start = _latest_start(db, seconds_per_send)
            urgent = latest_start is not None and latest_start - margin <= now
            params = {"holder": holder, "wall_now": wall_now, "now": now, "urgent": urgent,
                      "rush_until": rush_until}  # fmt: skip
            ready = ("retry_at <= :wall_now AND (due_at <= :now OR :urgent "
                     "OR deadline_at <= :rush_until)")  # fmt: skip
            busy = list(busy_channels)
            if busy:
                ready += f" AND channel NOT IN ({', '.join(f':busy{i}' for i in range(len(busy)))})"
                params.update({f"busy{i}": channel for i, channel in enumerate(busy)})
            # Three narrow looks instead of one OR: each walks the (status, deadline_at,
            # due_at) index in order and stops at the first row, where one query with an OR
            # sorted the whole queue for every message. A row a dead holder left in flight
            # goes first; then deadlines, earliest first; then messages without one.
            candidate = None
            for where in (
                "status = 'sending' AND claimed_by != :holder ORDER BY deadline_at IS NULL, "
                "deadline_at, due_at, id",
                "status = 'pending' AND deadline_at IS NOT NULL ORDER BY deadline_at, due_at, id",
                "status = 'pending' AND deadline_at IS NULL ORDER BY due_at, id",
            ):
                condition, order = where.split(" ORDER BY ")
                candidate = db.execute(
                    f"SELECT id FROM outbox WHERE {condition} AND {ready} ORDER BY {order} "
                    "LIMIT 1",
                    params,
                ).fetchone()
                if candidate:
                    break
            if candidate is None:
                return None
            cur = db.execute(
                "UPDATE outbox SET status = 'sending', claimed_by = :holder, "
                "claimed_at = :wall_now, attempts = attempts + 1 WHERE id = :id RETURNING *",
                {**params, "id": candidate[0]},
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


# A waitlisted registration `r`'s 1-based place: FIFO by registered_at, then rowid.
PLACE_SQL = (
    "SELECT COUNT(*) FROM registrations w WHERE w.session_id = r.session_id "
    "AND w.status = 'waitlisted' AND (w.registered_at < r.registered_at "
    "OR (w.registered_at = r.registered_at AND w.rowid <= r.rowid))"
)


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


def _latest_start(db: Database, seconds_per_send: float) -> float | None:
    return db.execute(
        """
        SELECT MIN(deadline_at - place * :step) FROM (
            SELECT deadline_at, ROW_NUMBER() OVER (ORDER BY deadline_at, due_at, id) AS place
            FROM outbox
            WHERE status IN ('pending', 'sending') AND deadline_at IS NOT NULL)
        """,
        {"step": seconds_per_send},
    ).fetchone()[0]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _active_seats(db: Database, session_id: str) -> tuple[int | None] | None:
    """(capacity,) of an active session, None when it is unknown or cancelled."""
    return db.execute(
        "SELECT COALESCE(capacity_override, capacity) FROM sessions "
        "WHERE id = ? AND status = 'active'",
        [session_id],
    ).fetchone()


def _taken(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'registered'",
        [session_id],
    ).fetchone()[0]


def _waiting(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'waitlisted'",
        [session_id],
    ).fetchone()[0]


def _status(db: Database, session_id: str, user_id: str) -> str | None:
    row = db.execute(
        "SELECT status FROM registrations WHERE session_id = ? AND user_id = ?",
        [session_id, user_id],
    ).fetchone()
    return row[0] if row else None


def _place(db: Database, session_id: str, user_id: str) -> int:
    return db.execute(
        f"SELECT ({PLACE_SQL}) FROM registrations r WHERE r.session_id = ? AND r.user_id = ?",
        [session_id, user_id],
    ).fetchone()[0]


def _insert_registration(db: Database, session_id: str, user_id: str, status: str,
                         now: float) -> None:  # fmt: skip
    db.execute(
        "INSERT INTO registrations (session_id, user_id, status, registered_at) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(session_id, user_id) "
        "DO UPDATE SET status = excluded.status, registered_at = excluded.registered_at",
        [session_id, user_id, status, now],
    )


def _settle(db: Database, session_id: str, now: float) -> list[Promotion]:
    """Promote the first in line into every free seat of an active session that has not
    ended. Runs inside the caller's write transaction, which is what makes it exact: the
    count of free seats and the promotions are one atomic step."""
    row = db.execute(
        "SELECT COALESCE(capacity_override, capacity), status, end_ts FROM sessions WHERE id = ?",
        [session_id],
    ).fetchone()
    if row is None or row[1] != "active" or now >= row[2]:
        return []
    capacity = row[0]
    if capacity is None:
        free = -1  # SQLite's "no LIMIT": an unlimited session takes everyone waiting
    else:
        free = capacity - _taken(db, session_id)
        if free <= 0:
            return []
    users = [
        r[0]
        for r in db.execute(
            "SELECT user_id FROM registrations WHERE session_id = ? AND status = 'waitlisted' "
            "ORDER BY registered_at, rowid LIMIT ?",
            [session_id, free],
        )
    ]
    for user_id in users:
        # registered_at becomes the time the seat was taken: it is a registration from now on.
        db.execute(
            "UPDATE registrations SET status = 'registered', registered_at = ? "
            "WHERE session_id = ? AND user_id = ?",
            [now, session_id, user_id],
        )
    return [Promotion(session_id, user_id, now) for user_id in users]


def _ensure_user(db: Database, user_id: str, now: float) -> None:
    db.execute("INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)", [user_id, now])


def _bump_agenda_version(db: Database) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'agenda_version'")
