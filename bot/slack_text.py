"""Slack's formatted text read back as plain text: mrkdwn entities (`&amp;`, `<@U1>`,
`<!date^…|fallback>`, links) reversed, and Block Kit blocks flattened as a reader sees them.

Product code: notes decode what people typed, and the message shortcut keeps the text of a
message made only of blocks. Pure functions, no I/O.
"""

from __future__ import annotations

import json
import re
from typing import Any


def maybe_json(value: Any) -> Any:
    # Form-encoded API calls carry blocks as a JSON string.
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


_ENTITY = re.compile(r"<([^<>\n]*)>")
RULE = "─" * 40


def _entity(match: re.Match) -> str:
    inner = match.group(1)
    target, _, label = inner.partition("|")
    if target.startswith("@"):
        return "@" + (label or target[1:])
    if target.startswith("#"):
        return "#" + (label or target[1:])
    if target.startswith("!"):
        command = target[1:].split("^", 1)[0]
        if command in ("channel", "here", "everyone"):
            return "@" + command
        if command == "subteam":
            return label if label.startswith("@") else "@" + (label or target.split("^")[-1])
        if command == "date":
            return label or target.split("^")[-1]
        return label or "@" + command
    if label and label != target:
        return f"{label} ({target})"
    return target


def decode_mrkdwn(text: str) -> str:
    """Reverse Slack's mrkdwn entities for humans: links, mentions, dates, `&lt;` and friends."""
    text = _ENTITY.sub(_entity, text)
    # &amp; last, so an escaped "&amp;lt;" comes out as the literal "&lt;" the author wrote.
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _text(obj: Any) -> str:
    if isinstance(obj, str):
        return obj
    if not isinstance(obj, dict):
        return ""
    value = obj.get("text") if isinstance(obj.get("text"), str) else ""
    # Slack shows plain_text verbatim; only mrkdwn carries entities.
    return decode_mrkdwn(value) if obj.get("type") == "mrkdwn" else value


def _element(element: Any) -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    if kind in ("button", "workflow_button"):
        return f"[{_text(element.get('text'))}]"
    if kind == "overflow":
        return "[…]"
    if kind == "image":
        return f"[image: {element.get('alt_text', '')}]"
    if kind in ("checkboxes", "radio_buttons"):
        mark = "☐" if kind == "checkboxes" else "○"
        return "  ".join(
            f"{mark} {_text(o.get('text'))}"
            for o in element.get("options") or []
            if isinstance(o, dict)
        )
    initial = element.get("initial_option")
    if isinstance(initial, dict):
        return f"[{_text(initial.get('text'))} ▾]"
    for key in ("initial_date", "initial_time", "initial_value"):
        if element.get(key):
            return f"[{element[key]}]"
    placeholder = _text(element.get("placeholder"))
    suffix = " ▾" if "select" in str(kind) else ""
    return f"[{placeholder or kind}{suffix}]"


def _rich(element: Any) -> str:
    if not isinstance(element, dict):
        return ""
    kind = element.get("type")
    if kind == "text":
        return element.get("text", "")
    if kind == "link":
        url, label = element.get("url", ""), element.get("text")
        return f"{label} ({url})" if label else url
    if kind == "user":
        return f"@{element.get('user_id', '')}"
    if kind == "usergroup":
        return f"@{element.get('usergroup_id', '')}"
    if kind == "channel":
        return f"#{element.get('channel_id', '')}"
    if kind == "broadcast":
        return f"@{element.get('range', 'channel')}"
    if kind == "emoji":
        return f":{element.get('name', '')}:"
    if kind == "date":
        return element.get("fallback") or str(element.get("timestamp", ""))
    children = element.get("elements") or []
    if kind == "rich_text_list":
        ordered = element.get("style") == "ordered"
        return "\n".join(
            f"{f'{n}.' if ordered else '•'} {_rich(child)}" for n, child in enumerate(children, 1)
        )
    inner = "".join(_rich(child) for child in children)
    if kind == "rich_text_quote":
        return "\n".join(f"> {line}" for line in inner.split("\n"))
    return inner


def _block(block: Any) -> list[str]:
    if not isinstance(block, dict):
        return []
    kind = block.get("type")
    if kind == "header":
        return [f"== {_text(block.get('text'))} =="]
    if kind == "divider":
        return [RULE]
    if kind == "section":
        lines = [_text(block["text"])] if block.get("text") else []
        lines += [_text(field) for field in block.get("fields") or []]
        if block.get("accessory"):
            lines.append(_element(block["accessory"]))
        return lines
    if kind == "context":
        parts = [
            _text(e)
            for e in block.get("elements") or []
            if isinstance(e, dict) and e.get("type") != "image"
        ]
        return [" · ".join(p for p in parts if p)]
    if kind == "actions":
        return [" ".join(_element(e) for e in block.get("elements") or [])]
    if kind == "image":
        return [f"[image: {block.get('alt_text', '')}]"]
    if kind == "input":
        return [f"{_text(block.get('label'))}: {_element(block.get('element'))}"]
    if kind == "rich_text":
        return ["\n".join(_rich(e) for e in block.get("elements") or [])]
    if kind == "video":
        return [f"[video: {_text(block.get('title'))}]"]
    if kind == "file":
        return [f"[file: {block.get('external_id', '')}]"]
    return []


def render_text(blocks: list | None, text: str | None) -> str:
    """Block Kit as compact plain text for a terminal; `text` when there are no blocks."""
    blocks = maybe_json(blocks)
    if not blocks or not isinstance(blocks, list):
        return decode_mrkdwn(text or "").rstrip()
    lines: list[str] = []
    for block in blocks:
        lines.extend(_block(block))
    return "\n".join(line.rstrip() for line in "\n".join(lines).split("\n")).strip("\n")
