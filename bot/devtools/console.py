"""`summit-bot console`: the real app in a terminal. Slash commands, button presses and modal
submissions go through Bolt exactly as from Slack; replies, DMs, channel posts and modals
come back from a local Web API stand-in and are printed as readable text, every button
numbered so `:press N` can click it."""

from __future__ import annotations

import json
import shlex
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TextIO

from bot.devtools.local import LocalSlack
from bot.devtools.standin import Delivered, SlackStandIn
from bot.server import build_runtime
from bot.settings import Settings
from bot.slack_text import render_text

SIGNING_SECRET = "console-signing-secret"
HELP = """summit-bot console — type what you would type in Slack.
  /summit help                 the bot's own help
  :press 2                     click button [2] (every button and menu option is numbered)
  :wait 10                     wait up to 10 s for what the bot sends by itself
  :home                        open your App Home tab (its buttons are numbered too)
  :user U123                   act as another user (now {user})
  :time 2023-05-04 15:10       move the conference clock (now {now})
  :help                        this list
  :quit                        leave (so does Ctrl-D)
A modal (a note's Edit button) asks for each of its fields in turn: Enter keeps what is
there, `\\n` types a line break, :cancel closes it without saving.
"""
INTRO = HELP  # what the console prints when it starts
REPLY_SECONDS = 3.0
WAIT_SECONDS = 5.0
# Private-use characters: stand-ins for button labels while blocks are rendered as text.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"


def clean(line: str) -> str:
    """A terminal line made safe to send: lone surrogates (a paste cut mid-character, bytes
    decoded with surrogateescape) become U+FFFD, paired ones the character they spell."""
    return line.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


@dataclass(frozen=True)
class Pressable:
    """One numbered thing to click: an element of a block in a delivered message or Home tab,
    and the option chosen when it is an overflow or select menu."""

    where: Delivered
    element: dict
    block_id: str
    option: dict | None = None


