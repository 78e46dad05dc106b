"""Making any text safe to show in Slack: escape mrkdwn, cut to Block Kit's limits."""

from __future__ import annotations

import re
from collections.abc import Callable

import regex

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


# One user-perceived character: an emoji with its skin tone or ZWJ family, a letter with its
# combining marks, a Hangul syllable spelled in jamo. `regex` knows Unicode's segmentation.
GRAPHEME = regex.compile(r"\X")


def slack_length(text: str) -> int:
    """Length as Slack counts it for limits: UTF-16 code units, so an emoji counts twice."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def clip(text: str, limit: int) -> str:
    """Cut to `limit` UTF-16 code units (as Slack counts), ending in "…", between whole
    graphemes (never inside an emoji, a surrogate pair or a letter's accents) and never
    inside an `&amp;`-style entity."""
    if slack_length(text) <= limit:
        return text
    room, used, end = limit - 1, 0, 0  # "…" is one unit
    for match in GRAPHEME.finditer(text):
        size = slack_length(match.group())
        if used + size > room:
            break
        used, end = used + size, match.end()
    cut = text[:end]
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
    """A message payload: `text` is the notification fallback, kept short. Blocks beyond
    Slack's per-message caps are trimmed from the tail (see `fit`), so no builder can post
    a message Slack refuses."""
    payload = {"text": clip(text, MESSAGE_TEXT) or " "}
    if blocks is not None:
        payload["blocks"] = fit(blocks)
    return payload


def text_reply(text: str) -> dict:
    """A short reply in one section, for outcomes and errors."""
    return message(text, [section(text)])


# -- long texts and long messages -----------------------------------------------------------

# Slack refuses a chat.postMessage whose blocks carry more than roughly 12,000-13,000
# characters of text in all (`msg_blocks_too_long`, undocumented; slackapi/bolt-js#2509), well
# below 50 blocks x 3,000. Messages that may grow without bound stay under this budget.
MESSAGE_BUDGET = 11_000
MESSAGE_BLOCKS = 50


def fit(blocks: list[dict], *, budget: int = MESSAGE_BUDGET, max_blocks: int = MESSAGE_BLOCKS,
        keep_tail: int = 0, more: Callable[[int], str] | None = None,
        counts: Callable[[dict], bool] | None = None) -> list[dict]:  # fmt: skip
    """`blocks` trimmed from the end until they fit `max_blocks` blocks and `budget`
    characters of text, with a closing "…and N more" line (`more(n)`; N counts the dropped
    blocks `counts` accepts, all of them by default). The last `keep_tail` blocks (a footer,
    a pager) always stay. Blocks that already fit come back unchanged."""
    if len(blocks) <= max_blocks and block_chars(blocks) <= budget:
        return blocks
    head, tail = (blocks[:-keep_tail], blocks[-keep_tail:]) if keep_tail else (blocks, [])
    counted = counts or (lambda _block: True)
    kept = list(head)
    while kept:
        dropped = head[len(kept):]
        n = sum(1 for b in dropped if counted(b)) or len(dropped)
        line = [context(more(n) if more else f"… +{n}")] if dropped else []
        candidate = kept + line + tail
        if len(candidate) <= max_blocks and block_chars(candidate) <= budget:
            return candidate
        kept.pop()
    return tail[-max_blocks:]


def split_text(text: str, limit: int = SECTION_TEXT) -> list[str]:
    """Cut escaped mrkdwn into pieces of at most `limit` (Slack-counted) characters that join
    back to `text`: at a line break or space near the end of a piece when there is one, never
    inside an `&amp;`-style entity."""
    pieces = []
    while slack_length(text) > limit:
        cut = limit
        while slack_length(text[:cut]) > limit:
            cut -= max(1, (slack_length(text[:cut]) - limit) // 2)
        floor = cut * 3 // 4
        for separator in ("\n", " "):
            at = text.rfind(separator, floor, cut)
            if at != -1:
                cut = at + 1
                break
        amp = text.rfind("&", max(0, cut - 5), cut)
        if amp > 0 and ";" not in text[amp:cut]:
            cut = amp
        pieces.append(text[:cut])
        text = text[cut:]
    pieces.append(text)
    return pieces


def text_sections(text: str, limit: int = SECTION_TEXT) -> list[dict]:
    """Escaped mrkdwn of any length as consecutive sections, none over `limit`."""
    return [section(piece) for piece in split_text(text, limit) if piece.strip()]


def block_chars(node) -> int:
    """Characters of text a block (or list of blocks) carries, as Slack counts them."""
    if isinstance(node, list):
        return sum(block_chars(item) for item in node)
    if not isinstance(node, dict):
        return 0
    own = slack_length(node["text"]) if isinstance(node.get("text"), str) else 0
    return own + sum(block_chars(v) for v in node.values() if isinstance(v, dict | list))


def pack(blocks: list[dict], *, max_blocks: int = MESSAGE_BLOCKS,
         budget: int = MESSAGE_BUDGET) -> list[list[dict]]:  # fmt: skip
    """Group blocks in order into messages of at most `max_blocks` blocks and `budget`
    characters of text; every block must fit alone."""
    messages: list[list[dict]] = [[]]
    used = 0
    for block in blocks:
        size = block_chars(block)
        if messages[-1] and (len(messages[-1]) >= max_blocks or used + size > budget):
            messages.append([])
            used = 0
        messages[-1].append(block)
        used += size
    return messages
