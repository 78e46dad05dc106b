"""Driving the real Bolt app without Slack: signed slash commands and button clicks built
exactly as Slack sends them, dispatched in-process, with replies landing on a `SlackStandIn`.

Used by `summit-bot console`, the demo, tests and benchmarks.
"""

from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from slack_bolt import App, BoltRequest, BoltResponse
from slack_sdk.signature import SignatureVerifier

from bot.devtools.standin import Delivered, SlackStandIn
from bot.slack_http import bolt_request

TEAM_ID = "T1"
COMMAND = "/summit"


FORM = "application/x-www-form-urlencoded"


def signed_headers(secret: str, body: str, timestamp: int | None = None,
                   content_type: str = FORM) -> dict[str, str]:  # fmt: skip
    """The headers Slack adds to a request: a timestamp and its HMAC-SHA256 signature."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=stamp, body=body)
    return {
        "Content-Type": content_type,
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": signature,
    }


def command_body(user_id: str, text: str, response_url: str, channel_id: str = "C_LOCAL") -> str:
    """A slash-command form body with every field Slack sends."""
    return urlencode(
        {
            "token": "unused",
            "team_id": TEAM_ID,
            "team_domain": "local",
            "channel_id": channel_id,
            "channel_name": "local",
            "user_id": user_id,
            "user_name": user_id.lower(),
            "command": COMMAND,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": f"trigger-{time.monotonic_ns()}",
        }
    )


def interactive_body(kind: str, user_id: str, **fields) -> str:
    """An interactivity form body (`payload=<json>`) of type `kind` from `user_id`, with the
    envelope every interaction carries and `fields` on top."""
    payload = {
        "type": kind,
        "team": {"id": TEAM_ID, "domain": "local"},
        "user": {"id": user_id, "username": user_id.lower(), "team_id": TEAM_ID},
        "api_app_id": "A1",
        "token": "unused",
        "trigger_id": f"trigger-{time.monotonic_ns()}",
        **fields,
    }
    return urlencode({"payload": json.dumps(payload, ensure_ascii=False)})


def _button(action_id: str, value: str, block_id: str) -> list[dict]:
    return [{"type": "button", "action_id": action_id, "block_id": block_id, "value": value,
             "action_ts": f"{time.time():.6f}"}]  # fmt: skip


def action_body(user_id: str, action_id: str, value: str, response_url: str,
                block_id: str = "b") -> str:  # fmt: skip
    """One button press in an ephemeral message, answered through `response_url`."""
    return interactive_body(
        "block_actions", user_id,
        container={"type": "message", "is_ephemeral": True},
        channel={"id": "C_LOCAL", "name": "local"},
        response_url=response_url,
        actions=_button(action_id, value, block_id),
    )  # fmt: skip


def shortcut_body(user_id: str, callback_id: str, message: dict,
                  response_url: str | None) -> str:  # fmt: skip
    """A message shortcut (`message_action`) on `message`, as Slack posts it."""
    extra = {"response_url": response_url} if response_url else {}
    return interactive_body(
        "message_action", user_id,
        callback_id=callback_id,
        channel={"id": "C_LOCAL", "name": "local"},
        action_ts=f"{time.time():.6f}",
        message_ts=message.get("ts", "1683180000.000100"),
        message={"type": "message", "ts": "1683180000.000100", **message},
        **extra,
    )  # fmt: skip


def view_submission_body(user_id: str, view: dict, values: dict) -> str:
    """A modal's submission: `view` as it was opened, `values` as `state.values`."""
    return interactive_body("view_submission", user_id,
                            view={"id": "V1", **view, "state": {"values": values}},
                            response_urls=[])  # fmt: skip


def press_body(user_id: str, element: dict, block_id: str, *, container: dict,
               option: dict | None = None, **fields) -> str:  # fmt: skip
    """A press of `element` (a button, or an overflow/select with `option` chosen) in the
    block `block_id`, as Slack posts it: the action as Slack describes it, an empty `state`,
    and `fields` (channel, message, view, response_url) for where the element sat."""
    action = {"type": element.get("type"), "action_id": element.get("action_id"),
              "block_id": block_id, "action_ts": f"{time.time():.6f}"}  # fmt: skip
    if element.get("type") == "button":
        action["text"] = element.get("text")
        if "value" in element:
            action["value"] = element["value"]
        if element.get("style"):
            action["style"] = element["style"]
    if option is not None:
        action["selected_option"] = option
    return interactive_body("block_actions", user_id, container=container,
                            state={"values": {}}, actions=[action], **fields)  # fmt: skip


def home_action_body(user_id: str, action_id: str, value: str) -> str:
    """A button press on the user's App Home tab: a `view` container and no response_url."""
    return interactive_body(
        "block_actions", user_id,
        container={"type": "view", "view_id": "VHOME"},
        view={"id": "VHOME", "type": "home", "blocks": []},
        actions=_button(action_id, value, "b"),
    )  # fmt: skip


def event_body(event: dict, event_id: str | None = None) -> str:
    """An Events API callback (JSON) wrapping `event`."""
    return json.dumps(
        {
            "token": "unused",
            "team_id": TEAM_ID,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": event_id or f"Ev{time.monotonic_ns()}",
            "event_time": int(time.time()),
            "authorizations": [
                {"team_id": TEAM_ID, "user_id": "UBOT", "is_bot": True,
                 "is_enterprise_install": False}  # fmt: skip
            ],
        },
        ensure_ascii=False,
    )


