"""The day's channel recap for SUMMIT_RECAP_CHANNEL: the numbers and everyone's shared notes,
as known at recap time, in as many parts as Slack's limits need.

The one kind whose message is rendered when it is planned: it is a snapshot of the day at
recap time by definition (notes and seats up to that instant), and the split into parts is
what decides the parts' dedupe keys, which must be queued all together or not at all. The row
stores the rendered part (`facts["message"]`); sending it is posting what was stored.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.recap import LATE_LIMIT, day_stats, due_recap_days, recap_moment, shared_notes_by_session
from bot.views.recap import channel_recap_messages

if TYPE_CHECKING:
    from bot.agenda import Agenda
    from bot.services import Summit
    from bot.settings import Settings
    from bot.store import Store

KIND = "recap"
SNAPSHOT = "message"


def recap_key(day: date, part: int) -> str:
    return f"recap:{day.isoformat()}:{part}"


def channel_recap_due(store: Store, agenda: Agenda, now: datetime,
                      settings: Settings) -> list[OutboxMessage]:  # fmt: skip
    """The end-of-day recap for SUMMIT_RECAP_CHANNEL, as one message per part
    (`recap:<date>:<part>`, parts from 1), when a day's recap time has passed by less than
    12 hours; [] otherwise or when no recap channel is set.

    The content is what was known at recap time (notes and seats up to that instant), so
    asking again later in the window — next tick, after a restart, a missed recap sent at
    start — gives the same parts. Enqueue the parts together: the outbox's dedupe keys then
    keep the first set."""
    if not settings.recap_channel:
        return []
    items = []
    for day in due_recap_days(agenda, now, settings):
        moment = recap_moment(day, settings)
        until = moment.timestamp()
        stats = day_stats(store, agenda, day, until)
        notes = shared_notes_by_session(store, agenda, day, until)
        authors = {n.user_id for group in notes for n in group.notes}
        payloads = channel_recap_messages(day, stats, notes, names=store.display_names(authors),
                                          lang=settings.lang)  # fmt: skip
        items += [OutboxMessage(recap_key(day, part), KIND, settings.recap_channel,
                                moment.timestamp(), (moment + LATE_LIMIT).timestamp(),
                                {SNAPSHOT: payload})
                  for part, payload in enumerate(payloads, 1)]  # fmt: skip
    return items


def render(summit: Summit, row: dict) -> dict | None:
    return row["facts"][SNAPSHOT]
