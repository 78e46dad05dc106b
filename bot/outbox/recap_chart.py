"""The channel recap's own sections from this feature: the best-rated sessions (a snapshot
part of kind `recap`, rendered at planning like the other parts) and the fill-up chart
(kind `recap_chart`), queued after the text parts so it is posted after them.

The chart is drawn when it goes out, from the seat changes up to recap time, so it is the
same picture whenever it is sent. A drawing failure drops only the chart: the text parts are
rows of their own and are sent whatever happens here."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from bot.charts import ChartError, alt_text, draw_fill_chart, fastest_filling
from bot.feedback import Answer, best_rated, summarize
from bot.fill_history import day_fills
from bot.outbox import channel_recap
from bot.outbox.message import OutboxMessage
from bot.recap import LATE_LIMIT
from bot.views.feedback import best_rated_message

if TYPE_CHECKING:
    from bot.agenda import Agenda
    from bot.services import Summit
    from bot.settings import Settings
    from bot.store import Store

log = logging.getLogger(__name__)

KIND = "recap_chart"
UPLOAD = "upload"  # a payload holding this key is a file upload, not a message
FILENAME = "fill-up.png"


def recap_extras(store: Store, agenda: Agenda, day: date, moment: datetime,
                 settings: Settings) -> list[OutboxMessage]:  # fmt: skip
    """The best-rated part (when enough people answered) and the chart, for `day`'s recap."""
    due, deadline = moment.timestamp(), (moment + LATE_LIMIT).timestamp()
    prefix = recap_prefix(day)
    items = []
    best = best_of_day(store, agenda, day, due)
    payload = best_rated_message(day, best, agenda, settings.lang)
    if payload is not None:
        items.append(OutboxMessage(f"{prefix}:best", channel_recap.KIND, settings.recap_channel,
                                   due, deadline, {channel_recap.SNAPSHOT: payload}))  # fmt: skip
    items.append(OutboxMessage(chart_key(day), KIND, settings.recap_channel, due, deadline,
                               {"day": day.isoformat(), "until": due}))  # fmt: skip
    return items


def recap_prefix(day: date) -> str:
    """The day's recap keys without the part: `recap:<date>`."""
    return channel_recap.recap_key(day, 0).rsplit(":", 1)[0]


def chart_key(day: date) -> str:
    return f"{recap_prefix(day)}:chart"


def best_of_day(store: Store, agenda: Agenda, day: date, until: float) -> list:
    ids = {s.id for s in agenda.on_day(day)}
    answers = [Answer(r["session_id"], r["user_id"], r["rating"], r["comment"],
                      datetime.fromtimestamp(r["answered_at"], UTC))
               for r in store.all_feedback()
               if r["session_id"] in ids and r["answered_at"] <= until]  # fmt: skip
    return best_rated(summarize(answers).values())


def chart_upload(summit: Summit, day: date, until: float) -> dict:
    """The files_upload_v2 arguments for `day`'s chart. Raises ChartError."""
    lang = summit.settings.lang
    fills = fastest_filling(day_fills(summit.store, summit.agenda(), day, until, lang))
    png = draw_fill_chart(fills, summit.settings.tz, lang)
    return {"file": png, "filename": FILENAME, "title": FILENAME, "alt_txt": alt_text(fills, lang)}


def render(summit: Summit, row: dict) -> dict | None:
    facts = row["facts"]
    try:
        return {UPLOAD: chart_upload(summit, date.fromisoformat(facts["day"]), facts["until"])}
    except ChartError as exc:
        log.warning("recap chart for %s not posted: %s", facts["day"], exc)
        return None