class LocalSlack:
    """A user's side of Slack for an in-process app: type a command or press a button and
    get back what Slack would have shown in answer."""

    def __init__(self, app: App, standin: SlackStandIn, signing_secret: str):
        self.app = app
        self.standin = standin
        self.secret = signing_secret

    def dispatch(self, body: str) -> BoltResponse:
        return self.app.dispatch(bolt_request(body, headers=signed_headers(self.secret, body)))

    def command(self, user_id: str, text: str, timeout: float = 3.0, expect: int = 1,
                settle: float = 0.0) -> list[Delivered]:  # fmt: skip
        """Replies to `/summit <text>`: as soon as `expect` of them have arrived, plus any
        that follow within `settle` seconds of the last (some replies take several
        messages, and a person at a console wants them all)."""
        url = self.standin.new_response_url(user=user_id)
        response = self.dispatch(command_body(user_id, text, url))
        found = self._replies(response, url, timeout, expect)
        while settle and found:
            more = self._replies(response, url, settle, len(found) + 1)
            if len(more) == len(found):
                break
            found = more
        return found

    def click(self, user_id: str, action_id: str, value: str,
              timeout: float = 3.0) -> list[Delivered]:  # fmt: skip
        url = self.standin.new_response_url(user=user_id)
        response = self.dispatch(action_body(user_id, action_id, value, url))
        return self._replies(response, url, timeout)

    def shortcut(
        self,
        user_id: str,
        message: dict,
        callback_id: str = "save_to_notes",
        with_response_url: bool = True,
        timeout: float = 3.0,
    ) -> list[Delivered]:
        """Run a message shortcut on `message` (a dict with at least `text`); the replies on
        its response_url, or [] when it has none (look for DMs instead)."""
        url = self.standin.new_response_url(user=user_id) if with_response_url else None
        response = self.dispatch(shortcut_body(user_id, callback_id, message, url))
        if url is None:
            if response.status != 200:
                raise RuntimeError(f"the app answered {response.status}: {response.body}")
            return []
        return self._replies(response, url, timeout)

    def press(self, user_id: str, where: Delivered, element: dict, block_id: str,
              option: dict | None = None) -> BoltResponse:  # fmt: skip
        """Press `element` of the block `block_id` in a delivered message or Home tab, the way
        Slack does: a message press carries the message (unless ephemeral) and a fresh
        response_url; a Home tab press carries the view and none. Answers arrive on the
        stand-in."""
        if where.kind == "home":
            view = where.meta.get("view") or {"type": "home", "blocks": where.blocks or []}
            view = {"id": "VHOME", **view}
            body = press_body(user_id, element, block_id, option=option,
                              container={"type": "view", "view_id": view["id"]}, view=view)
            return self._checked(self.dispatch(body))
        channel = where.channel or "C_LOCAL"
        ephemeral = where.kind in ("response", "ephemeral")
        container = {"type": "message", "message_ts": where.ts, "channel_id": channel,
                     "is_ephemeral": ephemeral}  # fmt: skip
        fields = {
            "channel": {"id": channel, "name": channel.lower()},
            "response_url": self.standin.new_response_url(channel=channel, user=user_id),
        }
        if not ephemeral:
            fields["message"] = {"type": "message", "ts": where.ts, "user": "UBOT",
                                 "bot_id": "B1", "text": where.text or "",
                                 "blocks": where.blocks or []}  # fmt: skip
        body = press_body(user_id, element, block_id, option=option, container=container, **fields)
        return self._checked(self.dispatch(body))

    def settle(self, since: float, timeout: float = 3.0, quiet: float = 0.25) -> list[Delivered]:
        """What the stand-in received after `since` (a time.monotonic()): waits up to
        `timeout` for the first message, then until `quiet` seconds pass with nothing new."""
        found = self.standin.wait_for(lambda m: m.when > since, timeout)
        while found:
            last = max(m.when for m in found)
            if not self.standin.wait_for(lambda m, last=last: m.when > last, quiet):
                break
            found = self.standin.wait_for(lambda m: m.when > since, 0)
        return found

    def submit(self, user_id: str, view: dict, values: dict) -> BoltResponse:
        """Submit a modal; the response carries `response_action` errors, if any."""
        return self.dispatch(view_submission_body(user_id, view, values))

    def click_home(self, user_id: str, action_id: str, value: str) -> BoltResponse:
        """Press a button on the App Home tab; answers arrive as DMs or a new Home view."""
        return self._checked(self.dispatch(home_action_body(user_id, action_id, value)))

    def event(self, event: dict, event_id: str | None = None) -> BoltResponse:
        """Deliver an Events API event (app_home_opened, message.im…); Bolt acks at once and
        the listener's messages arrive on the stand-in."""
        body = event_body(event, event_id)
        headers = signed_headers(self.secret, body, content_type="application/json")
        return self._checked(self.app.dispatch(BoltRequest(body=body, headers=headers)))

    def _checked(self, response: BoltResponse) -> BoltResponse:
        if response.status != 200:
            raise RuntimeError(f"the app answered {response.status}: {response.body}")
        return response

    def _replies(self, response: BoltResponse, url: str, timeout: float,
                 expect: int = 1) -> list[Delivered]:  # fmt: skip
        if response.status != 200:
            raise RuntimeError(f"the app answered {response.status}: {response.body}")
        url_id = url.rsplit("/", 1)[-1]
        deadline = time.monotonic() + timeout
        while True:
            found = self.standin.wait_for(lambda m: m.meta.get("url_id") == url_id,
                                          max(0.0, deadline - time.monotonic()))  # fmt: skip
            if len(found) >= expect or time.monotonic() >= deadline:
                return found
            time.sleep(0.02)
