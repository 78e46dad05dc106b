"""pretalx/frab schedule JSON: times as instants, shown in the zone `--tz` picks, ids, kinds,
problems."""

from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.agenda.readers import read_agenda, read_agenda_data
from bot.agenda.readers.frab_json import read as read_frab_json


def read_schedule_json(name: str, text: str, tz):
    """The export shown in `tz`, as `agenda load --tz Asia/Seoul` would."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:
        return read_agenda_data(name, text, tz, override=tz)
    return read_frab_json(name, text, doc, tz, override=tz)

SEOUL = ZoneInfo("Asia/Seoul")


def event(eid, guid, when, duration, room, title, *, kind="Talk", track="Cloud", persons=()):
    return {
        "id": eid,
        "guid": guid,
        "logo": "",
        "date": when,
        "start": when[11:16],
        "duration": duration,
        "room": room,
        "slug": f"summit-{eid}",
        "url": f"https://pretalx.example/summit/talk/{eid}/",
        "title": title,
        "subtitle": "",
        "track": track,
        "type": kind,
        "language": "en",
        "abstract": f"About {title}.",
        "description": "",
        "recording_license": "",
        "do_not_record": False,
        "persons": list(persons),
        "links": [],
        "attachments": [],
        "answers": [],
    }


def schedule() -> dict:
    """Two days, three rooms, a conference held in Berlin (CEST, +02:00)."""
    day1 = {
        "Main Hall": [
            event(
                101,
                "6f1c5b0e-0000-4000-8000-000000000101",
                "2023-06-14T09:00:00+02:00",
                "01:00",
                "Main Hall",
                "Opening Keynote",
                kind="Keynote",
                track=None,
                persons=[{"id": 1, "code": "ADA1", "public_name": "Ada Lovelace"}],
            ),
            event(
                102,
                "6f1c5b0e-0000-4000-8000-000000000102",
                "2023-06-14T10:00:00+02:00",
                "00:30",
                "Main Hall",
                "Coffee Break",
                kind="Break",
                track=None,
            ),
        ],
        "Room A": [
            event(
                103,
                "6f1c5b0e-0000-4000-8000-000000000103",
                "2023-06-14T10:30:00+02:00",
                "00:45",
                "Room A",
                "Serverless at Scale",
                track={"name": "Cloud", "id": 3},
                persons=[{"name": "Grace Hopper"}, {"public_name": "Linus T", "name": "x"}],
            ),
        ],
        "Room B": [
            event(
                104,
                "6f1c5b0e-0000-4000-8000-000000000104",
                "2023-06-14T22:30:00+02:00",
                "01:30",
                "Room B",
                "Late Night Hack",
                kind="Workshop",
                track="Hacking",
            ),
        ],
    }
    day2 = {
        "Main Hall": [
            event(
                201,
                "6f1c5b0e-0000-4000-8000-000000000201",
                "2023-06-15T12:00:00+02:00",
                "01:00",
                "Main Hall",
                "Lunch",
                kind="Lunch",
                track=None,
            ),
        ],
        "Room A": [
            event(
                202,
                "6f1c5b0e-0000-4000-8000-000000000202",
                "2023-06-15T13:00:00+02:00",
                "00:40",
                "Room A",
                "Partner Showcase",
                kind="Sponsored talk",
            ),
        ],
        "Room B": [
            # No offset: read in the conference's zone (Berlin).
            event(
                1234567890123,
                "6f1c5b0e-0000-4000-8000-000000000203",
                "2023-06-15T14:00:00",
                "02:00",
                "Room B",
                "Expo Floor Tour",
                kind="Expo",
            ),
        ],
    }
    return {
        "schedule": {
            "url": "https://pretalx.example/summit/schedule/",
            "version": "1.0",
            "base_url": "https://pretalx.example",
            "conference": {
                "acronym": "summit",
                "title": "Summit 2023",
                "start": "2023-06-14",
                "end": "2023-06-15",
                "daysCount": 2,
                "timeslot_duration": "00:05",
                "time_zone_name": "Europe/Berlin",
                "rooms": [{"name": "Main Hall"}, {"name": "Room A"}, {"name": "Room B"}],
                "days": [
                    {"index": 1, "date": "2023-06-14", "day_start": "2023-06-14T04:00:00+02:00",
                     "day_end": "2023-06-15T03:59:00+02:00", "rooms": day1},
                    {"index": 2, "date": "2023-06-15", "day_start": "2023-06-15T04:00:00+02:00",
                     "day_end": "2023-06-16T03:59:00+02:00", "rooms": day2},
                ],
            },
        }
    }  # fmt: skip


def read(doc: dict):
    return read_schedule_json("sched.json", json.dumps(doc, indent=2), SEOUL)


def kst(text: str) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=SEOUL).timestamp())


def line_of(text: str, needle: str) -> int:
    """The line of the `{` that opens the object containing `needle` (indent=2 layout)."""
    at = text.index(needle)
    return text.count("\n", 0, text.rindex("{", 0, at)) + 1


def test_reads_all_sessions_converted_to_seoul():
    result = read(schedule())
    assert result.ok, result.problems
    assert result.warnings == []
    rows = {r["id"]: r for r in result.rows}
    assert len(rows) == 7

    keynote = rows["101"]
    assert keynote["day"] == "2023-06-14"
    assert keynote["start_ts"] == kst("2023-06-14T16:00")  # 09:00 CEST = 16:00 KST
    assert keynote["end_ts"] == kst("2023-06-14T17:00")
    assert keynote["kind"] == "keynote"
    assert keynote["speakers"] == "Ada Lovelace"
    assert keynote["room"] == "Main Hall"
    assert keynote["track"] == ""
    assert keynote["title"] == "Opening Keynote"
    assert keynote["title_en"] == ""
    assert keynote["description"] == "About Opening Keynote."
    assert keynote["tags"] == ""
    assert keynote["capacity"] is None

    coffee = rows["102"]
    assert (coffee["start_ts"], coffee["end_ts"]) == (kst("2023-06-14T17:00"),
                                                      kst("2023-06-14T17:30"))  # fmt: skip
    assert coffee["kind"] == "break"

    talk = rows["103"]
    assert talk["speakers"] == "Grace Hopper;Linus T"
    assert talk["track"] == "Cloud"
    assert talk["kind"] == "breakout"

    # 22:30 in Berlin is already the next morning in Seoul: the row's day is Seoul's.
    late = rows["104"]
    assert late["day"] == "2023-06-15"
    assert late["start_ts"] == kst("2023-06-15T05:30")
    assert late["end_ts"] == kst("2023-06-15T07:00")
    assert late["track"] == "Hacking"

    assert rows["201"]["kind"] == "break"
    assert rows["202"]["kind"] == "sponsor"


def test_long_id_gets_stable_hashed_id_and_offsetless_date_uses_conference_zone():
    rows = {r["id"]: r for r in read(schedule()).rows}
    expected = "p-" + hashlib.sha1(b"6f1c5b0e-0000-4000-8000-000000000203").hexdigest()[:10]
    assert expected in rows
    tour = rows[expected]
    assert tour["kind"] == "expo"
    assert tour["start_ts"] == kst("2023-06-15T21:00")  # 14:00 Berlin
    assert tour["end_ts"] == kst("2023-06-15T23:00")
    assert [r["id"] for r in read(schedule()).rows] == [r["id"] for r in read(schedule()).rows]


def test_offsetless_date_without_conference_zone_uses_bot_zone():
    doc = schedule()
    del doc["schedule"]["conference"]["time_zone_name"]
    rows = {r["title"]: r for r in read(doc).rows}
    assert rows["Expo Floor Tour"]["start_ts"] == kst("2023-06-15T14:00")
    assert rows["Opening Keynote"]["start_ts"] == kst("2023-06-14T16:00")


def test_event_without_date_falls_back_to_day_date_and_start():
    doc = schedule()
    ev = doc["schedule"]["conference"]["days"][0]["rooms"]["Room A"][0]
    del ev["date"]  # start "10:30" on 2023-06-14 in Berlin
    rows = {r["id"]: r for r in read(doc).rows}
    assert rows["103"]["start_ts"] == kst("2023-06-14T17:30")


def test_invalid_json_reports_line():
    text = '{\n  "schedule": {\n    "version": "1.0",\n    "conference": {,\n  }\n}\n'
    result = read_schedule_json("bad.json", text, SEOUL)
    assert not result.ok and result.rows == []
    assert len(result.problems) == 1
    assert result.problems[0].startswith("bad.json:4: invalid JSON: ")


@pytest.mark.parametrize(
    "doc",
    [{}, {"schedule": {}}, {"schedule": {"conference": {"title": "x"}}}, [1, 2]],
)
def test_missing_days_is_an_unknown_format(doc):
    result = read_agenda_data("s.json", json.dumps(doc), SEOUL)
    assert len(result.problems) == 1
    assert result.problems[0].startswith("s.json:1: unknown agenda format (JSON of no known ")
    assert "formats read: CSV, frab/pretalx JSON, frab XML" in result.problems[0]


def test_no_events_is_a_problem():
    doc = schedule()
    for day in doc["schedule"]["conference"]["days"]:
        day["rooms"] = {}
    assert read(doc).problems == ["sched.json:1: no sessions"]


def test_missing_title_points_at_event_line():
    doc = schedule()
    doc["schedule"]["conference"]["days"][1]["rooms"]["Room A"][0]["title"] = "  "
    text = json.dumps(doc, indent=2)
    result = read_schedule_json("s.json", text, SEOUL)
    line = line_of(text, '"guid": "6f1c5b0e-0000-4000-8000-000000000202"')
    assert result.problems == [f"s.json:{line}: missing title"]
    assert line > 1


@pytest.mark.parametrize("duration", ["00:00", "90", "1:75", "", None, "1h"])
def test_bad_duration_is_a_problem(duration):
    doc = schedule()
    doc["schedule"]["conference"]["days"][0]["rooms"]["Room B"][0]["duration"] = duration
    text = json.dumps(doc, indent=2)
    result = read_schedule_json("s.json", text, SEOUL)
    line = line_of(text, '"guid": "6f1c5b0e-0000-4000-8000-000000000104"')
    assert result.problems == [f"s.json:{line}: bad duration {duration!r}: expected HH:MM, "
                               "more than zero"]  # fmt: skip


def test_bad_date_is_a_problem():
    doc = schedule()
    doc["schedule"]["conference"]["days"][0]["rooms"]["Main Hall"][1]["date"] = "14/06/2023 10:00"
    result = read(doc)
    assert len(result.problems) == 1
    assert "bad date '14/06/2023 10:00'" in result.problems[0]


def test_duplicate_ids_name_both_lines():
    doc = schedule()
    rooms = doc["schedule"]["conference"]["days"][1]["rooms"]
    rooms["Room A"][0]["id"] = 101  # same id as the keynote on day 1
    text = json.dumps(doc, indent=2)
    result = read_schedule_json("s.json", text, SEOUL)
    first = line_of(text, '"guid": "6f1c5b0e-0000-4000-8000-000000000101"')
    dup = line_of(text, '"guid": "6f1c5b0e-0000-4000-8000-000000000202"')
    assert result.problems == [f"s.json:{dup}: duplicate id '101' (first on line {first})"]


def test_minified_json_lines_are_still_found():
    doc = schedule()
    doc["schedule"]["conference"]["days"][0]["rooms"]["Room A"][0]["title"] = ""
    result = read_schedule_json("m.json", json.dumps(doc), SEOUL)
    assert result.problems == ["m.json:1: missing title"]


def test_unknown_conference_zone_is_a_problem():
    doc = schedule()
    doc["schedule"]["conference"]["time_zone_name"] = "Mars/Olympus"
    result = read(doc)
    assert result.problems == ["sched.json:1: unknown time zone 'Mars/Olympus'"]


def test_read_agenda_picks_json_for_json_file(tmp_path):
    path = tmp_path / "pretalx.json"
    path.write_text(json.dumps(copy.deepcopy(schedule()), indent=2), encoding="utf-8")
    result = read_agenda(path, SEOUL)
    assert result.ok, result.problems
    assert (result.format, result.file_zone, result.zone) == (
        "frab/pretalx JSON", "Europe/Berlin", "Europe/Berlin")  # fmt: skip
    assert len(result.rows) == 7
    keynote = next(r for r in result.rows if r["id"] == "101")
    assert keynote["start_ts"] == kst("2023-06-14T16:00")
    # Without --tz the event is shown in its own zone: 22:30 Berlin stays on its day.
    late = next(r for r in result.rows if r["id"] == "104")
    assert late["day"] == "2023-06-14"


def test_read_agenda_reports_invalid_json_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"schedule": \n  {"conference": }\n}', encoding="utf-8")
    result = read_agenda(path, SEOUL)
    assert result.problems and result.problems[0].startswith(f"{path}:2: invalid JSON: ")
