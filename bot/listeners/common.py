"""What several listeners share: the words after a subcommand, the seat state of a list, the
session a command names, and the schedule listing (a command and its pager both show it).
Handlers import this module, never each other."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from bot import live_calendar, registrations
from bot.agenda import parse_schedule_query, select_sessions
from bot.agenda.query import DAY_WORDS, KOREAN_DATE
from bot.feedback import Answer, summarize
from bot.i18n import fmt_date, t, tn
from bot.ics import FILENAME, agenda_ics
from bot.listeners.notes import notes_list_reply
from bot.listeners.replies import Reply, changed
from bot.services import Summit
from bot.views.feedback import stats_message as feedback_stats_message
from bot.views.listing import ended_fold, schedule_title
from bot.views.outcomes import unknown_session
from bot.views.sessions import SeatView, my_message, schedule_message
from bot.views.text import clip, escape, text_reply

log = logging.getLogger(__name__)

MAX_QUERY = 300
# Looks like a date (so a bad one is a bad date, not search words).
ISO_LIKE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


@dataclass(frozen=True)
class Args:
    """What follows the subcommand word: `words` (split on any whitespace), `rest` (verbatim,
    line breaks kept) and `text` (`rest` stripped)."""

    words: tuple[str, ...] = ()
    rest: str = ""

    @property
    def text(self) -> str:
        return self.rest.strip()

    @classmethod
    def of(cls, rest: str) -> Args:
        return cls(tuple(rest.split()), rest)


def is_number(text: str) -> bool:
    # str.isdigit() accepts "²" and other digits int() refuses.
    return text.isascii() and text.isdigit()


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


def session_arg(summit: Summit, words, lang: str, command: str):
    """The session the first word names, or the reply saying what is wrong."""
    if not words:
        return text_reply(t(lang, "need_id", command=command))
    session = summit.agenda().get(words[0])
    return unknown_session(words[0], lang) if session is None else session


def after_seat_change(summit: Summit, user_id: str, payload: dict, outcome) -> dict | Reply:
    """The reply, refreshing Homes when the user's seats changed or someone was promoted."""
    if outcome.changed or outcome.promoted:
        return changed(summit, payload, user_id, outcome.promoted)
    return payload


def day_names(agenda, lang: str) -> str:
    return ", ".join(t(lang, "day_name", n=n, date=fmt_date(d, lang))
                     for n, d in enumerate(agenda.days, 1))  # fmt: skip


def _bad_day_or_date(text: str, agenda, lang: str) -> str | None:
    """One line for a day the agenda lacks or a date that isn't one; None when fine."""
    tokens = text.split()
    if not tokens:
        return None
    head = tokens[0].lower()
    if head in DAY_WORDS and DAY_WORDS[head] > len(agenda.days):
        return tn(lang, "bad_day", len(agenda.days), word=escape(clip(head, 20)),
                  days=day_names(agenda, lang))  # fmt: skip
    for width in (1, 2, 3):
        written = " ".join(tokens[:width])
        match = ISO_LIKE.match(written) or KOREAN_DATE.match(written)
        if match and not _real_date(int(match[1] or 2000), int(match[2]), int(match[3])):
            return t(lang, "bad_date", text=escape(clip(written, 40)))
    return None


def _real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def schedule_listing(summit: Summit, user_id: str, words, lang: str, *, page: int = 0,
                     pinned_day: date | None = None, show_ended: bool = False) -> dict:  # fmt: skip
    """`schedule …`; a pager click repeats the query on the day it first resolved to, so
    "today" keeps meaning the day the list was asked for."""
    agenda = summit.agenda()
    now = summit.clock.now()
    text = clip(" ".join(words), MAX_QUERY)
    problem = None if pinned_day else _bad_day_or_date(text, agenda, lang)
    if problem:
        return text_reply(problem)
    query = parse_schedule_query(text, agenda, now)
    if pinned_day:
        query = replace(query, day=pinned_day)
    if query.day and query.day not in agenda.days:
        return text_reply(t(lang, "no_sessions_on", date=query.day.isoformat(),
                            days=day_names(agenda, lang)))  # fmt: skip
    sessions = select_sessions(agenda, query, now)
    note = t(lang, "outside_dates", days=day_names(agenda, lang)) if query.outside else None
    if query.mode == "now" and not any(s.is_running(now) for s in sessions):
        if not sessions:
            return text_reply(t(lang, "now_nothing_left"))
        note = t(lang, "now_nothing")
        query = replace(query, mode="next")  # what follows is the next slot
    ended = []
    if query.mode == "day" and query.day == now.date() and not query.words and not show_ended:
        ended = [s for s in sessions if s.has_ended(now)]
        if len(ended) == len(sessions):
            ended = []  # a day that is over is shown whole
        sessions = [s for s in sessions if s not in ended]
    title = schedule_title(agenda, query, lang, len(sessions))
    state = {"q": text, "day": query.day.isoformat() if query.day else None}
    if show_ended:
        state["all"] = 1
    payload = schedule_message(
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
    if ended and page == 0:
        payload["blocks"].insert(1, ended_fold(len(ended), query.day, text, lang))
    return payload


def my_reply(summit: Summit, user_id: str, lang: str) -> dict | list[dict]:
    items = registrations.my_agenda(summit.store, summit.agenda(), user_id)
    seats = seat_view(summit, user_id, [i.session.id for i in items])
    agenda = my_message(items, lang=lang, now=summit.clock.now(), seats=seats)
    if not summit.store.user_notes(user_id):
        return agenda
    return [agenda, notes_list_reply(summit, user_id, lang)]


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


# -- the calendar subscription and the feedback numbers (ics, ics reset, admin stats) ------

RESET_WORDS = ("reset", "초기화")


def is_reset(args: Args) -> bool:
    return bool(args.words) and args.words[0].lower() in RESET_WORDS


def subscription_reply(summit: Summit, user_id: str, lang: str) -> dict:
    """What `/summit ics` adds to the file: the personal subscription link. Only a digest of
    the token is stored, so the link is shown once, when made; later the reply says how to
    get a new one."""
    if not summit.settings.public_url:
        return text_reply(t(lang, "ics_file_only"))
    if summit.store.has_calendar_token(user_id):
        return text_reply(t(lang, "ics_link_given"))
    return _new_link(summit, user_id, lang, "ics_link")


def ics_reset(summit: Summit, user_id: str, lang: str) -> dict:
    """`/summit ics reset`: the old link stops working; a new one when there is a public URL."""
    if not summit.settings.public_url:
        return text_reply(t(lang, "ics_file_only"))
    return _new_link(summit, user_id, lang, "ics_link_reset")


def _new_link(summit: Summit, user_id: str, lang: str, key: str) -> dict:
    https_url, webcal_url = live_calendar.links(summit, live_calendar.issue_token(summit, user_id))
    return text_reply(t(lang, key, webcal=webcal_url, https=https_url))


def feedback_stats(summit: Summit, lang: str) -> list[dict]:
    """The organisers' feedback numbers, a message after `admin stats`' seat numbers once
    anyone has answered."""
    answers = [Answer(r["session_id"], r["user_id"], r["rating"], r["comment"],
                      datetime.fromtimestamp(r["answered_at"], UTC))
               for r in summit.store.all_feedback()]  # fmt: skip
    if not answers:
        return []
    return [feedback_stats_message(list(summarize(answers).values()), summit.agenda(), lang)]
