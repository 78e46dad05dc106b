"""`summit-bot demo` runs its whole script and says so; a demo that can't do what it
expects says why and exits 1."""

from __future__ import annotations

import io
import re

import pytest

from bot.cli import main
from bot.devtools.demo import run_demo
from tests.support.readme_demo import demo_excerpt, missing_lines


def test_demo_runs_clean_from_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "no.env"))
    monkeypatch.setenv("SUMMIT_LOG_LEVEL", "WARNING")  # leaves pytest's root logger alone
    # The demo never touches SUMMIT_DB, nor trusts SUMMIT_LANG to keep its script Korean,
    # nor the operator's channels and send budget.
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "must-not-exist.db"))
    monkeypatch.setenv("SUMMIT_LANG", "en")
    monkeypatch.setenv("SUMMIT_ALERT_CHANNEL", "C_REAL_ALERTS")
    monkeypatch.setenv("SUMMIT_SEND_PER_MIN", "1")
    monkeypatch.chdir(tmp_path)  # the shipped agenda is found from any directory
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert "FAILED" not in err
    assert not (tmp_path / "must-not-exist.db").exists()
    # Browsing, searching, registering, one by one.
    assert "[14:50] 민지 › /summit schedule day2" in out
    assert "    │ == 2일차 · 5월 4일 (목) ==" in out
    assert "[14:50] 지수 › /summit schedule 디자인 패턴" in out
    assert "`d2-1520-a202` · 아셈볼룸 202 (ASEM Ballroom 202)" in out
    assert "    │ ⚠️ 같은 시간에 등록한 세션이 있어요:" in out
    assert "[둘 다 등록] (d2-1520-aud)" in out
    # A few hundred at once, summarised; the talk fills up and the channel hears of it.
    assert "241 attendees browse" in out and "281 registrations in" in out
    assert re.search(r"d2-1520-a202 +15:20 +159/200 ", out)
    assert re.search(r"d2-1720-g101 +17:20 +41/500 ", out)
    filling = _after(out, "summit-bot → #C_ALERTS")
    assert "자리가 빠르게 차고 있어요: 40석 남음" in filling and "[등록] [자세히]" in filling
    assert "is filling up (160/200 seats)" in _after(out, "summit-bot → Alex (DM)")
    assert "하준 › /summit register d2-1520-a202" in out
    assert "서연 › [등록] (d2-1520-a202)" in out
    assert "39 got a seat, 20 went on the waitlist; 200/200 seats taken" in out
    full = _after(out, "summit-bot → #C_ALERTS", 2)
    assert "만석이에요(200석): *12가지" in full and "[등록]" not in full
    assert "is full (200 seats), so you're on its waitlist: #21." in out
    assert "    │ 만석(200석) · 대기 21명" in out
    assert "⚠️ 시간 겹침: `d2-1520-aud`" in out
    # The waitlist moves, reminders go out, notes are taken.
    assert re.search(r"→ attendee \d+ \(DM\)\n    │ 🎉 자리가 나서 등록됐어요:", out)
    assert re.search(r"→ 민지 \(DM\)\n    │ \*⏰ \d+분 후 시작: 비즈니스 전쟁에서", out)
    assert "285 reminder DMs, exactly one to each of the 285 registrants" in out
    assert "41 reminder DMs for the Graviton talk" in out
    assert "    │ 🔒 비공개 메모예요." in out
    assert (
        "지수 › /summit note API latency −44%, instance cost −15% after moving to Graviton" in out
    )
    # The end-of-day recap in the channel, credited by display name; the draft and its file.
    recap = _after(out, "summit-bot → #C_RECAP")
    assert recap.startswith("    │ == 📋 2일차 요약 · 5월 4일 (목) ==")
    assert "    │ *지수*: API latency −44%, instance cost −15% after moving to Graviton" in recap
    assert "비용 추정 다시" not in recap  # Minji's private note
    assert "지수 › (DM to summit-bot) @엑스포 " in out
    assert "    │ ✅ 메모 #8을 저장했어요.\n    │ 📍 *엑스포*" in out
    assert "    │ 엑스포 노트 1개" in recap
    assert "지수 › /summit recap day2" in out
    draft = _after(out, "지수 › /summit recap day2")
    assert draft.index("== 오전 ==") < draft.index("== 오후 ==") < draft.index("📍 *엑스포*")
    assert "[file: summit-recap-2023-05-04.md (" in _after(out, "summit-bot → 지수 (DM, file)")
    # The summary of what was sent.
    summary = out[out.index("━━ Summary") :]
    # (the DMs the bot sent on its own, and its answer to Jisoo's DM note)
    assert re.search(r"DMs +661 +reminders 326 · promotions 1 · nudges 1 · recap offers 6 · "
                     r"feedback questions 326", summary)  # fmt: skip
    assert re.search(r"channel posts +3 +#C_ALERTS alerts 2 · #C_RECAP recap parts 1", summary)
    assert re.search(r"files +3 ", summary)  # the ics file, the recap draft, the fill-up chart
    assert "webcal://summit-bot.example/cal/" in out and "200 OK, text/calendar" in out
    assert "고마워요! 5/5점을 주셨어요." in out  # Minji's answer to the feedback question
    assert "[file: fill-up.png (" in out[out.index("The recap's fill-up chart") :]
    assert "☀️ 2일차 · 5월 4일 (목) 내 일정" in out  # the morning plan
    assert "Block Kit rejections: 0 · HTTP 429s: 0 · " in summary
    assert "0 too late, 0 failed, 0 still queued" in summary
    took = re.search(r"Demo finished in ([\d.]+) s: (\d+) replies, every one within 3 s", out)
    assert took and float(took[1]) < 60 and int(took[2]) > 600
    # Hundreds of replies, a couple of dozen of them printed.
    assert out.count(" › ") < 40 and out.count("    │ ") < 300
    # The README's excerpt is this transcript, line for line.
    assert len(demo_excerpt()) > 20
    assert missing_lines(out, demo_excerpt()) == []


