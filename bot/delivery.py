"""What each outbox row says when it goes out.

Reminders, alerts and agenda notices carry facts, not finished messages: the text is built
at send time, so a reminder says how long until the session *now*, in the user's language
*now*, with the room as it is *now*. A row that no longer applies (unregistered, session
gone) composes to None and is dropped. Other rows (promotions, nudges, recaps) carry the
finished payload they were queued with.
"""

from __future__ import annotations

from collections.abc import Callable

from bot import agenda_notices, alerts, reminders
from bot.outgoing import PAYLOAD
from bot.services import Summit
from bot.views.delivery import agenda_notice_message, capacity_alert_message, reminder_message


def compose(summit: Summit, row: dict) -> dict | None:
    """The chat.postMessage payload (text, blocks) for an outbox row, or None to drop it."""
    composer = COMPOSERS.get(row["kind"])
    if composer is not None:
        return composer(summit, row)
    if PAYLOAD in row["facts"]:  # finished when queued (promotions, nudges, recaps…)
        return row["facts"][PAYLOAD]
    raise ValueError(f"no composer for outbox kind {row['kind']!r}")


def _reminder(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not summit.store.reminder_wanted(row["id"]):
        return None
    return reminder_message(session, lang=summit.known_lang(row["user_id"]), now=summit.clock.now())


def _capacity(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None or not session.registrable or not session.capacity:
        return None
    facts = row["facts"]
    half = facts.get("half_full_at")
    minutes = round((facts["crossed_at"] - half) / 60) if half is not None else None
    taken = summit.store.seats_taken([session.id]).get(session.id, 0)
    return capacity_alert_message(session, lang=summit.settings.lang,
                                  threshold=facts["threshold"], taken=taken,
                                  seats=session.capacity, minutes_from_half=minutes,
                                  now=summit.clock.now())  # fmt: skip


def _agenda_notice(summit: Summit, row: dict) -> dict | None:
    session = summit.agenda().get(row["session_id"])
    if session is None:
        return None
    facts = row["facts"]
    return agenda_notice_message(session, lang=summit.known_lang(row["user_id"]),
                                 change=facts["change"], old=facts["old"], new=facts["new"],
                                 tz=summit.clock.tz)  # fmt: skip


COMPOSERS: dict[str, Callable[[Summit, dict], dict | None]] = {
    reminders.KIND: _reminder,
    alerts.KIND: _capacity,
    agenda_notices.KIND: _agenda_notice,
}
