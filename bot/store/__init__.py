"""The one package that owns SQL and the schema.

SQLite through sqlite-utils: `connection` (connections, units of work, WAL, busy timeout),
`migrations` (the schema), `rules` (the SQL rules, each named once: seats and the free-seat
rule, waitlist order and promotion, "reminder wanted"), `records` (what comes back), then one
module per table group. `Store` is all of them together; import it (and the records) from
here. Instants are stored as UTC unix seconds; event-local strings only where a day is meant.
"""

from __future__ import annotations

from bot.outbox.message import OutboxMessage
from bot.store.agenda import AgendaTables
from bot.store.beyond import BeyondTables
from bot.store.capacity import CapacityTables
from bot.store.connection import BUSY_TIMEOUT_MS
from bot.store.interests import InterestTables
from bot.store.leases import LeaseTables
from bot.store.migrations import migrations
from bot.store.notes import NoteTables
from bot.store.outbox import OutboxTables
from bot.store.receipts import ReceiptTables
from bot.store.records import (
    SESSION_COLUMNS,
    USER_DATA_TABLES,
    USER_FIELDS,
    AgendaDiff,
    CapacityChange,
    CapacityMark,
    Forgotten,
    NoticeBuilder,
    Promotion,
    Release,
    SeatResult,
    SessionStats,
    SwitchResult,
)
from bot.store.rules import PLACE_SQL
from bot.store.seats import SeatTables
from bot.store.users import UserTables

__all__ = [
    "BUSY_TIMEOUT_MS", "PLACE_SQL", "SESSION_COLUMNS", "USER_DATA_TABLES", "USER_FIELDS",
    "AgendaDiff", "CapacityChange", "CapacityMark", "Forgotten", "NoticeBuilder",
    "OutboxMessage", "Promotion", "Release", "SeatResult", "SessionStats", "Store",
    "SwitchResult", "migrations",
]  # fmt: skip


class Store(AgendaTables, SeatTables, InterestTables, UserTables, NoteTables, OutboxTables,
            LeaseTables, CapacityTables, BeyondTables, ReceiptTables):  # fmt: skip
    """All reads and writes of the bot's state: one class per table group, one connection
    logic (`Connections`) under them all."""
