"""`summit-bot demo` runs its whole script and says so; a demo that can't do what it
expects says why and exits 1."""

from __future__ import annotations

import io

import pytest

from bot.cli import main
from bot.demo import run_demo


def test_demo_runs_clean_from_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "no.env"))
    monkeypatch.setenv("SUMMIT_LOG_LEVEL", "WARNING")  # leaves pytest's root logger alone
    # The demo never touches SUMMIT_DB, nor trusts SUMMIT_LANG to keep its script Korean.
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "must-not-exist.db"))
    monkeypatch.setenv("SUMMIT_LANG", "en")
    monkeypatch.chdir(tmp_path)  # the shipped agenda is found from any directory
    assert main(["demo"]) == 0
    out, err = capsys.readouterr()
    assert not (tmp_path / "must-not-exist.db").exists()
    assert "[14:50] 민지 › /summit schedule day2" in out
    assert "    │ == 2일차 · 5월 4일(목) ==" in out
    assert "[14:50] 지수 › /summit schedule 디자인 패턴" in out
    assert "`d2-1520-a202` · 아셈볼룸 202 (ASEM Ballroom 202)" in out
    assert "    │ ⚠️ 같은 시간에 등록한 세션이 있어요:" in out
    assert "[둘 다 등록] (d2-1520-aud)" in out
    assert "198 got a seat, 20 went on the waitlist; 200/200 seats taken" in out
    assert "is full (200 seats), so you're on its waitlist: #21." in out
    assert "    │ 만석 (200석) · 대기 21명" in out
    assert "⚠️ 시간 겹침: `d2-1520-aud`" in out
    assert "Demo finished: 229 replies, every one within 3 s" in out
    assert out.count("    │ ") < 150, "the transcript should summarise the crowd, not print it"
    assert "FAILED" not in err


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

    import bot.demo

    def fifty_one_blocks(demo) -> None:
        with contextlib.suppress(SlackApiError):
            demo.summit.client.chat_postMessage(channel="C1", text="x",
                                                blocks=[{"type": "divider"}] * 51)  # fmt: skip

    monkeypatch.setattr(bot.demo, "STEPS", [("Too many blocks", fifty_one_blocks)])
    out, err = io.StringIO(), io.StringIO()
    assert run_demo(settings, out=out, err=err) == 1
    assert "FAILED in “Too many blocks”: Slack rejected 1 message(s)" in err.getvalue()
    assert "51 > 50" in err.getvalue()
