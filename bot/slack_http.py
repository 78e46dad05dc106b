"""Slack's HTTP requests handed to Bolt with their form read right.

Bolt's own form parser (`slack_bolt.request.internals.parse_body`) returns an empty body for
any url-encoded request whose raw text contains `payload` without a `payload` field, so a
slash command typed as `/summit note the payload was 4 KB`, or in a channel named
`#payload-infra`, matched no listener and got a 404. Here the form is parsed with
`urllib.parse.parse_qsl`: a `payload` field is interactivity (its JSON), anything else is a
slash command's fields. Bolt still checks the signature against the raw body."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from urllib.parse import parse_qsl

from slack_bolt import App, BoltContext, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier


def form_body(raw: str) -> dict:
    """A url-encoded body as Bolt means it: the JSON of its `payload` field when it has one
    (interactivity), else its fields (a slash command)."""
    fields = dict(parse_qsl(raw, keep_blank_values=True))
    if "payload" in fields:
        return json.loads(fields["payload"])
    return fields


def bolt_request(raw: str, query: str | None = None,
                 headers: Mapping[str, str | Sequence[str]] | None = None,
                 ) -> BoltRequest:  # fmt: skip
    """A BoltRequest in HTTP mode (raw body kept for the signature check) whose parsed body
    does not depend on where the word `payload` appears."""
    request = BoltRequest(body=raw, query=query, headers=dict(headers or {}))
    if raw and request.content_type != "application/json" and not raw.startswith("{"):
        request.body = form_body(raw)
        request.context = build_context(BoltContext({}), request.body)
    return request


class FormSafeRequestHandler(SlackRequestHandler):
    """Bolt's WSGI adapter, dispatching requests built by `bolt_request`.

    `answer_now(body)` may give a signed request's answer without dispatching it: while the
    bot can't reach Slack, a slash command's only way back to the user is the HTTP response
    to Slack's own request."""

    def __init__(self, app: App, path: str, signing_secret: str = "",
                 answer_now: Callable[[dict], dict | None] | None = None) -> None:  # fmt: skip
        super().__init__(app, path)
        self.verifier = SignatureVerifier(signing_secret)
        self.answer_now = answer_now

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        bolt = bolt_request(request.get_body(), request.query_string, request.get_headers())
        if self.answer_now is not None:
            answer = self.answer_now(bolt.body)
            if answer is not None and self._signed(bolt):
                return BoltResponse(status=200, body=answer)
        return self.app.dispatch(bolt)

    def _signed(self, request: BoltRequest) -> bool:
        return self.verifier.is_valid(
            request.raw_body,
            request.headers.get("x-slack-request-timestamp", ["0"])[0],
            request.headers.get("x-slack-signature", [""])[0],
        )
