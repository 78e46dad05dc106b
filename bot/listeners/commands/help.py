"""`help` (도움말): what `/summit` alone also shows."""

from __future__ import annotations

from bot.i18n import t
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args
from bot.services import Summit
from bot.views.text import text_reply


def help_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    return text_reply(t(lang, "usage"))


SUBCOMMANDS = (Subcommand("help", help_cmd, aliases=("도움말", "도움", "?")),)
