"""Every kind of message the bot sends, in Korean and in English, as a person reads it: one
Day-2 afternoon driven through the real app (signed requests through Bolt, the planning tick,
the sender, the Slack stand-in), written out as text and compared with a golden file that a
person has read. Regenerate with SUMMIT_REGEN_GOLDEN=1 and read the diff before committing.

The transcript is also checked for what no message may hold in either language: a template
particle pair like `을(를)`, a particle glued to a formatted span, English like "1 results".
"""

from __future__ import annotations

import os
import re
from datetime import datetime

import pytest

from schedules import tick
from tests.support.paths import ROOT
from tests.support.summits import change_settings

GOLDEN = ROOT / "tests" / "golden" / "messages"
TALK = "d2-1520-a202"  # the microservices talk that filled in minutes in 2023
SAME_SLOT = "d2-1520-hb"
ALERTS, RECAPS = "CALERT", "CRECAP"

PAIRS = re.compile(r"\((은|는|이|가|을|를|와|과|으)\)")
GLUED = re.compile(r"[*_~`](은|는|이|가|을|를|와|과|으로|로)(?=\s|$|[.,!?])")
BAD_ENGLISH = re.compile(r"\b1 (results|sessions|seats|notes|posts|people|registrations)\b"
                         r"|\(s\)")  # fmt: skip


@pytest.fixture
def day(runtime, slack, clock, local):
    return change_settings(runtime.summit, alert_channel=ALERTS, recap_channel=RECAPS,
                           admins=frozenset({"UADMIN"}))  # fmt: skip


def at(clock, settings, hh: int, mm: int) -> None:
    clock.set(datetime(2023, 5, 4, hh, mm, tzinfo=settings.tz))


def play(day, local, slack, clock, lang: str) -> str:
    """The afternoon, step by step; returns the transcript."""
    settings = day.settings
    lines: list[str] = []
    seen: set[int] = set()

    def record(step: str) -> None:
        lines.append(f"\n===== {step}")
        for m in list(slack.messages):
            if id(m) in seen:
                continue
            seen.add(id(m))
            who = m.user or m.channel
            lines.append(f"--- {m.kind} → {who}\n{m.render().rstrip()}")

    def settle(predicate, count: int = 1) -> None:
        """Wait for `count` new messages matching `predicate` (the sender paces DMs)."""
        def enough(_) -> bool:
            return sum(id(m) not in seen and predicate(m) for m in slack.messages) >= count

        slack.wait_for(enough, timeout=5)

    # Channel posts speak the workspace's language (SUMMIT_LANG), DMs each reader's own.
    settings = change_settings(day, lang=lang).settings
    for user in ("U1", "U2", "U3", "UADMIN"):
        local.command(user, f"lang {lang}")
    slack.clear()
    day.store.set_capacity_override(TALK, 2)

    at(clock, settings, 15, 0)
    local.command("U1", f"show {TALK}")
    record("show")
    local.command("U1", f"register {TALK}")
    local.command("U2", f"register {TALK}")
    record("two seats taken")
    local.command("U3", f"register {TALK}")
    record("full: the waitlist")
    local.command("U2", f"register {SAME_SLOT}")
    record("an overlap")
    tick(day)
    settle(lambda m: m.channel == ALERTS)
    record("capacity alert (tick)")
    local.command("U2", f"unregister {TALK}")
    settle(lambda m: m.kind == "dm" and m.user == "U3")
    record("a freed seat promotes the waitlist")

    at(clock, settings, 15, 10)
    tick(day)
    settle(lambda m: m.kind == "dm", count=2)
    record("reminders (tick)")
    local.command("U1", "my")
    record("my agenda")

    at(clock, settings, 15, 30)
    local.command("U1", "note API latency −44% after Graviton; instance cost −15%")
    local.command("U3", "note 이벤트 소싱으로 서비스 경계를 나눈 사례가 인상적이었어요")
    record("notes")
    local.command("UADMIN", "admin stats")
    record("organiser stats")
    local.event({"type": "app_home_opened", "user": "U1", "tab": "home"})
    settle(lambda m: m.kind == "home")
    record("home")

    at(clock, settings, 18, 30)
    tick(day)
    settle(lambda m: m.channel == RECAPS)
    settle(lambda m: m.kind == "dm" and m.user == "U3")
    record("end of day: channel recap and recap-draft offers (tick)")
    local.command("U3", "recap day2")
    settle(lambda m: m.kind == "file")
    record("my recap draft")
    return "\n".join(lines).strip() + "\n"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_every_message_kind_reads_as_the_golden_transcript(day, local, slack, clock, lang):
    transcript = play(day, local, slack, clock, lang)
    assert not PAIRS.findall(transcript), PAIRS.findall(transcript)
    assert not GLUED.findall(transcript), GLUED.findall(transcript)
    if lang == "en":
        assert not BAD_ENGLISH.findall(transcript), BAD_ENGLISH.findall(transcript)
    golden = GOLDEN / f"{lang}.txt"
    if os.environ.get("SUMMIT_REGEN_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(transcript, "utf-8")
    assert transcript == golden.read_text("utf-8")
