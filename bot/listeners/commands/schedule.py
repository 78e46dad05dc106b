"""`schedule` (일정): the agenda by day, now, next or words; `show` (보기): one session."""

from __future__ import annotations

from bot.agenda.query import DAY_WORDS
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args, schedule_listing, seat_view, session_arg
from bot.services import Summit
from bot.views.sessions import session_detail

# Words that open a schedule on their own, as the first word after /summit.
SCHEDULE_WORDS = frozenset({"today", "오늘", "now", "지금", "next", "다음"})


def is_schedule_word(word: str) -> bool:
    return word in DAY_WORDS or word in SCHEDULE_WORDS


def schedule(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    return schedule_listing(summit, user_id, args.words, lang)


def show(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    session = session_arg(summit, args.words, lang, "show")
    if isinstance(session, dict):
        return session
    return session_detail(session, lang=lang, now=summit.clock.now(),
                          seats=seat_view(summit, user_id, [session.id]))  # fmt: skip


SUBCOMMANDS = (
    Subcommand("schedule", schedule, aliases=("일정", "agenda")),
    Subcommand("show", show, aliases=("보기", "상세")),
)