class Console:
    def __init__(self, local: LocalSlack, clock, user_id: str, stdin: TextIO, stdout: TextIO):
        self.local = local
        self.clock = clock
        self.user_id = user_id
        self.stdin = stdin
        self.stdout = stdout
        self.interactive = stdin.isatty()
        self.lock = threading.Lock()
        self.pressables: dict[int, Pressable] = {}
        self.modals: list[Delivered] = []

    # -- output (called on the stand-in's threads) --------------------------------------

    def say(self, text: str) -> None:
        with self.lock:
            print(text, file=self.stdout, flush=True)

    def show(self, delivered: Delivered) -> None:
        if delivered.kind == "modal":
            with self.lock:
                self.modals.append(delivered)
            return
        with self.lock:
            text = self.numbered(delivered)
            if delivered.kind == "response":
                print(_indent(text), file=self.stdout, flush=True)
                return
            where = {"dm": f"DM to {delivered.user}", "post": f"#{delivered.channel}",
                     "home": f"Home tab of {delivered.user}"}.get(
                delivered.kind, f"{delivered.kind} {delivered.channel or delivered.user or ''}"
            )  # fmt: skip
            print(f"\n┌─ {where}\n{_indent(text)}\n└─", file=self.stdout, flush=True)

    def numbered(self, delivered: Delivered) -> str:
        """The message as text, each button shown as `[N] label` and registered as N."""
        labels: dict[str, str] = {}
        blocks = json.loads(json.dumps(delivered.blocks or []))
        for block in blocks:
            if not isinstance(block, dict):
                continue
            block_id = block.get("block_id", "")
            if block.get("type") == "actions":
                block["elements"] = [self._mark(delivered, e, block_id, labels)
                                     for e in block.get("elements") or []]  # fmt: skip
            elif block.get("type") == "section" and isinstance(block.get("accessory"), dict):
                block["accessory"] = self._mark(delivered, block["accessory"], block_id, labels)
        text = render_text(blocks, delivered.text) if delivered.kind != "file" else (
            delivered.render()
        )  # fmt: skip
        for mark, label in labels.items():
            text = text.replace(f"[{mark}]", label)
        return text

    def _mark(self, where: Delivered, element: dict, block_id: str, labels: dict) -> dict:
        if not isinstance(element, dict):
            return element
        kind = element.get("type")
        if kind == "button":
            shown = [self._register(Pressable(where, element, block_id), element.get("text"))]
        elif kind in ("overflow", "static_select", "radio_buttons"):
            options = element.get("options") or [
                o for g in element.get("option_groups") or [] for o in g.get("options") or []
            ]
            shown = [self._register(Pressable(where, element, block_id, o), o.get("text"))
                     for o in options]  # fmt: skip
        else:
            return element
        mark = f"{MARK_OPEN}{len(labels)}{MARK_CLOSE}"
        labels[mark] = "  ".join(shown)
        return {"type": "button", "text": {"type": "plain_text", "text": mark}}

    def _register(self, pressable: Pressable, text: dict | None) -> str:
        number = len(self.pressables) + 1
        self.pressables[number] = pressable
        label = text.get("text", "") if isinstance(text, dict) else ""
        return f"[{number}] {label}"

    # -- input ----------------------------------------------------------------------------

    def read(self, prompt: str = "> ") -> str | None:
        """One line, cleaned; None at end of input."""
        if self.interactive:
            with self.lock:
                print(prompt, end="", file=self.stdout, flush=True)
        try:
            line = self.stdin.readline()
        except UnicodeDecodeError:
            # Bytes that aren't UTF-8 on a strict stream: decode the rest leniently, and
            # show the lost line as one replacement character rather than end the session.
            if not hasattr(self.stdin, "reconfigure"):
                return None
            self.stdin.reconfigure(errors="replace")
            return "\ufffd"
        if not line:
            return None
        return clean(line.rstrip("\r\n"))

    def lines(self) -> Iterator[str]:
        while True:
            line = self.read()
            if line is None:
                return
            if line.strip():
                yield line.strip()

    def run(self) -> None:
        for line in self.lines():
            if not self.handle(line):
                return
            if not self.open_modals():
                return

    def handle(self, line: str) -> bool:
        """Run one line; False when the console should stop."""
        word, _, rest = line.partition(" ")
        if word in (":quit", ":q", ":exit"):
            return False
        if word in (":help", ":h", ":?"):
            self.say(HELP.format(user=self.user_id, now=f"{self.clock.now():%Y-%m-%d %H:%M}"))
        elif word == ":user":
            self.switch_user(rest)
        elif word == ":time":
            self.set_time(rest)
        elif word in (":press", ":p"):
            self.press(rest)
        elif word == ":wait":
            self.wait(rest)
        elif word == ":home":
            self.open_home()
        elif word == "/summit":
            self.command(rest)
        else:
            self.say("type /summit … (try /summit help), :press N, :help or :quit")
        return True

    def switch_user(self, rest: str) -> None:
        parts = rest.split()
        if len(parts) == 1:
            self.user_id = parts[0]
            self.say(f"now acting as {self.user_id}")
        else:
            self.say("usage: :user U123")

    def set_time(self, rest: str) -> None:
        try:
            self.clock.set(datetime.fromisoformat(rest.strip()))
            self.say(f"conference clock: {self.clock.now():%Y-%m-%d %H:%M %Z}")
        except ValueError:
            self.say("usage: :time 2023-05-04 15:10")

    def command(self, text: str) -> None:
        try:
            replies = self.local.command(self.user_id, _unquote(text), settle=0.2)
        except RuntimeError as exc:
            self.say(f"(error: {exc})")
            return
        if not replies:
            self.say(f"(no reply within {REPLY_SECONDS:.0f} s)")

    def press(self, rest: str) -> None:
        number = rest.strip()
        pressable = self.pressables.get(int(number)) if number.isdigit() else None
        if pressable is None:
            last = len(self.pressables)
            self.say(f"usage: :press N, with N a button's number (1–{last})" if last
                     else "no buttons yet: they appear as [1], [2]… in the bot's messages")
            return
        since = time.monotonic()
        try:
            self.local.press(self.user_id, pressable.where, pressable.element,
                             pressable.block_id, pressable.option)  # fmt: skip
        except RuntimeError as exc:
            self.say(f"(error: {exc})")
            return
        if not self.local.settle(since, REPLY_SECONDS):
            self.say("(nothing came back)")

    def open_home(self) -> None:
        since = time.monotonic()
        user = self.user_id
        self.local.event({"type": "app_home_opened", "user": user, "channel": f"D{user}",
                          "tab": "home", "event_ts": f"{time.time():.6f}"})  # fmt: skip
        if not self.local.settle(since, REPLY_SECONDS):
            self.say("(the Home tab did not open)")

    def wait(self, rest: str) -> None:
        try:
            seconds = float(rest) if rest.strip() else WAIT_SECONDS
        except ValueError:
            self.say("usage: :wait 10")
            return
        if not self.local.settle(time.monotonic(), max(0.0, min(seconds, 600.0))):
            self.say(f"(nothing in {seconds:g} s)")

    # -- modals ---------------------------------------------------------------------------

    def open_modals(self) -> bool:
        """Fill in every modal that opened; False when input ended inside one."""
        while True:
            with self.lock:
                if not self.modals:
                    return True
                modal = self.modals.pop(0)
            if not self.fill(modal.meta.get("view") or {}):
                return False

    def fill(self, view: dict) -> bool:
        title = (view.get("title") or {}).get("text", "")
        errors: dict[str, str] = {}
        while True:
            self.say(f"\n┌─ modal: {title}")
            shown = [b for b in view.get("blocks") or [] if b.get("type") != "input"]
            if shown:
                self.say(_indent(render_text(shown, None)))
            values = {}
            for block in view.get("blocks") or []:
                if block.get("type") != "input":
                    continue
                if block.get("block_id") in errors:
                    self.say(f"  ⚠ {errors[block['block_id']]}")
                answer = self.field(block)
                if answer is None:
                    return False
                if answer is CANCELLED:
                    self.say("└─ (closed without saving)")
                    return True
                values[block.get("block_id", "")] = answer
            since = time.monotonic()
            response = self.local.submit(self.user_id, view, values)
            errors = _submission_errors(response.body)
            if not errors:
                self.say("└─ (submitted)")
                self.local.settle(since, REPLY_SECONDS)
                return True

    def field(self, block: dict):
        """The `state.values` entry for one input block, CANCELLED, or None at EOF."""
        element = block.get("element") or {}
        kind = element.get("type")
        label = (block.get("label") or {}).get("text", "")
        entry = {"type": kind}
        if kind in ("checkboxes", "radio_buttons", "static_select"):
            options = element.get("options") or []
            initial = element.get("initial_options") or (
                [element["initial_option"]] if element.get("initial_option") else []
            )  # fmt: skip
            chosen_now = [n for n, o in enumerate(options, 1) if o in initial]
            menu = "  ".join(f"[{n}] {(o.get('text') or {}).get('text', '')}"
                             for n, o in enumerate(options, 1))  # fmt: skip
            self.say(f"│ {label}: {menu}  (now: {', '.join(map(str, chosen_now)) or 'none'})")
            line = self.read("│ numbers, Enter keeps, - for none> ")
            if line is None or line.strip() == ":cancel":
                return None if line is None else CANCELLED
            picked = _numbers(line, len(options), chosen_now)
            selected = [options[n - 1] for n in picked]
            if kind == "checkboxes":
                entry["selected_options"] = selected
            else:
                entry["selected_option"] = selected[0] if selected else None
            return {element.get("action_id", ""): entry}
        current = element.get("initial_value") or ""
        if current:
            self.say(f"│ {label} (now):\n{_indent(current)}")
        else:
            self.say(f"│ {label}")
        line = self.read("│ new text, Enter keeps> ")
        if line is None or line.strip() == ":cancel":
            return None if line is None else CANCELLED
        entry["value"] = line.replace("\\n", "\n") if line.strip() else current
        return {element.get("action_id", ""): entry}


