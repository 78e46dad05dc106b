"""The outbox: queueing, claiming in deadline order, and the result of each send; and the
reminder rows' planning reads."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from types import EllipsisType

from sqlite_utils import Database

from bot.outbox.message import OutboxMessage
from bot.store.connection import Connections
from bot.store.rules import (
    CLAIM_ORDER,
    REMINDER_WANTED,
    insert_messages,
    outbox_values,
)


class OutboxTables(Connections):
    """The `outbox` table."""

    def enqueue(self, messages: Iterable[OutboxMessage]) -> int:
        """Queue messages; a dedupe_key already in the outbox is left as it is."""
        messages = list(messages)
        if not messages:
            return 0
        with self.transaction() as db:
            return insert_messages(db, messages, now=time.time())

    def enqueue_together(self, messages: list[OutboxMessage]) -> int:
        """Queue all of `messages` in one transaction, or none if the first is queued."""
        if not messages:
            return 0
        with self.transaction() as db:
            first = db.execute("SELECT 1 FROM outbox WHERE dedupe_key = ?",
                               [messages[0].dedupe_key]).fetchone()  # fmt: skip
            return 0 if first else insert_messages(db, messages, now=time.time())

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
                    outbox_values(m, time.time()),
                )
                changed += cur.rowcount
        return changed

    # -- reminder planning, incremental (bot.outbox.reminder.plan) -------------------------
    def reminder_plan_state(self) -> dict | None:
        """Where reminder planning stands (`bot.outbox.reminder`), kept in `meta`."""
        with self.connect() as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'reminder_plan'").fetchone()
        return json.loads(row[0]) if row else None

    def save_reminder_plan_state(self, state: dict) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO meta (key, value) VALUES ('reminder_plan', ?) "
                       "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                       [json.dumps(state, sort_keys=True)])  # fmt: skip

    def reminder_marks(self, limit: int) -> list[tuple[str, str]]:
        """The first `limit` changed (session, user) pairs m045's triggers marked."""
        with self.connect() as db:
            return [tuple(r) for r in db.execute(
                "SELECT session_id, user_id FROM reminder_marks ORDER BY id LIMIT ?", [limit])]

    def last_reminder_mark(self, limit: int) -> int | None:
        """The id of the `limit`-th mark (or the last one, if fewer): a batch's end."""
        with self.connect() as db:
            return db.execute("SELECT MAX(id) FROM (SELECT id FROM reminder_marks ORDER BY id "
                              "LIMIT ?)", [limit]).fetchone()[0]  # fmt: skip

    def clear_reminder_marks(self, up_to: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM reminder_marks WHERE id <= ?", [up_to])

    def drop_unwanted_marked_reminders(self, up_to: int) -> int:
        """Drop the pending reminders of the pairs marked up to `up_to` that nobody wants
        any more (unregistered, reminders off, the session cancelled or moved)."""
        with self.transaction() as db:
            return db.execute(
                "UPDATE outbox SET status = 'dropped', error = 'no longer wanted' WHERE id IN ("
                "SELECT o.id FROM reminder_marks m CROSS JOIN outbox o "
                "ON o.session_id = m.session_id AND o.user_id = m.user_id WHERE m.id <= ? "
                f"AND o.kind = 'reminder' AND o.status = 'pending') AND NOT {REMINDER_WANTED}",
                [up_to],
            ).rowcount

    def marked_reminder_candidates(self, up_to: int, now: float, until: float,
                                   default_minutes: int) -> list[dict]:  # fmt: skip
        """The registrations marked up to `up_to` whose reminder is due by `until`, for
        sessions starting after `now`, that no outbox row covers yet: session_id, user_id,
        start_ts, due_at (by the user's lead time)."""
        lead = "COALESCE(u.reminder_minutes, :default_minutes)"
        with self.connect() as db:
            return list(db.query(
                f"""
                SELECT DISTINCT r.session_id, r.user_id, s.start_ts,
                  s.start_ts - 60 * {lead} AS due_at
                FROM reminder_marks m  -- CROSS JOIN: the marks drive, each a key lookup
                CROSS JOIN registrations r ON r.session_id = m.session_id AND r.user_id = m.user_id
                JOIN sessions s ON s.id = r.session_id
                LEFT JOIN users u ON u.id = r.user_id
                WHERE m.id <= :up_to AND r.status = 'registered' AND s.status = 'active'
                  AND COALESCE(u.reminders_off, 0) = 0
                  AND s.start_ts > :now AND s.start_ts - 60 * {lead} <= :until
                  AND NOT EXISTS (
                    SELECT 1 FROM outbox o
                    WHERE o.session_id = r.session_id AND o.user_id = r.user_id
                      AND o.kind = 'reminder' AND o.deadline_at = s.start_ts
                      AND (o.status IN ('sending', 'sent', 'failed')
                           OR (o.status = 'pending' AND o.due_at = s.start_ts - 60 * {lead})))
                """,
                {"up_to": up_to, "now": now, "until": until,
                 "default_minutes": default_minutes}))  # fmt: skip

    def sessions_starting(self, after: float, until: float) -> list[tuple[str, float]]:
        """(id, start_ts) of active sessions starting in (after, until], in start order."""
        with self.connect() as db:
            return [tuple(r) for r in db.execute(
                "SELECT id, start_ts FROM sessions WHERE status = 'active' AND start_ts > ? "
                "AND start_ts <= ? ORDER BY start_ts, id", [after, until])]  # fmt: skip

    def lead_minutes_range(self, default_minutes: int) -> tuple[int, int]:
        """The shortest and longest reminder lead time anyone has."""
        with self.connect() as db:
            low, high = db.execute(
                "SELECT MIN(reminder_minutes), MAX(reminder_minutes) FROM users").fetchone()
        return min(default_minutes, low if low is not None else default_minutes), \
            max(default_minutes, high or 0)

    def reminder_candidates(self, session_id: str, start_ts: float, default_minutes: int, *,
                            after_user: str = "", limit: int = 1000) -> list[dict]:  # fmt: skip
        """Registrations of one session in user order after `after_user`, at most `limit`:
        user_id, due_at (by the user's lead time), wanted (registered, with reminders on)
        and queued (an outbox row already covers that start and due time)."""
        lead = "COALESCE(u.reminder_minutes, :default_minutes)"
        params = {"session_id": session_id, "start_ts": start_ts, "limit": limit,
                  "default_minutes": default_minutes, "after_user": after_user}  # fmt: skip
        with self.connect() as db:
            return list(db.query(
                f"""
                SELECT r.user_id, :start_ts - 60 * {lead} AS due_at,
                  r.status = 'registered' AND COALESCE(u.reminders_off, 0) = 0 AS wanted,
                  EXISTS (
                    SELECT 1 FROM outbox o
                    WHERE o.session_id = :session_id AND o.user_id = r.user_id
                      AND o.kind = 'reminder' AND o.deadline_at = :start_ts
                      AND (o.status IN ('sending', 'sent', 'failed')
                           OR (o.status = 'pending' AND o.due_at = :start_ts - 60 * {lead}))
                  ) AS queued
                FROM registrations r LEFT JOIN users u ON u.id = r.user_id
                WHERE r.session_id = :session_id AND r.user_id > :after_user
                ORDER BY r.user_id LIMIT :limit
                """, params))  # fmt: skip

    def reminder_wanted(self, outbox_id: int) -> bool:
        with self.connect() as db:
            row = db.execute(
                f"SELECT {REMINDER_WANTED} FROM outbox WHERE id = ?", [outbox_id]
            ).fetchone()
        return bool(row and row[0])

    def latest_start(self, seconds_per_send: float) -> float | None:
        """The latest moment sending can start and still meet every deadline: row k in
        deadline order must be out by its deadline, after the k-1 ahead of it. A read over
        the whole queue: the sender asks now and then, not for every message."""
        with self.connect() as db:
            return latest_start_of(db, seconds_per_send)

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
                latest_start = latest_start_of(db, seconds_per_send)
            urgent = latest_start is not None and latest_start - margin <= now
            params = {"holder": holder, "wall_now": wall_now, "now": now, "urgent": urgent,
                      "rush_until": rush_until}  # fmt: skip
            ready = ("retry_at <= :wall_now AND (due_at <= :now OR :urgent "
                     "OR deadline_at <= :rush_until)")  # fmt: skip
            busy = list(busy_channels)
            if busy:
                ready += f" AND channel NOT IN ({', '.join(f':busy{i}' for i in range(len(busy)))})"
                params.update({f"busy{i}": channel for i, channel in enumerate(busy)})
            candidate = None
            for condition, order in CLAIM_ORDER:
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

    def retry_later(self, outbox_id: int, holder: str, retry_at: float, error: str, *,
                    counted: bool = True) -> None:  # fmt: skip
        """Give a message `holder` claimed back to the queue, not to be tried before
        `retry_at` (wall clock); `counted=False` takes back the attempt its claim counted
        (Slack was down: the message itself was never tried). A no-op if another holder has
        claimed it since."""
        with self.transaction() as db:
            db.execute(
                "UPDATE outbox SET status = 'pending', retry_at = ?, error = ?, claimed_by = NULL, "
                "attempts = attempts - ? WHERE id = ? AND status = 'sending' AND claimed_by = ?",
                [retry_at, error, 0 if counted else 1, outbox_id, holder],
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


def latest_start_of(db: Database, seconds_per_send: float) -> float | None:
    return db.execute(
        """
        SELECT MIN(deadline_at - place * :step) FROM (
            SELECT deadline_at, ROW_NUMBER() OVER (ORDER BY deadline_at, due_at, id) AS place
            FROM outbox
            WHERE status IN ('pending', 'sending') AND deadline_at IS NOT NULL)
        """,
        {"step": seconds_per_send},
    ).fetchone()[0]
