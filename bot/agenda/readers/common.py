"""What every reader shares: the result type, the row shape the store takes, and the rules
for ids, local times, durations and descriptions, so each format applies them the same way."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo

import html2text

SESSION_ID = re.compile(r"^[A-Za-z0-9-]{1,12}$")
CLOCK = re.compile(r"^(\d{1,2}):(\d{2})$")
# frab and c3voc allow hours of any size ("100:00" is a valid duration); seconds are optional.
DURATION = re.compile(r"^([0-9]+):([0-9]{2})(?::([0-9]{2}))?$")
MAX_FIELD = 10_000
# First match wins; anything else is a breakout.
KIND_WORDS = (
    ("keynote", "keynote"),
    ("break", "break"),
    ("lunch", "break"),
    ("coffee", "break"),
    ("sponsor", "sponsor"),
    ("expo", "expo"),
)
HTML_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((https?://[^)\s]+)\)")
MARKDOWN_STRONG = re.compile(r"\*\*([^*\n]+)\*\*|__([^_\n]+)__")


@dataclass
class AgendaFile:
    """What reading a file gave: rows ready for `Store.apply_agenda`, problems, warnings,
    the format detected, the zone the file itself names (None: it names none) and the zone
    its local times and days were read in."""

    rows: list[dict] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    format: str = ""
    file_zone: str | None = None
    zone: str = ""
    # `zone` is an operator's choice (`--tz`, now or at an earlier load), not the file's.
    zone_chosen: bool = False

    # Where each id was first read ("line 12", "event 3"), for the duplicate-id problem.
    _first_at: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, where: str, at: str, problem: str | None, row: dict | None) -> None:
        """Keep `row`, read at `where` (`FILE:12`) / `at` (`on line 12`), or record why not: its
        own problem or an id read before."""
        if problem is None and row["id"] in self._first_at:
            problem = f"duplicate id {row['id']!r} (first {self._first_at[row['id']]})"
        if problem:
            self.problems.append(f"{where}: {problem}")
            return
        self._first_at[row["id"]] = at
        self.rows.append(row)

    def finish(self, name: str) -> AgendaFile:
        """The result; a file that gave neither a session nor a problem says so."""
        if not self.rows and not self.problems:
            self.problems.append(f"{name}:1: no sessions")
        return self


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


def session_id(raw_id, guid) -> str | None:
    """The export's own id when it is a valid session id, else a stable `p-` + 10 hex digits
    derived from the guid (or the id), so reloads keep the same id."""
    if isinstance(raw_id, bool):
        raw_id = None
    text_id = str(raw_id).strip() if raw_id is not None else ""
    if text_id and SESSION_ID.match(text_id):
        return text_id
    seed = text(guid) or text_id
    if not seed:
        return None
    return "p-" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:10]


def local_instant(naive: datetime, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """`naive` wall-clock time in `zone` as an aware datetime, or why it names no one
    instant: inside a spring-forward gap it never happens, in a fall-back hour it happens
    twice."""
    early, late = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if early.utcoffset() == late.utcoffset():
        return early, None
    shown = f"{naive:%Y-%m-%d %H:%M}"
    if early.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != naive:
        return None, f"{shown} does not exist in {zone} (the clocks skip it)"
    return None, f"{shown} is ambiguous in {zone} (it happens twice); give it an offset"


def parse_datetime(raw, zone: tzinfo) -> tuple[datetime | None, str | None]:
    """An ISO datetime; one without an offset is wall-clock time in `zone`."""
    if not isinstance(raw, str) or not raw.strip():
        return None, f"bad time {raw!r}: expected an ISO datetime"
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        return None, f"bad time {raw!r}: expected an ISO datetime"
    if when.tzinfo is not None:
        return when, None
    return local_instant(when, zone)


def after(start: datetime, length: timedelta) -> datetime:
    """The instant `length` after `start`. Aware datetime arithmetic in Python keeps the wall
    clock (01:30 + 2 h across a spring-forward is 03:30, one hour later), so it is done in UTC."""
    return (start.astimezone(UTC) + length).astimezone(start.tzinfo)


def duration(raw) -> timedelta | None:
    """`H:MM` or `H:MM:SS`, hours of any size, more than zero; None if not that."""
    match = DURATION.match(raw.strip()) if isinstance(raw, str) else None
    if not match or int(match[2]) > 59 or int(match[3] or 0) > 59:
        return None
    length = timedelta(hours=int(match[1]), minutes=int(match[2]), seconds=int(match[3] or 0))
    return length if length > timedelta(0) else None


def kind_of(event_type: str) -> str:
    lowered = event_type.lower()
    for word, kind in KIND_WORDS:
        if word in lowered:
            return kind
    return "breakout"


def text(value) -> str:
    """A display string from a string, a number, or a `{"name": ...}`/localized dict."""
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        if "name" in value:
            return text(value["name"])
        for item in value.values():
            if isinstance(item, str) and item.strip():
                return item.strip()
    return ""


def speaker_name(name: str) -> str:
    return name.replace(";", ",")  # `;` separates speakers in a row


def plain_description(raw: str) -> str:
    """An abstract in HTML or Markdown as the text the views show: Slack's `*bold*` and
    `_italic_`, `•` bullets, links as `text (url)` (views escape `<`/`>`, so Slack's own
    `<url|text>` can't survive), no tags. html2text is a kept HTML-to-Markdown converter."""
    if not raw:
        return ""
    if HTML_TAG.search(raw):
        converter = html2text.HTML2Text()
        converter.body_width = 0
        converter.ignore_images = True
        converter.ul_item_mark = "•"
        converter.emphasis_mark = "_"
        converter.strong_mark = "**"
        raw = converter.handle(raw)
    raw = MARKDOWN_LINK.sub(lambda m: m[1] if m[1] == m[2] else f"{m[1]} ({m[2]})", raw)
    raw = MARKDOWN_STRONG.sub(lambda m: f"*{m[1] or m[2]}*", raw)
    return re.sub(r"\n{3,}", "\n\n", raw).strip()


def too_long(values) -> str | None:
    if any(len(v) > MAX_FIELD for v in values):
        return f"a field is longer than {MAX_FIELD} characters"
    return None


def choose_zone(result: AgendaFile, name: str, declared: str, fallback: tzinfo,
                override: tzinfo | None) -> tuple[tzinfo, tzinfo]:  # fmt: skip
    """(zone the file's local times are in, zone the event is shown and its days counted in).
    Local times are in the file's own zone when it names one (recorded in
    `result.file_zone`), else in the bot's; the event is shown in `--tz` when given, else
    in that same zone. So `--tz` never moves a session: it only picks the shown zone."""
    reading = override or fallback
    if declared:
        found = zone_named(declared)
        if found is None:
            result.problems.append(f"{name}:1: unknown time zone {declared!r}")
        else:
            reading, result.file_zone = found, declared
    shown = override or reading
    result.zone, result.zone_chosen = str(shown), override is not None
    return reading, shown


def offset_zone(instants: list[datetime]) -> str:
    """The one UTC offset every datetime of a file carries (`UTC`, `+01:00`), or "" when
    they carry none or several: offsets alone name the file's zone only when they agree."""
    offsets = {when.utcoffset() for when in instants if when.tzinfo is not None}
    if len(offsets) != 1 or len(instants) != sum(w.tzinfo is not None for w in instants):
        return ""
    (offset,) = offsets
    if not offset:
        return "UTC"
    sign, span = ("-", -offset) if offset < timedelta(0) else ("+", offset)
    hours, rest = divmod(int(span.total_seconds()), 3600)
    return f"{sign}{hours:02d}:{rest // 60:02d}"


FIXED_OFFSET = re.compile(r"^([+-])([01][0-9]|2[0-3]):([0-5][0-9])$")


def zone_named(name: str) -> tzinfo | None:
    """An IANA zone, `UTC`, or a fixed `+HH:MM` offset; None when it is none of these."""
    from datetime import timezone
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    match = FIXED_OFFSET.match(name)
    if match:
        span = timedelta(hours=int(match[2]), minutes=int(match[3]))
        return timezone(-span if match[1] == "-" else span, name)
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def offsets_zone(result: AgendaFile, instants: list[datetime], fallback: tzinfo,
                 override: tzinfo | None) -> tzinfo:  # fmt: skip
    """For a file that names no zone: its datetimes' one common offset is its zone when the
    bot's zone disagrees with it at those times (else the bot's zone, which has the DST
    rules an offset lacks)."""
    named = offset_zone(instants)
    if named and any(w.astimezone(fallback).utcoffset() != w.utcoffset() for w in instants):
        result.file_zone = named
        zone = zone_named(named)
    else:
        zone = fallback
    zone = override or zone
    result.zone, result.zone_chosen = str(zone), override is not None
    return zone
