"""Calendar subscriptions (`calendar_tokens`, `feed_sequences`), the record of seat changes
(`seat_changes`, written by `rules`) and session feedback (`feedback`)."""

from __future__ import annotations

from collections.abc import Iterable

from bot.store.connection import Connections
from bot.store.rules import ensure_user, marks


class BeyondTables(Connections):
    """The live calendar's tokens and sequences, seat history, and feedback answers."""

    # -- calendar subscription ---------------------------------------------------------------
    def set_calendar_token(self, user_id: str, digest: str, now: float) -> None:
        """Give `user_id` this token (by its digest), replacing any earlier one: the old link
        stops working at once."""
        with self.transaction() as db:
            db.execute(
                "INSERT INTO calendar_tokens (user_id, token_digest, created_at) VALUES (?, ?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET token_digest = excluded.token_digest, "
                "created_at = excluded.created_at",
                [user_id, digest, now],
            )

    def has_calendar_token(self, user_id: str) -> bool:
        with self.connect() as db:
            return db.execute(
                "SELECT 1 FROM calendar_tokens WHERE user_id = ?", [user_id]
            ).fetchone() is not None

    def calendar_token_owner(self, digest: str) -> tuple[str, str] | None:
        """(user id, stored digest) for a token digest, or None; the caller compares the
        digests in constant time."""
        with self.connect() as db:
            row = db.execute(
                "SELECT user_id, token_digest FROM calendar_tokens WHERE token_digest = ?",
                [digest],
            ).fetchone()
        return (row[0], row[1]) if row else None

    def feed_sequences(self, user_id: str, fingerprints: dict[str, str],
                       now: float) -> dict[str, tuple[int, float]]:  # fmt: skip
        """{session id: (SEQUENCE, changed_at)} for every session the person's feed has ever
        shown, after comparing `fingerprints` (what each session looks like now; sessions the
        feed showed before but not now are passed as their cancelled look): a session whose
        look changed gets its sequence raised and `changed_at` set to `now`."""
        with self.transaction() as db:
            known = {
                sid: (seq, fp, at)
                for sid, seq, fp, at in db.execute(
                    "SELECT session_id, sequence, fingerprint, changed_at FROM feed_sequences "
                    "WHERE user_id = ?",
                    [user_id],
                )
            }
            for sid, fingerprint in fingerprints.items():
                if sid not in known:
                    db.execute(
                        "INSERT INTO feed_sequences (user_id, session_id, sequence, fingerprint, "
                        "changed_at) VALUES (?, ?, 0, ?, ?)",
                        [user_id, sid, fingerprint, now],
                    )
                    known[sid] = (0, fingerprint, now)
                elif known[sid][1] != fingerprint:
                    sequence = known[sid][0] + 1
                    db.execute(
                        "UPDATE feed_sequences SET sequence = ?, fingerprint = ?, changed_at = ? "
                        "WHERE user_id = ? AND session_id = ?",
                        [sequence, fingerprint, now, user_id, sid],
                    )
                    known[sid] = (sequence, fingerprint, now)
        return {sid: (seq, at) for sid, (seq, _, at) in known.items()}

    def feed_session_ids(self, user_id: str) -> list[str]:
        """Sessions the person's feed has shown (cancelled ones stay in it)."""
        with self.connect() as db:
            return [r[0] for r in db.execute(
                "SELECT session_id FROM feed_sequences WHERE user_id = ?", [user_id]
            )]  # fmt: skip

    # -- seat history -----------------------------------------------------------------------
    def seat_changes(self, session_ids: Iterable[str], until: float) -> dict[str, list]:
        """{session id: [(at, delta), …]} up to `until`, in order."""
        ids = list(session_ids)
        if not ids:
            return {}
        changes: dict[str, list] = {}
        with self.connect() as db:
            for sid, at, delta in db.execute(
                "SELECT session_id, at, delta FROM seat_changes "
                f"WHERE session_id IN ({marks(len(ids))}) AND at <= ? ORDER BY at, id",
                [*ids, until],
            ):
                changes.setdefault(sid, []).append((at, delta))
        return changes

    # -- feedback ---------------------------------------------------------------------------
    def save_feedback(self, session_id: str, user_id: str, rating: int, comment: str | None,
                      now: float, keep_comment: bool = False) -> None:  # fmt: skip
        """One answer per person and session; a later answer replaces it. `keep_comment`
        keeps the comment already given (a new rating from the buttons)."""
        comment_sql = "COALESCE(feedback.comment, excluded.comment)" if keep_comment else (
            "excluded.comment")  # fmt: skip
        with self.transaction() as db:
            ensure_user(db, user_id, now)
            db.execute(
                "INSERT INTO feedback (session_id, user_id, rating, comment, answered_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(session_id, user_id) DO UPDATE SET "
                f"rating = excluded.rating, comment = {comment_sql}, "
                "answered_at = excluded.answered_at",
                [session_id, user_id, rating, comment, now],
            )

    def feedback_of(self, session_id: str, user_id: str) -> dict | None:
        with self.connect() as db:
            rows = list(db.query(
                "SELECT * FROM feedback WHERE session_id = ? AND user_id = ?",
                [session_id, user_id],
            ))  # fmt: skip
        return rows[0] if rows else None

    def all_feedback(self) -> list[dict]:
        """Every answer, for the export and the organisers' numbers."""
        with self.connect() as db:
            return list(db.query(
                "SELECT session_id, user_id, rating, comment, answered_at FROM feedback "
                "ORDER BY session_id, answered_at, user_id"
            ))  # fmt: skip

    def opted_out(self, column: str, user_ids: Iterable[str]) -> set[str]:
        """Those of these users who turned off `feedback_opt_out` or `digest_opt_out`."""
        if column not in ("feedback_opt_out", "digest_opt_out"):
            raise ValueError(f"not an opt-out: {column}")
        ids = list(dict.fromkeys(user_ids))
        if not ids:
            return set()
        with self.connect() as db:
            return {r[0] for r in db.execute(
                f"SELECT id FROM users WHERE id IN ({marks(len(ids))}) AND {column} = 1", ids
            )}  # fmt: skip

    def people_holding(self, session_ids: Iterable[str]) -> list[str]:
        """Everyone with a seat or a waitlist place in any of these sessions."""
        ids = list(session_ids)
        if not ids:
            return []
        with self.connect() as db:
            return [r[0] for r in db.execute(
                f"SELECT DISTINCT user_id FROM registrations WHERE session_id IN "
                f"({marks(len(ids))}) ORDER BY user_id", ids,
            )]  # fmt: skip

    def any_queued(self, kind: str, *, session_id: str | None = None,
                   due_at: float | None = None) -> bool:  # fmt: skip
        """Whether any message of `kind` (about `session_id`, or due at `due_at`) was ever
        queued: a fan-out planned once need not be planned again on every tick."""
        sql, params = "SELECT 1 FROM outbox WHERE kind = ?", [kind]
        if session_id is not None:
            sql, params = sql + " AND session_id = ?", [*params, session_id]
        if due_at is not None:
            sql, params = sql + " AND due_at = ?", [*params, due_at]
        with self.connect() as db:
            return db.execute(sql + " LIMIT 1", params).fetchone() is not None
