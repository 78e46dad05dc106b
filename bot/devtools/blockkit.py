"""Block Kit limit checks, for the Slack stand-in and tests (the app never runs them).

`message_problems` and `view_problems` list every way a payload breaks Slack's Block Kit limits
(Slack would answer `invalid_blocks`), counting lengths as Slack does, in UTF-16 code units;
`too_long_in_all` says when a message's blocks carry more text in all than Slack takes
(`msg_blocks_too_long`). Each payload is also read by slack_sdk's own models
(`Block.parse(...).validate_json()`, `View(...).validate_json()`): a second opinion from code
nobody here wrote. Pure functions, no I/O. Reading blocks back as text is product code:
`bot.slack_text.render_text`.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.slack_text import maybe_json

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_MESSAGE_TEXT = 40_000
# What Slack takes in all across one message's blocks before `msg_blocks_too_long`: not
# documented; observed near 12,000-13,000 characters (slackapi/bolt-js#2509).
MAX_BLOCKS_TEXT = 12_000


def units(text: str) -> int:
    """Length as Slack counts it: UTF-16 code units (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def text_units(node: Any) -> int:
    """UTF-16 units of text in a block tree: every `text` string, at any depth."""
    if isinstance(node, list):
        return sum(text_units(item) for item in node)
    if not isinstance(node, dict):
        return 0
    own = units(node["text"]) if isinstance(node.get("text"), str) else 0
    return own + sum(text_units(v) for v in node.values() if isinstance(v, dict | list))

# fmt: off
BLOCK_TYPES = frozenset({
    "section", "header", "divider", "context", "actions", "image", "input", "rich_text", "file",
    "video",
})
ELEMENT_TYPES = frozenset({
    "button", "checkboxes", "datepicker", "datetimepicker", "email_text_input", "file_input",
    "image", "multi_static_select", "multi_external_select", "multi_users_select",
    "multi_conversations_select", "multi_channels_select", "number_input", "overflow",
    "plain_text_input", "radio_buttons", "rich_text_input", "static_select", "external_select",
    "users_select", "conversations_select", "channels_select", "timepicker", "url_text_input",
    "workflow_button",
})
SELECTS_WITH_OPTIONS = frozenset({"static_select", "multi_static_select"})
NOT_IN_ACTIONS = frozenset({
    "image", "plain_text_input", "email_text_input", "url_text_input", "number_input",
    "file_input", "rich_text_input",
})
NOT_IN_INPUT = frozenset({"button", "overflow", "image", "workflow_button"})
# fmt: on
TEXT_TYPES = ("plain_text", "mrkdwn")


class _Checker:
    """Collects problems for one message or view; action_id/block_id uniqueness spans it all."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.block_ids: set[str] = set()
        self.action_ids: set[str] = set()

    def add(self, path: str, problem: str) -> None:
        self.problems.append(f"{path}: {problem}")

    def string(self, value: Any, path: str, limit: int, *, required: bool = False) -> None:
        if value is None:
            if required:
                self.add(path, "required")
            return
        if not isinstance(value, str):
            self.add(path, "must be a string")
        elif units(value) > limit:
            self.add(path, f"{units(value)} > {limit} chars")

    def text(
        self, obj: Any, path: str, limit: int, *, plain_only: bool = False, required: bool = True
    ) -> None:
        if obj is None:
            if required:
                self.add(path, "required")
            return
        if not isinstance(obj, dict):
            self.add(path, "must be a text object")
            return
        kind = obj.get("type")
        if plain_only and kind != "plain_text":
            self.add(f"{path}.type", f"must be plain_text, not {kind!r}")
        elif kind not in TEXT_TYPES:
            self.add(f"{path}.type", f"must be plain_text or mrkdwn, not {kind!r}")
        value = obj.get("text")
        if not isinstance(value, str):
            self.add(f"{path}.text", "missing or not a string")
        elif not value:
            self.add(f"{path}.text", "empty")
        elif units(value) > limit:
            self.add(path, f"{units(value)} > {limit} chars")

    def items(
        self, value: Any, path: str, limit: int, *, minimum: int = 1, required: bool = True
    ) -> list:
        if value is None:
            if required:
                self.add(path, "required")
            return []
        if not isinstance(value, list):
            self.add(path, "must be a list")
            return []
        if len(value) > limit:
            self.add(path, f"{len(value)} > {limit} items")
        elif len(value) < minimum:
            self.add(path, f"{len(value)} < {minimum} items")
        return value

    def blocks(self, blocks: Any, path: str, limit: int) -> None:
        for i, block in enumerate(self.items(blocks, path, limit, minimum=0)):
            before = len(self.problems)
            self.block(block, f"{path}[{i}]")
            if len(self.problems) == before:  # a second opinion on what passed the first
                self.sdk_block(block, f"{path}[{i}]")

    def sdk_block(self, block: dict, path: str) -> None:
        """slack_sdk's reading of the block: it must parse, and pass its validators."""
        try:
            parsed = Block.parse(block)
            if parsed is None:
                self.add(path, "slack_sdk: not a block")
            else:
                parsed.validate_json()
        except (SlackObjectFormationError, TypeError, ValueError, KeyError, AttributeError) as exc:
            self.add(path, f"slack_sdk: {exc}")

    def block(self, block: Any, path: str) -> None:
        if not isinstance(block, dict):
            self.add(path, "must be an object")
            return
        kind = block.get("type")
        if kind not in BLOCK_TYPES:
            self.add(f"{path}.type", f"unknown block type {kind!r}")
            return
        block_id = block.get("block_id")
        self.string(block_id, f"{path}.block_id", 255)
        if isinstance(block_id, str):
            if block_id in self.block_ids:
                self.add(f"{path}.block_id", f"duplicate {block_id!r}")
            self.block_ids.add(block_id)
        getattr(self, f"_{kind}")(block, path)

    def _section(self, block: dict, path: str) -> None:
        if block.get("text") is None and block.get("fields") is None:
            self.add(path, "a section needs text or fields")
        self.text(block.get("text"), f"{path}.text", 3000, required=False)
        fields = self.items(block.get("fields"), f"{path}.fields", 10, required=False)
        for i, field in enumerate(fields):
            self.text(field, f"{path}.fields[{i}]", 2000)
        if block.get("accessory") is not None:
            self.element(block["accessory"], f"{path}.accessory")

    def _header(self, block: dict, path: str) -> None:
        self.text(block.get("text"), f"{path}.text", 150, plain_only=True)

    def _divider(self, block: dict, path: str) -> None:
        pass

    def _context(self, block: dict, path: str) -> None:
        for i, element in enumerate(self.items(block.get("elements"), f"{path}.elements", 10)):
            epath = f"{path}.elements[{i}]"
            if isinstance(element, dict) and element.get("type") == "image":
                self.element(element, epath)
            else:
                self.text(element, epath, 3000)

    def _actions(self, block: dict, path: str) -> None:
        for i, element in enumerate(self.items(block.get("elements"), f"{path}.elements", 25)):
            epath = f"{path}.elements[{i}]"
            if isinstance(element, dict) and element.get("type") in NOT_IN_ACTIONS:
                self.add(f"{epath}.type", f"{element['type']!r} not allowed in actions")
            self.element(element, epath)

    def _image(self, block: dict, path: str) -> None:
        self._image_source(block, path)
        self.text(block.get("title"), f"{path}.title", 2000, plain_only=True, required=False)

    def _input(self, block: dict, path: str) -> None:
        self.text(block.get("label"), f"{path}.label", 2000, plain_only=True)
        self.text(block.get("hint"), f"{path}.hint", 2000, plain_only=True, required=False)
        element = block.get("element")
        if element is None:
            self.add(f"{path}.element", "required")
            return
        if isinstance(element, dict) and element.get("type") in NOT_IN_INPUT:
            self.add(f"{path}.element.type", f"{element['type']!r} not allowed in input")
        self.element(element, f"{path}.element")

    def _rich_text(self, block: dict, path: str) -> None:
        self.items(block.get("elements"), f"{path}.elements", 10_000, minimum=0)

    def _file(self, block: dict, path: str) -> None:
        self.string(block.get("external_id"), f"{path}.external_id", 255, required=True)

    def _video(self, block: dict, path: str) -> None:
        self.string(block.get("alt_text"), f"{path}.alt_text", 2000, required=True)
        self.text(block.get("title"), f"{path}.title", 200, plain_only=True)
        self.string(block.get("video_url"), f"{path}.video_url", 3000, required=True)
        self.string(block.get("thumbnail_url"), f"{path}.thumbnail_url", 3000, required=True)

    def _image_source(self, obj: dict, path: str) -> None:
        if obj.get("image_url") is None and obj.get("slack_file") is None:
            self.add(path, "needs image_url or slack_file")
        self.string(obj.get("image_url"), f"{path}.image_url", 3000)
        self.string(obj.get("alt_text"), f"{path}.alt_text", 2000, required=True)

    def element(self, element: Any, path: str) -> None:
        if not isinstance(element, dict):
            self.add(path, "must be an object")
            return
        kind = element.get("type")
        if kind not in ELEMENT_TYPES:
            self.add(f"{path}.type", f"unknown element type {kind!r}")
            return
        if kind == "image":
            self._image_source(element, path)
            return
        action_id = element.get("action_id")
        self.string(action_id, f"{path}.action_id", 255)
        if isinstance(action_id, str):
            if action_id in self.action_ids:
                self.add(f"{path}.action_id", f"duplicate {action_id!r}")
            self.action_ids.add(action_id)
        self.text(
            element.get("placeholder"), f"{path}.placeholder", 150, plain_only=True, required=False
        )
        if element.get("confirm") is not None:
            self.confirm(element["confirm"], f"{path}.confirm")
        if kind in ("button", "workflow_button"):
            self.text(element.get("text"), f"{path}.text", 75, plain_only=True)
            self.string(element.get("accessibility_label"), f"{path}.accessibility_label", 75)
            if element.get("style") not in (None, "primary", "danger"):
                self.add(f"{path}.style", "must be primary or danger")
        if kind == "button":
            self.string(element.get("value"), f"{path}.value", 2000)
            self.string(element.get("url"), f"{path}.url", 3000)
        elif kind in SELECTS_WITH_OPTIONS:
            self._select_options(element, path)
        elif kind == "overflow":
            for i, option in enumerate(self.items(element.get("options"), f"{path}.options", 5)):
                self.option(option, f"{path}.options[{i}]", plain_only=True)
        elif kind in ("checkboxes", "radio_buttons"):
            for i, option in enumerate(self.items(element.get("options"), f"{path}.options", 10)):
                self.option(option, f"{path}.options[{i}]", plain_only=False)

    def _select_options(self, element: dict, path: str) -> None:
        options, groups = element.get("options"), element.get("option_groups")
        if (options is None) == (groups is None):
            self.add(path, "needs exactly one of options or option_groups")
        for i, option in enumerate(self.items(options, f"{path}.options", 100, required=False)):
            self.option(option, f"{path}.options[{i}]", plain_only=True)
        for g, group in enumerate(self.items(groups, f"{path}.option_groups", 100, required=False)):
            gpath = f"{path}.option_groups[{g}]"
            if not isinstance(group, dict):
                self.add(gpath, "must be an object")
                continue
            self.text(group.get("label"), f"{gpath}.label", 75, plain_only=True)
            for i, option in enumerate(self.items(group.get("options"), f"{gpath}.options", 100)):
                self.option(option, f"{gpath}.options[{i}]", plain_only=True)

    def option(self, option: Any, path: str, *, plain_only: bool) -> None:
        if not isinstance(option, dict):
            self.add(path, "must be an object")
            return
        self.text(option.get("text"), f"{path}.text", 75, plain_only=plain_only)
        self.string(option.get("value"), f"{path}.value", 150, required=True)
        self.text(option.get("description"), f"{path}.description", 75, required=False)
        self.string(option.get("url"), f"{path}.url", 3000)

    def confirm(self, confirm: Any, path: str) -> None:
        if not isinstance(confirm, dict):
            self.add(path, "must be an object")
            return
        self.text(confirm.get("title"), f"{path}.title", 100, plain_only=True)
        self.text(confirm.get("text"), f"{path}.text", 300)
        self.text(confirm.get("confirm"), f"{path}.confirm", 30, plain_only=True)
        self.text(confirm.get("deny"), f"{path}.deny", 30, plain_only=True)
        if confirm.get("style") not in (None, "primary", "danger"):
            self.add(f"{path}.style", "must be primary or danger")


def message_problems(payload: dict) -> list[str]:
    """Every Block Kit limit a message payload breaks, as `path: problem` strings ([] = fine).

    Works for chat.postMessage / postEphemeral / update arguments and response_url bodies.
    """
    check = _Checker()
    text = payload.get("text")
    if text is not None:
        check.string(text, "text", MAX_MESSAGE_TEXT)
    blocks = maybe_json(payload.get("blocks"))
    if blocks is not None:
        check.blocks(blocks, "blocks", MAX_MESSAGE_BLOCKS)
    attachments = maybe_json(payload.get("attachments"))
    if isinstance(attachments, list):
        for i, attachment in enumerate(attachments):
            if isinstance(attachment, dict) and attachment.get("blocks") is not None:
                check.blocks(attachment["blocks"], f"attachments[{i}].blocks", MAX_MESSAGE_BLOCKS)
    return check.problems


def too_long_in_all(payload: dict) -> int | None:
    """The UTF-16 units of text a message's blocks carry in all, when over what Slack takes
    (`msg_blocks_too_long`); None when it fits."""
    blocks = maybe_json(payload.get("blocks"))
    total = text_units(blocks) if isinstance(blocks, list) else 0
    return total if total > MAX_BLOCKS_TEXT else None


def view_problems(view: dict) -> list[str]:
    """Every limit a Home tab or modal view breaks, as `path: problem` strings ([] = fine)."""
    check = _Checker()
    view = maybe_json(view)
    if not isinstance(view, dict):
        return ["view: must be an object"]
    kind = view.get("type")
    if kind not in ("home", "modal"):
        check.add("type", f"must be home or modal, not {kind!r}")
    check.blocks(view.get("blocks"), "blocks", MAX_VIEW_BLOCKS)
    check.string(view.get("callback_id"), "callback_id", 255)
    check.string(view.get("private_metadata"), "private_metadata", 3000)
    check.string(view.get("external_id"), "external_id", 255)
    if kind == "modal":
        check.text(view.get("title"), "title", 24, plain_only=True)
        check.text(view.get("submit"), "submit", 24, plain_only=True, required=False)
        check.text(view.get("close"), "close", 24, plain_only=True, required=False)
        blocks = view.get("blocks")
        has_input = isinstance(blocks, list) and any(
            isinstance(b, dict) and b.get("type") == "input" for b in blocks
        )
        if has_input and view.get("submit") is None:
            check.add("submit", "required when the modal has input blocks")
    if not check.problems:
        try:
            View(**view).validate_json()
        except (SlackObjectFormationError, TypeError, ValueError, KeyError) as exc:
            check.add("view", f"slack_sdk: {exc}")
    return check.problems
