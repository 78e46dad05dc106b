"""Reminders: which registrant gets a DM before which session, and when.

A reminder is due `lead` minutes before its session (the user's `/summit remind` or
SUMMIT_REMINDER_MINUTES) and useless once the session starts, so that start is its deadline.
Its dedupe key holds the session's start: when a session moves, the reminder for the new time
is a new message and the old one is dropped. Rendered when it goes out: "starts in N min"
then, in the user's language then, or dropped if no longer wanted (store rule
`REMINDER_WANTED`).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.views.delivery import reminder_message

if TYPE_CHECKING:
    from bot.services import Summit
    from bot.store import Store

KIND = "reminder"
# Reminders go into the outbox this far ahead of their due time, so a big fan-out is queued
# early enough for the sender to start on it before it falls due (see Store.claim_next).
PLAN_AHEAD = timedelta(hours=2)
PLAN_BATCH = 2000


def reminder_key(user_id: str, session_id: str, start_ts: float) -> str:
    return f"{KIND}:{user_id}:{session_id}:{int(start_ts)}"


def plan(store: Store, now: datetime, *, default_minutes: int,
         ahead: timedelta = PLAN_AHEAD) -> int:  # fmt: skip
    """Queue (or re-time) every reminder falling due before `now + ahead`, and drop queued
    ones nobody wants any more. Idempotent; returns how many rows it added or changed."""
    store.drop_unwanted_reminders()
    rows = store.reminders_to_plan(now.timestamp(), (now + ahead).timestamp(), default_minutes)
    messages = [
        OutboxMessage(
            dedupe_key=reminder_key(r["user_id"], r["session_id"], r["start_ts"]),
            kind=KIND,
            channel=r["user_id"],
            due_at=r["start_ts"] - 60 * r["lead_minutes"],
            deadline_at=r["start_ts"],
            user_id=r["user_id"],
            session_id=r["session_id"],
        )
        for r in rows
    ]
    # In batches: the first plan of a big day is tens of thousands of rows, and one long
    # write transaction would hold up every seat taken and message sent meanwhile.
    return sum(store.enqueue_or_refresh(messages[i : i + PLAN_BATCH])
               for i in range(0, len(messages), PLAN_BATCH))  # fmt: skip


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not summit.store.reminder_wanted(row["id"]):
        return None
    return reminder_message(session, lang=summit.known_lang(row["user_id"]), now=summit.clock.now())
