"""Time zones, DST and durations: instants as the file says, errors naming line and time,
any number of days, and a file whose zone disagrees with SUMMIT_TZ."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import DAY_WORDS, Agenda, parse_schedule_query, session_from_row
from bot.agenda.readers import read_agenda_data
from bot.cli import main
from bot.recap import recap_day
from bot.store import Store

BERLIN = ZoneInfo("Europe/Berlin")
SEOUL = ZoneInfo("Asia/Seoul")
HEADER = "id,date,start,end,title\n"


def frab(events: list[tuple], zone: str | None = "Europe/Berlin") -> str:
    """A frab JSON export: events as (id, date or None, start, duration, day)."""
    days: dict[str, list] = {}
    for eid, when, start, duration, day in events:
        days.setdefault(day, []).append({
            "id": eid, "guid": f"g-{eid}", "date": when, "start": start,
            "duration": duration, "room": "Hall", "title": f"Talk {eid}", "persons": [],
        })  # fmt: skip
    conference = {"days": [{"date": d, "rooms": {"Hall": evs}} for d, evs in days.items()]}
    if zone:
        conference["time_zone_name"] = zone
    return json.dumps({"schedule": {"conference": conference}}, indent=2)


def instants(row: dict) -> tuple[datetime, datetime]:
    return (datetime.fromtimestamp(row["start_ts"], BERLIN),
            datetime.fromtimestamp(row["end_ts"], BERLIN))  # fmt: skip


def test_duration_across_spring_forward_is_absolute():
    # 2026-03-29 02:00 CET jumps to 03:00 CEST: 01:30 + 2h is 04:30 on the wall, 2 h later.
    result = read_agenda_data("s.json", frab([("1", None, "01:30", "02:00", "2026-03-29")]),
                              SEOUL)  # fmt: skip
    assert result.ok, result.problems
    row = result.rows[0]
    start, end = instants(row)
    # Same-zone datetime subtraction is wall-clock; the stored instants are what count.
    assert row["end_ts"] - row["start_ts"] == 2 * 3600
    assert (start.strftime("%H:%M"), end.strftime("%H:%M")) == ("01:30", "04:30")


def test_duration_across_fall_back_is_absolute():
    # 2026-10-25 03:00 CEST falls back to 02:00 CET: 01:30 + 2h is 02:30 on the wall.
    result = read_agenda_data("s.json", frab([("1", None, "01:30", "02:00", "2026-10-25")]),
                              SEOUL)  # fmt: skip
    row = result.rows[0]
    assert row["end_ts"] - row["start_ts"] == 2 * 3600
    assert instants(row)[1].strftime("%H:%M") == "02:30"


def test_gap_time_is_an_error_naming_line_and_time():
    text = frab([("1", None, "02:30", "00:30", "2026-03-29")])
    result = read_agenda_data("s.json", text, SEOUL)
    line = text.count("\n", 0, text.index('"id": "1"'))  # the line of its `{`
    assert result.problems == [f"s.json:{line}: 2026-03-29 02:30 does not exist in "
                               "Europe/Berlin (the clocks skip it)"]  # fmt: skip


def test_ambiguous_time_is_an_error():
    result = read_agenda_data("s.json", frab([("1", "2026-10-25T02:30:00", "02:30", "00:30",
                                               "2026-10-25")]), SEOUL)  # fmt: skip
    assert len(result.problems) == 1
    assert "2026-10-25 02:30 is ambiguous in Europe/Berlin" in result.problems[0]


def test_csv_gap_time_is_an_error_naming_the_line():
    text = HEADER + "a1,2026-03-29,10:00,11:00,Fine\na2,2026-03-29,02:15,03:30,Gap\n"
    result = read_agenda_data("a.csv", text, BERLIN)
    assert result.problems == ["a.csv:3: start 2026-03-29 02:15 does not exist in "
                               "Europe/Berlin (the clocks skip it)"]  # fmt: skip


def test_hundred_hour_duration_is_allowed():
    result = read_agenda_data("s.json", frab([("1", "2026-07-01T10:00:00+02:00", "10:00",
                                               "100:00", "2026-07-01")]), SEOUL)  # fmt: skip
    assert result.ok, result.problems
    row = result.rows[0]
    assert row["end_ts"] - row["start_ts"] == 100 * 3600


def test_session_across_midnight_belongs_to_its_start_day():
    result = read_agenda_data("s.json", frab([("1", "2026-07-01T23:30:00+02:00", "23:30",
                                               "01:30", "2026-07-01")]), SEOUL)  # fmt: skip
    row = result.rows[0]
    assert row["day"] == "2026-07-01"
    assert instants(row)[1].date() == date(2026, 7, 2)


def five_day_agenda() -> Agenda:
    text = HEADER + "".join(f"d{n},2026-07-0{n},10:00,11:00,Day {n} talk\n" for n in range(1, 6))
    rows = read_agenda_data("five.csv", text, SEOUL).rows
    for row in rows:
        row.update(seats=None, status="active")
    return Agenda([session_from_row(r, SEOUL) for r in rows])


def test_five_day_event_every_day_word_works():
    agenda = five_day_agenda()
    assert len(agenda.days) == 5
    now = datetime(2026, 6, 1, tzinfo=SEOUL)
    for n in range(1, 6):
        for word in (f"day{n}", f"{n}일차", f"d{n}"):
            assert word in DAY_WORDS
            assert parse_schedule_query(word, agenda, now).day == date(2026, 7, n)
        assert recap_day(agenda, [f"day{n}"], now) == date(2026, 7, n)
    assert recap_day(agenda, ["day6"], now) is None
    assert "day0" not in DAY_WORDS and "dayx" not in DAY_WORDS


@pytest.fixture
def berlin_file(tmp_path):
    path = tmp_path / "berlin.json"
    path.write_text(frab([("1", "2026-07-01T11:00:00+02:00", "11:00", "01:00", "2026-07-01")]))
    return path


def test_zone_disagreeing_with_summit_tz_check_says_so_and_load_refuses(
        berlin_file, tmp_path, monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv("SUMMIT_TZ", "Asia/Seoul")
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "z.db"))
    assert main(["agenda", "check", str(berlin_file)]) == 1
    err = capsys.readouterr().err
    assert "time zone is Europe/Berlin but SUMMIT_TZ is Asia/Seoul" in err and "--tz" in err
    assert main(["agenda", "load", str(berlin_file)]) == 1
    assert "--tz Europe/Berlin or --tz Asia/Seoul" in capsys.readouterr().err
    assert not (tmp_path / "z.db").exists()  # a refused first load leaves no database

    assert main(["agenda", "load", str(berlin_file), "--tz", "Europe/Berlin"]) == 0
    store = Store(tmp_path / "z.db")
    assert store.agenda_zone() == "Europe/Berlin"
    (row,) = store.sessions()
    # 11:00 Berlin as an instant, never shifted.
    assert row["start_ts"] == int(datetime(2026, 7, 1, 11, tzinfo=BERLIN).timestamp())


def test_tz_choosing_summit_tz_keeps_instants_and_counts_days_there(berlin_file, tmp_path,
                                                                    monkeypatch):  # fmt: skip
    monkeypatch.setenv("SUMMIT_TZ", "Asia/Seoul")
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "z.db"))
    assert main(["agenda", "load", str(berlin_file), "--tz", "Asia/Seoul"]) == 0
    store = Store(tmp_path / "z.db")
    (row,) = store.sessions()
    assert row["start_ts"] == int(datetime(2026, 7, 1, 11, tzinfo=BERLIN).timestamp())
    assert store.agenda_zone() == "Asia/Seoul" and row["day"] == "2026-07-01"


def test_unset_summit_tz_takes_the_files_zone(berlin_file, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SUMMIT_TZ", raising=False)
    assert main(["agenda", "check", str(berlin_file)]) == 0
    assert "time zone Europe/Berlin (from the file)" in capsys.readouterr().out


def test_served_clock_and_recap_follow_the_stored_zone(berlin_file, settings, slack):
    from slack_sdk import WebClient

    from bot.server import build_runtime

    settings = settings.with_(agenda_path=str(berlin_file), api_url=slack.api_url)
    runtime = build_runtime(settings, client=WebClient(token=settings.bot_token,
                                                       base_url=slack.api_url))  # fmt: skip
    try:
        assert str(runtime.summit.clock.tz) == "Europe/Berlin"
        assert runtime.summit.settings.tz_name == "Europe/Berlin"
        assert runtime.summit.clock.now().utcoffset() == BERLIN.utcoffset(datetime.now())
    finally:
        runtime.stop()


def test_a_tz_choice_holds_for_later_loads_but_a_files_own_zone_does_not(
        berlin_file, tmp_path, monkeypatch, capsys):  # fmt: skip
    monkeypatch.setenv("SUMMIT_TZ", "Asia/Seoul")
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "c.db"))
    assert main(["agenda", "load", str(berlin_file), "--tz", "Asia/Seoul"]) == 0
    assert main(["agenda", "load", str(berlin_file)]) == 0  # the choice holds
    assert "as an earlier `agenda load --tz` chose" in capsys.readouterr().err
    store = Store(tmp_path / "c.db")
    assert (store.agenda_zone(), store.agenda_zone_chosen()) == ("Asia/Seoul", True)

    monkeypatch.delenv("SUMMIT_TZ")
    other = tmp_path / "paris.json"
    other.write_text(frab([("1", "2026-07-01T11:00:00+02:00", "11:00", "01:00", "2026-07-01")],
                          zone="Europe/Paris"))  # fmt: skip
    store.set_agenda_zone("Europe/Berlin")  # the file's own zone, not a choice
    assert main(["agenda", "load", str(other)]) == 0
    assert store.agenda_zone() == "Europe/Paris"


def test_a_rehearsal_time_without_offset_is_read_in_the_agendas_zone(berlin_file, settings,
                                                                      slack):  # fmt: skip
    from slack_sdk import WebClient

    from bot.server import build_runtime
    from bot.settings import Settings

    rehearsal = Settings.from_env({"SUMMIT_CLOCK": "2026-07-01T10:55"})
    settings = settings.with_(agenda_path=str(berlin_file), api_url=slack.api_url,
                              clock_start=rehearsal.clock_start)  # fmt: skip
    runtime = build_runtime(settings, client=WebClient(token=settings.bot_token,
                                                       base_url=slack.api_url))  # fmt: skip
    try:
        # 10:55 as the organiser in Berlin means it, five minutes before the 11:00 opening.
        drift = runtime.summit.clock.now() - datetime(2026, 7, 1, 10, 55, tzinfo=BERLIN)
        assert timedelta(0) <= drift < timedelta(minutes=1)
    finally:
        runtime.stop()
