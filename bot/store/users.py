"""People: their settings and cached Slack profile (`users`), and forgetting everything
held about one of them."""

from __future__ import annotations

import time
from collections.abc import Iterable

from bot.store.connection import Connections
from bot.store.records import USER_DATA_TABLES, USER_FIELDS, Forgotten
from bot.store.rules import ensure_user, marks, settle_and_announce


class UserTables(Connections):
    """The `users` table, and `forget_user` across every table."""

    def user(self, user_id: str) -> dict | None:
        with self.connect() as db:
            rows = list(db.query("SELECT * FROM users WHERE id = ?", [user_id]))
        return rows[0] if rows else None

    def update_user(self, user_id: str, **fields) -> None:
        unknown = set(fields) - USER_FIELDS
        if unknown:
            raise ValueError(f"not user settings: {sorted(unknown)}")
        with self.transaction() as db:
            ensure_user(db, user_id, time.time())
            assignments = ", ".join(f"{name} = ?" for name in fields)
            db.execute(f"UPDATE users SET {assignments} WHERE id = ?", [*fields.values(), user_id])

    def display_names(self, user_ids: Iterable[str]) -> dict[str, str]:
        """Cached Slack display names of these users (those that have one)."""
        return self._known(user_ids, "display_name")

    def user_langs(self, user_ids: Iterable[str]) -> dict[str, str]:
        """The language each of these users chose, for those who chose one."""
        return self._known(user_ids, "lang")

    def _known(self, user_ids: Iterable[str], column: str) -> dict[str, str]:
        """{user id: `column`} for those of these users who have a value in it. One query,
        however many users."""
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return {}
        with self.connect() as db:
            rows = db.execute(
                f"SELECT id, {column} FROM users WHERE id IN ({marks(len(ids))}) "
                f"AND {column} IS NOT NULL AND {column} != ''",
                ids,
            ).fetchall()
        return dict(rows)

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
                    promoted.extend(settle_and_announce(db, sid, now))
            for table, column in USER_DATA_TABLES:
                counts[table] = db.execute(
                    f"DELETE FROM {table} WHERE {column} = ?", [user_id]
                ).rowcount
            counts["settings"] = db.execute("DELETE FROM users WHERE id = ?", [user_id]).rowcount
            return Forgotten(counts, tuple(promoted))
