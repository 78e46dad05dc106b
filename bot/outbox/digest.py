"""The morning plan: at SUMMIT_DIGEST_TIME each conference day, one DM to each person with a
seat or a waitlist place that day (`digest:<user>:<date>`). Queued with no deadline, so it is
sent after every message that has one (reminders above all) and never delays them; the
renderer drops it once the plan's grace period is over, the person opted out or has nothing
that day. The content is read when it goes out, so it is the plan as it stands then."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from bot import registrations
from bot.digest import DEFAULT_GRACE, PlanSession, digest_at, digest_due, morning_plan
from bot.fill_history import day_fills, filled_up
from bot.outbox.message import OutboxMessage
from bot.views.digest import plan_message

if TYPE_CHECKING:
    from bot.services import Summit

KIND = "digest"


def digest_key(user_id: str, day: date) -> str:
    return f"digest:{user_id}:{day.isoformat()}"


def digests_due(summit: Summit, now: datetime) -> list[OutboxMessage]:
    settings, agenda, store = summit.settings, summit.agenda(), summit.store
    items = []
    for day in agenda.days:
        if not digest_due(now, day, settings.digest_time, settings.tz):
            continue
        at = digest_at(day, settings.digest_time, settings.tz).timestamp()
        if store.any_queued(KIND, due_at=at):  # the day's plans are planned once
            continue
        people = store.people_holding([s.id for s in agenda.on_day(day) if s.registrable])
        off = store.opted_out("digest_opt_out", people)
        items += [OutboxMessage(digest_key(u, day), KIND, u, at, None, {"day": day.isoformat()}, u)
                  for u in people if u not in off]  # fmt: skip
    return items


def render(summit: Summit, row: dict) -> dict | None:
    settings, store = summit.settings, summit.store
    user_id, day = row["user_id"], date.fromisoformat(row["facts"]["day"])
    if summit.clock.now() >= digest_at(day, settings.digest_time, settings.tz) + DEFAULT_GRACE:
        return None
    if store.opted_out("digest_opt_out", [user_id]):
        return None
    lang = summit.known_lang(user_id)
    return plan_for(summit, user_id, day, lang)


def plan_for(summit: Summit, user_id: str, day: date, lang: str) -> dict | None:
    """The person's plan for `day` as a message, or None when they hold nothing that day."""
    agenda, store, tz = summit.agenda(), summit.store, summit.settings.tz
    sessions = [
        PlanSession(i.session.id, i.session.title_for(lang), i.session.start, i.session.end,
                    i.status, i.place, i.session.room)
        for i in registrations.my_agenda(store, agenda, user_id) if i.session.registrable
    ]  # fmt: skip
    earlier = [d for d in agenda.days if d < day]
    filled = []
    if earlier:
        end_of_yesterday = datetime.combine(day, datetime.min.time(), tzinfo=tz)
        filled = filled_up(day_fills(store, agenda, earlier[-1], end_of_yesterday.timestamp(),
                                     lang))  # fmt: skip
    plan = morning_plan(sessions, day, tz, filled)
    if plan is None:
        return None
    return plan_message(plan, agenda.day_number(day), lang)


