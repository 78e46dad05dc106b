"""Agenda CSV validation: every problem as FILE:LINE: reason; a bad file loads nothing."""

from zoneinfo import ZoneInfo

import pytest

from bot.agenda.readers import read_agenda
from bot.cli import main
from bot.store import Store

SEOUL = ZoneInfo("Asia/Seoul")
HEADER = "id,date,start,end,title,capacity,kind\n"


def write(tmp_path, body: str, name="agenda.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_good_rows_become_utc_instants(tmp_path):
    result = read_agenda(write(tmp_path, "A-1,2023-05-04,15:20,16:00,Talk,200,breakout\n"), SEOUL)
    assert result.ok
    row = result.rows[0]
    assert row["id"] == "a-1" and row["capacity"] == 200
    assert row["start_ts"] == 1683181200  # 2023-05-04 06:20 UTC


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("x,2023-13-01,10:00,11:00,T,,", "bad date"),
        ("x,2023-05-04,25:00,11:00,T,,", "bad start"),
        ("x,2023-05-04,10:00,09:00,T,,", "not after start"),
        ("x,2023-05-04,10:00,11:00,,,", "missing title"),
        ("bad id!,2023-05-04,10:00,11:00,T,,", "bad id"),
        ("waytoolongid123,2023-05-04,10:00,11:00,T,,", "bad id"),
        ("x,2023-05-04,10:00,11:00,T,,party", "unknown kind"),
        ("x,2023-05-04,10:00,11:00,T,-3,", "bad capacity"),
    ],
)
def test_bad_rows_name_file_line_and_reason(tmp_path, line, reason):
    path = write(tmp_path, "ok,2023-05-04,09:00,09:30,Fine,,\n" + line + "\n")
    result = read_agenda(path, SEOUL)
    assert not result.ok
    assert result.problems[0].startswith(f"{path}:3: ")
    assert reason in result.problems[0]


def test_duplicate_ids_point_at_the_first(tmp_path):
    path = write(tmp_path, "a,2023-05-04,09:00,09:30,T,,\nA,2023-05-04,10:00,10:30,T,,\n")
    assert "duplicate id 'a' (first on line 2)" in read_agenda(path, SEOUL).problems[0]


def test_missing_columns_and_unknown_columns(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,date,title\nx,2023-05-04,T\n", encoding="utf-8")
    assert "missing column(s): start, end" in read_agenda(path, SEOUL).problems[0]
    path.write_text("id,date,start,end,title,mood\nx,2023-05-04,09:00,10:00,T,happy\n")
    result = read_agenda(path, SEOUL)
    assert result.ok and "unknown column(s) ignored: mood" in result.warnings[0]


def test_not_utf8_and_missing_file(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes((HEADER + "x,2023-05-04,09:00,10:00,caf\xe9,,\n").encode("latin-1"))
    assert "not UTF-8" in read_agenda(path, SEOUL).problems[0]
    assert "cannot read" in read_agenda(tmp_path / "nope.csv", SEOUL).problems[0]


def test_agenda_check_exit_codes(tmp_path, capsys):
    good = write(tmp_path, "x,2023-05-04,09:00,10:00,T,,\n", "good.csv")
    bad = write(tmp_path, "x,2023-05-04,09:00,08:00,T,,\n", "bad.csv")
    assert main(["agenda", "check", str(good)]) == 0
    assert main(["agenda", "check", str(bad)]) == 1
    assert f"{bad}:2: end 08:00 is not after start 09:00" in capsys.readouterr().err


def test_agenda_load_is_one_transaction_and_needs_yes(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "s.db"))
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "no.env"))
    two = write(tmp_path, "a,2023-05-04,09:00,10:00,A,,\nb,2023-05-04,10:00,11:00,B,,\n", "2.csv")
    assert main(["agenda", "load", str(two)]) == 0
    assert "added 2, changed 0, cancelled 0" in capsys.readouterr().out
    assert main(["agenda", "load", str(two)]) == 0
    assert "added 0, changed 0, cancelled 0" in capsys.readouterr().out
    broken = write(tmp_path, "a,2023-05-04,09:00,10:00,A2,,\nc,2023-05-04,xx,11:00,C,,\n", "b.csv")
    assert main(["agenda", "load", str(broken)]) == 1
    titles = {r["id"]: r["title"] for r in Store(str(tmp_path / "s.db")).sessions()}
    assert titles == {"a": "A", "b": "B"}  # the good row of a bad file changed nothing
    one = write(tmp_path, "a,2023-05-04,09:00,10:00,A,,\n", "1.csv")
    assert main(["agenda", "load", str(one)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("nothing changed.") and "would cancel: b" in out.out
    assert "--yes" in out.err
    assert main(["agenda", "load", str(one), "--yes"]) == 0
    assert "cancelled 1" in capsys.readouterr().out
