"""Real public exports (tests/fixtures/README.md): each is detected, checks clean, and every
stored session's instants, room, title, speakers and track match the file parsed here
independently (xml.etree for XML, json for JSON)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import AgendaCache
from bot.agenda.loading import load_agenda_file
from bot.agenda.readers import read_agenda
from bot.cli import main
from bot.store import Store
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures"
SEOUL = ZoneInfo("Asia/Seoul")
NOW = datetime(2020, 1, 1, tzinfo=SEOUL)


def hours(text: str) -> timedelta:
    h, m = text.split(":")[:2]
    return timedelta(hours=int(h), minutes=int(m))


def frab_xml_expected(path: Path) -> list[dict]:
    root = ET.parse(path).getroot()
    out = []
    for day in root.findall("day"):
        for room in day.findall("room"):
            for event in room.findall("event"):
                start = datetime.fromisoformat(event.findtext("date"))
                out.append({
                    "title": event.findtext("title"), "room": room.get("name"),
                    "track": event.findtext("track") or "",
                    "speakers": [p.text for p in event.iter("person")],
                    "start": start, "end": start + hours(event.findtext("duration")),
                })  # fmt: skip
    return out


def frab_json_expected(path: Path) -> list[dict]:
    conference = json.loads(path.read_text())["schedule"]["conference"]
    out = []
    for day in conference["days"]:
        for room, events in day["rooms"].items():
            for event in events:
                start = datetime.fromisoformat(event["date"])
                out.append({
                    "title": event["title"], "room": event.get("room") or room,
                    "track": event.get("track") or "",
                    "speakers": [p.get("public_name") or p["name"] for p in event["persons"]],
                    "start": start, "end": start + hours(event["duration"]),
                })  # fmt: skip
    return out


def c3voc_expected(path: Path) -> list[dict]:
    schedule = json.loads(path.read_text())["schedule"]
    tracks = {t["slug"]: t["name"] for t in schedule["conference"]["tracks"]}
    return [{
        "title": e["title"], "room": e["room"]["name"], "track": tracks[e["track"]["slug"]],
        "speakers": [p["name"] for p in e["participants"] if p["role"] == "SPEAKER"],
        "start": datetime.fromisoformat(e["start"]), "end": datetime.fromisoformat(e["end"]),
    } for e in schedule["events"]]  # fmt: skip


NEW_YORK = ZoneInfo("America/New_York")


def sessionize_expected(path: Path) -> list[dict]:
    doc = json.loads(path.read_text())
    speakers = {s["id"]: s["fullName"] for s in doc["speakers"]}
    rooms = {r["id"]: r["name"] for r in doc["rooms"]}
    category = {i["id"]: i["name"] for c in doc["categories"] if c["title"] == "Category"
                for i in c["items"]}  # fmt: skip
    return [{
        "title": s["title"], "room": rooms[s["roomId"]],
        "track": ", ".join(category[i] for i in s["categoryItems"] if i in category),
        "speakers": [speakers[i] for i in s["speakers"]],
        # Sessionize's times are the event's local times (Orlando's, read in SUMMIT_TZ).
        "start": datetime.fromisoformat(s["startsAt"]).replace(tzinfo=NEW_YORK),
        "end": datetime.fromisoformat(s["endsAt"]).replace(tzinfo=NEW_YORK),
    } for s in doc["sessions"]]  # fmt: skip


CASES = [
    ("frab-31c3-schedule.xml", "frab XML", SEOUL, "+01:00", frab_xml_expected),
    ("pretalx-democon.json", "frab/pretalx JSON", SEOUL, "UTC", frab_json_expected),
    ("c3voc-38c3-hub-schedule2.json", "c3voc schedule 2 JSON", SEOUL, "Europe/Berlin",
     c3voc_expected),
    ("sessionize-orlando-codecamp-2020-all.json", "Sessionize JSON", NEW_YORK,
     "America/New_York", sessionize_expected),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fmt", "tz", "zone", "expected"), CASES)
def test_real_export_is_stored_as_the_file_says(tmp_path, name, fmt, tz, zone, expected):
    path = FIXTURES / name
    agenda = read_agenda(path, tz)
    assert agenda.ok, agenda.problems[:3]
    assert (agenda.format, agenda.zone) == (fmt, zone)
    store = Store(tmp_path / "s.db")
    store.migrate()
    load = load_agenda_file(store, path, tz, confirm=True, now=NOW)
    assert load.applied and store.agenda_zone() == zone
    stored = sorted(AgendaCache(store, tz).current().all, key=lambda s: (s.start, s.title))
    want = sorted(expected(path), key=lambda e: (e["start"], e["title"].strip()))
    assert len(stored) == len(want) > 0
    for session, event in zip(stored, want, strict=True):
        assert session.title == event["title"].strip()  # the readers trim
        assert session.start == event["start"] and session.end == event["end"]
        assert session.room == event["room"]
        assert session.track == event["track"]
        assert list(session.speakers) == [s.strip().replace(";", ",") for s in event["speakers"]]
        assert session.day == event["start"].astimezone(agenda_zone(zone)).date()


def agenda_zone(name: str):
    from bot.agenda.readers.common import zone_named

    return zone_named(name)


@pytest.mark.parametrize(("name", "fmt"), [(c[0], c[1]) for c in CASES])
def test_agenda_check_names_the_format(name, fmt, capsys, monkeypatch):
    monkeypatch.delenv("SUMMIT_TZ", raising=False)
    assert main(["agenda", "check", str(FIXTURES / name)]) == 0
    out = capsys.readouterr()
    assert f": {fmt}, " in out.out and "no problems" in out.out
    assert out.err == ""


def test_31c3_session_after_midnight_belongs_to_the_day_it_starts():
    rows = read_agenda(FIXTURES / "frab-31c3-schedule.xml", SEOUL).rows
    late = [r for r in rows if datetime.fromtimestamp(r["start_ts"], SEOUL).hour < 6]
    assert late, "the fixture has sessions after midnight Berlin time"
    for row in late:
        local = datetime.fromtimestamp(row["start_ts"], agenda_zone("+01:00"))
        assert row["day"] == local.date().isoformat()


def test_html_abstract_becomes_escaped_plain_text_with_links():
    from bot.agenda.readers.common import plain_description
    from bot.views.text import escape

    html = '<p>Read <a href="https://x.example/a?b=1&amp;c=2">the <b>spec</b></a> &lt;now&gt;</p>'
    text = plain_description(html)
    assert "<p>" not in text and "<a" not in text
    assert "the *spec* (https://x.example/a?b=1&c=2)" in text
    assert escape(text).endswith("&lt;now&gt;")
    assert plain_description("See [docs](https://d.example) and **this**") == (
        "See docs (https://d.example) and *this*")  # fmt: skip


def test_unknown_format_gets_one_line_listing_the_formats(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text('{"talks": []}')
    assert main(["agenda", "check", str(path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert re.search(r"unknown agenda format .*formats read: CSV, frab/pretalx JSON, frab XML, "
                     r"c3voc schedule 2 JSON, Sessionize JSON", err[0])  # fmt: skip


def test_xml_with_entities_is_refused(tmp_path):
    bomb = ('<?xml version="1.0"?><!DOCTYPE schedule [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;">]><schedule><conference><title>&b;</title>'
            '</conference></schedule>')  # fmt: skip
    path = tmp_path / "bomb.xml"
    path.write_text(bomb)
    result = read_agenda(path, SEOUL)
    assert result.problems == [f"{path}:1: unsafe XML refused (EntitiesForbidden)"]
