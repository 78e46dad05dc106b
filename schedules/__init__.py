"""APScheduler wiring: a few fixed-id jobs on the memory job store, rebuilt at every start.

APScheduler only knows real time, so nothing here uses cron or date triggers: an interval
tick reads the conference clock and decides what is due (`bot.outbox.planning`), writing it
to the outbox. The sender is a long-lived thread of its own (`schedules.sender`), started
and stopped with the scheduler, so a long queue never holds up the next tick.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from functools import partial

from apscheduler.events import EVENT_SCHEDULER_SHUTDOWN, EVENT_SCHEDULER_STARTED
from apscheduler.schedulers.background import BackgroundScheduler

from bot.agenda.live import sync
from bot.agenda.loading import is_url
from bot.outbox import kinds, reminder
from bot.outbox.planning import plan_tick
from bot.services import Summit
from schedules.sender import Sender

log = logging.getLogger(__name__)

TICK_JOB = "tick"
AGENDA_JOB = "agenda_fetch"  # SUMMIT_AGENDA is a URL: fetched every SUMMIT_AGENDA_REFRESH min
TICK_SECONDS = 1.0
# Plan at least this many ticks ahead: at 600x a tick is 10 conference minutes, and a
# 10-minute reminder must already be queued when the tick before its due time runs.
TICKS_AHEAD = 5


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
    return Sender(summit, partial(kinds.render, summit))


def sync_agenda(summit: Summit) -> None:
    """One fetch of the live agenda (real minutes: the organiser's server keeps real time)."""
    settings = summit.settings
    sync(summit.store, settings.agenda_path, settings.tz, summit.clock.now(),
         tz_set=settings.tz_set)  # fmt: skip


def tick(summit: Summit) -> None:
    """One planning pass on the conference clock (`bot.outbox.planning`), as one unit of
    work: one database connection, however much it reads and queues. Idempotent: running it
    twice queues nothing twice."""
    now = summit.clock.now()
    speed = summit.clock.speed
    ahead = max(reminder.PLAN_AHEAD, timedelta(seconds=TICK_SECONDS * speed * TICKS_AHEAD))
    with summit.store.unit_of_work():
        plan_tick(summit, now, ahead)
    summit.health["last_tick"] = datetime.now(UTC).isoformat()
    summit.health["last_tick_conference"] = now.isoformat()


def scheduler_state(scheduler: BackgroundScheduler | None) -> str:
    return "running" if scheduler is not None and scheduler.running else "stopped"
