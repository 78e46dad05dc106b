"""`/summit ics` subscription links and `ics reset`, `feedback off|on`, `digest off|on`, the
feedback part of `admin stats`, and the after-session question's buttons and comment modal.

The command handlers are routed by the `/summit` router; `register` adds the buttons."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime

from slack_bolt import Ack, App, Respond
from slack_sdk.webhook import WebhookClient

from bot import live_calendar
from bot.feedback import Answer, InvalidFeedback, clean_comment, parse_rating, summarize
from bot.i18n import t
from bot.listeners.replies import acting, answer
from bot.services import Summit
from bot.views import ids
from bot.views.feedback import ask_message, comment_modal, stats_message
from bot.views.text import text_reply

log = logging.getLogger(__name__)

OFF_WORDS = ("off", "끄기")
ON_WORDS = ("on", "켜기")
RESET_WORDS = ("reset", "초기화")


# -- commands (routed by bot.listeners.commands) -------------------------------------------


def is_reset(args: list[str]) -> bool:
    return bool(args) and args[0].lower() in RESET_WORDS


def subscription_reply(summit: Summit, user_id: str, lang: str) -> dict:
    """What `/summit ics` adds to the file: the personal subscription link. Only a digest of
    the token is stored, so the link is shown once, when made; later the reply says how to
    get a new one."""
    if not summit.settings.public_url:
        return text_reply(t(lang, "ics_file_only"))
    if summit.store.has_calendar_token(user_id):
        return text_reply(t(lang, "ics_link_given"))
    return _new_link(summit, user_id, lang, "ics_link")


def ics_reset(summit: Summit, user_id: str, lang: str) -> dict:
    """`/summit ics reset`: the old link stops working; a new one when there is a public URL."""
    if not summit.settings.public_url:
        return text_reply(t(lang, "ics_file_only"))
    return _new_link(summit, user_id, lang, "ics_link_reset")


def _new_link(summit: Summit, user_id: str, lang: str, key: str) -> dict:
    https_url, webcal_url = live_calendar.links(summit, live_calendar.issue_token(summit, user_id))
    return text_reply(t(lang, key, webcal=webcal_url, https=https_url))


def feedback_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return _opt(summit, user_id, args, lang, "feedback_opt_out", "feedback")


def digest_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> dict:
    return _opt(summit, user_id, args, lang, "digest_opt_out", "digest")


def _opt(summit: Summit, user_id: str, args: list[str], lang: str, column: str,
         name: str) -> dict:  # fmt: skip
    choice = args[0].lower() if args else ""
    if choice in OFF_WORDS:
        summit.store.update_user(user_id, **{column: 1})
        return text_reply(t(lang, f"{name}_off"))
    if choice in ON_WORDS:
        summit.store.update_user(user_id, **{column: 0})
        return text_reply(t(lang, f"{name}_on"))
    return text_reply(t(lang, f"{name}_usage"))


def feedback_stats(summit: Summit, lang: str) -> list[dict]:
    """The organisers' feedback numbers, a message after `admin stats`' seat numbers once
    anyone has answered."""
    answers = [Answer(r["session_id"], r["user_id"], r["rating"], r["comment"],
                      datetime.fromtimestamp(r["answered_at"], UTC))
               for r in summit.store.all_feedback()]  # fmt: skip
    if not answers:
        return []
    return [stats_message(list(summarize(answers).values()), summit.agenda(), lang)]


# -- the after-session question ---------------------------------------------------------------


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


