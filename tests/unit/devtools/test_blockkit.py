"""Block Kit limit checks and terminal rendering (bot.devtools.blockkit, bot.slack_text)."""

from __future__ import annotations

import json

import pytest

from bot.devtools.blockkit import message_problems, view_problems
from bot.slack_text import decode_mrkdwn, render_text


def plain(text: str) -> dict:
    return {"type": "plain_text", "text": text}


def mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def section(text: str = "hi", **extra) -> dict:
    return {"type": "section", "text": mrkdwn(text), **extra}


def button(label: str = "Go", action_id: str = "go", **extra) -> dict:
    return {"type": "button", "text": plain(label), "action_id": action_id, **extra}


def option(text: str = "A", value: str = "a") -> dict:
    return {"text": plain(text), "value": value}


def actions(*elements: dict) -> dict:
    return {"type": "actions", "elements": list(elements)}


def problems_for(*blocks: dict, **payload) -> list[str]:
    return message_problems({"text": "fallback", "blocks": list(blocks), **payload})


def one_problem(*blocks: dict, **payload) -> str:
    problems = problems_for(*blocks, **payload)
    assert len(problems) == 1, problems
    return problems[0]


VALID_MESSAGE = {
    "text": "AWS Summit Seoul: your agenda",
    "blocks": [
        {"type": "header", "text": plain("Day 1 — May 4")},
        section("*Keynote* <!date^1683181200^{time}|10:00>", block_id="s1"),
        {"type": "section", "fields": [mrkdwn("*Room*\nHall A"), mrkdwn("*Track*\nKeynote")]},
        section("Register?", accessory=button("Register", "register", value="S1")),
        {"type": "divider"},
        {"type": "context", "elements": [mrkdwn("Hall A"), {"type": "image",
                                         "image_url": "https://x/i.png", "alt_text": "map"}]},
        actions(
            button("Details", "details", value="S1", style="primary"),
            {"type": "static_select", "action_id": "day", "placeholder": plain("Day"),
             "options": [option("Day 1", "1"), option("Day 2", "2")]},
            {"type": "overflow", "action_id": "more", "options": [option("Share", "share")]},
            button("Cancel", "cancel", confirm={"title": plain("Sure?"), "text": mrkdwn("Drop?"),
                                                "confirm": plain("Yes"), "deny": plain("No")}),
        ),
    ],
}  # fmt: skip


def test_a_valid_message_has_no_problems():
    assert message_problems(VALID_MESSAGE) == []


def test_blocks_given_as_a_json_string_are_checked():
    assert message_problems({"blocks": json.dumps(VALID_MESSAGE["blocks"])}) == []
    assert message_problems({"blocks": json.dumps([{"type": "nope"}])}) != []


def test_message_block_count():
    assert problems_for(*[{"type": "divider"}] * 50) == []
    assert one_problem(*[{"type": "divider"}] * 51) == "blocks: 51 > 50 items"


def test_unknown_block_type():
    assert one_problem({"type": "table"}) == "blocks[0].type: unknown block type 'table'"


def test_block_id_length_and_uniqueness():
    assert one_problem(section(block_id="x" * 256)) == "blocks[0].block_id: 256 > 255 chars"
    assert one_problem(section(block_id="b"), section(block_id="b")) == (
        "blocks[1].block_id: duplicate 'b'"
    )


def test_section_text_limit():
    assert problems_for(section("x" * 3000)) == []
    assert one_problem({"type": "divider"}, section("x" * 3001)) == (
        "blocks[1].text: 3001 > 3000 chars"
    )


def test_section_fields_count_and_length():
    fields = [mrkdwn("f")] * 11
    assert one_problem({"type": "section", "fields": fields}) == "blocks[0].fields: 11 > 10 items"
    long_field = {"type": "section", "fields": [mrkdwn("f"), mrkdwn("y" * 2001)]}
    assert one_problem(long_field) == "blocks[0].fields[1]: 2001 > 2000 chars"


