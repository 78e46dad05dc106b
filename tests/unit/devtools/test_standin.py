"""The Slack stand-in (bot.devtools.standin), driven through the real slack_sdk clients."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.devtools.standin import SlackStandIn

TOKEN = "xoxb-test"


@pytest.fixture
def standin():
    with SlackStandIn(TOKEN) as server:
        yield server


@pytest.fixture
def client(standin):
    return WebClient(token=TOKEN, base_url=standin.api_url)


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def test_post_message_is_recorded_and_rendered(client, standin):
    seen = []
    standin.on_message = seen.append
    blocks = [{"type": "header", "text": {"type": "plain_text", "text": "Keynote"}},
              section("Starts <!date^1683181200^{time}|10:00> in Hall A &amp; B")]  # fmt: skip
    response = client.chat_postMessage(channel="C1", text="Keynote", blocks=blocks)
    assert response["ok"] and response["channel"] == "C1" and response["ts"]
    [message] = standin.messages
    assert (message.kind, message.channel, message.ts) == ("post", "C1", response["ts"])
    assert message.blocks == blocks
    assert message.render() == "== Keynote ==\nStarts 10:00 in Hall A & B"
    assert seen == [message]
    assert [call.method for call in standin.calls] == ["chat.postMessage"]


def test_dm_by_user_id_and_helpers(client, standin):
    client.chat_postMessage(channel="U42", text="your agenda")
    client.chat_postEphemeral(channel="C1", user="U42", text="only you")
    [dm] = standin.wait_for(lambda m: m.kind == "dm", timeout=1)
    assert (dm.channel, dm.user) == ("DU42", "U42")
    assert [m.kind for m in standin.messages_for("U42")] == ["dm", "ephemeral"]
    assert standin.wait_for(lambda m: m.kind == "home", timeout=0.05) == []
    standin.clear()
    assert standin.messages == [] and standin.calls == []


def test_update_users_info_and_conversations(client, standin):
    posted = client.chat_postMessage(channel="C1", text="v1")
    client.chat_update(channel="C1", ts=posted["ts"], text="v2")
    assert [m.kind for m in standin.messages] == ["post", "update"]
    with pytest.raises(SlackApiError) as err:
        client.chat_update(channel="C1", ts="1.000000", text="v3")
    assert err.value.response["error"] == "message_not_found"
    user = client.users_info(user="U7", include_locale=True)["user"]
    assert user["tz"] == "Asia/Seoul" and user["locale"] == "ko-KR"
    assert client.conversations_open(users="U7")["channel"]["id"] == "DU7"
    assert client.conversations_info(channel="C9")["ok"]
    standin.missing_channels.add("C9")
    with pytest.raises(SlackApiError) as err:
        client.conversations_info(channel="C9")
    assert err.value.response["error"] == "channel_not_found"


def test_users_given_to_the_constructor():
    users = {"U1": {"real_name": "Kim Minji", "locale": "en-US", "display_name": "minji"}}
    with SlackStandIn(TOKEN, users=users) as standin:
        user = WebClient(token=TOKEN, base_url=standin.api_url).users_info(user="U1")["user"]
    assert (user["real_name"], user["locale"]) == ("Kim Minji", "en-US")
    assert user["profile"]["display_name"] == "minji"


def test_wrong_or_missing_token(standin):
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xoxb-wrong", base_url=standin.api_url).auth_test()
    assert err.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as err:
        WebClient(base_url=standin.api_url).chat_postMessage(channel="C1", text="x")
    assert err.value.response["error"] == "not_authed"
    assert standin.messages == []


def test_apps_connections_open_takes_only_the_app_level_token(standin):
    app_client = WebClient(base_url=standin.api_url)
    with pytest.raises(SlackApiError) as err:
        app_client.apps_connections_open(app_token="xapp-standin")
    assert err.value.response["error"] == "socket_url_not_set"
    standin.socket_url = "ws://127.0.0.1:1/link"
    assert app_client.apps_connections_open(app_token="xapp-standin")["url"] == standin.socket_url
    with pytest.raises(SlackApiError) as err:
        app_client.apps_connections_open(app_token="xapp-wrong")
    assert err.value.response["error"] == "invalid_auth"
    with pytest.raises(SlackApiError) as err:
        app_client.apps_connections_open(app_token=TOKEN)
    assert err.value.response["error"] == "not_allowed_token_type"
    with pytest.raises(SlackApiError) as err:
        WebClient(token="xapp-standin", base_url=standin.api_url).auth_test()
    assert err.value.response["error"] == "not_allowed_token_type"


def test_auth_test(client):
    response = client.auth_test()
    assert (response["user_id"], response["team_id"], response["bot_id"]) == ("UBOT", "T1", "B1")


def test_51_blocks_are_rejected(client, standin):
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[{"type": "divider"}] * 51)
    assert err.value.response["error"] == "invalid_blocks"
    assert err.value.response["errors"] == ["blocks: 51 > 50 items"]
    assert standin.messages == []
    assert standin.rejected[0].method == "chat.postMessage"


def test_long_section_is_rejected(client, standin):
    with pytest.raises(SlackApiError) as err:
        client.chat_postEphemeral(channel="C1", user="U1", text="x", blocks=[section("y" * 3001)])
    assert err.value.response["error"] == "invalid_blocks"
    assert standin.rejected[0].errors == ["blocks[0].text: 3001 > 3000 chars"]
    assert standin.messages == []


def test_json_bodies_work_too(standin):
    client = WebClient(token=TOKEN, base_url=standin.api_url)
    response = client.api_call("chat.postMessage", json={"channel": "C1", "blocks": [section("j")]})
    assert response["ok"]
    assert standin.messages[0].blocks == [section("j")]


def test_bad_json_body_is_a_400(standin):
    request = urllib.request.Request(
        standin.api_url + "chat.postMessage", data=b"{nope", method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"},
    )  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=5)
    assert err.value.code == 400


def test_unknown_method(client):
    with pytest.raises(SlackApiError) as err:
        client.api_call("chat.nope")
    assert err.value.response["error"] == "unknown_method"


def test_workspace_rate_limit_answers_429_with_retry_after():
    # 60/min: a burst of 3, then one per second.
    with SlackStandIn(TOKEN, workspace_per_min=60) as standin:
        client = WebClient(token=TOKEN, base_url=standin.api_url)
        for i in range(3):
            client.chat_postMessage(channel=f"C{i}", text="ok")
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C9", text="too many")
    assert err.value.response.status_code == 429
    assert err.value.response["error"] == "ratelimited"
    assert int(err.value.response.headers["Retry-After"]) >= 1
    assert standin.rate_limited == 1
    assert len(standin.messages) == 3


def test_channel_rate_limit_is_per_channel():
    with SlackStandIn(TOKEN, channel_per_sec=1) as standin:
        client = WebClient(token=TOKEN, base_url=standin.api_url)
        for _ in range(3):
            client.chat_postMessage(channel="C1", text="burst")
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text="one too many")
        client.chat_postMessage(channel="C2", text="another channel is fine")
    assert err.value.response.status_code == 429
    assert standin.rate_limited == 1


def test_fail_next_with_a_500(client, standin):
    standin.fail_next("chat.postMessage", status=500)
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 500
    assert client.chat_postMessage(channel="C1", text="x")["ok"]
    assert len(standin.messages) == 1


def test_fail_next_with_an_error(client, standin):
    standin.fail_next("chat.postMessage", error="channel_not_found", times=2)
    for _ in range(2):
        with pytest.raises(SlackApiError) as err:
            client.chat_postMessage(channel="C1", text="x")
        assert err.value.response.status_code == 200
        assert err.value.response["error"] == "channel_not_found"
    assert client.chat_postMessage(channel="C1", text="x")["ok"]


def test_files_upload_v2_into_a_dm(client, standin):
    dm = client.conversations_open(users="U5")["channel"]["id"]
    response = client.files_upload_v2(
        channel=dm, content="BEGIN:VCALENDAR\n", filename="agenda.ics", title="My agenda",
        initial_comment="Your agenda",
    )  # fmt: skip
    assert response["file"]["name"] == "agenda.ics"
    [delivered] = standin.messages_for("U5")
    assert (delivered.kind, delivered.channel, delivered.user) == ("file", "DU5", "U5")
    assert (delivered.filename, delivered.content) == ("agenda.ics", b"BEGIN:VCALENDAR\n")
    assert delivered.text == "Your agenda"
    methods = [call.method for call in standin.calls]
    assert methods == [
        "conversations.open", "files.getUploadURLExternal", "upload",
        "files.completeUploadExternal",
    ]  # fmt: skip


def test_files_upload_v2_to_a_user_id_is_an_invalid_channel(client, standin):
    with pytest.raises(SlackApiError) as err:
        client.files_upload_v2(channel="U5", content="x", filename="a.txt")
    assert err.value.response["error"] == "invalid_channel"
    assert standin.messages == []


def test_response_url_allows_five_posts(standin):
    url = standin.new_response_url(channel="C1", user="U1")
    webhook = WebhookClient(url)
    for i in range(5):
        assert webhook.send(text=f"reply {i}").status_code == 200
    sixth = webhook.send(text="reply 6")
    assert sixth.status_code == 404
    assert json.loads(sixth.body)["error"] == "used_url"
    replies = standin.messages_for("U1")
    assert [m.kind for m in replies] == ["response"] * 5
    assert replies[0].meta["response_type"] == "ephemeral"


def test_response_url_checks_blocks(standin):
    webhook = WebhookClient(standin.new_response_url())
    response = webhook.send(text="x", blocks=[{"type": "divider"}] * 51)
    assert response.status_code == 400
    assert json.loads(response.body)["error"] == "invalid_blocks"
    assert standin.messages == [] and len(standin.rejected) == 1


def test_views_publish(client, standin):
    view = {"type": "home", "blocks": [section("Welcome")]}
    assert client.views_publish(user_id="U1", view=view)["ok"]
    [home] = standin.messages
    assert (home.kind, home.user, home.render()) == ("home", "U1", "Welcome")


def test_views_publish_over_100_blocks_is_rejected(client, standin):
    view = {"type": "home", "blocks": [{"type": "divider"}] * 101}
    with pytest.raises(SlackApiError) as err:
        client.views_publish(user_id="U1", view=view)
    assert err.value.response["error"] == "invalid_arguments"
    assert standin.rejected[0].errors == ["blocks: 101 > 100 items"]
    assert standin.messages == []


def test_delay_slows_every_answer(client, standin):
    standin.delay = 0.05
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started >= 0.05
