"""The stand-in refuses what Slack refuses: blocks over their limits counted in UTF-16 units,
and a message whose blocks carry more than ~12,000 characters of text in all."""

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.standin import SlackStandIn

TOKEN = "xoxb-test"


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.fixture
def client():
    with SlackStandIn(TOKEN) as standin:
        yield WebClient(token=TOKEN, base_url=standin.api_url), standin


def test_too_much_text_in_all_is_msg_blocks_too_long(client):
    web, standin = client
    with pytest.raises(SlackApiError) as caught:
        web.chat_postMessage(channel="C1", text="x", blocks=[section("x" * 2500)] * 5)
    assert caught.value.response["error"] == "msg_blocks_too_long"
    assert standin.rejected[-1].errors == ["blocks: 12500 > 12000 chars in all"]
    assert web.chat_postMessage(channel="C1", text="x", blocks=[section("x" * 2400)] * 5)["ok"]


def test_emoji_count_twice_against_a_blocks_limit(client):
    web, standin = client
    with pytest.raises(SlackApiError) as caught:
        web.chat_postMessage(channel="C1", text="x", blocks=[section("🎉" * 1501)])
    assert caught.value.response["error"] == "invalid_blocks"
    assert standin.rejected[-1].errors == ["blocks[0].text: 3002 > 3000 chars"]
    assert web.chat_postMessage(channel="C1", text="x", blocks=[section("🎉" * 1500)])["ok"]
