"""Every kind of outgoing message, by the `kind` stored in its outbox row, and the one way a
row becomes the message the sender posts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.outbox import (
    agenda_change,
    announcement,
    capacity_alert,
    channel_recap,
    digest,
    feedback_ask,
    interest_nudge,
    promotion,
    recap_chart,
    recap_offer,
    reminder,
)

if TYPE_CHECKING:
    from bot.services import Summit

# Rows queued by versions that rendered promotions, nudges, recaps and announcements when
# they were queued carry that finished message here: they still go out after an upgrade.
QUEUED_PAYLOAD = "payload"

Render = Callable[["Summit", dict], "dict | None"]

RENDERERS: dict[str, Render] = {
    module.KIND: module.render
    for module in (reminder, capacity_alert, interest_nudge, promotion, agenda_change,
                   recap_offer, channel_recap, announcement, feedback_ask, digest,
                   recap_chart)  # fmt: skip
}


def render(summit: Summit, row: dict) -> dict | None:
    """The chat.postMessage payload (text, blocks) for an outbox row, or None to drop it
    (it no longer applies: unregistered, the session gone)."""
    if QUEUED_PAYLOAD in row["facts"]:
        return row["facts"][QUEUED_PAYLOAD]
    renderer = RENDERERS.get(row["kind"])
    if renderer is None:
        raise ValueError(f"no renderer for outbox kind {row['kind']!r}")
    return renderer(summit, row)


def post(client, channel: str, payload: dict):
    """Send a rendered payload: a message, or a file upload (`recap_chart.UPLOAD`)."""
    if recap_chart.UPLOAD in payload:
        return client.files_upload_v2(channel=channel, **payload[recap_chart.UPLOAD])
    return client.chat_postMessage(channel=channel, **payload)
