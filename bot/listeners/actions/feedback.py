"""The after-session question: its 1–5 buttons, the comment button and the comment modal."""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, Respond
from slack_sdk.webhook import WebhookClient

from bot.feedback import InvalidFeedback, clean_comment, parse_rating
from bot.i18n import t
from bot.listeners.replies import acting, answer
from bot.views import ids
from bot.views.feedback import ask_message, comment_modal
from bot.views.text import text_reply

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.matcher(ids.FEEDBACK_RATE))(on_rate)
    app.action(ids.FEEDBACK_COMMENT)(on_comment)
    app.view(ids.FEEDBACK_VIEW)(on_comment_submit)


def on_rate(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session = summit.agenda().get(action.get("value") or "")
    try:
        rating = parse_rating(action.get("action_id", "").partition(":")[2])
    except InvalidFeedback:
        log.warning("bad feedback button %r", action.get("action_id"))
        return
    if session is None:
        answer(summit, body, respond, text_reply(t(lang, "feedback_gone")))
        return
    summit.store.save_feedback(session.id, user_id, rating, None,
                               summit.clock.now().timestamp(), keep_comment=True)  # fmt: skip
    answer(summit, body, respond, ask_message(session, lang, rating), replace_original=True)


def on_comment(ack: Ack, body: dict, action: dict, respond: Respond, client, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session = summit.agenda().get(action.get("value") or "")
    if session is None:
        answer(summit, body, respond, text_reply(t(lang, "feedback_gone")))
        return
    given = summit.store.feedback_of(session.id, user_id) or {}
    view = comment_modal(session, lang, given.get("rating"), given.get("comment"),
                         body.get("response_url"))  # fmt: skip
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except Exception:
        log.exception("could not open the feedback modal")
        answer(summit, body, respond, text_reply(t(lang, "error")))


def on_comment_submit(ack: Ack, body: dict, view: dict, context) -> None:
    summit, user_id, lang = acting(body, context)
    values = (view.get("state") or {}).get("values") or {}
    chosen = values.get(ids.BLOCK_FEEDBACK_RATING, {}).get(ids.FEEDBACK_RATING_INPUT, {})
    text = values.get(ids.BLOCK_FEEDBACK_COMMENT, {}).get(ids.FEEDBACK_COMMENT_INPUT, {})
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        session = summit.agenda().get(str(meta["session"]))
    except (ValueError, TypeError, KeyError):
        log.warning("bad feedback modal metadata %r", view.get("private_metadata"))
        ack()
        return
    if session is None:
        ack(response_action="errors", errors={ids.BLOCK_FEEDBACK_RATING: t(lang, "feedback_gone")})
        return
    try:
        rating = parse_rating((chosen.get("selected_option") or {}).get("value", ""))
    except InvalidFeedback:
        ack(response_action="errors",
            errors={ids.BLOCK_FEEDBACK_RATING: t(lang, "feedback_need_rating")})  # fmt: skip
        return
    try:
        comment = clean_comment(text.get("value"))
    except InvalidFeedback:
        ack(response_action="errors",
            errors={ids.BLOCK_FEEDBACK_COMMENT: t(lang, "feedback_comment_too_long")})  # fmt: skip
        return
    ack()
    summit.store.save_feedback(session.id, user_id, rating, comment,
                               summit.clock.now().timestamp())  # fmt: skip
    if meta.get("url"):  # the question is redrawn with the answer on it
        try:
            WebhookClient(meta["url"]).send(replace_original=True,
                                            **ask_message(session, lang, rating))  # fmt: skip
        except Exception:
            log.exception("could not redraw the feedback question")


