"""Buttons: Register, Unregister, the star, Details, the pagers, the overlap choices,
`forget`'s confirmation, and the App Home's quick buttons.

A click in a message answers through its response_url. A click on the Home tab has none, so
the answer goes to the user's DM with the bot, and the Home is republished after a change.
"""

from __future__ import annotations

import json
import logging
from datetime import date

from slack_bolt import Ack, App, Respond

from bot import admin, registrations
from bot.i18n import t
from bot.listeners.commands import (
    my,
    register_reply,
    schedule,
    send_ics,
    show,
    unregister_reply,
)
from bot.listeners.replies import Reply, acting, answer, changed, finish
from bot.services import Summit
from bot.settings import LANGUAGES
from bot.views import ids
from bot.views.admin import stats_message
from bot.views.notices import forgot_message
from bot.views.sessions import titles_list, where_text
from bot.views.text import clip, escape, text_reply

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.action(ids.matcher(ids.REGISTER))(on_register)
    app.action(ids.matcher(ids.UNREGISTER))(on_unregister)
    app.action(ids.matcher(ids.DETAILS))(on_details)
    app.action(ids.matcher(ids.SCHEDULE_PAGE))(on_page)
    app.action(ids.matcher(ids.INTEREST))(on_interest)
    app.action(ids.matcher(ids.CONFLICT_KEEP))(on_conflict_keep)
    app.action(ids.matcher(ids.CONFLICT_SWITCH))(on_conflict_switch)
    app.action(ids.matcher(ids.CONFLICT_BOTH))(on_conflict_both)
    app.action(ids.FORGET_CONFIRM)(on_forget_confirm)
    app.action(ids.FORGET_CANCEL)(on_forget_cancel)
    app.action(ids.HOME_NEXT)(on_home_next)
    app.action(ids.HOME_MY)(on_home_my)
    app.action(ids.HOME_ICS)(on_home_ics)
    app.action(ids.HOME_LANG)(on_home_lang)
    app.action(ids.matcher(ids.ADMIN_STATS_PAGE))(on_stats_page)


def on_register(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, register_reply(summit, user_id, action.get("value", ""), lang))


def on_unregister(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond,
            unregister_reply(summit, user_id, action.get("value", ""), lang))  # fmt: skip


def on_details(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, show(summit, user_id, [action.get("value", "")], lang))


def on_page(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    try:
        state = json.loads(action.get("value") or "{}")
        page = int(state.get("page", 0))
        day = date.fromisoformat(state["day"]) if state.get("day") else None
        words = str(state.get("q", "")).split()
    except (ValueError, TypeError, KeyError, AttributeError):
        log.warning("bad pager value %r", action.get("value"))
        page, day, words = 0, None, []
    payload = schedule(summit, user_id, words, lang, page=page, pinned_day=day)
    answer(summit, body, respond, payload, replace_original=True)


def on_interest(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    session_id = action.get("value", "")
    outcome = registrations.toggle_interest(summit.store, summit.agenda(), user_id, session_id,
                                            summit.clock.now())  # fmt: skip
    if outcome.status == "unknown":
        payload = text_reply(t(lang, "unknown_session", id=escape(clip(session_id, 40))))
    else:
        payload = text_reply(t(lang, outcome.status,
                               title=escape(outcome.session.title_for(lang))))  # fmt: skip
    answer(summit, body, respond, payload)


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
    answer(summit, body, respond, _switch_reply(summit, user_id, take, outcome, lang),
            replace_original=True)  # fmt: skip


def _switch_reply(summit: Summit, user_id: str, take: str,
                  outcome: registrations.SwitchOutcome, lang: str) -> dict | Reply:  # fmt: skip
    if outcome.status == "unknown":
        return text_reply(t(lang, "unknown_session", id=escape(clip(take, 40))))
    session = outcome.session
    title = escape(session.title_for(lang))
    if outcome.status == "switched":
        text = t(lang, "switched", title=title, where=where_text(session, lang),
                 dropped=titles_list(outcome.dropped, lang) or "—")  # fmt: skip
        payload = text_reply(text)
        return changed(summit, payload, user_id, outcome.promoted)
    if outcome.status == "full":
        payload = text_reply(t(lang, "switch_full", title=title, id=session.id))
    else:
        key = {"already": "already_registered"}.get(outcome.status, outcome.status)
        payload = text_reply(t(lang, key, title=title))
    return changed(summit, payload, user_id, outcome.promoted) if outcome.promoted else payload


def on_conflict_both(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    result = register_reply(summit, user_id, action.get("value", ""), lang, allow_conflicts=True)
    answer(summit, body, respond, result, replace_original=True)


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


def on_home_next(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, schedule(summit, user_id, ["next"], lang))


def on_home_my(ack: Ack, body: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, my(summit, user_id, [], lang))


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
