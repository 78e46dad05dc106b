"""Attendees' notes on sessions, and drafts waiting for their author to pick a session."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.connection import Connections
from bot.store.rules import ensure_user, marks


class NoteTables(Connections):
    """The `notes` and `note_drafts` tables."""

    def add_note(self, user_id: str, session_id: str, text: str, *, private: bool,
                 source: str, now: float) -> int:  # fmt: skip
        with self.transaction() as db:
            ensure_user(db, user_id, now)
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
            sql += f" AND session_id IN ({marks(len(ids))})"
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
        sql = f"SELECT * FROM notes WHERE session_id IN ({marks(len(ids))})"
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
                f"WHERE session_id IN ({marks(len(ids))}) "
                "GROUP BY user_id ORDER BY user_id",
                ids,
            ).fetchall()
        return {user: (count, sessions) for user, count, sessions in rows}

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
