"""APScheduler wiring: a few fixed-id jobs on the memory job store, rebuilt at every start.

APScheduler only knows real time, so nothing here uses cron or date triggers: an interval
tick reads the conference clock and decides what is due (GUIDE.md "Scheduling"), writing it
to the outbox. The sender is a long-lived thread of its own (`schedules.sender`), started and
stopped with the scheduler, so a long queue never holds up the next tick.
"""

from __future__ import annotations

import logging
import time
from datetime import UTC, datetime, timedelta
from functools import partial

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN, EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.background import BackgroundScheduler

from bot import alerts, recap, reminders
from bot.agenda.live import sync
from bot.agenda.loading import is_url
from bot.delivery import compose
from bot.notices import interest_nudges
from bot.outgoing import queue, queue_together
from bot.services import Summit
from schedules.sender import Sender

log = logging.getLogger(__name__)

TICK_JOB = "tick"
AGENDA_JOB = "agenda_fetch"  # SUMMIT_AGENDA is a URL: fetched every SUMMIT_AGENDA_REFRESH min
TICK_SECONDS = 1.0
# Plan at least this many ticks ahead: at 600x a tick is 10 conference minutes, and a
# 10-minute reminder must already be queued when the tick before its due time runs.
TICKS_AHEAD = 5
PLAN_DUTY = 10  # reminder planning may use a tenth of the tick thread's time


def build_scheduler(summit: Summit, sender: Sender | None = None) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=summit.clock.tz)
    scheduler.add_job(
        tick,
        "interval",
        seconds=TICK_SECONDS,
        args=[summit],
        id=TICK_JOB,
        replace_existing=True,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
        # At once, not a tick from now: at 600x one tick is ten conference minutes.
        next_run_time=datetime.now(summit.clock.tz),
    )
    if is_url(summit.settings.agenda_path):
        scheduler.add_job(
            sync_agenda,
            "interval",
            minutes=summit.settings.agenda_refresh_minutes,
            args=[summit],
            id=AGENDA_JOB,
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=None,
        )
    if sender is not None:
        scheduler.add_listener(lambda _: sender.start(), EVENT_SCHEDULER_STARTED)
        scheduler.add_listener(lambda _: sender.stop(), EVENT_SCHEDULER_SHUTDOWN)
    return scheduler


def build_sender(summit: Summit) -> Sender:
    return Sender(summit, partial(compose, summit))


def sync_agenda(summit: Summit) -> None:
    """One fetch of the live agenda (real minutes: the organiser's server keeps real time)."""
    settings = summit.settings
    sync(summit.store, settings.agenda_path, settings.tz, summit.clock.now(),
         tz_set=settings.tz_set)  # fmt: skip


def tick(summit: Summit) -> None:
    """One planning pass on the conference clock: queue the reminders, capacity alerts,
    interest nudges and recaps that are due (or soon will be). Idempotent: running it twice
    queues nothing twice."""
    now = summit.clock.now()
    speed = summit.clock.speed
    ahead = max(reminders.PLAN_AHEAD, timedelta(seconds=TICK_SECONDS * speed * TICKS_AHEAD))
    if time.monotonic() >= summit.next_reminder_plan:
        began = time.monotonic()
        reminders.plan(summit.store, now, default_minutes=summit.settings.reminder_minutes,
                       ahead=ahead)  # fmt: skip
        # Planning reads every registration in the window: with tens of thousands it takes
        # a while, so it runs at most a tenth of the time; with a few hundred, every tick.
        took = time.monotonic() - began
        summit.next_reminder_plan = began + PLAN_DUTY * took
    filling: list[str] = []
    alerts.plan(summit.store, now, summit.settings.alert_channel, filling=filling)
    for session_id in filling:  # its "filling fast" moment: nudge who starred it
        queue(summit.store, interest_nudges(summit.store, summit.agenda(), session_id, now,
                                            summit.known_lang))  # fmt: skip
    queue_recaps(summit, now)
    summit.health["last_tick"] = datetime.now(UTC).isoformat()
    summit.health["last_tick_conference"] = now.isoformat()


def queue_recaps(summit: Summit, now: datetime) -> None:
    """The day's channel recap (its parts all at once, once) and the recap-draft offers.
    Building the recap reads every shared note, so it is skipped once a day's is queued."""
    agenda = summit.agenda()
    days = recap.due_recap_days(agenda, now, summit.settings)
    if not days:
        return
    store, settings = summit.store, summit.settings
    if settings.recap_channel and not all(store.outbox_has(recap.recap_key(d, 1)) for d in days):
        parts = recap.channel_recap_due(store, agenda, now, settings)
        for day in days:
            prefix = recap.recap_key(day, 0).rsplit(":", 1)[0] + ":"
            queue_together(store, [p for p in parts if p.dedupe_key.startswith(prefix)])
    queue(store, recap.recap_offers_due(store, agenda, now, settings))


def scheduler_state(scheduler: BackgroundScheduler | None) -> str:
    return "running" if scheduler is not None and scheduler.running else "stopped"
