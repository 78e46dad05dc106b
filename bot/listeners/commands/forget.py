"""`forget` (잊기, 삭제): asks for confirmation; the button does the deleting."""

from __future__ import annotations

from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args
from bot.services import Summit
from bot.views.notices import forget_prompt


def forget(summit: Summit, user_id: str, args: Args, lang: str) -> dict:
    return forget_prompt(lang)


SUBCOMMANDS = (Subcommand("forget", forget, aliases=("잊기", "삭제", "잊어줘")),)
