"""What a subcommand is: its name, the other words people type for it, and its handler."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.listeners.common import Args
from bot.listeners.replies import Reply
from bot.services import Summit

MAX_TEXT = 4000

Handler = Callable[[Summit, str, Args, str], "dict | list[dict] | Reply"]


@dataclass(frozen=True)
class Subcommand:
    """`name` (English, shown in help), `aliases` (Korean and other words for it), the
    handler, and the longest text it accepts (a note is the one long thing people type)."""

    name: str
    handler: Handler
    aliases: tuple[str, ...] = ()
    max_text: int = MAX_TEXT

    @property
    def words(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)
