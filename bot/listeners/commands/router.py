"""The `/summit` slash command: ack at once, route the text to a subcommand, respond
ephemerally. Handlers parse, call a domain function and render with `bot.views`; they return
a message payload, or a `Reply` when the change has follow-ups (Home refreshes), and never
raise for bad input (if one does, the user gets the generic error, logged here).

Adding a subcommand: write a module in this package with
`SUBCOMMANDS = (Subcommand("name", handler, aliases=("한국어",)),)` (see `base.py`; handlers
take `(summit, user_id, args: Args, lang)`), add it to `GROUPS` below (one line), put its
wording in both catalogues and its line in `usage`. Names and aliases must be unique
(checked at import); "did you mean" and the conversation tests pick it up by themselves.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from rapidfuzz import fuzz, process
from slack_bolt import Ack, App, Respond

from bot.i18n import t
from bot.listeners.commands import (
    admin,
    forget,
    help,
    notes,
    optouts,
    personal,
    registration,
    schedule,
)
from bot.listeners.commands.base import MAX_TEXT, Subcommand
from bot.listeners.common import Args
from bot.listeners.replies import Reply, as_reply, finish
from bot.services import Summit
from bot.store.connection import is_busy
from bot.views.text import clip, escape, text_reply

log = logging.getLogger(__name__)

GROUPS = (schedule, registration, personal, notes, optouts, forget, admin, help)
SUBCOMMANDS: tuple[Subcommand, ...] = tuple(c for g in GROUPS for c in g.SUBCOMMANDS)
BY_WORD: dict[str, Subcommand] = {}
for _command in SUBCOMMANDS:
    for _word in _command.words:
        if _word in BY_WORD:
            raise ValueError(f"/summit {_word} is defined twice")
        BY_WORD[_word] = _command
LONGEST_TEXT = max(c.max_text for c in SUBCOMMANDS)
FIRST_WORD = re.compile(r"\s*(\S+)")
# How alike a mistyped word must be to a subcommand to be suggested (rapidfuzz ratio, on
# Hangul split into letters so that one wrong vowel is a small difference).
SUGGEST_SCORE = 70


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


def command_word(word: str) -> str:
    """The word as the table spells it: full-width letters folded (NFKC), lower case."""
    return unicodedata.normalize("NFKC", word).lower()


def run_command(summit: Summit, user_id: str, text: str) -> Reply:
    """Route `/summit <text>` for `user_id`; always returns a reply (one message or several
    sent in order, and any follow-ups)."""
    lang = summit.lang_for(user_id)
    first = FIRST_WORD.match(text)
    if first is None:  # `/summit` alone, or only spaces of any kind
        return Reply(text_reply(t(lang, "usage")))
    word = command_word(first.group(1))
    command = BY_WORD.get(word)
    limit = command.max_text if command else MAX_TEXT
    if len(text) > limit:
        return Reply(text_reply(t(lang, "too_long", length=len(text), limit=limit)))
    if command is None and schedule.is_schedule_word(word):
        command, first = BY_WORD["schedule"], None  # `/summit day2`, `/summit 오늘`
    if command is None:
        return Reply(unknown_command(first.group(1), word, lang))
    rest = text[first.end():] if first else text
    try:
        return as_reply(command.handler(summit, user_id, Args.of(rest), lang))
    except Exception as exc:
        if is_busy(exc):
            log.warning("/summit %s: the database is locked; told the user to try again",
                        command.name)  # fmt: skip
            return Reply(text_reply(t(lang, "busy")))
        log.exception("/summit %s failed", command.name)
        return Reply(text_reply(t(lang, "error")))


def _letters(word: str) -> str:
    return unicodedata.normalize("NFD", word)


def suggestion(word: str) -> str | None:
    """The subcommand word a near miss (`schedlue`, `일졍`) most likely meant."""
    found = process.extractOne(word, list(BY_WORD), scorer=fuzz.ratio, processor=_letters,
                               score_cutoff=SUGGEST_SCORE)  # fmt: skip
    return found[0] if found else None


def unknown_command(typed: str, word: str, lang: str) -> dict:
    lines = [t(lang, "unknown_command", command=escape(clip(typed, 40)))]
    near = suggestion(word)
    if near is not None:
        lines.append(t(lang, "command_did_you_mean", command=near))
        return text_reply("\n".join(lines))
    return text_reply(f"{lines[0]}\n\n{t(lang, 'usage')}")
