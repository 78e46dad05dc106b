"""The wording of every outcome: each member of each outcome enum maps, explicitly, to its
message key, so a rename fails at import (and in tests), and grep finds a key's users.

The builders here are what a command and the button doing the same thing both show.
"""

from __future__ import annotations

from bot.admin import CapacityStatus
from bot.i18n import t, tn
from bot.registrations import (
    InterestOutcome,
    InterestStatus,
    RegisterOutcome,
    RegisterStatus,
    SwitchOutcome,
    SwitchStatus,
    UnregisterOutcome,
    UnregisterStatus,
)
from bot.views.sessions import conflict_prompt, titles_list, where_text
from bot.views.text import clip, escape, text_reply

REGISTER_KEYS: dict[RegisterStatus, str] = {
    RegisterStatus.REGISTERED: "registered",
    RegisterStatus.ALREADY: "already_registered",
    RegisterStatus.WAITLISTED: "waitlisted",
    RegisterStatus.ALREADY_WAITLISTED: "already_waitlisted",
    RegisterStatus.CONFLICT: "conflict_prompt",
    RegisterStatus.ENDED: "ended",
    RegisterStatus.CANCELLED: "cancelled",
    RegisterStatus.UNKNOWN: "unknown_session",
}
UNREGISTER_KEYS: dict[UnregisterStatus, str] = {
    UnregisterStatus.UNREGISTERED: "unregistered",
    UnregisterStatus.LEFT_WAITLIST: "left_waitlist",
    UnregisterStatus.NOT_REGISTERED: "not_registered",
    UnregisterStatus.UNKNOWN: "unknown_session",
}
SWITCH_KEYS: dict[SwitchStatus, str] = {
    SwitchStatus.SWITCHED: "switched",
    SwitchStatus.FULL: "switch_full",
    SwitchStatus.ALREADY: "already_registered",
    SwitchStatus.ENDED: "ended",
    SwitchStatus.CANCELLED: "cancelled",
    SwitchStatus.UNKNOWN: "unknown_session",
}
INTEREST_KEYS: dict[InterestStatus, str] = {
    InterestStatus.STARRED: "starred",
    InterestStatus.UNSTARRED: "unstarred",
    InterestStatus.UNKNOWN: "unknown_session",
}
CAPACITY_KEYS: dict[CapacityStatus, str] = {
    CapacityStatus.SET: "admin_capacity_set",
    CapacityStatus.UNKNOWN: "unknown_session",
}
# Every outcome enum with its map (the completeness test walks this).
WORDING = {
    RegisterStatus: REGISTER_KEYS,
    UnregisterStatus: UNREGISTER_KEYS,
    SwitchStatus: SWITCH_KEYS,
    InterestStatus: INTEREST_KEYS,
    CapacityStatus: CAPACITY_KEYS,
}
# The seat a user holds, as a schedule row shows it.
SEAT_KEYS = {"registered": "status_registered", "waitlisted": "status_waitlisted"}


def unknown_session(session_id: str, lang: str) -> dict:
    return text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))


def register_message(outcome: RegisterOutcome, session_id: str, lang: str) -> dict:
    if outcome.status == RegisterStatus.UNKNOWN:
        return unknown_session(session_id, lang)
    session = outcome.session
    if outcome.status == RegisterStatus.CONFLICT:
        return conflict_prompt(session, outcome.conflicts, lang)
    title = escape(session.title_for(lang))
    key = REGISTER_KEYS[outcome.status]
    if outcome.status == RegisterStatus.REGISTERED:
        text = t(lang, key, title=title, where=where_text(session, lang))
        if outcome.conflicts:
            text += "\n" + t(lang, "conflict_warning", titles=titles_list(outcome.conflicts, lang))
    elif outcome.status == RegisterStatus.WAITLISTED:
        text = tn(lang, key, outcome.capacity, title=title, capacity=outcome.capacity,
                  place=outcome.place)  # fmt: skip
        if outcome.conflicts:
            text += "\n" + t(lang, "waitlist_conflict",
                             titles=titles_list(outcome.conflicts, lang))  # fmt: skip
    else:
        text = t(lang, key, title=title, place=outcome.place)
    return text_reply(text)


def unregister_message(outcome: UnregisterOutcome, session_id: str, lang: str) -> dict:
    if outcome.status == UnregisterStatus.UNKNOWN:
        return unknown_session(session_id, lang)
    key = UNREGISTER_KEYS[outcome.status]
    return text_reply(t(lang, key, title=escape(outcome.session.title_for(lang))))


def switch_message(outcome: SwitchOutcome, session_id: str, lang: str) -> dict:
    if outcome.status == SwitchStatus.UNKNOWN:
        return unknown_session(session_id, lang)
    session = outcome.session
    title = escape(session.title_for(lang))
    key = SWITCH_KEYS[outcome.status]
    if outcome.status == SwitchStatus.SWITCHED:
        return text_reply(t(lang, key, title=title, where=where_text(session, lang),
                            dropped=titles_list(outcome.dropped, lang) or "—"))  # fmt: skip
    return text_reply(t(lang, key, title=title, id=session.id))


def interest_message(outcome: InterestOutcome, session_id: str, lang: str) -> dict:
    if outcome.status == InterestStatus.UNKNOWN:
        return unknown_session(session_id, lang)
    key = INTEREST_KEYS[outcome.status]
    return text_reply(t(lang, key, title=escape(outcome.session.title_for(lang))))
