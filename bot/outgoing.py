"""What the bot wants sent, as plain data: the seam between domain code and delivery.

Domain functions (`bot.recap.channel_recap_due`, `bot.recap.recap_offers_due`) decide *what* is
due on the conference clock and return `Outgoing` items; they never talk to Slack. The delivery
engine turns each item into an outbox row (`INSERT OR IGNORE` on `dedupe_key`) and posts it at
Slack's pace, so asking twice — every tick, or again after a restart — sends once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Outgoing:
    """One message to post.

    `dedupe_key` is stable for the same logical message across calls and restarts;
    `channel` is a channel id (`C…`) or a user id for a DM (`chat.postMessage` accepts both);
    `payload` holds `chat.postMessage` arguments other than `channel` (`text`, `blocks`);
    `due` is when it should go out (aware, conference clock); `kind` names the feature
    (`recap`, `recap_offer`) for logs and metrics."""

    dedupe_key: str
    channel: str
    payload: dict
    due: datetime
    kind: str
