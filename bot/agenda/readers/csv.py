"""The agenda CSV (docs/agenda-formats.md "CSV"): one row per session, local times in the
event's zone. Every problem is `FILE:LINE: reason`; a file with any problem loads nothing."""

from __future__ import annotations

import csv
import re
from datetime import date, datetime, time, timedelta, tzinfo

from bot.agenda.model import KINDS
from bot.agenda.readers.common import (
    CLOCK,
    SESSION_ID,
    AgendaFile,
    local_instant,
    plain_description,
    session_row,
    too_long,
)

FORMAT = "CSV"
REQUIRED = ("id", "date", "start", "end", "title")
# `curation_note` is for whoever edits the file (sources, caveats): read, never shown.
OPTIONAL = ("title_en", "track", "room", "level", "speakers", "capacity", "tags", "kind",
            "description", "curation_note")  # fmt: skip


def read(name: str, text: str, zone: tzinfo) -> AgendaFile:
    result = AgendaFile(format=FORMAT, zone=str(zone))
    reader = csv.DictReader(text.splitlines(keepends=True))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.problems.append(f"{name}:1: missing column(s): {', '.join(missing)}")
        return result
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        result.warnings.append(f"{name}:1: unknown column(s) ignored: {', '.join(unknown)}")
    for record in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in record.items() if k is not None}
        if not any(values.values()):
            continue
        if None in record:
            result.problems.append(f"{name}:{line}: more fields than columns")
            continue
        problem, row = _row(values, zone)
        result.add(f"{name}:{line}", f"on line {line}", problem, row)
    return result.finish(name)


def _row(values: dict[str, str], zone: tzinfo) -> tuple[str | None, dict]:
    sid = values.get("id", "")
    if not SESSION_ID.match(sid):
        return f"bad id {sid!r}: use 1-12 letters, digits or '-'", {}
    if not values.get("title"):
        return "missing title", {}
    long = too_long(values.values())
    if long:
        return long, {}
    try:
        day = date.fromisoformat(values["date"])
    except ValueError:
        return f"bad date {values['date']!r}: expected YYYY-MM-DD", {}
    start, end = _clock(values["start"]), _clock(values["end"])
    if start is None:
        return f"bad start {values['start']!r}: expected HH:MM", {}
    if end is None:
        return f"bad end {values['end']!r}: expected HH:MM", {}
    kind = (values.get("kind") or "breakout").lower()
    if kind not in KINDS:
        return f"unknown kind {kind!r}: expected one of {', '.join(KINDS)}", {}
    capacity_raw = values.get("capacity", "")
    capacity = None
    if capacity_raw:
        if not capacity_raw.isdigit() or int(capacity_raw) > 1_000_000:
            return f"bad capacity {capacity_raw!r}: expected a whole number or empty", {}
        capacity = int(capacity_raw)
    start_at, problem = local_instant(datetime.combine(day, start), zone)
    if problem:
        return f"start {problem}", {}
    # An end at or before the start is on the next day only when written as such: a CSV row
    # is one day, so that is a mistake, not a session across midnight.
    if end <= start:
        return f"end {values['end']} is not after start {values['start']}", {}
    end_at, problem = local_instant(datetime.combine(day, end), zone)
    if problem:
        return f"end {problem}", {}
    if end_at <= start_at:
        return f"end {values['end']} is not after start {values['start']} in {zone}", {}
    return None, session_row(
        sid=sid,
        day=day,
        start_at=start_at,
        end_at=end_at,
        title=values["title"],
        title_en=values.get("title_en", ""),
        track=values.get("track", ""),
        room=values.get("room", ""),
        level=values.get("level", ""),
        speakers=_split(values.get("speakers", ""), ";"),
        tags=_split(values.get("tags", ""), ";,"),
        kind=kind,
        description=plain_description(values.get("description", "")),
        capacity=capacity,
    )


def _clock(raw: str) -> time | None:
    match = CLOCK.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return (datetime.min + timedelta(hours=int(match[1]), minutes=int(match[2]))).time()


def _split(raw: str, separators: str) -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", raw)
    return [p.strip() for p in parts if p.strip()]
