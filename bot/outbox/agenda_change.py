"""Agenda-change notices: when an agenda load moves or cancels a session, everyone holding
a seat or a waitlist place gets a DM saying exactly what changed. Built from the load's diff
inside its transaction (`Store.apply_agenda`); rendered when it goes out, from the old and new
place stored in the row."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.views.delivery import agenda_notice_message

if TYPE_CHECKING:
    from bot.services import Summit
    from bot.store import AgendaDiff

KIND = "agenda"
PLACE = ("start_ts", "end_ts", "room")


def notice_key(session_id: str, user_id: str, agenda_version: int) -> str:
    return f"{KIND}:{session_id}:{user_id}:v{agenda_version}"


def agenda_notices(incoming: dict[str, dict], diff: AgendaDiff, people: dict[str, list[str]],
                   agenda_version: int, *, now: float) -> list[OutboxMessage]:  # fmt: skip
    """One DM per person per moved or cancelled session. A notice is worth sending until the
    session (at its old or new time, whichever is later) is over."""
    messages = []
    for sid in diff.moved + diff.cancelled:
        old = {k: diff.previous[sid][k] for k in PLACE}
        if sid in diff.cancelled:
            change, new, deadline = "cancelled", None, old["end_ts"]
        else:
            new = {k: incoming[sid][k] for k in PLACE}
            change, deadline = "moved", max(old["end_ts"], new["end_ts"])
        for user_id in people.get(sid, []):
            messages.append(
                OutboxMessage(
                    dedupe_key=notice_key(sid, user_id, agenda_version),
                    kind=KIND,
                    channel=user_id,
                    due_at=now,
                    deadline_at=deadline,
                    user_id=user_id,
                    session_id=sid,
                    facts={"change": change, "old": old, "new": new},
                )
            )
    return messages


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None:
        return None
    facts = row["facts"]
    return agenda_notice_message(session, lang=summit.known_lang(row["user_id"]),
                                 change=facts["change"], old=facts["old"], new=facts["new"],
                                 tz=summit.clock.tz)  # fmt: skip
