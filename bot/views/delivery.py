"""What the bot sends on its own: reminder DMs, capacity alerts, agenda-change notices.

Pure functions from sessions and facts to message payloads; every agenda text is escaped."""

from __future__ import annotations

import math
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING

from bot.i18n import fmt_date, fmt_duration, fmt_span, fmt_time, t, tn
from bot.views import ids
from bot.views.text import button, context, escape, message, section

if TYPE_CHECKING:  # annotations only: the store imports views through outbox kinds
    from bot.agenda import Session


def slack_date(instant: datetime, lang: str) -> str:
    """A Slack date token: Slack shows it in each reader's own time zone; the fallback is the
    event's local time for clients that can't."""
    fallback = f"{fmt_date(instant.date(), lang)} {fmt_time(instant, lang)} {instant:%Z}".strip()
    return f"<!date^{int(instant.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def minutes_until(start: datetime, now: datetime) -> int:
    """Whole minutes until `start`, rounded up: a talk 30 s away starts "in 1 min"."""
    return max(0, math.ceil((start - now).total_seconds() / 60))


def reminder_message(session: Session, *, lang: str, now: datetime) -> dict:
    """The DM before a registered session: what, where, when, how long until, Unregister."""
    title = escape(session.title_for(lang))
    room = escape(session.room) or t(lang, "unknown_value")
    minutes = minutes_until(session.start, now)
    duration = fmt_duration(timedelta(minutes=minutes), lang)
    heading = (t(lang, "reminder_soon", duration=duration, title=title) if minutes
               else t(lang, "reminder_now", title=title))  # fmt: skip
    lines = [
        f"*{heading}*",
        t(lang, "reminder_where", room=room),
        t(lang, "reminder_when", span=fmt_span(session.start, session.end, lang),
          local=slack_date(session.start, lang)),  # fmt: skip
    ]
    blocks = [
        section("\n".join(lines), block_id=f"{ids.BLOCK_SESSION}:{session.id}"),
        {
            "type": "actions",
            "block_id": f"{ids.BLOCK_SESSION_ACTIONS}:{session.id}",
            "elements": [
                button(t(lang, "unregister_button"),
                       ids.for_session(ids.UNREGISTER, session.id), session.id),
                button(t(lang, "details_button"),
                       ids.for_session(ids.DETAILS, session.id), session.id),
            ],  # fmt: skip
        },
        context(t(lang, "reminder_footer")),
    ]
    fallback = t(lang, "reminder_fallback", title=title, duration=duration, room=room)
    return message(fallback, blocks)


def capacity_alert_message(session: Session, *, lang: str, threshold: int, taken: int,
                           seats: int, minutes_from_half: int | None,
                           now: datetime) -> dict:  # fmt: skip
    """A channel post when a session crosses `threshold` percent. `taken`/`seats` are the
    counts as the message goes out; a Register button while a seat is left."""
    title = escape(session.title_for(lang))
    left = max(0, seats - taken)
    if threshold >= 100:
        heading = tn(lang, "alert_full", seats, title=title, capacity=seats)
    else:
        heading = tn(lang, "alert_filling", left, title=title, left=left)
    lines = [heading]
    if threshold < 100:
        pace = (t(lang, "alert_pace", threshold=threshold,
                  duration=fmt_duration(timedelta(minutes=minutes_from_half), lang))
                if minutes_from_half else t(lang, "alert_pace_instant", threshold=threshold))
        lines.append(pace)  # fmt: skip
    facts = [f"`{session.id}`", fmt_span(session.start, session.end, lang), escape(session.room),
             tn(lang, "seats", seats, taken=taken, capacity=seats)]  # fmt: skip
    blocks = [
        section("\n".join(lines), block_id=f"{ids.BLOCK_SESSION}:{session.id}"),
        context(" · ".join(f for f in facts if f)),
    ]
    if left and session.registrable and not session.has_ended(now):
        blocks.append(
            {
                "type": "actions",
                "block_id": f"{ids.BLOCK_SESSION_ACTIONS}:{session.id}",
                "elements": [
                    button(t(lang, "register_button"), ids.for_session(ids.REGISTER, session.id),
                           session.id, "primary"),
                    button(t(lang, "details_button"), ids.for_session(ids.DETAILS, session.id),
                           session.id),
                ],  # fmt: skip
            }
        )
    return message(heading, blocks)


def agenda_notice_message(session: Session, *, lang: str, change: str, old: dict, new: dict,
                          tz: tzinfo) -> dict:  # fmt: skip
    """A DM to someone registered for a session that moved or was cancelled. `old`/`new`
    carry start_ts, end_ts and room; the message says exactly what changed."""
    title = escape(session.title_for(lang))
    unknown = t(lang, "unknown_value")
    old_span = _span(old, tz, lang)
    if change == "cancelled":
        text = t(lang, "notice_cancelled", title=title, when=old_span,
                 room=escape(old["room"]) or unknown)  # fmt: skip
        return message(t(lang, "notice_fallback_cancelled", title=title), [section(text)])
    lines = [t(lang, "notice_moved", title=title)]
    new_span = _span(new, tz, lang)
    if new_span != old_span:
        lines.append(t(lang, "notice_time", old=old_span, new=new_span))
    if new["room"] != old["room"]:
        lines.append(t(lang, "notice_room", old=escape(old["room"]) or unknown,
                       new=escape(new["room"]) or unknown))  # fmt: skip
    if new["start_ts"] != old["start_ts"]:
        lines.append(t(lang, "notice_follows"))
    blocks = [
        section("\n".join(lines), block_id=f"{ids.BLOCK_SESSION}:{session.id}"),
        {
            "type": "actions",
            "block_id": f"{ids.BLOCK_SESSION_ACTIONS}:{session.id}",
            "elements": [
                button(t(lang, "details_button"), ids.for_session(ids.DETAILS, session.id),
                       session.id),
                button(t(lang, "unregister_button"),
                       ids.for_session(ids.UNREGISTER, session.id), session.id),
            ],  # fmt: skip
        },
    ]
    return message(t(lang, "notice_fallback_moved", title=title), blocks)


def _span(place: dict, tz: tzinfo, lang: str) -> str:
    return fmt_span(datetime.fromtimestamp(place["start_ts"], tz),
                    datetime.fromtimestamp(place["end_ts"], tz), lang)  # fmt: skip
