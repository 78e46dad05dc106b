"""Reading a pretalx / frab schedule JSON export into the same rows as an agenda CSV.

The shape (GUIDE.md "Interchange formats") is
`{"schedule": {"conference": {"time_zone_name", "days": [{"date", "rooms": {ROOM: [EVENT]}}]}}}`.
Each event's `date` (an ISO datetime, normally with an offset) is authoritative; it is moved
into the bot's zone, so the row's `day` is the local date there. Ids keep pretalx's number when
it is a valid session id (CONTRACT.md "Session ids and capacity") and otherwise get a stable
`p-` + 10 hex digits derived from the guid. Problems read `FILE:LINE: reason`, LINE being where
the event's object starts; a file with any problem loads nothing, as with the CSV.
"""

from __future__ import annotations

import hashlib
import json
import json.decoder
import json.scanner
import re
from collections.abc import Iterator
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.agenda_file import CLOCK, MAX_FIELD, SESSION_ID, AgendaFile, session_row

DURATION = re.compile(r"^(\d{1,2}):(\d{2})$")
# First match wins; anything else is a breakout.
KIND_WORDS = (
    ("keynote", "keynote"),
    ("break", "break"),
    ("lunch", "break"),
    ("coffee", "break"),
    ("sponsor", "sponsor"),
    ("expo", "expo"),
)


def read_schedule_json(name: str, text: str, tz: tzinfo) -> AgendaFile:
    """Read pretalx/frab schedule JSON `text` (from file `name`) into agenda rows in `tz`."""
    result = AgendaFile()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        result.problems.append(f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})")
        return result
    except RecursionError:
        result.problems.append(f"{name}:1: invalid JSON: nested too deeply")
        return result

    schedule = doc.get("schedule") if isinstance(doc, dict) else None
    conference = schedule.get("conference") if isinstance(schedule, dict) else None
    days = conference.get("days") if isinstance(conference, dict) else None
    if not isinstance(days, list):
        result.problems.append(f"{name}:1: missing schedule.conference.days")
        return result

    home = tz
    zone_name = _text(conference.get("time_zone_name"))
    if zone_name:
        try:
            home = ZoneInfo(zone_name)
        except (ZoneInfoNotFoundError, ValueError):
            result.warnings.append(
                f"{name}:1: unknown time_zone_name {zone_name!r}; times without an offset "
                "are read in the bot's zone"
            )

    # Problems are kept as (event index, reason, index of the first with that id) and get line
    # numbers at the end, so the slower position-tracking parse only runs when something is wrong.
    pending: list[tuple[int, str, int | None]] = []
    seen: dict[str, int] = {}
    for index, (day, room_key, event) in enumerate(_events(days)):
        if isinstance(event, str):  # a malformed day or room, found while walking
            pending.append((index, event, None))
            continue
        problem, row = _row(event, day, room_key, home, tz)
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


def _row(event: dict, day: dict, room_key: str, home: tzinfo, tz: tzinfo):
    sid = _session_id(event.get("id"), event.get("guid"))
    if sid is None:
        return "missing id and guid", {}
    title = _text(event.get("title"))
    if not title:
        return "missing title", {}
    start = _start(event, day, home)
    if start is None:
        return f"bad date {event.get('date')!r}: expected an ISO datetime", {}
    raw_duration = event.get("duration")
    duration = _duration(raw_duration)
    if duration is None:
        return f"bad duration {raw_duration!r}: expected HH:MM, more than zero", {}
    start_at = start.astimezone(tz)
    end_at = start_at + duration
    fields = {
        "title": title,
        "track": _text(event.get("track")),
        "room": _text(event.get("room")) or str(room_key).strip(),
        "description": _text(event.get("abstract")) or _text(event.get("description")),
    }
    speakers = _speakers(event.get("persons"))
    if any(len(v) > MAX_FIELD for v in [*fields.values(), *speakers]):
        return f"a field is longer than {MAX_FIELD} characters", {}
    return None, session_row(
        sid=sid,
        day=start_at.date(),
        start_at=start_at,
        end_at=end_at,
        speakers=speakers,
        tags=[],
        kind=_kind(_text(event.get("type"))),
        capacity=None,
        **fields,
    )


def _session_id(raw_id, guid) -> str | None:
    """pretalx's own id when it is a valid session id, else a stable hash of guid (or id)."""
    if isinstance(raw_id, bool):
        raw_id = None
    text_id = str(raw_id).strip() if raw_id is not None else ""
    if text_id and SESSION_ID.match(text_id):
        return text_id
    seed = _text(guid) or text_id
    if not seed:
        return None
    return "p-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


def _start(event: dict, day: dict, home: tzinfo) -> datetime | None:
    """The event's start as an aware datetime: `date`, else the day's date plus `start`."""
    raw = event.get("date")
    if raw not in (None, ""):
        if not isinstance(raw, str):
            return None
        try:
            when = datetime.fromisoformat(raw.strip())
        except ValueError:
            return None
        return when if when.tzinfo is not None else when.replace(tzinfo=home)
    clock = CLOCK.match(_text(event.get("start")))
    try:
        on = date.fromisoformat(_text(day.get("date"))[:10])
    except ValueError:
        return None
    if not clock or int(clock[1]) > 23 or int(clock[2]) > 59:
        return None
    return datetime(on.year, on.month, on.day, int(clock[1]), int(clock[2]), tzinfo=home)


def _duration(raw) -> timedelta | None:
    match = DURATION.match(raw.strip()) if isinstance(raw, str) else None
    if not match or int(match[2]) > 59:
        return None
    length = timedelta(hours=int(match[1]), minutes=int(match[2]))
    return length if length > timedelta(0) else None


def _kind(event_type: str) -> str:
    lowered = event_type.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind
    return "breakout"


def _speakers(persons) -> list[str]:
    names = []
    for person in persons if isinstance(persons, list) else []:
        if isinstance(person, dict):
            found = _text(person.get("public_name")) or _text(person.get("name"))
        else:
            found = _text(person)
        if found:
            names.append(found.replace(";", ","))  # `;` separates speakers in a row
    return names


def _text(value) -> str:
    """A display string from a string, a number, or a `{"name": ...}`/localized dict."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        if "name" in value:
            return _text(value["name"])
        for item in value.values():
            if isinstance(item, str) and item.strip():
                return item.strip()
    return ""


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