def test_section_needs_text_or_fields():
    assert one_problem({"type": "section"}) == "blocks[0]: a section needs text or fields"


def test_section_accessory_is_checked():
    block = section(accessory=button("x" * 76))
    assert one_problem(block) == "blocks[0].accessory.text: 76 > 75 chars"


def test_header_is_plain_text_up_to_150():
    assert one_problem({"type": "header", "text": plain("h" * 151)}) == (
        "blocks[0].text: 151 > 150 chars"
    )
    assert "must be plain_text" in one_problem({"type": "header", "text": mrkdwn("*h*")})


def test_context_elements():
    assert one_problem({"type": "context", "elements": [mrkdwn("c")] * 11}) == (
        "blocks[0].elements: 11 > 10 items"
    )
    assert one_problem({"type": "context", "elements": []}) == "blocks[0].elements: 0 < 1 items"


def test_actions_element_count():
    buttons = [button(action_id=f"b{i}") for i in range(26)]
    assert one_problem(actions(*buttons)) == "blocks[0].elements: 26 > 25 items"
    assert problems_for(actions(*buttons[:25])) == []


def test_button_limits():
    at = "blocks[0].elements[0]"
    cases = [
        (button("x" * 76), f"{at}.text: 76 > 75 chars"),
        (button(action_id="a" * 256), f"{at}.action_id: 256 > 255 chars"),
        (button(value="v" * 2001), f"{at}.value: 2001 > 2000 chars"),
        (button(url="h" * 3001), f"{at}.url: 3001 > 3000 chars"),
    ]
    for element, expected in cases:
        assert one_problem(actions(element)) == expected
    assert "must be plain_text" in one_problem(actions({**button(), "text": mrkdwn("*x*")}))


def test_action_id_unique_across_the_message():
    problem = one_problem(actions(button(action_id="a")), section(accessory=button(action_id="a")))
    assert problem == "blocks[1].accessory.action_id: duplicate 'a'"


def test_static_select_options():
    select = {
        "type": "static_select",
        "action_id": "s",
        "options": [option(value=str(i)) for i in range(101)],
    }
    assert one_problem(actions(select)) == "blocks[0].elements[0].options: 101 > 100 items"
    bad = {**select, "options": [option("t" * 76, "v" * 151)]}
    assert problems_for(actions(bad)) == [
        "blocks[0].elements[0].options[0].text: 76 > 75 chars",
        "blocks[0].elements[0].options[0].value: 151 > 150 chars",
    ]  # fmt: skip


def test_overflow_has_one_to_five_options():
    def overflow(n):
        return {"type": "overflow", "action_id": "o", "options": [option()] * n}

    assert problems_for(actions(overflow(5))) == []
    assert one_problem(actions(overflow(6))) == "blocks[0].elements[0].options: 6 > 5 items"
    assert one_problem(actions(overflow(0))) == "blocks[0].elements[0].options: 0 < 1 items"


def test_confirm_object_text_fields():
    confirm = {"title": plain("t" * 101), "text": mrkdwn("ok"), "confirm": plain("y" * 31),
               "deny": plain("No")}  # fmt: skip
    assert problems_for(actions(button(confirm=confirm))) == [
        "blocks[0].elements[0].confirm.title: 101 > 100 chars",
        "blocks[0].elements[0].confirm.confirm: 31 > 30 chars",
    ]


@pytest.mark.parametrize(
    ("text_object", "expected"),
    [
        ({"type": "markdown", "text": "x"}, "blocks[0].text.type: must be plain_text or mrkdwn"),
        ({"type": "mrkdwn", "text": ""}, "blocks[0].text.text: empty"),
        ({"type": "mrkdwn", "text": 5}, "blocks[0].text.text: missing or not a string"),
        ({"type": "mrkdwn"}, "blocks[0].text.text: missing or not a string"),
        ("just a string", "blocks[0].text: must be a text object"),
    ],
)
def test_text_objects(text_object, expected):
    assert one_problem({"type": "section", "text": text_object}).startswith(expected)


