"""APScheduler wiring: a few fixed-id jobs on the memory job store, rebuilt at every start.

APScheduler only knows real time, so nothing here uses cron or date triggers: an interval
tick reads the conference clock and decides what is due (`bot.outbox.planning`), writing it
to the outbox. The sender is a long-lived thread of its own (`schedules.sender`), started
and stopped with the scheduler, so a long queue never holds up the next tick.
"""

from __future__ import annotations

import logging
import statistics
import time
from collections import deque
from datetime import UTC, datetime, timedelta
from functools import partial

from apscheduler.events import (
    EVENT_JOB_MAX_INSTANCES,
    EVENT_SCHEDULER_SHUTDOWN,
    EVENT_SCHEDULER_STARTED,
)
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


class TickTimes:
    """How long the last ticks took and how many runs APScheduler skipped because the one
    before was still running: what /healthz and bench/process.py report."""

    def __init__(self, keep: int = 1000) -> None:
        self.seconds: deque[float] = deque(maxlen=keep)
        self.skipped = 0

    def took(self, seconds: float) -> None:
        self.seconds.append(seconds)

    def summary(self) -> dict:
        times = sorted(self.seconds)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))] if times else None
        return {
            "tick_ms_p50": round(statistics.median(times) * 1000, 1) if times else None,
            "tick_ms_p99": round(p99 * 1000, 1) if p99 is not None else None,
            "ticks": len(times),
            "ticks_skipped": self.skipped,
        }


def build_scheduler(summit: Summit, sender: Sender | None = None) -> BackgroundScheduler:
    scheduler = BackgroundScheduler(timezone=summit.clock.tz)
    times = TickTimes()

    def skipped(event) -> None:
        if event.job_id == TICK_JOB:
            times.skipped += 1
            summit.health.update(times.summary())

    scheduler.add_listener(skipped, EVENT_JOB_MAX_INSTANCES)
    scheduler.add_job(
        tick,
        "interval",
        seconds=TICK_SECONDS,
        args=[summit, times],
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


def tick(summit: Summit, times: TickTimes | None = None) -> None:
    """One planning pass on the conference clock (`bot.outbox.planning`), as one unit of
    work: one database connection, however much it reads and queues. Idempotent: running it
    twice queues nothing twice."""
    began = time.monotonic()
    now = summit.clock.now()
    speed = summit.clock.speed
    ahead = max(reminder.PLAN_AHEAD, timedelta(seconds=TICK_SECONDS * speed * TICKS_AHEAD))
    with summit.store.unit_of_work():
        plan_tick(summit, now, ahead)
    summit.health["last_tick"] = datetime.now(UTC).isoformat()
    summit.health["last_tick_conference"] = now.isoformat()
    if times is not None:
        times.took(time.monotonic() - began)
        summit.health.update(times.summary())


def scheduler_state(scheduler: BackgroundScheduler | None) -> str:
    return "running" if scheduler is not None and scheduler.running else "stopped"
