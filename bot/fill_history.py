"""How a day's sessions filled up, from the record of seat changes: what the recap's chart
draws and what the morning plan says filled up the day before."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.agenda import Agenda
from bot.charts import FillHistory, history_from_deltas
from bot.digest import FilledUp
from bot.store import Store


def day_fills(store: Store, agenda: Agenda, day: date, until: float,
              lang: str) -> list[FillHistory]:  # fmt: skip
    """Seats over time, up to `until`, of `day`'s sessions that have a capacity."""
    sessions = [s for s in agenda.on_day(day) if s.capacity and s.registrable]
    changes = store.seat_changes([s.id for s in sessions], until)
    return [
        history_from_deltas(s.id, s.title_for(lang), s.capacity,
                            [(datetime.fromtimestamp(at, UTC), delta)
                             for at, delta in changes.get(s.id, ())])
        for s in sessions
    ]  # fmt: skip


def filled_up(fills: list[FillHistory]) -> list[FilledUp]:
    """The sessions that filled, with the minutes from first seat to full."""
    return [FilledUp(f.title, minutes) for f in fills
            if (minutes := f.minutes_to_full()) is not None]  # fmt: skip
