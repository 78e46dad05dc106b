"""End to end over HTTP: the served app, real signed requests, replies read from the fake
Slack Web API (the stand-in) that checks tokens and Block Kit limits."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from bot.devtools.local import action_body, command_body, signed_headers
from bot.views import ids
from tests.support.factories import HOSTILE_COMMANDS
from tests.support.http import command, post
from tests.support.markup import pings
from tests.support.paths import SECRET


def test_healthz(served):
    with urllib.request.urlopen(f"{served}/healthz", timeout=5) as response:
        body = json.loads(response.read())
    assert response.status == 200
    assert body["ok"] is True and body["db"] == "ok" and body["scheduler"] == "running"
    assert body["now"].startswith("2023-05-04T15:10:00+09:00")


def test_schedule_reply_arrives_within_three_seconds(served, slack):
    status, acked, replies = command(served, slack, "schedule day2 graviton")
    assert status == 200 and acked < 3
    assert len(replies) == 1
    shown = replies[0].render()
    assert "AWS Graviton" in shown and "[Register]" in shown
    assert slack.rejected == []


def test_register_by_button_then_my(served, slack):
    url = slack.new_response_url(user="U7")
    value = "d2-1520-a202"
    body = action_body("U7", ids.for_session(ids.REGISTER, value), value, url)
    assert post(served, body)[0] == 200
    reply = slack.wait_for(lambda m: m.meta.get("url_id") == url.rsplit("/", 1)[-1])
    assert "registered for" in reply[0].render()
    _, _, replies = command(served, slack, "my", user="U7")
    assert "12가지 디자인 패턴" in replies[0].render() or "12 design" in replies[0].render()


def test_forged_and_stale_requests_are_refused(served, slack):
    body = command_body("U1", "help", slack.new_response_url())
    assert post(served, body, secret="not-the-secret")[0] == 401
    stale = signed_headers(SECRET, body, timestamp=int(time.time()) - 301)
    assert post(served, body, headers=stale)[0] == 401
    unsigned = {"Content-Type": "application/x-www-form-urlencoded"}
    assert post(served, body, headers=unsigned)[0] == 401


@pytest.mark.parametrize("text", HOSTILE_COMMANDS)
def test_hostile_text_gets_a_helpful_reply(served, slack, text):
    status, _, replies = command(served, slack, text)
    assert status == 200
    assert len(replies) == 1, f"no reply to {text[:30]!r}"
    assert slack.rejected == []
    assert not pings({"text": replies[0].text, "blocks": replies[0].blocks})


@pytest.mark.parametrize(
    "body",
    ["payload=not-json", "payload=%7B%7D", "garbage", "payload=" + "%7B" * 10],
)
def test_malformed_bodies_get_4xx_not_500(served, body):
    status, _ = post(served, body)
    assert 200 <= status < 500


def test_oversized_and_wrong_method_requests(served):
    request = urllib.request.Request(f"{served}/slack/events", method="GET")
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 405
    big = "text=" + "x" * 1_100_000
    assert post(served, big)[0] == 400


def test_forty_concurrent_commands_all_answered(served, slack):
    with ThreadPoolExecutor(40) as pool:
        results = list(pool.map(lambda n: command(served, slack, "schedule day2", f"U{n}"),
                                range(40)))  # fmt: skip
    assert all(status == 200 for status, _, _ in results)
    assert all(acked < 3 for _, acked, _ in results)
    assert all(len(replies) == 1 for _, _, replies in results)
