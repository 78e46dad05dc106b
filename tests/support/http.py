"""Signed requests to a served app, the way Slack sends them."""

from __future__ import annotations

import time
import urllib.error
import urllib.request

from bot.devtools.local import command_body, signed_headers
from tests.support.paths import SECRET


def post(base: str, body: str, headers: dict | None = None, secret: str = SECRET):
    data = body.encode()
    request = urllib.request.Request(f"{base}/slack/events", data=data, method="POST",
                                     headers=headers or signed_headers(secret, body))  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def command(base, slack, text, user="U1"):
    """`/summit text` from `user`: (HTTP status, seconds to the ack, the replies)."""
    url = slack.new_response_url(user=user)
    started = time.monotonic()
    status, _ = post(base, command_body(user, text, url))
    acked = time.monotonic() - started
    url_id = url.rsplit("/", 1)[-1]
    replies = slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=3)
    return status, acked, replies
