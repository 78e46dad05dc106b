"""`forget`'s confirmation: Delete everything, or Cancel."""

from __future__ import annotations

import logging

from slack_bolt import Ack, App, Respond

from bot import registrations
from bot.i18n import t
from bot.listeners.replies import acting, answer, changed
from bot.views import ids
from bot.views.notices import forgot_message
from bot.views.text import text_reply

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.FORGET_CONFIRM)(on_forget_confirm)
    app.action(ids.FORGET_CANCEL)(on_forget_cancel)


def on_forget_confirm(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    forgotten = registrations.forget(summit.store, user_id, summit.clock.now())
    log.info("forgot %s: %s", user_id, forgotten.counts)
    reply = changed(summit, forgot_message(forgotten.counts, lang), user_id,
                    forgotten.promoted)  # fmt: skip
    # Their language was just deleted; looking it up again would store it again.
    reply.home_lang[user_id] = lang
    answer(summit, body, respond, reply, replace_original=True)


def on_forget_cancel(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, text_reply(t(lang, "forget_cancelled")), replace_original=True)
