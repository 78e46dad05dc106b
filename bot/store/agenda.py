"""Sessions and the agenda version: loading an agenda file as one transaction (with the
notices and promotions it causes) and an organiser's capacity override."""

from __future__ import annotations

import json
import time

from sqlite_utils import Database

from bot.store.connection import Connections
from bot.store.records import SESSION_COLUMNS, AgendaDiff, CapacityChange, NoticeBuilder
from bot.store.rules import (
    SEATS,
    bump_agenda_version,
    drop_unwanted,
    insert_messages,
    marks,
    settle_and_announce,
    taken,
    waiting_count,
)


class AgendaTables(Connections):
    """The `sessions` table and the agenda version in `meta`."""

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
                    f"SELECT *, {SEATS} AS seats FROM sessions "
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
        builds are queued in the same transaction, so a crash loses neither; so are the
        promoted people's DMs."""
        if dry_run:
            with self.connect() as db:
                return agenda_diff(db, rows, cancel_missing)
        written = time.time()  # updated_at: the real time of the write
        at = written if now is None else now  # which sessions have ended: conference time
        incoming = {row["id"]: row for row in rows}
        with self.transaction() as db:
            diff = agenda_diff(db, rows, cancel_missing)
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
                bump_agenda_version(db)
            for sid in diff.changed:
                diff.promoted.extend(settle_and_announce(db, sid, at))
            touched = diff.moved + diff.cancelled
            if touched:
                drop_unwanted(db, touched)
            if notices is not None and touched:
                version = int(
                    db.execute("SELECT value FROM meta WHERE key = 'agenda_version'").fetchone()[0]
                )
                insert_messages(db, notices(diff, people_of(db, touched), version), now=written)
        return diff

    def set_capacity_override(self, session_id: str, capacity: int | None,
                              now: float | None = None) -> CapacityChange | None:  # fmt: skip
        """An organiser's capacity, kept across reloads. Raising it promotes from the waitlist
        in the same transaction; lowering it evicts no one, it only stops new seats.
        None when there is no such session."""
        now = time.time() if now is None else now
        with self.transaction() as db:
            row = db.execute(
                f"SELECT {SEATS} FROM sessions WHERE id = ?",
                [session_id],
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE sessions SET capacity_override = ?, updated_at = ? WHERE id = ?",
                [capacity, time.time(), session_id],
            )
            bump_agenda_version(db)
            promoted = settle_and_announce(db, session_id, now)
            return CapacityChange(row[0], capacity, taken(db, session_id),
                                  waiting_count(db, session_id), tuple(promoted))  # fmt: skip


def agenda_diff(db: Database, rows: list[dict], cancel_missing: bool) -> AgendaDiff:
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



def people_of(db: Database, session_ids: list[str]) -> dict[str, list[str]]:
    """Everyone holding a seat or a waitlist place, per session."""
    people: dict[str, list[str]] = {sid: [] for sid in session_ids}
    rows = db.execute(
        f"SELECT session_id, user_id FROM registrations "
        f"WHERE session_id IN ({marks(len(session_ids))}) ORDER BY registered_at",
        session_ids,
    ).fetchall()
    for session_id, user_id in rows:
        people[session_id].append(user_id)
    return people
