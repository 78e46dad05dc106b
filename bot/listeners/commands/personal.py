"""A user's own things: `my` (내일정), `remind` (알림), `lang` (언어), `ics` (달력)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

from bot.i18n import fmt_duration, t
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import (
    Args,
    ics_reset,
    is_number,
    is_reset,
    my_reply,
    send_ics,
    subscription_reply,
)
from bot.listeners.replies import Reply
from bot.services import Summit
from bot.settings import LANGUAGES
from bot.views.text import text_reply

REMIND_RANGE = (1, 24 * 60)
REMIND_OFF = ("off", "끄기", "끔")
# `lang` accepts the languages' own names too.
LANG_WORDS = {"한국어": "ko", "korean": "ko", "english": "en", "영어": "en"}


def my(summit: Summit, user_id: str, args: Args, lang: str) -> dict | list[dict]:
    """My agenda, then, for anyone who has notes, the list of them with Edit/Delete."""
    return my_reply(summit, user_id, lang)


def lang_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict | Reply:
    choice = args.words[0].lower() if args.words else ""
    choice = LANG_WORDS.get(choice, choice)
    if choice not in LANGUAGES:
        return text_reply(t(lang, "lang_usage"))
    summit.store.update_user(user_id, lang=choice)
    return Reply(text_reply(t(choice, "lang_set")), homes=(user_id,))


def remind(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    low, high = REMIND_RANGE
    # NFKC: full-width digits (５) are the digits people meant.
    choice = unicodedata.normalize("NFKC", args.words[0]).lower() if args.words else ""
    if choice in REMIND_OFF:
        summit.store.update_user(user_id, reminders_off=1)
        return text_reply(t(lang, "remind_off"))
    if is_number(choice) and low <= int(choice) <= high:
        summit.store.update_user(user_id, reminder_minutes=int(choice), reminders_off=0)
        lead = fmt_duration(timedelta(minutes=int(choice)), lang)
        return text_reply(t(lang, "remind_set", duration=lead))
    return text_reply(t(lang, "remind_usage", low=low, high=high))


def ics_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict | list[dict]:
    """The calendar file by DM, and the live subscription link; `ics reset` revokes it."""
    if is_reset(args):
        return ics_reset(summit, user_id, lang)
    sent, reply = send_ics(summit, user_id, lang)
    if not sent:  # nothing registered (or the DM failed): a link would say nothing more
        return reply
    return [reply, subscription_reply(summit, user_id, lang)]


SUBCOMMANDS = (
    Subcommand("my", my, aliases=("내일정", "내_일정", "mine")),
    Subcommand("remind", remind, aliases=("알림",)),
    Subcommand("lang", lang_cmd, aliases=("언어", "language")),
    Subcommand("ics", ics_cmd, aliases=("달력", "calendar")),
)
