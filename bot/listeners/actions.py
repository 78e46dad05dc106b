"""Buttons: Register, Unregister, Details and the schedule pager."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App, Respond

from bot.listeners.commands import register_reply, schedule, show, unregister_reply
from bot.services import Summit
from bot.views import ids

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.matcher(ids.REGISTER))(on_register)
    app.action(ids.matcher(ids.UNREGISTER))(on_unregister)
    app.action(ids.matcher(ids.DETAILS))(on_details)
    app.action(ids.matcher(ids.SCHEDULE_PAGE))(on_page)


def _reply(respond: Respond, payload: dict, replace_original: bool = False) -> None:
    try:
        respond(response_type="ephemeral", replace_original=replace_original, **payload)
    except Exception:
        log.exception("could not respond to a button")


def on_register(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    with summit.ack_first.composing():
        payload = register_reply(summit, user_id, action.get("value", ""),
                                 summit.lang_for(user_id))  # fmt: skip
    _reply(respond, payload)


def on_unregister(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    with summit.ack_first.composing():
        payload = unregister_reply(summit, user_id, action.get("value", ""),
                                   summit.lang_for(user_id))  # fmt: skip
    _reply(respond, payload)


def on_details(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    with summit.ack_first.composing():
        payload = show(summit, user_id, [action.get("value", "")], summit.lang_for(user_id))
    _reply(respond, payload)


def on_page(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    try:
        state = json.loads(action.get("value") or "{}")
        page = int(state.get("page", 0))
        day = date.fromisoformat(state["day"]) if state.get("day") else None
        words = str(state.get("q", "")).split()
    except (ValueError, TypeError, KeyError):
        log.warning("bad pager value %r", action.get("value"))
        page, day, words = 0, None, []
    with summit.ack_first.composing():
        payload = schedule(summit, user_id, words, summit.lang_for(user_id), page=page,
                           pinned_day=day)  # fmt: skip
    _reply(respond, payload, replace_original=True)
