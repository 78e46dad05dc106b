"""Agenda-change notices: when an agenda load moves or cancels a session, everyone holding
a seat or a waitlist place gets a DM saying exactly what changed. Knows nothing of Slack.

The loader that queues them with the change, `apply_agenda`, lives in `bot.agenda.loading`
and is re-exported here for the modules that call it by this name.
"""

from __future__ import annotations

from bot.agenda.loading import apply_agenda
from bot.store import AgendaDiff, OutboxMessage

KIND = "agenda"
PLACE = ("start_ts", "end_ts", "room")

__all__ = ["KIND", "agenda_notices", "apply_agenda", "notice_key"]


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
