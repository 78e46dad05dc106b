"""Messages the bot sends on its own initiative (DMs, channel posts), as plain data.

Domain code returns `Outgoing` values and never calls Slack; `deliver_now` is the one place
that sends them. When the delivery engine's outbox lands, `deliver_now` is where they are
queued instead (it dedupes on `dedupe_key` and paces to Slack's limits), and no caller changes.
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
