"""`start_serving` in HTTP mode: what `summit-bot serve` runs without SLACK_APP_TOKEN."""

from __future__ import annotations

import json
import urllib.request

from bot.devtools.local import command_body, signed_headers
from bot.server import start_serving


def test_http_mode_serves_slash_commands_and_healthz(settings, slack):
    served = start_serving(settings.with_(api_url=slack.api_url, port=0), host="127.0.0.1")
    try:
        base = f"http://127.0.0.1:{served.port}"
        url = slack.new_response_url(user="U1")
        body = command_body("U1", "show d2-1520-a202", url)
        headers = signed_headers(settings.signing_secret, body)
        request = urllib.request.Request(f"{base}/slack/events", data=body.encode(),
                                         headers=headers)  # fmt: skip
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
        url_id = url.rsplit("/", 1)[-1]
        [reply] = slack.wait_for(lambda m: m.meta.get("url_id") == url_id, timeout=3)
        assert "Cloud-native microservice architecture through 12 design patterns" in reply.render()
        with urllib.request.urlopen(f"{base}/healthz", timeout=5) as response:
            health = json.loads(response.read())
        assert (health["ok"], health["mode"], health["slack"]) == (True, "http", "ok")
        assert [c.method for c in slack.calls][:1] == ["auth.test"]
    finally:
        served.stop()
    assert not served.runtime.scheduler.running
