"""Loading an agenda with its change notices (`bot.outbox.agenda_change`). Knows nothing of
Slack.

`apply_agenda` is what `summit-bot agenda load`, the start-up load and `admin reload` call:
the sessions change and the notices are queued in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from bot.outbox.agenda_change import agenda_notices
from bot.store import AgendaDiff, Store


def apply_agenda(store: Store, rows: list[dict], *, cancel_missing: bool,
                 now: datetime) -> AgendaDiff:  # fmt: skip
    """Load `rows` (see Store.apply_agenda) and queue a notice per person per moved or
    cancelled session, and a DM per promotion it causes."""
    incoming = {row["id"]: row for row in rows}
    build = partial(agenda_notices, incoming, now=now.timestamp())
    return store.apply_agenda(rows, cancel_missing=cancel_missing, dry_run=False,
                              now=now.timestamp(), notices=build)  # fmt: skip
