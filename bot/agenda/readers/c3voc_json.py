"""c3voc "schedule 2" JSON (schema2.json of github.com/voc/schedule): `schedule.conference`
holds `time_zone_name`, `tracks` and `rooms`; `schedule.events` is one flat list whose events
have absolute `start` and `end` datetimes, a `room` object, a `track` reference (by slug or
name) and `participants` with roles. Problems read `FILE:EVENT: reason`, EVENT being the
1-based position in `events` (line numbers are not kept by the JSON parser)."""

from __future__ import annotations

from datetime import tzinfo

from bot.agenda.readers.common import (
    AgendaFile,
    choose_zone,
    kind_of,
    parse_datetime,
    plain_description,
    session_id,
    session_row,
    speaker_name,
    text,
    too_long,
)

FORMAT = "c3voc schedule 2 JSON"


def accepts(doc) -> bool:
    schedule = doc.get("schedule") if isinstance(doc, dict) else None
    return isinstance(schedule, dict) and isinstance(schedule.get("events"), list)


def read(name: str, doc: dict, fallback: tzinfo, override: tzinfo | None = None) -> AgendaFile:
    result = AgendaFile(format=FORMAT)
    schedule = doc["schedule"]
    conference = schedule.get("conference") if isinstance(schedule.get("conference"), dict) else {}
    zone, shown = choose_zone(result, name, text(conference.get("time_zone_name")), fallback,
                              override)  # fmt: skip
    if result.problems:
        return result
    tracks = _tracks(conference.get("tracks"))
    for number, event in enumerate(schedule["events"], start=1):
        where = f"{name}:event {number}"
        if not isinstance(event, dict):
            result.problems.append(f"{where}: not an object")
            continue
        problem, row = _row(event, tracks, zone, shown)
        result.add(where, f"at event {number}", problem, row)
    return result.finish(name)


def _tracks(raw) -> dict[str, str]:
    """Track names by slug, guid and name, for an event's `track` reference."""
    names: dict[str, str] = {}
    for track in raw if isinstance(raw, list) else []:
        if isinstance(track, dict) and text(track.get("name")):
            for key in ("slug", "guid", "name"):
                if text(track.get(key)):
                    names[text(track[key])] = text(track["name"])
    return names


def _row(event: dict, tracks: dict[str, str], zone: tzinfo,
         shown: tzinfo) -> tuple[str | None, dict]:  # fmt: skip
    sid = session_id(event.get("code") or event.get("id"), event.get("guid"))
    if sid is None:
        return "missing code, id and guid", {}
    title = text(event.get("title"))
    if not title:
        return "missing title", {}
    start_at, problem = parse_datetime(event.get("start"), zone)
    if problem:
        return f"start: {problem}", {}
    end_at, problem = parse_datetime(event.get("end"), zone)
    if problem:
        return f"end: {problem}", {}
    if end_at <= start_at:
        return f"end {event.get('end')} is not after start {event.get('start')}", {}
    track = event.get("track")
    if isinstance(track, dict):
        ref = text(track.get("slug")) or text(track.get("guid")) or text(track.get("name"))
        track_name = tracks.get(ref, text(track.get("name")) or ref)
    else:
        track_name = tracks.get(text(track), text(track))
    room = event.get("room")
    fields = {
        "title": title,
        "track": track_name,
        "room": text(room.get("name")) if isinstance(room, dict) else text(room),
        "description": plain_description(text(event.get("abstract"))
                                          or text(event.get("description"))),  # fmt: skip
    }
    speakers = _speakers(event.get("participants"))
    problem = too_long([*fields.values(), *speakers])
    if problem:
        return problem, {}
    start_at = start_at.astimezone(shown)
    return None, session_row(
        sid=sid,
        day=start_at.date(),
        start_at=start_at,
        end_at=end_at,
        speakers=speakers,
        kind=kind_of(text(event.get("type"))),
        **fields,
    )


def _speakers(participants) -> list[str]:
    """Speakers (role SPEAKER, or no role given); contributors and moderators are not."""
    names = []
    for person in participants if isinstance(participants, list) else []:
        if not isinstance(person, dict):
            continue
        role = text(person.get("role")).upper()
        if role in ("", "SPEAKER") and text(person.get("name")):
            names.append(speaker_name(text(person["name"])))
    return names
