"""The schedule pager, and the button that unfolds today's ended sessions."""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App, Respond

from bot.listeners.common import schedule_listing
from bot.listeners.replies import acting, answer
from bot.views import ids

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.matcher(ids.SCHEDULE_PAGE))(on_page)
    app.action(ids.SCHEDULE_ENDED)(on_show_ended)


def _state(value: str | None) -> tuple[int, date | None, list[str], bool]:
    """(page, pinned day, words, ended shown) from a button's value; page 0 of everything
    when the value is not one the bot wrote."""
    try:
        state = json.loads(value or "{}")
        page = int(state.get("page", 0))
        day = date.fromisoformat(state["day"]) if state.get("day") else None
        return page, day, str(state.get("q", "")).split(), bool(state.get("all"))
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("bad schedule button value %r", value)
        return 0, None, [], False


def on_page(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    page, day, words, show_ended = _state(action.get("value"))
    payload = schedule_listing(summit, user_id, words, lang, page=page, pinned_day=day,
                               show_ended=show_ended)  # fmt: skip
    answer(summit, body, respond, payload, replace_original=True)


def on_show_ended(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    _, day, words, _ = _state(action.get("value"))
    payload = schedule_listing(summit, user_id, words, lang, pinned_day=day, show_ended=True)
    answer(summit, body, respond, payload, replace_original=True)
