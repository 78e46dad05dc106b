"""What the bot wants sent, as plain data: the seam between domain code and delivery.

Domain functions (`bot.recap.channel_recap_due`, `bot.recap.recap_offers_due`) decide *what* is
due on the conference clock and return `Outgoing` items; they never talk to Slack. The delivery
engine turns each item into an outbox row (`INSERT OR IGNORE` on `dedupe_key`) and posts it at
Slack's pace, so asking twice — every tick, or again after a restart — sends once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.services import Summit

log = logging.getLogger(__name__)


@dataclass
class Outgoing:
    dedupe_key: str
    channel: str
    payload: dict
    due: datetime
    kind: str


def deliver_now(summit: Summit, outgoing: Iterable[Outgoing]) -> list[Outgoing]:
    """Post each message at once, in order; returns those that Slack did not take.

    Call it after the database change the messages announce has committed. A failure is
    logged and the rest still go: one unreachable user must not cost the others their DM."""
    failed = []
    for item in outgoing:
        try:
            summit.client.chat_postMessage(channel=item.channel, **item.payload)
        except Exception:
            log.exception("could not send %s %s to %s", item.kind, item.dedupe_key, item.channel)
            failed.append(item)
    return failed
