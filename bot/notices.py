"""The DMs the attendee features send, as `Outgoing` data for `bot.outgoing` to deliver:
waitlist promotions and interest nudges. No Slack calls here.

`lang_for(user_id) -> "ko" | "en"` picks each recipient's language (`Summit.lang_for`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from bot.agenda import Agenda
from bot.i18n import t, tn
from bot.outgoing import Outgoing
from bot.store import Promotion, Store
from bot.views.notices import nudge_message, promotion_message

LangFor = Callable[[str], str]


def promotion_notices(agenda: Agenda, promotions: Iterable[Promotion],
                      lang_for: LangFor) -> list[Outgoing]:  # fmt: skip
    """One DM per promotion. The key names the promotion's moment, so a seat won again
    after giving it back is announced again, while a retried delivery is not."""
    notices = []
    for promotion in promotions:
        session = agenda.get(promotion.session_id)
        if session is None:
            continue
        user = promotion.user_id
        notices.append(
            Outgoing(
                dedupe_key=f"promote:{user}:{session.id}:{promotion.at:.6f}",
                channel=user,
                payload=promotion_message(session, lang_for(user)),
                due=datetime.fromtimestamp(promotion.at, session.start.tzinfo),
                kind="promotion",
                deadline=session.end,
            )
        )
    return notices


def interest_nudges(store: Store, agenda: Agenda, session_id: str, now: datetime,
                    lang_for: LangFor) -> list[Outgoing]:  # fmt: skip
    """DMs for the people who starred `session_id` and hold no seat or waitlist place,
    for the moment it starts filling (the capacity alert's 80%). Each person gets one such
    nudge per session ever: the outbox drops a repeated `nudge:<user>:<session>` key."""
    session = agenda.get(session_id)
    if session is None or not session.registrable or session.has_ended(now):
        return []
    taken = store.seats_taken([session.id]).get(session.id, 0)
    nudges = []
    for user in store.interested_without_seat(session.id):
        lang = lang_for(user)
        seats = (
            tn(lang, "seats", session.capacity, taken=taken, capacity=session.capacity)
            if session.capacity is not None
            else t(lang, "seats_open")
        )
        nudges.append(
            Outgoing(
                dedupe_key=f"nudge:{user}:{session.id}",
                channel=user,
                payload=nudge_message(session, lang, seats),
                due=now,
                kind="nudge",
                deadline=session.start,
            )
        )
    return nudges
