"""`summit-bot console`: the real app in a terminal. Slash commands go through Bolt exactly
as from Slack; replies, DMs and channel posts come back from a local Web API stand-in and
are printed as readable text."""

from __future__ import annotations

import shlex
import sys
from datetime import datetime
from typing import TextIO

from bot.devtools.local import LocalSlack
from bot.devtools.standin import Delivered, SlackStandIn
from bot.server import build_runtime
from bot.settings import Settings
from bot.slack_text import render_text

SIGNING_SECRET = "console-signing-secret"
INTRO = """summit-bot console — type what you would type in Slack.
  /summit help                 the bot's own help
  :user U123                   act as another user (now {user})
  :time 2023-05-04 15:10       move the conference clock (now {now})
  :quit                        leave
"""


def run_console(settings: Settings, user_id: str, stdin: TextIO = sys.stdin,
                stdout: TextIO = sys.stdout) -> int:  # fmt: skip
    def show(delivered: Delivered) -> None:
        if delivered.kind == "response":
            return  # printed in order by the loop below
        where = {"dm": f"DM to {delivered.user}", "post": f"#{delivered.channel}"}.get(
            delivered.kind, f"{delivered.kind} {delivered.channel or delivered.user or ''}"
        )
        print(f"\n┌─ {where}\n{_indent(delivered.render())}\n└─", file=stdout, flush=True)

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
        print(INTRO.format(user=user_id, now=f"{clock.now():%Y-%m-%d %H:%M}"), file=stdout)
        try:
            for line in _lines(stdin, stdout):
                user_id, keep_going = _handle(line, user_id, local, clock, stdout)
                if not keep_going:
                    break
        finally:
            runtime.stop()
    return 0


def _lines(stdin: TextIO, stdout: TextIO):
    interactive = stdin.isatty()
    while True:
        if interactive:
            print("> ", end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:
            return
        if line.strip():
            yield line.strip()


def _handle(line: str, user_id: str, local: LocalSlack, clock, stdout: TextIO):
    if line in (":quit", ":q", ":exit"):
        return user_id, False
    if line.startswith(":user"):
        parts = line.split()
        if len(parts) == 2:
            user_id = parts[1]
            print(f"now acting as {user_id}", file=stdout)
        else:
            print("usage: :user U123", file=stdout)
        return user_id, True
    if line.startswith(":time"):
        try:
            clock.set(datetime.fromisoformat(line[5:].strip()))
            print(f"conference clock: {clock.now():%Y-%m-%d %H:%M %Z}", file=stdout)
        except ValueError:
            print("usage: :time 2023-05-04 15:10", file=stdout)
        return user_id, True
    command, _, text = line.partition(" ")
    if command != "/summit":
        print("type /summit … (try /summit help), or :quit", file=stdout)
        return user_id, True
    try:
        replies = local.command(user_id, _unquote(text), settle=0.2)
    except RuntimeError as exc:
        print(f"(error: {exc})", file=stdout)
        return user_id, True
    for reply in replies or []:
        print(_indent(render_text(reply.blocks, reply.text)), file=stdout, flush=True)
    if not replies:
        print("(no reply within 3 s)", file=stdout)
    return user_id, True


def _unquote(text: str) -> str:
    try:
        return " ".join(shlex.split(text)) if '"' in text or "'" in text else text
    except ValueError:
        return text


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())
