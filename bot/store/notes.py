"""Attendees' notes on sessions or on off-agenda moments (a `label` instead of a session), and
drafts waiting for their author to pick where they belong."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.connection import Connections
from bot.store.rules import ensure_user, marks


class NoteTables(Connections):
    """The `notes` and `note_drafts` tables."""

    def add_note(self, user_id: str, session_id: str | None, text: str, *, private: bool,
                 source: str, now: float, label: str | None = None, files: str = "[]",
                 created_at: float | None = None) -> int:  # fmt: skip
        """A note on `session_id`, or (session_id None) on the off-agenda moment `label`.
        `files` is the JSON list of Slack file references; `created_at` (default `now`) is
        when the moment happened, for a note parked as a draft first."""
        with self.transaction() as db:
            ensure_user(db, user_id, now)
            cur = db.execute(
                "INSERT INTO notes (user_id, session_id, label, text, private, created_at, "
                "updated_at, source, files) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [user_id, session_id, label, text, int(private),
                 now if created_at is None else created_at, now, source, files],
            )  # fmt: skip
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
                    private: bool | None = None,
                    place: tuple[str | None, str | None] | None = None) -> bool:  # fmt: skip
        """Change a note's text, privacy, or `place` (session id, label): exactly one of the
        two is set, which moves a note between a session and an off-agenda moment."""
        fields: dict = {"updated_at": now}
        if place is not None:
            fields["session_id"], fields["label"] = place
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

    def user_off_agenda_notes(self, user_id: str, start: float, end: float) -> list[dict]:
        """The user's off-agenda notes written in [start, end), in writing order."""
        with self.connect() as db:
            return list(db.query(
                "SELECT * FROM notes WHERE user_id = ? AND session_id IS NULL "
                "AND created_at >= ? AND created_at < ? ORDER BY created_at, id",
                [user_id, start, end],
            ))  # fmt: skip

    def shared_label_counts(self, start: float, end: float,
                            until: float | None = None) -> list[tuple[str, int]]:  # fmt: skip
        """Shared off-agenda notes written in [start, end) (and up to `until`) per label,
        most first. Private ones never count: the channel recap must not reveal them, not
        even as a number."""
        sql = ("SELECT label, COUNT(*) AS n FROM notes WHERE session_id IS NULL "
               "AND private = 0 AND created_at >= ? AND created_at < ?")  # fmt: skip
        params = [start, end]
        if until is not None:
            sql += " AND created_at <= ?"
            params.append(until)
        with self.connect() as db:
            rows = db.execute(sql + " GROUP BY label ORDER BY n DESC, MIN(created_at), label",
                              params).fetchall()  # fmt: skip
        return [(label, count) for label, count in rows]

    def note_counts(self, session_ids: Iterable[str],
                    between: tuple[float, float] | None = None) -> dict[str, tuple[int, int]]:
        """Per author of any note (private or shared) on these sessions, and, with `between`
        (start, end), of off-agenda notes written then: how many notes, on how many
        sessions. One query, whatever the number of authors."""
        ids = list(session_ids)
        where = [f"session_id IN ({marks(len(ids))})"] if ids else []
        params: list = list(ids)
        if between is not None:
            where.append("(session_id IS NULL AND created_at >= ? AND created_at < ?)")
            params += list(between)
        if not where:
            return {}
        with self.connect() as db:
            rows = db.execute(
                "SELECT user_id, COUNT(*), COUNT(DISTINCT session_id) FROM notes "
                f"WHERE {' OR '.join(where)} GROUP BY user_id ORDER BY user_id",
                params,
            ).fetchall()
        return {user: (count, sessions) for user, count, sessions in rows}

    def add_note_draft(self, user_id: str, text: str, *, private: bool, source: str,
                       now: float, keep_seconds: float = 86_400,
                       files: str = "[]") -> int:  # fmt: skip
        """Park a note until its author picks a session; drafts nobody picked for
        `keep_seconds` are dropped on the way, so they never pile up."""
        with self.transaction() as db:
            db.execute(
                "DELETE FROM note_drafts WHERE user_id = ? AND created_at < ?",
                [user_id, now - keep_seconds],
            )
            cur = db.execute(
                "INSERT INTO note_drafts (user_id, text, private, source, created_at, files) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [user_id, text, int(private), source, now, files],
            )
            return cur.lastrowid

    def take_note_draft(self, user_id: str, draft_id: int) -> dict | None:
        """Remove and return the user's draft: a second click finds nothing."""
        with self.transaction() as db:
            cur = db.execute(
                "DELETE FROM note_drafts WHERE id = ? AND user_id = ? "
                "RETURNING id, user_id, text, private, source, created_at, files",
                [draft_id, user_id],
            )
            row = cur.fetchone()
            if row is None:
                return None
            names = [d[0] for d in cur.description]
        return dict(zip(names, row, strict=True))
