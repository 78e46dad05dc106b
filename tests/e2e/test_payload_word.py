"""The word `payload` anywhere in a slash command (text, channel, user or team name) must not
stop it reaching `/summit`: real signed requests through the served app. Bolt's own form
parser drops such bodies (slack_bolt.request.internals.parse_body, 1.30)."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

import pytest

from bot.devtools.local import action_body, command_body
from bot.slack_http import bolt_request, form_body
from bot.views import ids
from tests.support.http import post


def slash(user: str, text: str, url: str, **fields: str) -> str:
    body = dict(parse_qsl(command_body(user, text, url), keep_blank_values=True))
    return urlencode({**body, **fields})


def reply_to(slack, url: str) -> str:
    url_id = url.rsplit("/", 1)[-1]
    [reply] = slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=3)
    return reply.render()


@pytest.mark.parametrize(
    ("text", "fields", "expected"),
    [
        ("note the payload was 4 KB", {}, None),
        ("schedule day2 graviton", {"channel_name": "payload-infra"}, "AWS Graviton"),
        ("schedule day2 graviton", {"user_name": "payload.kim"}, "AWS Graviton"),
        ("schedule day2 graviton", {"team_domain": "payloadco"}, "AWS Graviton"),
        ("schedule payload=", {}, None),
    ],
)
def test_commands_mentioning_payload_reach_the_listener(served, slack, text, fields, expected):
    url = slack.new_response_url(user="U_PAY")
    status, _ = post(served, slash("U_PAY", text, url, **fields))
    assert status == 200
    shown = reply_to(slack, url)
    assert "something went wrong" not in shown.lower()
    if expected:
        assert expected in shown
    assert slack.rejected == []


def test_the_note_with_payload_in_it_is_kept(served, slack, runtime):
    url = slack.new_response_url(user="U_NOTE")
    assert post(served, slash("U_NOTE", "note d2-1520-a202 the payload was 4 KB", url))[0] == 200
    reply_to(slack, url)
    notes = runtime.summit.store.user_notes("U_NOTE")
    assert [n["text"] for n in notes] == ["the payload was 4 KB"]


def test_buttons_still_work(served, slack):
    url = slack.new_response_url(user="U_BTN")
    value = "d2-1520-a202"
    body = action_body("U_BTN", ids.for_session(ids.REGISTER, value), value, url)
    assert post(served, body)[0] == 200
    assert "registered for" in reply_to(slack, url)


def test_a_forged_signature_is_still_refused(served, slack):
    body = slash("U1", "note the payload was 4 KB", slack.new_response_url(),
                 channel_name="payload-infra")  # fmt: skip
    assert post(served, body, secret="not-the-secret")[0] == 401


def test_form_body_reads_interactivity_and_commands():
    assert form_body("payload=%7B%22type%22%3A%22block_actions%22%7D") == {"type": "block_actions"}
    assert form_body("text=the+payload&command=%2Fsummit") == {"text": "the payload",
                                                               "command": "/summit"}  # fmt: skip
    form = {"content-type": "application/x-www-form-urlencoded"}
    request = bolt_request("text=payload&team_id=T1", headers=form)
    assert request.raw_body == "text=payload&team_id=T1"
    assert request.body["text"] == "payload" and request.context.team_id == "T1"


def test_the_console_path_reads_payload_too(local):
    [reply] = local.command("U_LOCAL", "schedule day2 graviton payload")
    assert "graviton payload" in reply.render()
