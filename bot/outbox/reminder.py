"""Reminders: which registrant gets a DM before which session, and when.

A reminder is due `lead` minutes before its session (the user's `/summit remind` or
SUMMIT_REMINDER_MINUTES) and useless once the session starts, so that start is its deadline.
Its dedupe key holds the session's start: when a session moves, the reminder for the new time
is a new message and the old one is dropped. Rendered when it goes out: "starts in N min"
then, in the user's language then, or dropped if no longer wanted (store rule
`REMINDER_WANTED`).
"""

from __future__ import annotations

import time
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
# A plan works in rounds of this many rows read (registrations in the window, and changed
# pairs), some 5-10 ms each, and starts no new round after PLAN_SECONDS: the tick's share of a
# first plan of 100,000 registrations stays small, and a quiet moment does more.
PLAN_BUDGET = 250
PLAN_SECONDS = 0.03


def reminder_key(user_id: str, session_id: str, start_ts: float) -> str:
    return f"{KIND}:{user_id}:{session_id}:{int(start_ts)}"


def plan(store: Store, now: datetime, *, default_minutes: int, ahead: timedelta = PLAN_AHEAD,
         budget: int = PLAN_BUDGET, seconds: float = PLAN_SECONDS) -> int:  # fmt: skip
    """Queue (or re-time) the reminders falling due before `now + ahead`, and drop queued
    ones nobody wants any more, a bounded amount at a time so the tick stays small with tens
    of thousands registered. Two parts:

    - the changed (session, user) pairs m045's triggers marked since the last call (a new
      registration, a lead time or session moved...), at most `budget` marks;
    - a pass over the registrations whose reminder newly entered the window (due after the
      last pass's end, up to `now + ahead`), in session start order, at most `budget` rows
      read, resumed from its cursor next time.

    Rounds of both repeat while there is more and less than `seconds` has gone by (0: one
    round). Where it stands is kept in the store, so a restart picks up there. Idempotent;
    returns how many rows it added or changed."""
    began = time.monotonic()
    changed, more = _plan_round(store, now, default_minutes, ahead, budget)
    while more and time.monotonic() - began < seconds:
        done, more = _plan_round(store, now, default_minutes, ahead, budget)
        changed += done
    return changed


def _plan_round(store: Store, now: datetime, default_minutes: int, ahead: timedelta,
                budget: int) -> tuple[int, bool]:  # fmt: skip
    """One round of `plan`: (rows added or changed, whether there is more to do)."""
    now_ts, until = now.timestamp(), (now + ahead).timestamp()
    state = store.reminder_plan_state() or {}
    if state.get("default_minutes") != default_minutes:  # every lead time may have changed
        state = {"default_minutes": default_minutes}
    messages, more = _plan_marked(store, now_ts, until, default_minutes, budget)
    run = state.get("pass")
    if run is None:
        low = state.get("planned_until")
        if low is not None and until < low:  # the conference clock went back: start over
            low = None
        if low is None or until > low:
            run = {"low": low, "high": until, "cursor": None}
    if run is not None:
        done = _plan_window(store, run, now_ts, default_minutes, budget, messages)
        if done:
            state["planned_until"], run = run["high"], None
    state["pass"] = run
    store.save_reminder_plan_state(state)
    # In batches: one long write transaction would hold up every seat taken meanwhile.
    changed = sum(store.enqueue_or_refresh(messages[i : i + PLAN_BATCH])
                  for i in range(0, len(messages), PLAN_BATCH))  # fmt: skip
    return changed, more or run is not None


def _plan_marked(store: Store, now_ts: float, until: float, default_minutes: int,
                 budget: int) -> tuple[list[OutboxMessage], bool]:  # fmt: skip
    """The marked pairs' reminders (at most `budget` marks), and whether marks may be left."""
    last = store.last_reminder_mark(budget)
    if last is None:
        return [], False
    store.drop_unwanted_marked_reminders(last)
    rows = store.marked_reminder_candidates(last, now_ts, until, default_minutes)
    store.clear_reminder_marks(last)
    return [_message(r, r["session_id"], r["start_ts"]) for r in rows], True


def _plan_window(store: Store, run: dict, now_ts: float, default_minutes: int, budget: int,
                 messages: list[OutboxMessage]) -> bool:  # fmt: skip
    """Read up to `budget` registrations of the pass `run` from its cursor, adding the
    reminders due in (low, high] to `messages`. True when the pass is done."""
    low, high = run["low"], run["high"]
    shortest, longest = store.lead_minutes_range(default_minutes)
    # due in (low, high] means a start in (low + shortest lead, high + longest lead]
    after = now_ts if low is None else max(now_ts, low + 60 * shortest)
    cursor = run["cursor"]
    left = budget
    for session_id, start in store.sessions_starting(after, high + 60 * longest):
        if cursor is not None and (start, session_id) < (cursor[0], cursor[1]):
            continue
        after_user = cursor[2] if cursor and (start, session_id) == (cursor[0], cursor[1]) else ""
        rows = store.reminder_candidates(session_id, start, default_minutes,
                                         after_user=after_user, limit=left)  # fmt: skip
        messages += [_message(r, session_id, start) for r in rows
                     if r["wanted"] and not r["queued"] and r["due_at"] <= high
                     and (low is None or r["due_at"] > low)]  # fmt: skip
        left -= len(rows)
        if left <= 0:  # as many as asked: maybe more of this session, next time
            run["cursor"] = [start, session_id, rows[-1]["user_id"]]
            return False
    return True


def _message(row: dict, session_id: str, start_ts: float) -> OutboxMessage:
    return OutboxMessage(
        dedupe_key=reminder_key(row["user_id"], session_id, start_ts),
        kind=KIND,
        channel=row["user_id"],
        due_at=row["due_at"],
        deadline_at=start_ts,
        user_id=row["user_id"],
        session_id=session_id,
    )


def render(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not summit.store.reminder_wanted(row["id"]):
        return None
    return reminder_message(session, lang=summit.known_lang(row["user_id"]), now=summit.clock.now())
