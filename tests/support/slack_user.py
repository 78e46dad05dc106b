"""What a person does in Slack beyond commands and buttons, for the in-process app: write to
the bot in its DM (with a photo), and pick from a menu."""

from __future__ import annotations

import time

from bot.devtools.local import LocalSlack, interactive_body
from bot.devtools.standin import Delivered, SlackStandIn


def photo(file_id: str, name: str = "expo-talk.jpg") -> dict:
    """A file object as a message event carries it."""
    return {"id": file_id, "name": name, "mimetype": "image/jpeg", "filetype": "jpg",
            "permalink": f"https://summit.slack.com/files/U1/{file_id}/{name}",
            "url_private": f"https://files.slack.com/files-pri/T1-{file_id}/{name}"}  # fmt: skip


def dm(local: LocalSlack, slack: SlackStandIn, user: str, text: str, *,
       files: list[dict] | None = None, ts: str | None = None) -> Delivered:  # fmt: skip
    """Send the bot a DM and return its answer in that DM."""
    seen = {id(m) for m in slack.messages_for(f"D{user}")}
    event = {"type": "message", "channel_type": "im", "channel": f"D{user}", "user": user,
             "text": text, "ts": ts or f"{time.time():.6f}"}  # fmt: skip
    if files:
        event.update(files=files, subtype="file_share")
    local.event(event)
    # (the predicate runs under the stand-in's lock: it must not call back into it)
    found = slack.wait_for(lambda m: m.kind == "dm" and m.channel == f"D{user}"
                           and id(m) not in seen)  # fmt: skip
    assert found, "the bot did not answer the DM"
    return found[-1]


def select(local: LocalSlack, slack: SlackStandIn, user: str, action_id: str,
           value: str) -> list[Delivered]:  # fmt: skip
    """Pick `value` in a static_select menu of a message; the answers on its response_url."""
    url = slack.new_response_url(user=user)
    body = interactive_body(
        "block_actions", user,
        container={"type": "message", "is_ephemeral": False},
        channel={"id": f"D{user}", "name": "directmessage"},
        response_url=url,
        actions=[{"type": "static_select", "action_id": action_id, "block_id": "b",
                  "selected_option": {"text": {"type": "plain_text", "text": value},
                                      "value": value},
                  "action_ts": f"{time.time():.6f}"}],
    )  # fmt: skip
    response = local.dispatch(body)
    assert response.status == 200, response.body
    url_id = url.rsplit("/", 1)[-1]
    return slack.wait_for(lambda m: m.meta.get("url_id") == url_id)


def elements(delivered: Delivered) -> list[dict]:
    """Every button and menu in a message."""
    found = []
    for block in delivered.blocks or []:
        found += block.get("elements") or []
        if block.get("accessory"):
            found.append(block["accessory"])
    return [e for e in found if isinstance(e, dict) and "action_id" in e]
