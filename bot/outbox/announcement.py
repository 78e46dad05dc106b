"""Announcements: an organiser's post to the alert channel (`/summit admin announce`),
rendered when it goes out from the text stored in the row."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.views.admin import announcement_message

if TYPE_CHECKING:
    from bot.services import Summit

KIND = "announcement"


def announcement(channel: str, text: str, user_id: str, now: datetime) -> OutboxMessage:
    """An organiser's post; `user_id` is who announced it."""
    return OutboxMessage(
        # Each announcement is new, even two in the same conference second (a paused
        # rehearsal clock): the key only stops the outbox from sending one twice.
        dedupe_key=f"announce:{user_id}:{uuid.uuid4().hex}",
        kind=KIND,
        channel=channel,
        due_at=now.timestamp(),
        deadline_at=None,
        facts={"text": text},
        user_id=user_id,
    )


def render(summit: Summit, row: dict) -> dict | None:
    return announcement_message(row["facts"]["text"], summit.settings.lang)
