"""Loading an agenda file: one domain function behind `agenda load` and `admin reload`."""

from __future__ import annotations

from bot.admin import load_agenda_file
from bot.cli import main
from tests.support.factories import write_agenda
from tests.support.paths import AGENDA

SESSION = "d2-1520-a202"


def test_a_file_that_cancels_needs_confirmation(store, settings, clock, tmp_path):
    path = write_agenda(tmp_path / "a.csv", drop={"d1-1110-hb"})
    load = load_agenda_file(store, path, settings.tz, confirm=False, now=clock.now())
    assert load.needs_confirmation and load.diff.cancelled == ["d1-1110-hb"]
    assert {r["id"]: r["status"] for r in store.sessions()}["d1-1110-hb"] == "active"
    load = load_agenda_file(store, path, settings.tz, confirm=True, now=clock.now())
    assert load.applied and not load.needs_confirmation
    assert {r["id"]: r["status"] for r in store.sessions()}["d1-1110-hb"] == "cancelled"


def test_a_bad_file_changes_nothing(store, settings, clock, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("id,date,start,end,title\nx,2023-13-01,09:00,10:00,T\n", "utf-8")
    version = store.agenda_version()
    load = load_agenda_file(store, bad, settings.tz, confirm=True, now=clock.now())
    assert load.problems and not load.applied and load.diff is None
    assert store.agenda_version() == version


def test_a_file_raising_a_capacity_promotes_from_the_waitlist(store, settings, clock, tmp_path):
    now = clock.now().timestamp()
    small = write_agenda(tmp_path / "small.csv",
                         lambda r: {**r, "capacity": "1"} if r["id"] == SESSION else r)  # fmt: skip
    load_agenda_file(store, small, settings.tz, confirm=True, now=clock.now())
    for user in ("A", "B", "C"):
        store.take_seat(SESSION, user, now)
    load = load_agenda_file(store, AGENDA, settings.tz, confirm=True, now=clock.now())
    assert [(p.session_id, p.user_id) for p in load.diff.promoted] == [(SESSION, "B"),
                                                                      (SESSION, "C")]  # fmt: skip


def test_agenda_load_on_the_command_line(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "cli.db"))
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "none.env"))
    assert main(["agenda", "load", str(AGENDA)]) == 0
    assert "added 92, changed 0, cancelled 0" in capsys.readouterr().out
    fewer = write_agenda(tmp_path / "fewer.csv", drop={"d1-1110-hb"})
    assert main(["agenda", "load", str(fewer)]) == 1
    out = capsys.readouterr()
    assert out.out.startswith("nothing changed.") and "would cancel: d1-1110-hb" in out.out
    assert "run again with --yes" in out.err
    assert main(["agenda", "load", str(fewer), "--yes"]) == 0
    assert "cancelled 1" in capsys.readouterr().out