def _after(out: str, line: str, nth: int = 1) -> str:
    """The boxed lines printed under the nth `line`."""
    at = -1
    for _ in range(nth):
        at = out.index(line, at + 1)
    block = []
    for text in out[at:].splitlines()[1:]:
        if not text.startswith("    │ "):
            break
        block.append(text)
    return "\n".join(block)


def test_demo_help(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["demo", "--help"])
    assert exit_.value.code == 0
    assert "Needs no Slack account" in " ".join(capsys.readouterr().out.split())


def test_demo_fails_clearly_without_its_sessions(settings, tmp_path):
    agenda = tmp_path / "other.csv"
    agenda.write_text("id,date,start,end,title\nx1,2023-05-04,15:20,16:00,Other talk\n")
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(settings.with_(agenda_path=str(agenda)), out=out, err=err) == 1
    assert "FAILED" in err.getvalue() and "d2-1520-a202" in err.getvalue()
    assert "unset SUMMIT_AGENDA" in err.getvalue()


def test_a_message_slack_would_reject_fails_the_demo_at_its_step(settings, monkeypatch):
    import contextlib

    from slack_sdk.errors import SlackApiError

    import bot.devtools.demo

    def fifty_one_blocks(demo) -> None:
        with contextlib.suppress(SlackApiError):
            demo.summit.client.chat_postMessage(channel="C1", text="x",
                                                blocks=[{"type": "divider"}] * 51)  # fmt: skip

    monkeypatch.setattr(bot.devtools.demo, "STEPS", [("Too many blocks", fifty_one_blocks)])
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(settings, out=out, err=err) == 1
    assert "FAILED in “Too many blocks”: Slack rejected 1 message(s)" in err.getvalue()
    assert "51 > 50" in err.getvalue()


def test_a_reminder_that_never_comes_fails_the_demo_at_its_step(settings, monkeypatch):
    import bot.devtools.demo
    import bot.outbox.reminder

    monkeypatch.setattr(bot.outbox.reminder, "plan", lambda *args, **kwargs: 0)
    monkeypatch.setattr(bot.devtools.demo, "WAIT", 1.0)
    monkeypatch.setattr(bot.devtools.demo, "STEPS", [
        ("Search", bot.devtools.demo.search),
        ("The first attendees register", bot.devtools.demo.first_registrations),
        ("15:10 · Reminders for the 15:20 talks", bot.devtools.demo.reminders),
    ])  # fmt: skip
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(settings, out=out, err=err) == 1
    assert ("FAILED in “15:10 · Reminders for the 15:20 talks”: 3 of 3 registrants of the "
            "15:20 talks got no reminder in 1 s") in err.getvalue()  # fmt: skip


def test_slow_replies_are_warnings_with_their_times_not_failures(settings, monkeypatch):
    import bot.devtools.demo

    monkeypatch.setattr(bot.devtools.demo, "REPLY_LIMIT", 0.0)  # every reply counts as slow
    monkeypatch.setattr(bot.devtools.demo, "STEPS", [("Search", bot.devtools.demo.search)])
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(settings, out=out, err=err) == 0, err.getvalue()
    assert "⚠️ slow: the reply to /summit" in out.getvalue()
    assert "slower than 0 s" in out.getvalue() and "everything the demo expected happened" in \
        out.getvalue()
