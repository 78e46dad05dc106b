"""`note` (메모) and `recap` (후기): thin routes into `bot.listeners.notes`, which owns them."""

from __future__ import annotations

from bot.listeners import notes
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args
from bot.services import Summit

# A note is the one long thing people type; Slack caps slash-command text itself.
NOTE_MAX_TEXT = 12_000


def note(summit: Summit, user_id: str, args: Args, lang: str):
    return notes.note_cmd(summit, user_id, args.rest, lang)  # verbatim: line breaks kept


def recap(summit: Summit, user_id: str, args: Args, lang: str):
    return notes.recap_cmd(summit, user_id, list(args.words), lang)


SUBCOMMANDS = (
    Subcommand("note", note, aliases=("메모", "노트"), max_text=NOTE_MAX_TEXT),
    Subcommand("recap", recap, aliases=("후기", "요약")),
)
