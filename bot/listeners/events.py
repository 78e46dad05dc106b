"""Events: the App Home tab opening ("My Summit") and messages in the bot's DM tab.

Slack redelivers an event it thinks went unanswered (`X-Slack-Retry-Num`, up to 3 times):
each event_id is handled once (`Store.first_delivery`).
"""

from __future__ import annotations

import logging
import time

from slack_bolt import App

from bot.home import next_seat, next_slot
from bot.listeners.notes import dm_note
from bot.listeners.replies import finish, publish_home
from bot.registrations import my_agenda
from bot.services import Summit
from bot.views.notices import dm_answer

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.event("app_home_opened")(on_home_opened)
    app.event("message")(on_message)


def on_home_opened(event: dict, body: dict, context) -> None:
    if event.get("tab", "home") != "home" or not event.get("user"):
        return  # the Messages tab opening needs nothing
    summit = context["summit"]
    if not summit.store.first_delivery(body.get("event_id")):
        return
    summit.store.update_user(event["user"], home_opened_at=time.time())
    publish_home(summit, event["user"])


def is_person_writing(event: dict) -> bool:
    """A new message a person typed (or a file they shared) in the bot's DM: not a bot's,
    not an edit, deletion, join or any other subtype."""
    return (
        event.get("channel_type") == "im"
        and event.get("subtype") in (None, "", "file_share")
        and not event.get("bot_id")
        and not event.get("edited")
        and bool(event.get("user"))
    )


def on_message(event: dict, body: dict, context) -> None:
    if not is_person_writing(event):
        return
    summit: Summit = context["summit"]
    # One message is one note, even when it reaches us twice under two event ids.
    message_key = f"message:{event.get('channel')}:{event.get('ts')}"
    if not (summit.store.first_delivery(body.get("event_id"))
            and summit.store.first_delivery(message_key)):  # fmt: skip
        return
    user_id = event["user"]
    # A plain message is a note; a question or `help` gets the DM answer.
    note = dm_note(summit, event)
    try:
        for payload in note.messages() if note else [dm_reply(summit, user_id)]:
            summit.client.chat_postMessage(channel=event["channel"], **payload)
    except Exception:
        log.exception("could not answer a DM from %s", user_id)
    if note:
        finish(summit, note)


def dm_reply(summit: Summit, user_id: str) -> dict:
    lang = summit.lang_for(user_id)
    now = summit.clock.now()
    agenda = summit.agenda()
    mine = next_seat(my_agenda(summit.store, agenda, user_id), now)
    return dm_answer(lang, now, mine.session if mine else None, next_slot(agenda, now))
