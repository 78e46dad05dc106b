"""Promotion DMs: a waitlisted user got a seat. Queued by the store in the same transaction
as the seat change that gives it (`bot.store.rules.announce_promotions`), so a crash can't
lose the DM of someone who just got a seat; rendered when it goes out, in the user's
language then, with the session as it is then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.views.notices import promotion_message

if TYPE_CHECKING:
    from bot.services import Summit

KIND = "promotion"


def promotion_key(user_id: str, session_id: str, at: float) -> str:
    """The key names the promotion's moment, so a seat won again after giving it back is
    announced again, while a retried delivery is not."""
    return f"promote:{user_id}:{session_id}:{at:.6f}"


def queued(session_id: str, user_id: str, at: float, session_end: float) -> OutboxMessage:
    """The DM for a promotion at `at`, worth sending until the session ends."""
    return OutboxMessage(
        dedupe_key=promotion_key(user_id, session_id, at),
        kind=KIND,
        channel=user_id,
        due_at=at,
        deadline_at=session_end,
        user_id=user_id,
        session_id=session_id,
    )


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None:
        return None
    return promotion_message(session, summit.known_lang(row["user_id"]))