CANCELLED = object()


def _numbers(line: str, count: int, keep: list[int]) -> list[int]:
    line = line.strip()
    if not line:
        return keep
    if line == "-":
        return []
    picked = []
    for part in line.replace(",", " ").split():
        if part.isdigit() and 1 <= int(part) <= count and int(part) not in picked:
            picked.append(int(part))
    return picked


def _submission_errors(body: str) -> dict[str, str]:
    try:
        answer = json.loads(body) if body else {}
    except ValueError:
        return {}
    if isinstance(answer, dict) and answer.get("response_action") == "errors":
        return {str(k): str(v) for k, v in (answer.get("errors") or {}).items()}
    return {}


def run_console(settings: Settings, user_id: str, stdin: TextIO = sys.stdin,
                stdout: TextIO = sys.stdout) -> int:  # fmt: skip
    for stream in (stdin, stdout):
        # A terminal that sends bytes that aren't UTF-8 must not end the session.
        if hasattr(stream, "reconfigure") and stream in (sys.stdin, sys.stdout):
            stream.reconfigure(errors="replace")
    console: Console | None = None

    def show(delivered: Delivered) -> None:
        if console is not None:
            console.show(delivered)

    # There is no Slack profile behind a console user: their language is SUMMIT_LANG.
    locale = "en-US" if settings.lang == "en" else "ko-KR"
    with SlackStandIn(on_message=show, locale=locale) as standin:
        local_settings = settings.with_(
            bot_token=standin.token, signing_secret=SIGNING_SECRET, app_token=None,
            api_url=standin.api_url,
        )  # fmt: skip
        runtime = build_runtime(local_settings)
        runtime.scheduler.start()
        local = LocalSlack(runtime.app, standin, SIGNING_SECRET)
        clock = runtime.summit.clock
        console = Console(local, clock, user_id, stdin, stdout)
        console.say(INTRO.format(user=user_id, now=f"{clock.now():%Y-%m-%d %H:%M}"))
        try:
            console.run()
        except KeyboardInterrupt:
            console.say("")
        finally:
            runtime.stop()
    return 0


def _unquote(text: str) -> str:
    try:
        return " ".join(shlex.split(text)) if '"' in text or "'" in text else text
    except ValueError:
        return text


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
