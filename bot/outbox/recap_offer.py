"""Recap-draft offers: at recap time, a DM to everyone who wrote a note that day offering
their recap draft. The row stores the day, the counts as of recap time and the language the
user had chosen then; the offer is rendered from them when it goes out."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from bot.outbox.message import OutboxMessage
from bot.recap import LATE_LIMIT, day_bounds, day_zone, due_recap_days, recap_moment
from bot.views.recap import recap_offer_message

if TYPE_CHECKING:
    from bot.agenda import Agenda
    from bot.services import Summit
    from bot.settings import Settings
    from bot.store import Store

KIND = "recap_offer"


def offer_key(day: date, user_id: str) -> str:
    return f"recap-offer:{day.isoformat()}:{user_id}"


def recap_offers_due(store: Store, agenda: Agenda, now: datetime,
                     settings: Settings) -> list[OutboxMessage]:  # fmt: skip
    """At recap time, a DM to everyone who wrote a note that day offering their recap draft
    (`recap-offer:<date>:<user>`, to the user id), within the same 12-hour window as the
    channel recap. Two queries per due day, however many authors: it runs every tick."""
    items = []
    for day in due_recap_days(agenda, now, settings):
        moment = recap_moment(day, settings)
        # Off-agenda notes count too: a day spent at the Expo still gets its draft.
        counts = store.note_counts((s.id for s in agenda.all if s.day == day),
                                   between=day_bounds(day, day_zone(agenda, day)))
        langs = store.user_langs(counts)
        number = agenda.day_number(day)
        for user_id, (notes, sessions) in counts.items():
            facts = {"day": day.isoformat(), "day_number": number, "notes": notes,
                     "sessions": sessions, "lang": langs.get(user_id) or settings.lang}
            items.append(OutboxMessage(offer_key(day, user_id), KIND, user_id, moment.timestamp(),
                                       (moment + LATE_LIMIT).timestamp(), facts, user_id))
    return items


def render(summit: Summit, row: dict) -> dict | None:
    return offer_message(row["facts"])


def offer_message(facts: dict) -> dict:
    """The offer as the stored facts say it."""
    return recap_offer_message(date.fromisoformat(facts["day"]), facts["day_number"],
                               notes=facts["notes"], sessions=facts["sessions"],
                               lang=facts["lang"])  # fmt: skip
