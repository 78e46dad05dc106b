"""Sessionize's "All" JSON (`/api/v2/{id}/view/All`): `sessions` refer by id to `speakers`,
`rooms` and the items of `categories`; the category titled "Track" (else "Category") gives
the track and "Level" the level; the others become tags. `startsAt`/`endsAt` are the
event's local times (or carry an offset). Sessionize names no zone: local times are read in
the bot's, and offsets that disagree with it become the file's zone. Problems read
`FILE:session N: reason` (N: position in `sessions`)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from bot.agenda.readers.common import (
    AgendaFile,
    kind_of,
    offsets_zone,
    parse_datetime,
    plain_description,
    session_id,
    session_row,
    speaker_name,
    text,
    too_long,
)

FORMAT = "Sessionize JSON"


def accepts(doc) -> bool:
    return (isinstance(doc, dict) and isinstance(doc.get("sessions"), list)
            and ("speakers" in doc or "rooms" in doc or "categories" in doc))  # fmt: skip


def read(name: str, doc: dict, fallback: tzinfo, override: tzinfo | None = None) -> AgendaFile:
    result = AgendaFile(format=FORMAT)
    speakers = _names(doc.get("speakers"), "fullName")
    rooms = _names(doc.get("rooms"), "name")
    items = _category_items(doc.get("categories"))
    # Times are read first: whether their offsets name the file's zone decides the days.
    timed: list[tuple[int, dict, datetime, datetime]] = []
    for number, session in enumerate(doc["sessions"], start=1):
        where = f"{name}:session {number}"
        if not isinstance(session, dict):
            result.problems.append(f"{where}: not an object")
            continue
        start_at, problem = parse_datetime(session.get("startsAt"), override or fallback)
        if not problem:
            end_at, problem = parse_datetime(session.get("endsAt"), override or fallback)
        if problem:
            result.problems.append(f"{where}: {problem}")
            continue
        if end_at <= start_at:
            result.problems.append(f"{where}: endsAt is not after startsAt")
            continue
        timed.append((number, session, start_at, end_at))
    zone = offsets_zone(result, [t for _, _, s, e in timed for t in (s, e)], fallback, override)
    seen: dict[str, int] = {}
    for number, session, start_at, end_at in timed:
        where = f"{name}:session {number}"
        sid = session_id(session.get("id"), session.get("id"))
        title = text(session.get("title"))
        if sid is None or not title:
            result.problems.append(f"{where}: missing {'id' if sid is None else 'title'}")
            continue
        if sid.lower() in seen:
            result.problems.append(f"{where}: duplicate id {sid.lower()!r} "
                                   f"(first at session {seen[sid.lower()]})")  # fmt: skip
            continue
        categories = [items[i] for i in session.get("categoryItems") or [] if i in items]
        by_title: dict[str, list[str]] = {}
        for title_of, item in categories:
            by_title.setdefault(title_of.casefold(), []).append(item)
        names = [speaker_name(speakers[s]) for s in session.get("speakers") or []
                 if s in speakers]  # fmt: skip
        fields = {
            "title": title,
            "track": ", ".join(by_title.get("track") or by_title.get("category") or []),
            "level": ", ".join(by_title.get("level", [])),
            "room": rooms.get(session.get("roomId"), text(session.get("room"))),
            "description": plain_description(text(session.get("description"))),
        }
        problem = too_long([*fields.values(), *names])
        if problem:
            result.problems.append(f"{where}: {problem}")
            continue
        seen[sid.lower()] = number
        local = start_at.astimezone(zone)
        kind = "break" if session.get("isServiceSession") else kind_of(
            " ".join(by_title.get("session format", [])))  # fmt: skip
        result.rows.append(session_row(
            sid=sid, day=local.date(), start_at=local, end_at=end_at, speakers=names,
            tags=[item for t, item in categories
                  if t.casefold() not in ("track", "level", "category")],
            kind=kind, **fields,
        ))  # fmt: skip
    if not result.rows and not result.problems:
        result.problems.append(f"{name}:1: no sessions")
    return result


def _names(records, key: str) -> dict:
    """`{id: name}` from a list of Sessionize records."""
    found = {}
    for record in records if isinstance(records, list) else []:
        if isinstance(record, dict) and "id" in record:
            found[record["id"]] = text(record.get(key)) or " ".join(
                filter(None, (text(record.get("firstName")), text(record.get("lastName"))))
            )
    return found


def _category_items(categories) -> dict[int, tuple[str, str]]:
    """`{item id: (category title, item name)}`."""
    items = {}
    for category in categories if isinstance(categories, list) else []:
        if not isinstance(category, dict):
            continue
        for item in category.get("items") or []:
            if isinstance(item, dict) and "id" in item:
                items[item["id"]] = (text(category.get("title")), text(item.get("name")))
    return items
