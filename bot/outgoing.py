"""What the bot wants sent, as plain data: the seam between domain code and delivery.

Domain functions (`bot.recap.channel_recap_due`, `bot.recap.recap_offers_due`) decide *what* is
due on the conference clock and return `Outgoing` items; they never talk to Slack. The delivery
engine turns each item into an outbox row (`INSERT OR IGNORE` on `dedupe_key`) and posts it at
Slack's pace, so asking twice — every tick, or again after a restart — sends once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from bot.store import OutboxMessage, Store

# The key in an outbox row's facts that holds a finished payload (see bot.delivery).
PAYLOAD = "payload"


@dataclass
class Outgoing:
    """A finished message (`payload`: chat.postMessage arguments but `channel`) for `channel`
    (a channel id, or a user id for a DM), to go out at `due` and not after `deadline`."""

    dedupe_key: str
    channel: str
    payload: dict
    due: datetime
    kind: str
    deadline: datetime | None = None


def as_outbox(item: Outgoing) -> OutboxMessage:
    """The outbox row for an item: its finished payload rides in the row's facts."""
    return OutboxMessage(
        dedupe_key=item.dedupe_key,
        kind=item.kind,
        channel=item.channel,
        due_at=item.due.timestamp(),
        deadline_at=item.deadline.timestamp() if item.deadline else None,
        facts={PAYLOAD: item.payload},
        user_id=None if item.channel.startswith(("C", "G")) else item.channel,
    )


def queue(store: Store, items: Iterable[Outgoing]) -> int:
    """Put items in the outbox for the sender; a dedupe_key already there is left alone.
    Returns how many are new."""
    return store.enqueue(as_outbox(item) for item in items)


def queue_together(store: Store, items: list[Outgoing]) -> int:
    """Queue the parts of one message (a recap split to fit Slack) all or none: nothing when
    the first part is already queued, so a recount can never add a stray part."""
    return store.enqueue_together([as_outbox(item) for item in items])
