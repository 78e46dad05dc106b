"""Slack redelivers an event it thinks went unanswered (`X-Slack-Retry-Num`): the DM answer
and the Home tab go out once, however many times the event arrives, in any process."""

from slack_bolt.request import BoltRequest

from bot.devtools.local import event_body, signed_headers
from tests.support.paths import SECRET

DM = {"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1", "text": "hi",
      "ts": "1683180000.000100"}  # fmt: skip
HOME = {"type": "app_home_opened", "user": "U2", "channel": "DU2", "tab": "home"}


def deliver(app, event: dict, event_id: str, retry: int | None = None) -> int:
    body = event_body(event, event_id)
    headers = signed_headers(SECRET, body, content_type="application/json")
    if retry is not None:
        headers = {**headers, "X-Slack-Retry-Num": str(retry),
                   "X-Slack-Retry-Reason": "http_timeout"}  # fmt: skip
    return app.dispatch(BoltRequest(body=body, headers=headers)).status


def test_a_redelivered_dm_and_home_opened_are_handled_once(local, slack, runtime):
    for retry in (None, 1, 2):
        assert deliver(runtime.app, DM, "EvDM1", retry) == 200
        assert deliver(runtime.app, HOME, "EvHOME1", retry) == 200
    runtime.app.listener_executor.shutdown(wait=True)  # every listener has finished
    assert len([m for m in slack.messages if m.kind == "dm" and m.user == "U1"]) == 1
    assert len([m for m in slack.messages if m.kind == "home" and m.user == "U2"]) == 1
    # The receipt is in the database, so another process would skip it too.
    assert runtime.summit.store.first_delivery("EvDM1") is False
    assert runtime.summit.store.first_delivery("EvDM2") is True
