"""Making any text safe to show in Slack: escape mrkdwn, cut to Block Kit's limits."""

from __future__ import annotations

import re

SECTION_TEXT = 3000
FIELD_TEXT = 2000
HEADER_TEXT = 150
BUTTON_TEXT = 75
MESSAGE_TEXT = 3000  # notification fallback: short is kinder than Slack's 40,000 cap
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def escape(text: str) -> str:
    """Escape user or data text so Slack shows it literally (no pings, no links)."""
    text = CONTROL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Cut to `limit` characters without splitting an `&amp;`-style entity."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp = cut.rfind("&")
    if amp != -1 and ";" not in cut[amp:]:
        cut = cut[:amp]
    return cut + "…"


def plain(text: str, limit: int) -> dict:
    return {"type": "plain_text", "text": clip(CONTROL.sub("", text) or " ", limit), "emoji": True}


def mrkdwn(text: str, limit: int = SECTION_TEXT) -> dict:
    return {"type": "mrkdwn", "text": clip(text or " ", limit)}


def section(text: str, block_id: str | None = None, accessory: dict | None = None) -> dict:
    block = {"type": "section", "text": mrkdwn(text)}
    if block_id:
        block["block_id"] = block_id
    if accessory:
        block["accessory"] = accessory
    return block


def context(*texts: str) -> dict:
    return {"type": "context", "elements": [mrkdwn(t, FIELD_TEXT) for t in texts[:10]]}


def header(text: str) -> dict:
    return {"type": "header", "text": plain(text, HEADER_TEXT)}


def button(label: str, action_id: str, value: str, style: str | None = None) -> dict:
    element = {"type": "button", "text": plain(label, BUTTON_TEXT), "action_id": action_id,
               "value": value[:2000]}  # fmt: skip
    if style:
        element["style"] = style
    return element


def message(text: str, blocks: list[dict] | None = None) -> dict:
    """A message payload: `text` is the notification fallback, kept short."""
    payload = {"text": clip(text, MESSAGE_TEXT) or " "}
    if blocks is not None:
        payload["blocks"] = blocks
    return payload


def text_reply(text: str) -> dict:
    """A short reply in one section, for outcomes and errors."""
    return message(text, [section(text)])
