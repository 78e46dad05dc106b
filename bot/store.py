"""The one module that owns SQL and the schema.

SQLite through sqlite-utils, schema changes as sqlite-utils `Migrations`. A connection per
unit of work (`connect()`, `transaction()`), WAL and a busy timeout so that threads and
processes can share one file. Writes that must not race (seats) run under `BEGIN IMMEDIATE`.
Instants are stored as UTC unix seconds; event-local strings only where a day is meant.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
    added: list[str]
    changed: list[str]
    cancelled: list[str]
    moved: list[str]


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

    def apply_agenda(self, rows: list[dict], *, cancel_missing: bool, dry_run: bool) -> AgendaDiff:
        """Add and update sessions from an agenda file in one transaction.

        `rows` carry SESSION_COLUMNS. With `cancel_missing`, active sessions absent from
        `rows` are cancelled (the file is the whole agenda). `dry_run` reports only."""
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
    return AgendaDiff(added, changed, cancelled, moved)


def _taken(db: Database, session_id: str) -> int:
    return db.execute(
        "SELECT COUNT(*) FROM registrations WHERE session_id = ? AND status = 'registered'",
        [session_id],
    ).fetchone()[0]


def _ensure_user(db: Database, user_id: str, now: float) -> None:
    db.execute("INSERT OR IGNORE INTO users (id, created_at) VALUES (?, ?)", [user_id, now])


def _bump_agenda_version(db: Database) -> None:
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'agenda_version'")
