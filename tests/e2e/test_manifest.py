"""The Slack app manifests (HTTP and Socket Mode) ask for what the code uses: the slash
command, every event it listens to, every shortcut, and a scope for every Web API method it
calls. The code is scanned, so a new listener or client call without a manifest change fails
here, before it fails in a workspace."""

from __future__ import annotations

import re

import pytest
import yaml
from slack_sdk import WebClient

from bot.server import EVENTS_PATH
from tests.support.paths import ROOT

CODE = [ROOT / "bot", ROOT / "schedules"]
HTTP_URL = f"https://YOUR-HOST{EVENTS_PATH}"

# Bot scopes each Web API method needs (empty: none beyond the token itself). A method the
# code calls that is missing here fails `test_every_web_api_call_has_its_scope`: add it.
METHOD_SCOPES: dict[str, set[str]] = {
    "auth_test": set(),
    "apps_connections_open": set(),  # the app-level token's connections:write, not a bot scope
    "chat_postMessage": {"chat:write"},
    "chat_postEphemeral": {"chat:write"},
    "chat_update": {"chat:write"},
    "chat_delete": {"chat:write"},
    "chat_scheduleMessage": {"chat:write"},
    "chat_deleteScheduledMessage": {"chat:write"},
    "conversations_open": {"im:write"},
    "conversations_info": {"channels:read", "groups:read"},  # public and private channels
    "files_upload_v2": {"files:write"},
    "files_getUploadURLExternal": {"files:write"},
    "files_completeUploadExternal": {"files:write"},
    "files_info": {"files:read"},  # a DM note's photo: its name and permalink, never content
    "users_info": {"users:read"},
    "users_list": {"users:read"},
    "views_publish": set(),
    "views_open": set(),
    "views_update": set(),
    "views_push": set(),
}
EVENT_SCOPES: dict[str, set[str]] = {"app_home_opened": set(), "message.im": {"im:history"}}

EVENT = re.compile(r"""\.event\(\s*["']([\w.]+)["']""")
EVENT_DICT = re.compile(r"""\.event\(\s*\{[^}]*["']type["']\s*:\s*["']([\w.]+)["']""")
MESSAGE = re.compile(r"\bapp\.message\(")
SHORTCUT = re.compile(r"""\.(?:shortcut|message_shortcut)\(\s*["']([\w-]+)["']""")
COMMAND = re.compile(r"""\.command\(\s*["'](/[\w-]+)["']""")
CALL = re.compile(r"\.([a-z]+_[A-Za-z0-9_]+)\(")
WEB_API_METHODS = {name for name in vars(WebClient) if not name.startswith("_")}


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=["manifest.yaml", "manifest.socket.yaml"])
def manifest(request) -> dict:
    return load(request.param)


def source() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for d in CODE for p in sorted(d.rglob("*.py")))


def code_events(text: str) -> set[str]:
    # The bot only takes messages in its DMs, so a message listener means `message.im`.
    names = set(EVENT.findall(text)) | set(EVENT_DICT.findall(text))
    if MESSAGE.search(text) or "message" in names:
        names = (names - {"message"}) | {"message.im"}
    return names


def code_methods(text: str) -> set[str]:
    return {name for name in CALL.findall(text) if name in WEB_API_METHODS}


def test_the_scanners_see_calls_and_listeners():
    sample = """
        client.chat_postMessage(channel=c)
        summit.client.files_upload_v2(channel=d, content=x)
        self.store.take_seat(s, u)
        app.event("app_home_opened")(on_home)
        app.event({"type": "message", "channel_type": "im"})(on_dm)
        app.shortcut("save_to_notes")(on_save)
        app.command("/summit")(on_summit)
    """
    assert code_methods(sample) == {"chat_postMessage", "files_upload_v2"}
    assert code_events(sample) == {"app_home_opened", "message.im"}
    assert SHORTCUT.findall(sample) == ["save_to_notes"]
    assert COMMAND.findall(sample) == ["/summit"]
    # and the real code is seen: the commands listener and the token check at start
    assert "/summit" in COMMAND.findall(source())
    assert "auth_test" in code_methods(source())


def test_the_slash_command_is_declared(manifest):
    declared = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert set(COMMAND.findall(source())) <= declared
    assert "/summit" in declared
    assert "commands" in manifest["oauth_config"]["scopes"]["bot"]


def test_every_event_the_code_listens_to_is_subscribed(manifest):
    subscribed = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert code_events(source()) <= subscribed
    assert {"app_home_opened", "message.im"} <= subscribed
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    for event in subscribed:
        assert event in EVENT_SCOPES, f"say which scope the {event} event needs"
        assert EVENT_SCOPES[event] <= scopes, f"{event} needs {EVENT_SCOPES[event]}"


def test_every_shortcut_the_code_handles_is_declared(manifest):
    shortcuts = {s["callback_id"]: s for s in manifest["features"]["shortcuts"]}
    assert set(SHORTCUT.findall(source())) <= set(shortcuts)
    save = shortcuts["save_to_notes"]
    assert (save["type"], save["name"]) == ("message", "Save to summit notes")


def test_every_web_api_call_has_its_scope(manifest):
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    for method in sorted(code_methods(source())):
        assert method in METHOD_SCOPES, f"the code calls {method}: add its scopes to this test"
        missing = METHOD_SCOPES[method] - scopes
        assert not missing, f"{method} needs {sorted(missing)} in the manifest"


def test_app_home_and_interactivity_are_on(manifest):
    home = manifest["features"]["app_home"]
    assert home["home_tab_enabled"] and home["messages_tab_enabled"]
    assert home["messages_tab_read_only_enabled"] is False
    assert manifest["settings"]["interactivity"]["is_enabled"] is True


def urls(node) -> list[tuple[str, str]]:
    if isinstance(node, dict):
        found = [(k, v) for k, v in node.items() if k in ("url", "request_url")]
        return found + [u for v in node.values() for u in urls(v)]
    if isinstance(node, list):
        return [u for v in node for u in urls(v)]
    return []


def test_http_manifest_sends_everything_to_the_events_endpoint():
    http = load("manifest.yaml")
    assert http["settings"]["socket_mode_enabled"] is False
    assert sorted(k for k, _ in urls(http)) == ["request_url", "request_url", "url"]
    assert {v for _, v in urls(http)} == {HTTP_URL}


def test_socket_manifest_has_no_urls_and_otherwise_matches():
    http, socket = load("manifest.yaml"), load("manifest.socket.yaml")
    assert socket["settings"]["socket_mode_enabled"] is True
    assert urls(socket) == []

    def without_urls(node):
        if isinstance(node, dict):
            return {k: without_urls(v) for k, v in node.items() if k not in ("url", "request_url")}
        if isinstance(node, list):
            return [without_urls(v) for v in node]
        return node

    http["settings"]["socket_mode_enabled"] = True
    assert without_urls(http) == socket
