"""The `/summit` slash command: ack at once, route the text to a handler, respond ephemerally.

Handlers parse, call a domain function and render with `bot.views`; they return a message
payload (or several, sent in order) and never raise for bad input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date

from slack_bolt import Ack, App, Respond

from bot import registrations
from bot.agenda import parse_schedule_query, select_sessions
from bot.i18n import fmt_date, fmt_span, t
from bot.listeners.notes import note_cmd, notes_list_reply, recap_cmd
from bot.services import Summit
from bot.views.sessions import SeatView, my_message, schedule_message, session_detail
from bot.views.text import clip, escape, text_reply

log = logging.getLogger(__name__)

MAX_TEXT = 4000
# A note is the one long thing people type; Slack caps slash-command text itself.
NOTE_MAX_TEXT = 12_000
MAX_QUERY = 300
REMIND_RANGE = (1, 24 * 60)

Reply = dict | list[dict]
Handler = Callable[[Summit, str, list[str], str], Reply]
# Handlers that take the text after the command word verbatim (line breaks and all).
TextHandler = Callable[[Summit, str, str, str], Reply]
FIRST_WORD = re.compile(r"\s*(\S+)\s*")


def register(app: App) -> None:
    app.command("/summit")(on_summit)


def on_summit(ack: Ack, command: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    with summit.ack_first.composing():
        reply = run_command(summit, command.get("user_id", ""), command.get("text") or "")
    for payload in reply if isinstance(reply, list) else [reply]:
        try:
            respond(response_type="ephemeral", **payload)
        except Exception:  # the user is gone or the response_url expired: nothing to tell them
            log.exception("could not respond to /summit")
            break


def run_command(summit: Summit, user_id: str, text: str) -> Reply:
    """Route `/summit <text>` for `user_id`; always returns a message payload, or a list of
    them for replies that take several messages."""
    lang = summit.lang_for(user_id)
    first = FIRST_WORD.match(text)
    name = first.group(1).lower() if first else "help"
    limit = NOTE_MAX_TEXT if name in TEXT_HANDLERS else MAX_TEXT
    if len(text) > limit:
        return text_reply(t(lang, "too_long", length=len(text), limit=limit))
    words = text.split()
    handler = HANDLERS.get(name)
    text_handler = TEXT_HANDLERS.get(name)
    if handler is None and text_handler is None:
        unknown = t(lang, "unknown_command", command=escape(clip(words[0], 40)))
        return text_reply(f"{unknown}\n\n{t(lang, 'usage')}")
    try:
        if text_handler is not None:
            return text_handler(summit, user_id, text[first.end() :], lang)
        return handler(summit, user_id, words[1:], lang)
    except Exception:
        log.exception("/summit %s failed", name)
        return text_reply(t(lang, "error"))


def seat_view(summit: Summit, user_id: str, session_ids: list[str]) -> SeatView:
    mine = {r["session_id"]: r["status"] for r in summit.store.user_registrations(user_id)}
    return SeatView(taken=summit.store.seats_taken(session_ids), mine=mine)


def schedule(summit: Summit, user_id: str, args: list[str], lang: str, page: int = 0,
             pinned_day: date | None = None) -> dict:  # fmt: skip
    """`schedule …`; a pager click repeats the query on the day it first resolved to, so
    "today" keeps meaning the day the list was asked for."""
    agenda = summit.agenda()
    now = summit.clock.now()
    text = clip(" ".join(args), MAX_QUERY)
    query = parse_schedule_query(text, agenda, now)
    if pinned_day:
        query = replace(query, day=pinned_day)
    sessions = select_sessions(agenda, query, now)
    days = ", ".join(fmt_date(d, lang) for d in agenda.days)
    note = t(lang, "outside_dates", days=days) if query.outside else None
    if query.day and query.day not in agenda.days:
        note = t(lang, "no_sessions_on", date=query.day.isoformat(), days=days)
    title = _schedule_title(agenda, query, lang, len(sessions))
    state = {"q": text, "day": query.day.isoformat() if query.day else None}
    return schedule_message(
        sessions,
        title=title,
        lang=lang,
        now=now,
        page=page,
        pager_state=state,
        note=note,
        seats=seat_view(summit, user_id, [s.id for s in sessions]),
    )


def _schedule_title(agenda, query, lang: str, count: int) -> str:
    if query.words:
        return t(lang, "search_title", words=" ".join(query.words), count=count)
    if query.mode in ("now", "next"):
        return t(lang, f"{query.mode}_title")
    if query.day is None:
        return t(lang, "all_days_title")
    number = agenda.day_number(query.day)
    day_text = fmt_date(query.day, lang)
    return t(lang, "day_title", n=number, date=day_text) if number else day_text


def show(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    session = _session_arg(summit, args, lang, "show")
    if isinstance(session, dict):
        return session
    return session_detail(session, lang=lang, now=summit.clock.now(),
                          seats=seat_view(summit, user_id, [session.id]))  # fmt: skip


def register_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    if not args:
        return text_reply(t(lang, "need_id", command="register"))
    return register_reply(summit, user_id, args[0], lang)


def register_reply(summit: Summit, user_id: str, session_id: str, lang: str) -> dict:
    outcome = registrations.register(
        summit.store, summit.agenda(), user_id, session_id, summit.clock.now()
    )
    if outcome.status == "unknown":
        return text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))
    session = outcome.session
    title = escape(session.title_for(lang))
    if outcome.status == "registered":
        text = t(lang, "registered", title=title, room=escape(session.room),
                 when=fmt_span(session.start, session.end, lang))  # fmt: skip
        if outcome.conflicts:
            titles = ", ".join(
                f"*{escape(c.title_for(lang))}* (`{c.id}`)" for c in outcome.conflicts
            )
            text += "\n" + t(lang, "conflict_warning", titles=titles)
        return text_reply(text)
    key = {"already": "already_registered"}.get(outcome.status, outcome.status)
    return text_reply(t(lang, key, title=title, capacity=outcome.capacity))


def unregister_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    if not args:
        return text_reply(t(lang, "need_id", command="unregister"))
    return unregister_reply(summit, user_id, args[0], lang)


def unregister_reply(summit: Summit, user_id: str, session_id: str, lang: str) -> dict:
    outcome = registrations.unregister(summit.store, summit.agenda(), user_id, session_id)
    if outcome.status == "unknown":
        return text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))
    return text_reply(t(lang, outcome.status, title=escape(outcome.session.title_for(lang))))


def my(summit: Summit, user_id: str, args: list[str], lang: str) -> Reply:
    """My agenda, then, for anyone who has notes, the list of them with Edit/Delete."""
    items = registrations.my_agenda(summit.store, summit.agenda(), user_id)
    seats = seat_view(summit, user_id, [i.session.id for i in items])
    agenda = my_message(items, lang=lang, now=summit.clock.now(), seats=seats)
    if not summit.store.user_notes(user_id):
        return agenda
    return [agenda, notes_list_reply(summit, user_id, lang)]


def lang_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    choice = args[0].lower() if args else ""
    if choice not in ("ko", "en"):
        return text_reply(t(lang, "lang_usage"))
    summit.store.update_user(user_id, lang=choice)
    return text_reply(t(choice, "lang_set"))


def remind(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    low, high = REMIND_RANGE
    choice = args[0].lower() if args else ""
    if choice in ("off", "끄기"):
        summit.store.update_user(user_id, reminders_off=1)
        return text_reply(t(lang, "remind_off"))
    if choice.isdigit() and low <= int(choice) <= high:
        summit.store.update_user(user_id, reminder_minutes=int(choice), reminders_off=0)
        return text_reply(t(lang, "remind_set", minutes=int(choice)))
    return text_reply(t(lang, "remind_usage", low=low, high=high))


def help_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return text_reply(t(lang, "usage"))


def _session_arg(summit: Summit, args: list[str], lang: str, command: str):
    if not args:
        return text_reply(t(lang, "need_id", command=command))
    session = summit.agenda().get(args[0])
    if session is None:
        return text_reply(t(lang, "unknown_session", id=escape(clip(args[0], 40))))
    return session


HANDLERS: dict[str, Handler] = {
    "schedule": schedule,
    "일정": schedule,
    "show": show,
    "register": register_cmd,
    "unregister": unregister_cmd,
    "my": my,
    "lang": lang_cmd,
    "remind": remind,
    "help": help_cmd,
    "도움말": help_cmd,
    "recap": recap_cmd,
    "후기": recap_cmd,
}

TEXT_HANDLERS: dict[str, TextHandler] = {
    "note": note_cmd,
    "메모": note_cmd,
}
