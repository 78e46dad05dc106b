"""The stand-in's strict limiter (the cap over every rolling second) and latency injection."""

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from bot.devtools.standin import SlackStandIn

TOKEN = "xoxb-standin"


def test_strict_mode_allows_cap_over_60_in_any_second_and_no_more():
    with SlackStandIn(TOKEN, workspace_per_min=600, strict=True) as standin:
        client = WebClient(token=TOKEN, base_url=standin.api_url)
        for i in range(10):
            client.chat_postMessage(channel=f"D{i}", text="ok")
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="D99", text="the eleventh in one second")
    assert err.value.response.status_code == 429
    assert int(err.value.response.headers["Retry-After"]) >= 1
    assert standin.rate_limited == 1 and len(standin.messages) == 10


def test_latency_is_added_to_each_call_up_to_its_bound():
    with SlackStandIn(TOKEN, latency=0.03) as standin:
        client = WebClient(token=TOKEN, base_url=standin.api_url)
        began = time.monotonic()
        for i in range(5):
            client.chat_postMessage(channel=f"D{i}", text="ok")
        took = time.monotonic() - began
    assert len(standin.messages) == 5
    assert 0.0 < took < 5 * 0.03 + 1.0
