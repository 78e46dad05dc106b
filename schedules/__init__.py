"""APScheduler wiring: a few fixed-id jobs on the memory job store, rebuilt at every start.

APScheduler only knows real time, so nothing here uses cron or date triggers: an interval
tick reads the conference clock and decides what is due (GUIDE.md "Scheduling").
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from apscheduler.schedulers.background import BackgroundScheduler

from bot.services import Summit

log = logging.getLogger(__name__)

TICK_JOB = "tick"
TICK_SECONDS = 1.0


def build_scheduler(summit: Summit) -> BackgroundScheduler:
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
    )
    return scheduler


def tick(summit: Summit) -> None:
    """One planning pass on the conference clock; for now it records that it ran."""
    summit.health["last_tick"] = datetime.now(UTC).isoformat()
    summit.health["last_tick_conference"] = summit.clock.now().isoformat()


def scheduler_state(scheduler: BackgroundScheduler | None) -> str:
    return "running" if scheduler is not None and scheduler.running else "stopped"
