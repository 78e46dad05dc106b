"""The organisers' stats pager (checked again: a button can be pressed by anyone it reaches)."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot import admin
from bot.i18n import t
from bot.listeners.replies import acting, answer
from bot.views import ids
from bot.views.admin import stats_message
from bot.views.text import text_reply


def register(app: App) -> None:
    app.action(ids.matcher(ids.ADMIN_STATS_PAGE))(on_stats_page)


def on_stats_page(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    if not summit.is_admin(user_id):
        answer(summit, body, respond, text_reply(t(lang, "admin_refused")))
        return
    try:
        page = int(action.get("value") or 0)
    except ValueError:
        page = 0
    stats = admin.stats(summit.store, summit.agenda(), summit.clock.now())
    answer(summit, body, respond, stats_message(stats, lang, page), replace_original=True)
