"""Word search over sessions: every word must occur, case-insensitively, in some field."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.agenda.model import Session


def matching(pool: Iterable[Session], words: list[str]) -> list[Session]:
    """The sessions of `pool` whose fields hold every word of `words` as a substring."""
    needles = [w.casefold() for w in words if w]
    if not needles:
        return list(pool)
    return [s for s in pool if all(n in s.haystack for n in needles)]
