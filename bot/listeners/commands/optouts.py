"""`feedback off|on` (평가) and `digest off|on` (아침일정): stop or restart the after-session
question and the morning plan."""

from __future__ import annotations

from bot.i18n import t
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args
from bot.services import Summit
from bot.views.text import text_reply

OFF_WORDS = ("off", "끄기")
ON_WORDS = ("on", "켜기")


def feedback_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    return _opt(summit, user_id, args, lang, "feedback_opt_out", "feedback")


def digest_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    return _opt(summit, user_id, args, lang, "digest_opt_out", "digest")


def _opt(summit: Summit, user_id: str, args: Args, lang: str, column: str,
         name: str) -> dict:  # fmt: skip
    choice = args.words[0].lower() if args.words else ""
    if choice in OFF_WORDS:
        summit.store.update_user(user_id, **{column: 1})
        return text_reply(t(lang, f"{name}_off"))
    if choice in ON_WORDS:
        summit.store.update_user(user_id, **{column: 0})
        return text_reply(t(lang, f"{name}_on"))
    return text_reply(t(lang, f"{name}_usage"))


SUBCOMMANDS = (
    Subcommand("feedback", feedback_cmd, aliases=("평가",)),
    Subcommand("digest", digest_cmd, aliases=("아침일정",)),
)
