"""The console presses buttons and fills modals exactly as Slack would send them: overlap
choices, forget's confirmation, the pager, Details, the recap-draft button and the note-edit
modal; and it survives any terminal input (lone surrogates, bytes that aren't UTF-8, EOF)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest

from bot.devtools.console import run_console

Step = str | Callable[[str], str]


class Script(io.TextIOBase):
    """stdin for the console: each line a string, or a function of what the console has
    printed so far (to press a button by its label, whatever number it got)."""

    def __init__(self, steps: list[Step], out: io.StringIO):
        self.steps, self.out = list(steps), out

    def isatty(self) -> bool:
        return False

    def readline(self, size: int = -1) -> str:
        if not self.steps:
            return ""
        step = self.steps.pop(0)
        return (step(self.out.getvalue()) if callable(step) else step) + "\n"


def press(label: str) -> Callable[[str], str]:
    """`:press N` for the last button shown with `label`."""

    def line(shown: str) -> str:
        numbers = re.findall(rf"\[(\d+)\] {re.escape(label)}", shown)
        assert numbers, f"no button {label!r} shown"
        return f":press {numbers[-1]}"

    return line


def run(settings, steps: list[Step]) -> str:
    out = io.StringIO()
    assert run_console(settings, user_id="U1", stdin=Script(steps, out), stdout=out) == 0
    return out.getvalue()


def after(shown: str, marker: str) -> str:
    """What was printed after the last `marker`."""
    assert marker in shown, marker
    return shown.rsplit(marker, 1)[1]


def test_overlap_choices_keep_switch_and_both(settings):
    shown = run(settings, [
        ":time 2023-05-04 15:00",
        "/summit register d2-1520-a202",
        "/summit register d2-1520-aud",
        press("Keep my current session"),
        "/summit register d2-1520-aud",
        press("Switch to this one"),
        "/summit register d2-1520-a201",
        press("Register for both"),
        "/summit my",
    ])  # fmt: skip
    assert "[1] Keep my current session [2] Switch to this one [3] Register for both" in shown
    assert "OK, you keep *Cloud-native microservice architecture" in shown
    assert "🔁 Switched: you're registered for *AWS AI/ML services" in shown
    agenda = after(shown, "== My agenda ==")
    assert "`d2-1520-aud`" in agenda and "`d2-1520-a201`" in agenda
    assert "`d2-1520-a202`" not in agenda  # given back by the switch


def test_forget_confirmation_pager_and_details(settings):
    shown = run(settings, [
        ":time 2023-05-04 08:00",
        "/summit register d2-1520-a202",
        "/summit forget",
        press("Cancel"),
        "/summit schedule day2",
        press("Next page ▶"),
        press("◀ Previous page"),
        press("Details"),
        "/summit forget",
        press("Delete my data"),
        "/summit my",
    ])  # fmt: skip
    assert "Cancelled. Nothing was deleted." in shown
    assert "Page 2 of 3" in shown and shown.count("Page 1 of 3") == 2
    assert "🗑️ Deleted: 1 registration" in shown
    assert "You haven't registered for anything yet" in after(shown, "🗑️ Deleted")
    assert "*Speakers*" in after(shown, "Page 1 of 3")  # Details opened the full session


def test_note_edit_modal_is_filled_cancelled_and_submitted(settings):
    shown = run(settings, [
        ":time 2023-05-04 15:30",
        "/summit note d2-1520-a202 first text",
        "/summit my",
        press("Edit"),
        ":cancel",
        press("Edit"),
        "new text\\nline two",
        "1",  # tick "Private"
        "/summit my",
    ])  # fmt: skip
    assert "┌─ modal: Edit note" in shown
    assert "(closed without saving)" in shown
    assert "Visibility: [1] Private" in shown and "(now: none)" in shown
    assert "└─ (submitted)" in shown
    notes = after(shown, "== My notes (1) ==")
    assert "> new text\n  > line two" in notes and "🔒" in notes
    assert "first text" not in notes


def test_recap_draft_button_on_the_end_of_day_dm(settings):
    shown = run(settings, [
        ":time 2023-05-04 15:30",
        "/summit note d2-1520-a202 a note worth a recap",
        ":time 2023-05-04 18:31",
        ":wait 10",
        press("Get my recap draft"),
    ])  # fmt: skip
    assert "┌─ DM to U1" in shown
    draft = after(shown, "Get my recap draft")
    assert "Day 2 recap" in draft and "a note worth a recap" in draft


def test_home_tab_buttons_are_pressed_as_a_view_container(settings):
    shown = run(settings, [
        ":time 2023-05-04 08:00",
        "/summit register d2-1520-a202",
        ":home",
        press("🗓️ My agenda"),
    ])  # fmt: skip
    assert "┌─ Home tab of U1" in shown
    # Pressed on the Home tab (no response_url), the answer comes as a DM.
    assert "`d2-1520-a202`" in after(shown, "┌─ DM to U1")


def test_bad_presses_get_a_usage_line(settings):
    shown = run(settings, [":press 1", "/summit forget", ":press 99", ":press x"])
    assert "no buttons yet" in shown
    assert shown.count("usage: :press N, with N a button's number (1–2)") == 2


@pytest.mark.parametrize("text", ["\ud83d", "노트 \udced\udca0 끝", "\ud83d\ude00 ok"])
def test_lone_surrogates_do_not_end_the_console(settings, text):
    shown = run(settings, [f"/summit schedule {text}", f"/summit note {text}", "/summit help"])
    assert "How to use `/summit`" in shown
    assert "Traceback" not in shown


class LineByLine(io.RawIOBase):
    """Bytes arriving a line at a time, as from a terminal."""

    def __init__(self, data: bytes):
        self.lines = data.splitlines(keepends=True)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if not self.lines:
            return 0
        line = self.lines.pop(0)
        buffer[: len(line)] = line
        return len(line)


def test_bytes_that_are_not_utf8_and_eof_inside_a_modal(settings):
    raw = b"/summit schedule \xed\xa0\x80 k\n/summit note d2-1520-a202 x\n/summit my\n:press 1\n"
    stdin = io.TextIOWrapper(io.BufferedReader(LineByLine(raw)), encoding="utf-8",
                             errors="strict")  # fmt: skip
    out = io.StringIO()
    assert run_console(settings, user_id="U1", stdin=stdin, stdout=out) == 0
    shown = out.getvalue()
    assert "Saved note #1" in shown  # the line after the bad one
    assert "┌─ modal: Edit note" in shown  # input ended at its first prompt: a clean exit
