"""Slack's HTTP requests handed to Bolt with their form read right.

Bolt's own form parser (`slack_bolt.request.internals.parse_body`) returns an empty body for
any url-encoded request whose raw text contains `payload` without a `payload` field, so a
slash command typed as `/summit note the payload was 4 KB`, or in a channel named
`#payload-infra`, matched no listener and got a 404. Here the form is parsed with
`urllib.parse.parse_qsl`: a `payload` field is interactivity (its JSON), anything else is a
slash command's fields. Bolt still checks the signature against the raw body."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from urllib.parse import parse_qsl

from slack_bolt import BoltContext, BoltRequest
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_bolt.adapter.wsgi.http_request import WsgiHttpRequest
from slack_bolt.request.internals import build_context
from slack_bolt.response import BoltResponse


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
    """Bolt's WSGI adapter, dispatching requests built by `bolt_request`."""

    def dispatch(self, request: WsgiHttpRequest) -> BoltResponse:
        return self.app.dispatch(bolt_request(request.get_body(), request.query_string,
                                              request.get_headers()))  # fmt: skip
