"""frab / Pentabarf `schedule.xml` (the export of frab, pretalx and FOSDEM; schema
`schedule.xml.xsd` of github.com/voc/schedule):
`<schedule><conference><time_zone_name/></conference><day date=".."><room name=".."><event
guid=".." id=".."><date/><start/><duration/><title/><track/><type/><abstract/><persons>
<person>Name</person></persons></event>`. Untrusted XML is parsed with defusedxml (no entity
expansion, no external references). `date` (an ISO datetime with offset) is authoritative;
without it the day's date plus `start` is local time. Problems read `FILE:LINE: reason`."""

from __future__ import annotations

import re
from datetime import date, datetime, tzinfo
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from bot.agenda.readers.common import (
    CLOCK,
    AgendaFile,
    after,
    choose_zone,
    duration,
    kind_of,
    local_instant,
    offsets_zone,
    parse_datetime,
    plain_description,
    session_id,
    session_row,
    speaker_name,
    too_long,
)

FORMAT = "frab XML"
EVENT_TAG = re.compile(r"<event[\s>/]")


def accepts(text: str) -> bool:
    return re.search(r"<schedule[\s>]", text[:4096]) is not None


def read(name: str, text: str, fallback: tzinfo, override: tzinfo | None = None) -> AgendaFile:
    result = AgendaFile(format=FORMAT)
    try:
        root = fromstring(text)
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else 1
        result.problems.append(f"{name}:{line}: invalid XML: {exc}")
        return result
    except DefusedXmlException as exc:
        result.problems.append(f"{name}:1: unsafe XML refused ({type(exc).__name__})")
        return result
    if root.tag != "schedule":
        result.problems.append(f"{name}:1: the root element is <{root.tag}>, not <schedule>")
        return result
    declared = _child(root.find("conference"), "time_zone_name")
    zone, shown = choose_zone(result, name, declared, fallback, override)
    if result.problems:
        return result
    if not declared:  # the offsets of the events' dates may name the zone
        dates = [parse_datetime(_child(e, "date"), zone)[0] for e in root.iter("event")]
        shown = offsets_zone(result, [d for d in dates if d is not None], fallback, override)
    lines = [text.count("\n", 0, m.start()) + 1 for m in EVENT_TAG.finditer(text)]
    index = 0
    for day in root.iter("day"):
        for room in day.iter("room"):
            for event in room.iter("event"):
                line = lines[index] if index < len(lines) else 0
                index += 1
                problem, row = _row(event, day, room, zone, shown)
                result.add(f"{name}:{line}", f"on line {line}", problem, row)
    return result.finish(name)


def _child(element: Element | None, tag: str) -> str:
    found = element.find(tag) if element is not None else None
    return "".join(found.itertext()).strip() if found is not None else ""


def _row(event: Element, day: Element, room: Element, zone: tzinfo, shown: tzinfo):
    sid = session_id(event.get("id"), event.get("guid"))
    if sid is None:
        return "missing id and guid", {}
    title = _child(event, "title")
    if not title:
        return "missing title", {}
    raw_date = _child(event, "date")
    if raw_date:
        start_at, problem = parse_datetime(raw_date, zone)
    else:
        start_at, problem = _day_start(day.get("date", ""), _child(event, "start"), zone)
    if problem:
        return problem, {}
    raw_duration = _child(event, "duration")
    length = duration(raw_duration)
    if length is None:
        return f"bad duration {raw_duration!r}: expected HH:MM, more than zero", {}
    start_at = start_at.astimezone(shown)
    persons = event.find("persons")
    speakers = [speaker_name(" ".join(p.itertext()).strip())
                for p in (persons.iter("person") if persons is not None else [])
                if " ".join(p.itertext()).strip()]  # fmt: skip
    fields = {
        "title": title,
        "track": _child(event, "track"),
        "room": _child(event, "room") or room.get("name", "").strip(),
        "description": plain_description(_child(event, "abstract")
                                          or _child(event, "description")),  # fmt: skip
    }
    problem = too_long([*fields.values(), *speakers])
    if problem:
        return problem, {}
    return None, session_row(
        sid=sid,
        day=start_at.date(),
        start_at=start_at,
        end_at=after(start_at, length),
        speakers=speakers,
        kind=kind_of(_child(event, "type")),
        **fields,
    )


def _day_start(day_date: str, start: str, zone: tzinfo):
    clock = CLOCK.match(start)
    try:
        on = date.fromisoformat(day_date[:10])
    except ValueError:
        return None, f"bad day date {day_date!r}: expected YYYY-MM-DD"
    if not clock or int(clock[1]) > 23 or int(clock[2]) > 59:
        return None, f"bad start {start!r}: expected HH:MM"
    return local_instant(datetime(on.year, on.month, on.day, int(clock[1]), int(clock[2])), zone)
