"""The tick's planning of this feature's messages: the after-session questions, the morning
plans, and the channel recap's best-rated part and fill-up chart. All idempotent by their
dedupe keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox.channel_recap import recap_key
from bot.outbox.digest import digests_due
from bot.outbox.feedback_ask import feedback_asks_due
from bot.outbox.recap_chart import chart_key, recap_extras
from bot.recap import due_recap_days, recap_moment

if TYPE_CHECKING:
    from bot.services import Summit


def plan_questions_and_plans(summit: Summit, now: datetime) -> None:
    summit.store.enqueue(feedback_asks_due(summit, now))
    summit.store.enqueue(digests_due(summit, now))
    plan_recap_extras(summit, now)


def plan_recap_extras(summit: Summit, now: datetime) -> None:
    """Once a day's text recap is queued (planned just before, in the same tick), queue its
    extras behind it: queued later, they are sent after the text parts."""
    store, settings = summit.store, summit.settings
    if not settings.recap_channel:
        return
    agenda = summit.agenda()
    for day in due_recap_days(agenda, now, settings):
        if not store.outbox_has(recap_key(day, 1)) or store.outbox_has(chart_key(day)):
            continue
        store.enqueue_together(recap_extras(store, agenda, day, recap_moment(day, settings),
                                            settings))  # fmt: skip
