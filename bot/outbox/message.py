"""The one message type: a row of the outbox, before it is queued.

Every kind (see `bot.outbox.kinds`) builds these with its own dedupe key, due time and
deadline, and the facts its renderer needs; the sender renders the row when it goes out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class OutboxMessage:
    """One message to send. `channel` is where it is posted: a channel id, or for a DM the
    user id; `user_id` is the person it is to or about, stored explicitly, never guessed from
    the channel. `facts` are what the message will say, rendered when it goes out. Instants
    are conference-clock unix seconds; past `deadline_at` the message is dropped unsent."""

    dedupe_key: str
    kind: str
    channel: str
    due_at: float
    deadline_at: float | None
    facts: dict = field(default_factory=dict)
    user_id: str | None = None
    session_id: str | None = None


def instant(moment: datetime | None) -> float | None:
    """A conference moment as the outbox stores it (unix seconds)."""
    return None if moment is None else moment.timestamp()