def test_top_level_text_limit():
    assert message_problems({"text": "x" * 40_000}) == []
    assert message_problems({"text": "x" * 40_001}) == ["text: 40001 > 40000 chars"]


def test_view_block_count_and_type():
    home = {"type": "home", "blocks": [{"type": "divider"}] * 100}
    assert view_problems(home) == []
    assert view_problems({**home, "blocks": home["blocks"] + [{"type": "divider"}]}) == [
        "blocks: 101 > 100 items"
    ]
    assert view_problems({"type": "message", "blocks": []}) == [
        "type: must be home or modal, not 'message'"
    ]


def test_modal_title_and_blocks_are_checked():
    modal = {"type": "modal", "title": plain("Notes"), "submit": plain("Save"), "blocks": [
        {"type": "input", "label": plain("Note"),
         "element": {"type": "plain_text_input", "action_id": "note", "multiline": True}},
    ]}  # fmt: skip
    assert view_problems(modal) == []
    assert view_problems({**modal, "title": plain("t" * 25)}) == ["title: 25 > 24 chars"]
    no_submit = {k: v for k, v in modal.items() if k != "submit"}
    assert view_problems(no_submit) == ["submit: required when the modal has input blocks"]
    with_long_header = {**modal, "blocks": [{"type": "header", "text": plain("h" * 151)}]}
    assert view_problems(with_long_header) == ["blocks[0].text: 151 > 150 chars"]


# --- rendering ----------------------------------------------------------------------------


def test_render_blocks_compactly():
    out = render_text(VALID_MESSAGE["blocks"], "ignored when there are blocks")
    lines = out.split("\n")
    assert lines[0] == "== Day 1 — May 4 =="
    assert lines[1] == "*Keynote* 10:00"
    assert "*Room*" in lines and "Hall A" in lines
    assert "Register?" in lines and "[Register]" in lines
    assert "─" * 10 in out
    assert lines[-1].startswith("[Details] [Day ▾] […] [Cancel]")
    assert "ignored" not in out
    assert not out.endswith("\n") and "\n\n" not in out


def test_render_context_joined_with_dots():
    block = {"type": "context", "elements": [mrkdwn("Hall A"), mrkdwn("Keynote"), plain("40 min")]}
    assert render_text([block], None) == "Hall A · Keynote · 40 min"


def test_render_actions_as_bracketed_buttons():
    assert render_text([actions(button("Register", "r"), button("Details", "d"))], None) == (
        "[Register] [Details]"
    )


def test_render_falls_back_to_text():
    assert render_text(None, "Hello &lt;world&gt;\n") == "Hello <world>"
    assert render_text([], "plain") == "plain"
    assert render_text(None, None) == ""


@pytest.mark.parametrize(
    ("mrkdwn_text", "shown"),
    [
        ("Q&amp;A &lt;b&gt;", "Q&A <b>"),
        ("&amp;lt;", "&lt;"),
        ("<!date^1683181200^{date_short_pretty} {time}|May 4 15:20>", "May 4 15:20"),
        ("<!date^1683181200^{date}^https://x.io|May 4>", "May 4"),
        ("hi <@U123>", "hi @U123"),
        ("<@U123|kim>", "@kim"),
        ("in <#C1|general>", "in #general"),
        ("<#C1>", "#C1"),
        ("<http://x|label>", "label (http://x)"),
        ("<https://x.io/a?b=1&amp;c=2>", "https://x.io/a?b=1&c=2"),
        ("<!channel> <!here>", "@channel @here"),
        ("<!subteam^S1|@speakers>", "@speakers"),
    ],
)
def test_decode_mrkdwn_entities(mrkdwn_text, shown):
    assert decode_mrkdwn(mrkdwn_text) == shown
    assert render_text([section(mrkdwn_text)], None) == shown


def test_plain_text_is_shown_verbatim():
    header = {"type": "header", "text": plain("Q&A <live>")}
    assert render_text([header], None) == "== Q&A <live> =="
