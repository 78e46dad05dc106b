"""Fill levels and capacity marks: which thresholds each session has crossed, saved together
with the alerts they cause."""

from __future__ import annotations

import time
from collections.abc import Iterable

from bot.outbox.message import OutboxMessage
from bot.store.connection import Connections
from bot.store.records import CapacityMark
from bot.store.rules import SEATS, insert_messages


class CapacityTables(Connections):
    """The `capacity_marks` table and the fill levels it is checked against."""

    def fill_levels(self, now: float) -> list[dict]:
        """Active sessions with a capacity that have not ended: id, end_ts, seats, taken."""
        with self.connect() as db:
            return list(
                db.query(
                    f"""
                    SELECT s.id, s.end_ts, {SEATS} AS seats,
                           COUNT(r.user_id) AS taken
                    FROM sessions s
                    LEFT JOIN registrations r ON r.session_id = s.id AND r.status = 'registered'
                    WHERE s.status = 'active' AND s.end_ts > ?
                      AND {SEATS} > 0
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
            insert_messages(db, list(messages), now=time.time())
