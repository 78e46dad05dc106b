"""What a listener does after the database has changed: answer the user, then refresh the
App Homes that now show something else. The user's own answer goes first: the rest can't delay
it. (Promotion DMs are not queued here: the store queues them in the transaction that gives
the seat.)"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from slack_bolt import Respond

from bot.home import home_state
from bot.services import Summit
from bot.store import Promotion
from bot.views.home import home_view

log = logging.getLogger(__name__)


@dataclass
class Reply:
    """A handler's answer (`payload`, shown to the user who acted: one message, or several
    in order) and its follow-ups:
    users whose Home tab to republish (`home_lang` when the user's
    language can no longer be looked up, as after `forget`)."""

    payload: dict | list[dict]
    homes: tuple[str, ...] = ()
    home_lang: dict[str, str] = field(default_factory=dict)


    def messages(self) -> list[dict]:
        """The answer as messages to send in order (empty for a Home-only refresh)."""
        if isinstance(self.payload, list):
            return self.payload
        return [self.payload] if self.payload else []


def changed(summit: Summit, payload: dict, user_id: str,
            promotions: Iterable[Promotion] = ()) -> Reply:  # fmt: skip
    """A reply for a change to `user_id`'s seats that may have promoted others."""
    promotions = list(promotions)
    homes = (user_id, *(p.user_id for p in promotions))
    return Reply(payload, homes=tuple(dict.fromkeys(homes)))


def as_reply(result: dict | list[dict] | Reply) -> Reply:
    return result if isinstance(result, Reply) else Reply(result)


def finish(summit: Summit, reply: Reply) -> None:
    """Send the follow-ups; call after the user has their answer."""
    for user_id in reply.homes:
        # Only tabs someone has opened: views.publish is rate-limited per workspace. A user
        # who was just forgotten (in home_lang) gets the empty Home their data left behind.
        user = summit.store.user(user_id) or {}
        if user.get("home_opened_at") or user_id in reply.home_lang:
            publish_home(summit, user_id, reply.home_lang.get(user_id))


def publish_home(summit: Summit, user_id: str, lang: str | None = None) -> bool:
    """Render and publish the user's App Home ("My Summit"); False if Slack refused."""
    try:
        lang = lang or summit.lang_for(user_id)
        state = home_state(summit.store, summit.agenda(), user_id, summit.clock.now())
        summit.client.views_publish(user_id=user_id, view=home_view(state, lang))
        return True
    except Exception:
        log.exception("could not publish the Home tab of %s", user_id)
        return False


def answer(summit: Summit, body: dict, respond: Respond, result: dict | Reply,
            replace_original: bool = False) -> None:  # fmt: skip
    """Show the answer where the click happened (or by DM from the Home tab), then run
    the follow-ups."""
    reply = as_reply(result)
    user_id = body["user"]["id"]
    try:
        for number, payload in enumerate(reply.messages()):
            if body.get("response_url"):
                respond(response_type="ephemeral", replace_original=replace_original and not number,
                        **payload)  # fmt: skip
            else:
                summit.client.chat_postMessage(channel=user_id, **payload)
    except Exception:
        log.exception("could not answer a button")
    finish(summit, reply)


def acting(body: dict, context) -> tuple[Summit, str, str]:
    """Who pressed a button: the services, their user id and their language."""
    summit: Summit = context["summit"]
    user_id = body["user"]["id"]
    return summit, user_id, summit.lang_for(user_id)
