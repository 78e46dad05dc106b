"""A pretalx / frab schedule JSON export.

The shape is
`{"schedule": {"conference": {"time_zone_name", "days": [{"date", "rooms": {ROOM: [EVENT]}}]}}}`.
Each event's `date` (an ISO datetime, normally with an offset) is authoritative; the row's
`day` is its local date in the event's zone (`time_zone_name`, unless `--tz` says otherwise).
The end is the start plus `duration` as an absolute span, so a session across a DST change
keeps its length. Ids keep pretalx's number when it is a valid session id and otherwise get a
stable hash of the guid. Problems read `FILE:LINE: reason`, LINE being where the event's
object starts; a file with any problem loads nothing, as with the CSV.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Iterator
from datetime import date, datetime, tzinfo

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
from bot.agenda.readers.common import text as _text

FORMAT = "frab/pretalx JSON"


def accepts(doc) -> bool:
    days = ((doc.get("schedule") or {}).get("conference") or {}) if isinstance(doc, dict) else {}
    return isinstance(days, dict) and isinstance(days.get("days"), list)


def read(name: str, text: str, doc: dict, fallback: tzinfo,
         override: tzinfo | None = None) -> AgendaFile:  # fmt: skip
    """Read the parsed schedule `doc` (`text` is its source, for line numbers)."""
    result = AgendaFile(format=FORMAT)
    schedule = doc.get("schedule") if isinstance(doc, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    days = conference.get("days") if isinstance(conference, dict) else None
    if not isinstance(days, list):
        result.problems.append(f"{name}:1: missing schedule.conference.days")
        return result

    declared = _text(conference.get("time_zone_name"))
    zone, shown = choose_zone(result, name, declared, fallback, override)
    if result.problems:
        return result
    if not declared:  # the offsets of the events' dates may name the zone
        dates = [parse_datetime(e.get("date"), zone)[0] for _, _, e in _events(days)
                 if isinstance(e, dict) and e.get("date")]  # fmt: skip
        shown = offsets_zone(result, [d for d in dates if d is not None], fallback, override)

    # Problems are kept as (event index, reason, index of the first with that id) and get line
    # numbers at the end, so the slower position-tracking parse only runs when something is wrong.
    pending: list[tuple[int, str, int | None]] = []
    seen: dict[str, int] = {}
    for index, (day, room_key, event) in enumerate(_events(days)):
        if isinstance(event, str):  # a malformed day or room, found while walking
            pending.append((index, event, None))
            continue
        problem, row = _row(event, day, room_key, zone, shown)
        if problem:
            pending.append((index, problem, None))
        elif row["id"] in seen:
            pending.append((index, f"duplicate id {row['id']!r}", seen[row["id"]]))
        else:
            seen[row["id"]] = index
            result.rows.append(row)

    if pending:
        lines = _event_lines(text)

        def line_of(index: int) -> int:
            return lines[index] if index < len(lines) else 0

        for index, problem, first in pending:
            if first is not None:
                problem += f" (first on line {line_of(first)})"
            result.problems.append(f"{name}:{line_of(index)}: {problem}")
    if not result.rows and not result.problems:
        result.problems.append(f"{name}:1: no sessions")
    return result


def _events(days: list) -> Iterator[tuple[dict, str, dict | str]]:
    """Every event in document order as (day, room key, event).

    A malformed day or room yields a reason string in place of the event. `_event_lines`
    walks the same way, so the n-th item here is the n-th event there.
    """
    for day_index, day in enumerate(days):
        if not isinstance(day, dict):
            yield {}, "", f"day #{day_index + 1} is not an object"
            continue
        rooms = day.get("rooms") or {}
        if not isinstance(rooms, dict):
            yield day, "", f"day {day.get('date', day_index + 1)}: rooms is not an object"
            continue
        for room_key, events in rooms.items():
            if not isinstance(events, list):
                yield day, room_key, f"room {room_key!r}: events are not a list"
                continue
            for event in events:
                if not isinstance(event, dict):
                    yield day, room_key, f"room {room_key!r}: an event is not an object"
                    continue
                yield day, room_key, event


def _row(event: dict, day: dict, room_key: str, zone: tzinfo, shown: tzinfo):
    sid = session_id(event.get("id"), event.get("guid"))
    if sid is None:
        return "missing id and guid", {}
    title = _text(event.get("title"))
    if not title:
        return "missing title", {}
    start_at, problem = _start(event, day, zone)
    if problem:
        return problem, {}
    raw_duration = event.get("duration")
    length = duration(raw_duration)
    if length is None:
        return f"bad duration {raw_duration!r}: expected HH:MM, more than zero", {}
    start_at = start_at.astimezone(shown)
    fields = {
        "title": title,
        "track": _text(event.get("track")),
        "room": _text(event.get("room")) or str(room_key).strip(),
        "description": plain_description(
            _text(event.get("abstract")) or _text(event.get("description"))
        ),
    }
    speakers = _speakers(event.get("persons"))
    problem = too_long([*fields.values(), *speakers])
    if problem:
        return problem, {}
    return None, session_row(
        sid=sid,
        day=start_at.date(),
        start_at=start_at,
        end_at=after(start_at, length),
        speakers=speakers,
        kind=kind_of(_text(event.get("type"))),
        **fields,
    )


def _start(event: dict, day: dict, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """The event's start: `date`, else the day's date plus `start` (local in `zone`)."""
    raw = event.get("date")
    if raw not in (None, ""):
        when, problem = parse_datetime(raw, zone)
        return when, (f"bad date {raw!r}: expected an ISO datetime" if problem and
                      problem.startswith("bad time") else problem)  # fmt: skip
    clock = CLOCK.match(_text(event.get("start")))
    try:
        on = date.fromisoformat(_text(day.get("date"))[:10])
    except ValueError:
        on = None
    if on is None or not clock or int(clock[1]) > 23 or int(clock[2]) > 59:
        return None, f"bad date {raw!r}: expected an ISO datetime"
    return local_instant(datetime(on.year, on.month, on.day, int(clock[1]), int(clock[2])), zone)


def _speakers(persons) -> list[str]:
    names = []
    for person in persons if isinstance(persons, list) else []:
        if isinstance(person, dict):
            found = _text(person.get("public_name")) or _text(person.get("name"))
        else:
            found = _text(person)
        if found:
            names.append(speaker_name(found))
    return names


class _Located(dict):
    """A JSON object that remembers the offset of its `{`."""

    offset = 0


def _event_lines(text: str) -> list[int]:
    """The 1-based line where each event object starts, in `_events` order (0 if unknown)."""

    def parse_object(s_and_end, *args, **kwargs):
        obj, end = json.decoder.JSONObject(s_and_end, *args, **kwargs)
        located = _Located(obj)
        located.offset = s_and_end[1] - 1
        return located, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object
    decoder.scan_once = json.scanner.py_make_scanner(decoder)
    try:
        doc = decoder.decode(text)
        days = doc["schedule"]["conference"]["days"]
    except (ValueError, RecursionError, KeyError, TypeError):
        return []
    lines = []
    for day, _room, event in _events(days):
        # A malformed day or room has no event object: point at its day instead.
        offset = getattr(day if isinstance(event, str) else event, "offset", None)
        lines.append(text.count("\n", 0, offset) + 1 if offset is not None else 0)
    return lines
