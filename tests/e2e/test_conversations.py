"""Every subcommand and alias as people type it (empty, extra words, wrong case, full-width
spaces, Korean and English), through the signed request path, against golden transcripts a
person can read: tests/golden/conversations/<conversation>.<lang>.txt.

After a deliberate change of wording, regenerate them with SUMMIT_REGEN_GOLDEN=1 and read
the diff before committing it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.i18n import t

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "conversations"
REGEN = os.environ.get("SUMMIT_REGEN_GOLDEN") == "1"
SESSION = "d2-1520-a202"  # day 2, 15:20–16:00; the clock stands at 15:10 that day
IDEOGRAPHIC_SPACE = "\u3000"

CONVERSATIONS: dict[str, list[str]] = {
    "help": ["", "   ", IDEOGRAPHIC_SPACE * 2, "help", "HELP", "도움말", "도움말 please more",
             "도움", "?"],
    "typos": ["schedlue", "regsiter d2-1520-a202", "일졍", "등룩", "내일졍", "xyzzy",
              "ｓｃｈｅｄｕｌｅ day9"],
    "schedule_days": ["schedule day2 graviton", "일정 2일차 graviton", "SCHEDULE DAY3", "3일차",
                      "day2 graviton",
                      "일정 d9", "schedule 2023-13-45", "schedule 2023-02-30", "일정 13월 45일",
                      "schedule 2023-05-05", "일정 2023년 5월 5일"],
    "schedule_now": ["schedule now", "일정 지금", "schedule next", "일정 다음"],
    "schedule_today": ["schedule", "일정\u3000오늘", "schedule day2"],
    "search": ["schedule graviton", "일정 그래비톤", "schedule zzzznothing"],
    "show": ["show", "보기", f"show {SESSION}", f"보기{IDEOGRAPHIC_SPACE}{SESSION}",
             "show nope", f"SHOW {SESSION} extra words"],
    "register": ["register", "등록", "register nope", f"register {SESSION}",
                 f"등록 {SESSION}", f"unregister {SESSION}", "취소", f"취소 {SESSION}",
                 f"Unregister {SESSION}"],
    "my": ["my", "내일정", f"register {SESSION}", "MY extra words", "내일정"],
    "remind": ["remind", "알림", "remind 15", "알림 30", "remind off", "알림 끄기",
               "remind 0", "remind 99999", "remind ５"],
    "lang": ["lang", "lang fr", "언어 en", "lang ko", "LANG EN", "lang 한국어"],
    "note": ["note", "메모", f"메모 {SESSION} 정말 좋은 세션", f"note {SESSION} great talk",
             "note edit 1 better", "note delete 9"],
    "recap": ["recap day9", "후기 9일차"],
    "ics": ["ics", "달력"],
    "forget": ["forget", "잊기", "삭제", "forget everything now"],
    "admin": ["admin", "관리", "admin stats"],
}


def shown(text: str) -> str:
    """The command as typed, with invisible characters named."""
    visible = text.replace(IDEOGRAPHIC_SPACE, "⟨U+3000⟩")
    if not text:
        return "/summit"
    if not text.strip():
        return f"/summit {visible} ⟨only spaces⟩"
    return f"/summit {visible}"


def transcript(local, user: str, texts: list[str]) -> tuple[str, list[str]]:
    lines, answers = [], []
    for text in texts:
        replies = local.command(user, text, settle=0.05)
        answer = "\n---\n".join(r.render() for r in replies) or "(no reply)"
        answers.append(answer)
        lines += [f"▶ {shown(text)}", answer, ""]
    return "\n".join(lines), answers


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_conversation(local, summit, name, lang):
    user = f"U_{name.upper()}_{lang.upper()}"
    summit.store.update_user(user, lang=lang)
    text, answers = transcript(local, user, CONVERSATIONS[name])
    for answer in answers:
        assert answer != "(no reply)"
        assert t("en", "error") not in answer and t("ko", "error") not in answer
    header = (f"# /summit {name} — a user whose language is {lang}; "
              "the conference clock stands at 2023-05-04 15:10 (day 2).\n"
              "# ▶ is what the user typed; below it, what the bot answered.\n\n")  # fmt: skip
    path = GOLDEN / f"{name}.{lang}.txt"
    if REGEN:
        path.write_text(header + text)
    assert path.read_text() == header + text, f"{path.name} differs; see the module docstring"


@pytest.mark.parametrize("text", ["", " ", IDEOGRAPHIC_SPACE, "\n\t", "help", "도움말"])
def test_empty_and_help_show_the_usage(local, text):
    [reply] = local.command("U1", text)
    assert reply.render().startswith("How to use") or "*How to use" in reply.text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("schedlue", "schedule"), ("regsiter", "register"), ("일졍", "일정"), ("등룩", "등록"),
     ("unregistr", "unregister"), ("hlep", "help")],
)  # fmt: skip
def test_near_misses_get_a_did_you_mean(local, typed, meant):
    [reply] = local.command("U1", typed)
    assert f"/summit {meant}" in reply.render()


def test_far_misses_get_the_usage(local):
    [reply] = local.command("U1", "xyzzy")
    assert "don't know" in reply.render() and "How to use" in reply.render()


@pytest.mark.parametrize("text", ["schedule 2023-13-45", "일정 13월 45일", "schedule 2023-02-30"])
def test_a_bad_date_gets_one_line(local, text):
    [reply] = local.command("U1", text)
    assert "isn't a date" in reply.render() and len(reply.render().splitlines()) == 1


@pytest.mark.parametrize("text", ["schedule day3", "일정 3일차", "schedule d7"])
def test_a_day_the_agenda_lacks_names_the_days(local, text):
    [reply] = local.command("U1", text)
    rendered = reply.render()
    assert "2 days" in rendered and "day1" in rendered and "day2" in rendered
    assert len(rendered.splitlines()) == 1


def test_a_valid_date_outside_the_agenda_is_one_line(local):
    [reply] = local.command("U1", "schedule 2023-05-05")
    assert len(reply.render().splitlines()) == 1 and "No sessions on 2023-05-05" in reply.render()
