"""The tick's planning of this feature's DMs: the after-session questions and the morning
plans, both idempotent by their dedupe keys."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox.digest import digests_due
from bot.outbox.feedback_ask import feedback_asks_due

if TYPE_CHECKING:
    from bot.services import Summit


def plan_questions_and_plans(summit: Summit, now: datetime) -> None:
    summit.store.enqueue(feedback_asks_due(summit, now))
    summit.store.enqueue(digests_due(summit, now))
