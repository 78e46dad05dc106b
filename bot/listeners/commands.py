"""The `/summit` slash command: ack at once, route the text to a handler, respond ephemerally.

Handlers parse, call a domain function and render with `bot.views`; they return a message
payload, or a `Reply` when the change has follow-ups (DMs, Home refreshes), and never raise
for bad input.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta

from slack_bolt import Ack, App, Respond

from bot import admin, registrations
from bot.agenda import parse_schedule_query, select_sessions
from bot.i18n import fmt_date, fmt_duration, fmt_span, t, tn
from bot.ics import FILENAME, agenda_ics
from bot.listeners.notes import note_cmd, notes_list_reply, recap_cmd
from bot.listeners.replies import Reply, as_reply, changed, finish
from bot.outbox.announcement import announcement
from bot.services import Summit
from bot.settings import LANGUAGES
from bot.store.connection import is_busy
from bot.views.admin import capacity_reply, reload_reply, stats_message
from bot.views.notices import forget_prompt
from bot.views.sessions import (
    SeatView,
    conflict_prompt,
    my_message,
    schedule_message,
    session_detail,
    titles_list,
)
from bot.views.text import SECTION_TEXT, clip, escape, text_reply

log = logging.getLogger(__name__)

MAX_TEXT = 4000
# A note is the one long thing people type; Slack caps slash-command text itself.
NOTE_MAX_TEXT = 12_000
MAX_QUERY = 300
REMIND_RANGE = (1, 24 * 60)


class Args(list):
    """The words after the subcommand, and `raw`: that text as typed, newlines kept."""

    def __init__(self, words: list[str], raw: str = ""):
        super().__init__(words)
        self.raw = raw


Handler = Callable[[Summit, str, list[str], str], "dict | list[dict] | Reply"]
# Handlers that take the text after the command word verbatim (line breaks and all).
TextHandler = Callable[[Summit, str, str, str], "dict | list[dict] | Reply"]
FIRST_WORD = re.compile(r"\s*(\S+)\s*")


def register(app: App) -> None:
    app.command("/summit")(on_summit)


def on_summit(ack: Ack, command: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    with summit.ack_first.composing():
        try:
            reply = run_command(summit, command.get("user_id", ""), command.get("text") or "")
        except Exception as exc:  # locked before a handler ran (the user's language)
            if not is_busy(exc):
                raise
            reply = Reply(text_reply(t(summit.known_lang(command.get("user_id", "")), "busy")))
    for payload in reply.messages():
        try:
            respond(response_type="ephemeral", **payload)
        except Exception:  # the user is gone or the response_url expired: nothing to tell them
            log.exception("could not respond to /summit")
            break
    finish(summit, reply)


def run_command(summit: Summit, user_id: str, text: str) -> Reply:
    """Route `/summit <text>` for `user_id`; always returns a reply (one message or several
    sent in order, and any follow-ups)."""
    lang = summit.lang_for(user_id)
    first = FIRST_WORD.match(text)
    name = first.group(1).lower() if first else "help"
    limit = NOTE_MAX_TEXT if name in TEXT_HANDLERS else MAX_TEXT
    if len(text) > limit:
        return Reply(text_reply(t(lang, "too_long", length=len(text), limit=limit)))
    words = text.split()
    handler = HANDLERS.get(name)
    text_handler = TEXT_HANDLERS.get(name)
    if handler is None and text_handler is None:
        unknown = t(lang, "unknown_command", command=escape(clip(words[0], 40)))
        return Reply(text_reply(f"{unknown}\n\n{t(lang, 'usage')}"))
    try:
        if text_handler is not None:
            return as_reply(text_handler(summit, user_id, text[first.end() :], lang))
        args = Args(words[1:], text[first.end() :].strip())
        return as_reply(handler(summit, user_id, args, lang))
    except Exception as exc:
        if is_busy(exc):
            log.warning("/summit %s: the database is locked; told the user to try again", name)
            return Reply(text_reply(t(lang, "busy")))
        log.exception("/summit %s failed", name)
        return Reply(text_reply(t(lang, "error")))


def seat_view(summit: Summit, user_id: str, session_ids: list[str]) -> SeatView:
    store = summit.store
    rows = store.user_registrations(user_id)
    return SeatView(
        taken=store.seats_taken(session_ids),
        mine={r["session_id"]: r["status"] for r in rows},
        waiting=store.waiting(session_ids),
        places={r["session_id"]: r["place"] for r in rows if r["place"]},
        starred=frozenset(store.user_interests(user_id)),
    )


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
        suggestions=agenda.suggest(query.words) if not sessions and query.words else (),
    )


def _schedule_title(agenda, query, lang: str, count: int) -> str:
    if query.words:
        return tn(lang, "search_title", count, words=" ".join(query.words))
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


def register_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict | Reply:
    if not args:
        return text_reply(t(lang, "need_id", command="register"))
    return register_reply(summit, user_id, args[0], lang)


def register_reply(summit: Summit, user_id: str, session_id: str, lang: str,
                   allow_conflicts: bool = False) -> dict | Reply:  # fmt: skip
    outcome = registrations.register(
        summit.store, summit.agenda(), user_id, session_id, summit.clock.now(),
        allow_conflicts=allow_conflicts,
    )  # fmt: skip
    if outcome.status == "unknown":
        return text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))
    session = outcome.session
    title = escape(session.title_for(lang))
    if outcome.status == "conflict":
        return conflict_prompt(session, outcome.conflicts, lang)
    if outcome.status == "registered":
        text = t(lang, "registered", title=title, room=escape(session.room),
                 when=fmt_span(session.start, session.end, lang))  # fmt: skip
        if outcome.conflicts:
            text += "\n" + t(lang, "conflict_warning", titles=titles_list(outcome.conflicts, lang))
    elif outcome.status == "waitlisted":
        text = tn(lang, "waitlisted", outcome.capacity, title=title,
                  capacity=outcome.capacity, place=outcome.place)
        if outcome.conflicts:
            text += "\n" + t(lang, "waitlist_conflict",
                             titles=titles_list(outcome.conflicts, lang))  # fmt: skip
    else:
        # Nothing of this user's changed; a seat freed without a promotion may have been
        # handed to the queue on the way, and those people are told.
        key = {"already": "already_registered"}.get(outcome.status, outcome.status)
        payload = text_reply(t(lang, key, title=title, place=outcome.place))
        return changed(summit, payload, user_id, outcome.promoted) if outcome.promoted else payload
    return changed(summit, text_reply(text), user_id, outcome.promoted)


def unregister_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict | Reply:
    if not args:
        return text_reply(t(lang, "need_id", command="unregister"))
    return unregister_reply(summit, user_id, args[0], lang)


def unregister_reply(summit: Summit, user_id: str, session_id: str, lang: str) -> dict | Reply:
    outcome = registrations.unregister(summit.store, summit.agenda(), user_id, session_id,
                                       summit.clock.now())  # fmt: skip
    if outcome.status == "unknown":
        return text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))
    payload = text_reply(t(lang, outcome.status, title=escape(outcome.session.title_for(lang))))
    if outcome.status == "not_registered":
        return payload
    return changed(summit, payload, user_id, outcome.promoted)


def my(summit: Summit, user_id: str, args: list[str], lang: str) -> dict | list[dict]:
    """My agenda, then, for anyone who has notes, the list of them with Edit/Delete."""
    items = registrations.my_agenda(summit.store, summit.agenda(), user_id)
    seats = seat_view(summit, user_id, [i.session.id for i in items])
    agenda = my_message(items, lang=lang, now=summit.clock.now(), seats=seats)
    if not summit.store.user_notes(user_id):
        return agenda
    return [agenda, notes_list_reply(summit, user_id, lang)]


def lang_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict | Reply:
    choice = args[0].lower() if args else ""
    if choice not in LANGUAGES:
        return text_reply(t(lang, "lang_usage"))
    summit.store.update_user(user_id, lang=choice)
    return Reply(text_reply(t(choice, "lang_set")), homes=(user_id,))


def remind(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    low, high = REMIND_RANGE
    choice = args[0].lower() if args else ""
    if choice in ("off", "끄기"):
        summit.store.update_user(user_id, reminders_off=1)
        return text_reply(t(lang, "remind_off"))
    if _number(choice) and low <= int(choice) <= high:
        summit.store.update_user(user_id, reminder_minutes=int(choice), reminders_off=0)
        lead = fmt_duration(timedelta(minutes=int(choice)), lang)
        return text_reply(t(lang, "remind_set", duration=lead))
    return text_reply(t(lang, "remind_usage", low=low, high=high))


def help_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return text_reply(t(lang, "usage"))


def ics_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return send_ics(summit, user_id, lang)[1]


def send_ics(summit: Summit, user_id: str, lang: str) -> tuple[bool, dict]:
    """Upload the user's agenda as my-summit.ics into their DM with the bot (files can't
    be ephemeral, so never into the channel the command came from). (sent?, reply)."""
    items = [i for i in registrations.my_agenda(summit.store, summit.agenda(), user_id)
             if i.session.registrable]  # fmt: skip
    if not items:
        return False, text_reply(t(lang, "ics_empty"))
    content = agenda_ics(items, lang, summit.settings.tz_name, summit.clock.now())
    try:
        dm = summit.client.conversations_open(users=user_id)["channel"]["id"]
        summit.client.files_upload_v2(channel=dm, filename=FILENAME, title=FILENAME,
                                      content=content,
                                      initial_comment=tn(lang, "ics_comment", len(items)))
    except Exception:
        log.exception("could not upload %s for %s", FILENAME, user_id)
        return False, text_reply(t(lang, "ics_failed"))
    return True, text_reply(tn(lang, "ics_sent", len(items)))


def forget_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return forget_prompt(lang)


def admin_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict | Reply:
    """`admin capacity|reload|announce|stats`, for SUMMIT_ADMINS only: anyone else gets a
    refusal before anything is parsed or changed."""
    if not summit.is_admin(user_id):
        log.info("refused /summit admin from %s", user_id)
        return text_reply(t(lang, "admin_refused"))
    sub = args[0].lower() if args else ""
    now = summit.clock.now()
    if sub == "capacity":
        if len(args) != 3 or not _number(args[2]) or int(args[2]) > admin.CAPACITY_MAX:
            return text_reply(t(lang, "admin_capacity_usage", high=admin.CAPACITY_MAX))
        outcome = admin.set_capacity(summit.store, summit.agenda(), args[1], int(args[2]), now)
        if outcome.status == "unknown":
            return text_reply(t(lang, "unknown_session", id=escape(clip(args[1], 40))))
        return changed(summit, capacity_reply(outcome, lang), user_id, outcome.change.promoted)
    if sub == "reload":
        settings = summit.settings
        load = admin.load_agenda_file(summit.store, settings.agenda_path, settings.tz,
                                      confirm=True, now=now)  # fmt: skip
        promoted = load.diff.promoted if load.applied else []
        return changed(summit, reload_reply(load, lang), user_id, promoted)
    if sub == "announce":
        return announce(summit, user_id, args, lang)
    if sub == "stats":
        page = int(args[1]) - 1 if len(args) > 1 and _number(args[1]) else 0
        return stats_message(admin.stats(summit.store, summit.agenda(), now), lang, page)
    return text_reply(t(lang, "admin_usage"))


def announce(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    raw = getattr(args, "raw", " ".join(args))
    parts = raw.strip().split(None, 1)
    text = parts[1].strip() if len(parts) > 1 else ""
    if not text:
        return text_reply(t(lang, "admin_announce_usage"))
    channel = summit.settings.alert_channel
    if not channel:
        return text_reply(t(lang, "admin_announce_no_channel"))
    limit = SECTION_TEXT - 100  # the heading shares the section
    if len(text) > limit:
        return text_reply(t(lang, "too_long", length=len(text), limit=limit))
    summit.store.enqueue([announcement(channel, text, user_id, summit.clock.now())])
    return text_reply(t(lang, "admin_announce_done", channel=escape(channel)))


def _number(text: str) -> bool:
    # str.isdigit() accepts "²" and other digits int() refuses.
    return text.isascii() and text.isdigit()


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
    "ics": ics_cmd,
    "forget": forget_cmd,
    "admin": admin_cmd,
    "help": help_cmd,
    "도움말": help_cmd,
    "recap": recap_cmd,
    "후기": recap_cmd,
}

TEXT_HANDLERS: dict[str, TextHandler] = {
    "note": note_cmd,
    "메모": note_cmd,
}
