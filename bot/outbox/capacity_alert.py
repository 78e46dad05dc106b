"""Capacity alerts: a post to the organisers' channel when a session reaches 80% ("filling
fast") and 100% ("full"). Knows nothing of Slack: it reads fill levels from the database
and writes outbox rows; the post is rendered when it goes out, with the seats taken then.

Each threshold fires once and re-arms only after the session drops `REARM_POINTS` below it,
so seats freed and retaken around a threshold don't spam the channel. The moment a session
crossed 50% is recorded too (silently) for "went from 50% to 80% in 12 minutes".
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.store import CapacityMark
from bot.views.delivery import capacity_alert_message

if TYPE_CHECKING:
    from bot.services import Summit
    from bot.store import Store

KIND = "capacity"
HALF = 50
FILLING = 80
ALERT_THRESHOLDS = (FILLING, 100)
MARKED_THRESHOLDS = (HALF, *ALERT_THRESHOLDS)
REARM_POINTS = 10


def alert_key(session_id: str, threshold: int, times_crossed: int) -> str:
    return f"{KIND}:{session_id}:{threshold}:{times_crossed}"


def assess(session_id: str, percent: float, marks: dict[int, CapacityMark],
           now: float) -> tuple[list[CapacityMark], int | None]:  # fmt: skip
    """The marks that change at fill level `percent`, and the threshold to alert for: the
    highest one crossed now (70% → 100% in one step says "full", not both)."""
    changed: list[CapacityMark] = []
    crossed: list[int] = []
    for threshold in MARKED_THRESHOLDS:
        mark = marks.get(threshold) or CapacityMark(session_id, threshold)
        if mark.armed and percent >= threshold:
            changed.append(replace(mark, armed=False, times_crossed=mark.times_crossed + 1,
                                   crossed_at=now))  # fmt: skip
            crossed.append(threshold)
        elif not mark.armed and percent < threshold - REARM_POINTS:
            changed.append(replace(mark, armed=True))
    alerting = [t for t in crossed if t in ALERT_THRESHOLDS]
    return changed, (max(alerting) if alerting else None)


def plan(store: Store, now: datetime, channel: str | None,
         filling: list[str] | None = None) -> int:  # fmt: skip
    """Check every session's fill level against its marks; queue an alert per threshold
    crossed. Without an alert channel the marks still move, so turning alerts on later
    doesn't replay old crossings. Returns how many alerts were queued; the ids of sessions
    that crossed FILLING (80%) just now are appended to `filling`, channel or not."""
    now_ts = now.timestamp()
    all_marks = store.capacity_marks()
    changed: list[CapacityMark] = []
    messages: list[OutboxMessage] = []
    for level in store.fill_levels(now_ts):
        sid = level["id"]
        marks = {t: all_marks[(sid, t)] for t in MARKED_THRESHOLDS if (sid, t) in all_marks}
        percent = 100 * level["taken"] / level["seats"]
        new_marks, threshold = assess(sid, percent, marks, now_ts)
        changed.extend(new_marks)
        if filling is not None and any(m.threshold == FILLING and not m.armed for m in new_marks):
            filling.append(sid)
        if threshold is None or not channel:
            continue
        marks.update({m.threshold: m for m in new_marks})
        mark = marks[threshold]
        half = marks.get(HALF)
        messages.append(
            OutboxMessage(
                dedupe_key=alert_key(sid, threshold, mark.times_crossed),
                kind=KIND,
                channel=channel,
                due_at=now_ts,
                deadline_at=level["end_ts"],
                session_id=sid,
                facts={
                    "threshold": threshold,
                    "crossed_at": now_ts,
                    "half_full_at": half.crossed_at if half and not half.armed else None,
                },
            )
        )
    if changed:
        store.save_capacity_marks(changed, messages)
    return len(messages)


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not session.registrable or not session.capacity:
        return None
    facts = row["facts"]
    half = facts.get("half_full_at")
    minutes = round((facts["crossed_at"] - half) / 60) if half is not None else None
    taken = summit.store.seats_taken([session.id]).get(session.id, 0)
    return capacity_alert_message(session, lang=summit.settings.lang,
                                  threshold=facts["threshold"], taken=taken,
                                  seats=session.capacity, minutes_from_half=minutes,
                                  now=summit.clock.now())  # fmt: skip
