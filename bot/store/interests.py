"""Stars ("Interested") on sessions: they hold no seat; they are who gets nudged when a
session fills."""

from __future__ import annotations

from bot.store.connection import Connections
from bot.store.rules import ensure_user


class InterestTables(Connections):
    """The `interests` table."""

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
            ensure_user(db, user_id, now)
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
