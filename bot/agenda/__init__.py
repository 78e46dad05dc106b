"""The agenda: sessions and days (`model`), the per-version snapshot (`cache`), word search
(`search`), which day a query means (`query`), one reader per file format (`readers`) and
applying a file to the store (`loading`). Knows nothing of Slack."""

from bot.agenda.cache import AgendaCache
from bot.agenda.model import KINDS, Agenda, Session, session_from_row
from bot.agenda.query import (
    DAY_WORDS,
    ScheduleQuery,
    parse_schedule_query,
    select_sessions,
)

__all__ = [
    "DAY_WORDS",
    "KINDS",
    "Agenda",
    "AgendaCache",
    "ScheduleQuery",
    "Session",
    "parse_schedule_query",
    "select_sessions",
    "session_from_row",
]
