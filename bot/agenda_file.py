"""Reading an agenda file (CONTRACT.md "Agenda CSV") into rows the store can load.

Every problem is reported as `FILE:LINE: reason`; a file with any problem loads nothing.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from pathlib import Path

from bot.agenda import KINDS

REQUIRED = ("id", "date", "start", "end", "title")
# `curation_note` is for whoever edits the file (sources, caveats): read, never shown.
OPTIONAL = ("title_en", "track", "room", "level", "speakers", "capacity", "tags", "kind",
            "description", "curation_note")  # fmt: skip
SESSION_ID = re.compile(r"^[A-Za-z0-9-]{1,12}$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
MAX_FIELD = 10_000


@dataclass
class AgendaFile:
    """What reading a file gave: rows ready for `Store.apply_agenda`, problems, warnings."""

    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_agenda(path: str | Path, tz: tzinfo) -> AgendaFile:
    """Read a CSV or pretalx/frab JSON agenda, chosen by content."""
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return AgendaFile(problems=[f"{name}:0: cannot read: {exc.strerror or exc}"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return AgendaFile(problems=[f"{name}:{line}: not UTF-8 text"])
    if text.lstrip().startswith("{"):
        from bot.agenda_json import read_schedule_json

        return read_schedule_json(name, text, tz)
    return read_csv_text(name, text, tz)


def read_csv_text(name: str, text: str, tz: tzinfo) -> AgendaFile:
    result = AgendaFile()
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
    seen: dict[str, int] = {}
    for record in reader:
        line = reader.line_num
        values = {k: (v or "").strip() for k, v in record.items() if k is not None}
        if not any(values.values()):
            continue
        if None in record:
            result.problems.append(f"{name}:{line}: more fields than columns")
            continue
        problem, row = _row(values, tz)
        if problem is None and row["id"] in seen:
            problem = f"duplicate id {row['id']!r} (first on line {seen[row['id']]})"
        if problem:
            result.problems.append(f"{name}:{line}: {problem}")
            continue
        seen[row["id"]] = line
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append(f"{name}:1: no sessions")
    return result


def _row(values: dict[str, str], tz: tzinfo) -> tuple[str | None, dict]:
    sid = values.get("id", "")
    if not SESSION_ID.match(sid):
        return f"bad id {sid!r}: use 1-12 letters, digits or '-'", {}
    if not values.get("title"):
        return "missing title", {}
    if any(len(v) > MAX_FIELD for v in values.values()):
        return f"a field is longer than {MAX_FIELD} characters", {}
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
    start_at = datetime.combine(day, start, tz)
    end_at = datetime.combine(day, end, tz)
    if end_at <= start_at:
        return f"end {values['end']} is not after start {values['start']}", {}
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
        description=values.get("description", ""),
        capacity=capacity,
    )


def session_row(*, sid: str, day: date, start_at: datetime, end_at: datetime, title: str,
                title_en: str = "", track: str = "", room: str = "", level: str = "",
                speakers: list[str] = (), tags: list[str] = (), kind: str = "breakout",
                description: str = "", capacity: int | None = None) -> dict:  # fmt: skip
    """The row shape `Store.apply_agenda` takes, shared by every file format."""
    return {
        "id": sid.lower(),
        "day": day.isoformat(),
        "start_ts": int(start_at.timestamp()),
        "end_ts": int(end_at.timestamp()),
        "title": title,
        "title_en": title_en,
        "track": track,
        "room": room,
        "level": level,
        "speakers": ";".join(speakers),
        "tags": ";".join(tags),
        "kind": kind,
        "description": description,
        "capacity": capacity,
    }


def _clock(raw: str):
    match = CLOCK.match(raw)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        return None
    return datetime.strptime(f"{int(match[1]):02d}:{match[2]}", "%H:%M").time()


def _split(raw: str, separators: str) -> list[str]:
    parts = re.split(f"[{re.escape(separators)}]", raw)
    return [p.strip() for p in parts if p.strip()]
