"""Connections to the one SQLite file: WAL and a busy timeout so that threads and processes
can share it, `BEGIN IMMEDIATE` for writes that must not race, and units of work.

A unit of work (`unit_of_work()`) is one command, one send or one tick: every `connect()` and
`transaction()` on the same thread inside it reuses its connection instead of opening one
per call. Outside a unit of work each call opens and closes its own connection.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from bot.store.migrations import migrations

BUSY_TIMEOUT_MS = 10_000
# A command or a click waits at most this long for a write lock someone else holds (a long
# backup, an admin's sqlite3 session), then says "busy, try again": Slack wants an answer
# within 3 s. The sender and the tick keep the long timeout: they can wait.
LISTENER_BUSY_TIMEOUT_MS = 2_000


def is_busy(exc: BaseException) -> bool:
    """The database stayed locked past the busy timeout."""
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


class Connections:
    """Opening, sharing and closing connections; migrating and backing up the file."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        self._migrate_lock = threading.Lock()
        self._local = threading.local()  # the open unit of work's connection, per thread

    def _open(self, busy_ms: int = BUSY_TIMEOUT_MS) -> Database:
        conn = sqlite3.connect(self.path, timeout=busy_ms / 1000, check_same_thread=False)
        conn.execute(f"PRAGMA busy_timeout={busy_ms}")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA synchronous=NORMAL")
        return Database(conn, execute_plugins=False)

    @contextmanager
    def unit_of_work(self, busy_ms: int = BUSY_TIMEOUT_MS) -> Iterator[Database]:
        """One connection for everything this thread reads and writes until the block ends,
        waiting at most `busy_ms` for a lock. Nested units of work share the outer one's."""
        shared = getattr(self._local, "db", None)
        if shared is not None:
            yield shared
            return
        db = self._open(busy_ms)
        self._local.db = db
        try:
            yield db
        finally:
            self._local.db = None
            db.close()

    @contextmanager
    def connect(self) -> Iterator[Database]:
        """A connection for one unit of read work (or autocommitted single writes): the unit
        of work's, when one is open on this thread."""
        shared = getattr(self._local, "db", None)
        if shared is not None:
            yield shared
            return
        db = self._open()
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def transaction(self) -> Iterator[Database]:
        """A write transaction that holds the write lock from its first statement.

        `BEGIN IMMEDIATE` makes concurrent writers queue on the busy timeout instead of
        reading the same state and failing at commit ("database is locked"). Inside another
        transaction on the same connection it is a savepoint of that one."""
        with self.connect() as db:
            if db.conn.in_transaction:
                db.conn.execute("SAVEPOINT nested")
                try:
                    yield db
                except BaseException:
                    db.conn.execute("ROLLBACK TO nested")
                    db.conn.execute("RELEASE nested")
                    raise
                db.conn.execute("RELEASE nested")
                return
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
