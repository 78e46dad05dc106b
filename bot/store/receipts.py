"""Events API deliveries already handled, by event_id: Slack redelivers an event it thinks
went unanswered (`X-Slack-Retry-Num`), and each must be handled once, in any process."""

from __future__ import annotations

import time

from bot.store.connection import Connections

RECEIPTS_KEEP_SECONDS = 3600  # Slack retries within minutes; an hour is plenty


class ReceiptTables(Connections):
    """The `event_receipts` table."""

    def first_delivery(self, event_id: str | None) -> bool:
        """Record `event_id`; True the first time it is seen (and for an event without
        one, which cannot be told apart), False for a redelivery."""
        if not event_id:
            return True
        now = time.time()
        with self.transaction() as db:
            db.execute("DELETE FROM event_receipts WHERE received_at < ?",
                       [now - RECEIPTS_KEEP_SECONDS])  # fmt: skip
            return db.execute(
                "INSERT OR IGNORE INTO event_receipts (event_id, received_at) VALUES (?, ?)",
                [event_id, now],
            ).rowcount == 1
