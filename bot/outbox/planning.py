"""What the scheduler's tick queues on the conference clock: reminders (planned ahead),
capacity alerts, the interest nudges a session's "filling fast" moment causes, and the day's
recaps. Idempotent: planning twice queues nothing twice (dedupe keys)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot import recap
from bot.outbox import capacity_alert, channel_recap, interest_nudge, recap_offer, reminder
from bot.outbox.attendee_plans import plan_questions_and_plans

if TYPE_CHECKING:
    from bot.services import Summit


def plan_tick(summit: Summit, now: datetime, ahead: timedelta) -> None:
    """One planning pass: everything due by `now` (reminders by `now + ahead`)."""
    store = summit.store
    # Bounded work (changed pairs and a slice of the window), so it runs every tick.
    reminder.plan(store, now, default_minutes=summit.settings.reminder_minutes, ahead=ahead)
    filling: list[str] = []
    capacity_alert.plan(store, now, summit.settings.alert_channel, filling=filling)
    for session_id in filling:  # its "filling fast" moment: nudge who starred it
        store.enqueue(interest_nudge.interest_nudges(store, summit.agenda(), session_id, now))
    plan_recaps(summit, now)
    plan_questions_and_plans(summit, now)


def plan_recaps(summit: Summit, now: datetime) -> None:
    """The day's channel recap (its parts all at once, once) and the recap-draft offers.
    Building the recap reads every shared note, so it is skipped once a day's is queued."""
    agenda = summit.agenda()
    days = recap.due_recap_days(agenda, now, summit.settings)
    if not days:
        return
    store, settings = summit.store, summit.settings
    if settings.recap_channel and not all(
        store.outbox_has(channel_recap.recap_key(d, 1)) for d in days
    ):
        parts = channel_recap.channel_recap_due(store, agenda, now, settings)
        for day in days:
            prefix = channel_recap.recap_key(day, 0).rsplit(":", 1)[0] + ":"
            store.enqueue_together([p for p in parts if p.dedupe_key.startswith(prefix)])
    store.enqueue(recap_offer.recap_offers_due(store, agenda, now, settings))
