"""Agenda-change notices: when an agenda load moves or cancels a session, everyone holding
a seat or a waitlist place gets a DM saying exactly what changed. Knows nothing of Slack.

`apply_agenda` is what `summit-bot agenda load`, the start-up load and `admin reload` call:
the sessions change and the notices are queued in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.store import AgendaDiff, OutboxMessage, Store

KIND = "agenda"
PLACE = ("start_ts", "end_ts", "room")


def notice_key(session_id: str, user_id: str, agenda_version: int) -> str:
    return f"{KIND}:{session_id}:{user_id}:v{agenda_version}"


def apply_agenda(store: Store, rows: list[dict], *, cancel_missing: bool,
                 now: datetime) -> AgendaDiff:  # fmt: skip
    """Load `rows` (see Store.apply_agenda) and queue a notice per person per moved or
    cancelled session."""
    incoming = {row["id"]: row for row in rows}
    build = partial(agenda_notices, incoming, now=now.timestamp())
    return store.apply_agenda(rows, cancel_missing=cancel_missing, dry_run=False,
                              now=now.timestamp(), notices=build)  # fmt: skip


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
