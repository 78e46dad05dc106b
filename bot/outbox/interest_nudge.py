"""Interest nudges: one DM to each person who starred a session and holds no seat or waitlist
place, at the moment it starts filling (the capacity alert's 80%). Each person gets one such
nudge per session ever: the outbox drops a repeated `nudge:<user>:<session>` key. Rendered
when it goes out, with the seats taken then."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.i18n import t, tn
from bot.outbox.message import OutboxMessage
from bot.views.notices import nudge_message

if TYPE_CHECKING:
    from bot.agenda import Agenda
    from bot.services import Summit
    from bot.store import Store

KIND = "nudge"


def nudge_key(user_id: str, session_id: str) -> str:
    return f"{KIND}:{user_id}:{session_id}"


def interest_nudges(store: Store, agenda: Agenda, session_id: str,
                    now: datetime) -> list[OutboxMessage]:  # fmt: skip
    """The nudges for `session_id` filling at `now`; worth sending until it starts."""
    session = agenda.get(session_id)
    if session is None or not session.registrable or session.has_ended(now):
        return []
    return [
        OutboxMessage(
            dedupe_key=nudge_key(user, session.id),
            kind=KIND,
            channel=user,
            due_at=now.timestamp(),
            deadline_at=session.start.timestamp(),
            user_id=user,
            session_id=session.id,
        )
        for user in store.interested_without_seat(session.id)
    ]


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not session.registrable:
        return None
    lang = summit.known_lang(row["user_id"])
    if session.capacity is None:
        seats = t(lang, "seats_open")
    else:
        taken = summit.store.seats_taken([session.id]).get(session.id, 0)
        seats = tn(lang, "seats", session.capacity, taken=taken, capacity=session.capacity)
    return nudge_message(session, lang, seats)
