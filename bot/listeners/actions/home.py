"""The App Home's quick buttons: what's next, my agenda, the calendar file, the language."""

from __future__ import annotations

from slack_bolt import Ack, App, Respond

from bot.listeners.common import my_reply, schedule_listing, send_ics
from bot.listeners.replies import Reply, acting, answer, finish
from bot.services import Summit
from bot.settings import LANGUAGES
from bot.views import ids


def register(app: App) -> None:
    app.action(ids.HOME_NEXT)(on_home_next)
    app.action(ids.HOME_MY)(on_home_my)
    app.action(ids.HOME_ICS)(on_home_ics)
    app.action(ids.HOME_LANG)(on_home_lang)


def on_home_next(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, schedule_listing(summit, user_id, ["next"], lang))


def on_home_my(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, my_reply(summit, user_id, lang))


def on_home_ics(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    sent, payload = send_ics(summit, user_id, lang)
    if not sent:  # when it worked, the file itself has arrived in the DM with its comment
        answer(summit, body, respond, payload)


def on_home_lang(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    choice = action.get("value")
    if choice not in LANGUAGES:
        return
    summit.store.update_user(user_id, lang=choice)
    finish(summit, Reply({}, homes=(user_id,)))
