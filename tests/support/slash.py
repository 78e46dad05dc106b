"""Slash commands as Slack sends them: a signed form POST to the served app, and the reply
that comes back on its response_url (on the stand-in)."""

from __future__ import annotations

import urllib.error
import urllib.request
from urllib.parse import parse_qsl, urlencode

from bot.devtools.local import command_body, signed_headers

SECRET = "test-signing-secret"  # tests/conftest.py's


def slash(user: str, text: str, url: str, **fields: str) -> str:
    """A `/summit <text>` form body with any of Slack's fields replaced."""
    body = dict(parse_qsl(command_body(user, text, url), keep_blank_values=True))
    return urlencode({**body, **fields})


def post(base: str, body: str, secret: str = SECRET) -> tuple[int, bytes]:
    request = urllib.request.Request(f"{base}/slack/events", data=body.encode(), method="POST",
                                     headers=signed_headers(secret, body))  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def replies_to(slack, url: str, timeout: float = 3.0) -> list:
    url_id = url.rsplit("/", 1)[-1]
    return slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=timeout)
