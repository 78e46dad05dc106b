"""The live calendar subscription: a person's token (issued, reset) and their current feed.

What a feed shows is worked out here from the store (registrations, waitlist places, the
agenda's current times) and drawn by `calendar_feed`. SEQUENCE comes from comparing each
session's look with the one the feed last showed (`Store.feed_sequences`), so every change
reaches it whichever path caused it: a registration, a seat given back, a promotion, a session
moved or cancelled by an agenda load. A session the person no longer holds stays in the feed
as cancelled, since calendar clients only drop an event they are told about.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot import calendar_feed, registrations
from bot.calendar_feed import FeedSession
from bot.i18n import t
from bot.services import Summit


def issue_token(summit: Summit, user_id: str) -> str:
    """A new subscription token for the person; any earlier link stops working."""
    token = calendar_feed.new_token()
    summit.store.set_calendar_token(user_id, calendar_feed.token_digest(token),
                                    summit.clock.now().timestamp())  # fmt: skip
    return token


def token_owner(summit: Summit, token: str) -> str | None:
    """Whose feed a token opens, or None. The lookup is by digest, and the stored digest is
    compared in constant time, so timing says nothing about how close a guess came."""
    digest = calendar_feed.token_digest(token)
    found = summit.store.calendar_token_owner(digest)
    if found is None or not calendar_feed.tokens_equal(found[1], digest):
        return None
    return found[0]


def links(summit: Summit, token: str) -> tuple[str, str] | None:
    """(https, webcal) links under SUMMIT_PUBLIC_URL, or None when it is not set."""
    if not summit.settings.public_url:
        return None
    return calendar_feed.subscription_links(summit.settings.public_url, token)


def feed_for(summit: Summit, user_id: str) -> bytes:
    """The person's feed as it stands now."""
    agenda = summit.agenda()
    lang = summit.known_lang(user_id)
    held = {i.session.id: i for i in registrations.my_agenda(summit.store, agenda, user_id)}
    shown = set(summit.store.feed_session_ids(user_id)) | set(held)
    looks: dict[str, tuple] = {}
    for sid in shown:
        session = agenda.get(sid)
        if session is None:
            continue
        item = held.get(sid)
        if item is None or not session.registrable:
            status, place = "cancelled", None
        else:
            status, place = item.status, item.place if item.status == "waitlisted" else None
        looks[sid] = (session, status, place)
    fingerprints = {sid: _fingerprint(s, status, place, lang)
                    for sid, (s, status, place) in looks.items()}  # fmt: skip
    sequences = summit.store.feed_sequences(user_id, fingerprints, summit.clock.now().timestamp())
    items = []
    for sid, (session, status, place) in looks.items():
        sequence, changed_at = sequences[sid]
        items.append(FeedSession(
            sid, session.title_for(lang), session.start, session.end, status, sequence,
            datetime.fromtimestamp(changed_at, UTC), place, session.room,
        ))  # fmt: skip
    return calendar_feed.build_feed(
        items, calendar_name=t(lang, "ics_calendar_name"), tz_name=summit.settings.tz_name,
        lang=lang, reminder_lead_minutes=_lead_minutes(summit, user_id),
    )


def _fingerprint(session, status: str, place: int | None, lang: str) -> str:
    return "|".join(map(str, (status, place, session.start.timestamp(), session.end.timestamp(),
                              session.room, session.title_for(lang))))  # fmt: skip


def _lead_minutes(summit: Summit, user_id: str) -> int | None:
    user = summit.store.user(user_id) or {}
    if user.get("reminders_off"):
        return None
    return user.get("reminder_minutes") or summit.settings.reminder_minutes
