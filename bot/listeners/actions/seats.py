"""Register, Unregister, the star, Details, and the overlap choices (keep / switch / both)."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, Respond

from bot import registrations
from bot.i18n import t
from bot.listeners.common import after_seat_change, seat_view, session_arg
from bot.listeners.replies import acting, answer
from bot.views import ids
from bot.views.outcomes import (
    interest_message,
    register_message,
    switch_message,
    unregister_message,
)
from bot.views.sessions import session_detail, titles_list
from bot.views.text import text_reply

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.matcher(ids.REGISTER))(on_register)
    app.action(ids.matcher(ids.UNREGISTER))(on_unregister)
    app.action(ids.matcher(ids.DETAILS))(on_details)
    app.action(ids.matcher(ids.INTEREST))(on_interest)
    app.action(ids.matcher(ids.CONFLICT_KEEP))(on_conflict_keep)
    app.action(ids.matcher(ids.CONFLICT_SWITCH))(on_conflict_switch)
    app.action(ids.matcher(ids.CONFLICT_BOTH))(on_conflict_both)


def _register(summit, user_id: str, session_id: str, lang: str, allow_conflicts: bool = False):
    outcome = registrations.register(summit.store, summit.agenda(), user_id, session_id,
                                     summit.clock.now(),
                                     allow_conflicts=allow_conflicts)  # fmt: skip
    return after_seat_change(summit, user_id, register_message(outcome, session_id, lang),
                             outcome)  # fmt: skip


def on_register(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, _register(summit, user_id, action.get("value", ""), lang))


def on_unregister(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session_id = action.get("value", "")
    outcome = registrations.unregister(summit.store, summit.agenda(), user_id, session_id,
                                       summit.clock.now())  # fmt: skip
    answer(summit, body, respond, after_seat_change(
        summit, user_id, unregister_message(outcome, session_id, lang), outcome))  # fmt: skip


def on_details(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session = session_arg(summit, [action.get("value", "")], lang, "show")
    if not isinstance(session, dict):
        session = session_detail(session, lang=lang, now=summit.clock.now(),
                                 seats=seat_view(summit, user_id, [session.id]))  # fmt: skip
    answer(summit, body, respond, session)


def on_interest(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session_id = action.get("value", "")
    outcome = registrations.toggle_interest(summit.store, summit.agenda(), user_id, session_id,
                                            summit.clock.now())  # fmt: skip
    answer(summit, body, respond, interest_message(outcome, session_id, lang))


def on_conflict_keep(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    agenda = summit.agenda()
    kept = [s for s in (agenda.get(i) for i in (action.get("value") or "").split(",")) if s]
    payload = text_reply(t(lang, "kept_old", titles=titles_list(kept, lang)))
    answer(summit, body, respond, payload, replace_original=True)


def on_conflict_switch(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    try:
        choice = json.loads(action.get("value") or "{}")
        take, drop = str(choice["take"]), [str(d) for d in choice["drop"]]
    except (ValueError, TypeError, KeyError):
        log.warning("bad switch value %r", action.get("value"))
        answer(summit, body, respond, text_reply(t(lang, "error")))
        return
    outcome = registrations.switch(summit.store, summit.agenda(), user_id, take, drop,
                                   summit.clock.now())  # fmt: skip
    reply = after_seat_change(summit, user_id, switch_message(outcome, take, lang), outcome)
    answer(summit, body, respond, reply, replace_original=True)


def on_conflict_both(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    result = _register(summit, user_id, action.get("value", ""), lang, allow_conflicts=True)
    answer(summit, body, respond, result, replace_original=True)
