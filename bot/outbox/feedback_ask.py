"""The after-session question: when a registered session ends, one DM to each attendee asking
how it was (`feedback:<user>:<session>`). No deadline, so it never goes before a reminder
(messages without one are sent last); the renderer drops it once the asking window has passed,
the person has answered, opted out or no longer holds the seat."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.feedback import ASK_WINDOW, ask_due
from bot.outbox.message import OutboxMessage
from bot.views.feedback import ask_message

if TYPE_CHECKING:
    from bot.services import Summit

KIND = "feedback_ask"


def ask_key(user_id: str, session_id: str) -> str:
    return f"feedback:{user_id}:{session_id}"


def feedback_asks_due(summit: Summit, now: datetime) -> list[OutboxMessage]:
    """Questions about the sessions that ended within the asking window."""
    store = summit.store
    # An ended session's seats no longer change (nobody registers or is promoted after the
    # end), so its questions are planned once, not re-offered to the outbox on every tick.
    ended = [s for s in summit.agenda().all if s.registrable and ask_due(s.end, now)
             and not store.any_queued(KIND, session_id=s.id)]  # fmt: skip
    if not ended:
        return []
    ends = {s.id: s.end.timestamp() for s in ended}
    seats = store.session_registrations(ends)
    off = store.opted_out("feedback_opt_out", (r["user_id"] for r in seats))
    return [OutboxMessage(ask_key(r["user_id"], r["session_id"]), KIND, r["user_id"],
                          ends[r["session_id"]], None, {}, r["user_id"], r["session_id"])
            for r in seats if r["user_id"] not in off]  # fmt: skip


def render(summit: Summit, row: dict) -> dict | None:
    user_id, session_id = row["user_id"], row["session_id"]
    session = summit.agenda().get(session_id)
    if session is None or not session.registrable:
        return None
    if summit.clock.now() >= session.end + ASK_WINDOW:
        return None
    store = summit.store
    if store.opted_out("feedback_opt_out", [user_id]) or store.feedback_of(session_id, user_id):
        return None
    if store.registration_status(session_id, user_id) != "registered":
        return None
    return ask_message(session, summit.known_lang(user_id))
