"""Reading an agenda export, whatever its format: `read_agenda(path, tz)` for a file,
`read_agenda_data(name, data, tz)` for bytes or text fetched from a URL. The format is
detected from the content (`AgendaFile.format` names it); one module per format.

`tz` is the bot's zone (SUMMIT_TZ): local times of a file that names no zone are read in it.
`override` (`--tz`) wins over the file's own zone."""

from __future__ import annotations

import json
from datetime import tzinfo
from pathlib import Path

from bot.agenda.readers import c3voc_json, csv, frab_json, frab_xml, sessionize
from bot.agenda.readers.common import AgendaFile, session_row

__all__ = ["FORMATS", "AgendaFile", "read_agenda", "read_agenda_data", "session_row"]

FORMATS = (csv.FORMAT, frab_json.FORMAT, frab_xml.FORMAT, c3voc_json.FORMAT, sessionize.FORMAT)


def read_agenda(path: str | Path, tz: tzinfo, override: tzinfo | None = None) -> AgendaFile:
    name = str(path)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        return AgendaFile(problems=[f"{name}:0: cannot read: {exc.strerror or exc}"])
    return read_agenda_data(name, raw, tz, override)


def read_agenda_data(name: str, data: bytes | str, tz: tzinfo,
                     override: tzinfo | None = None) -> AgendaFile:  # fmt: skip
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            return AgendaFile(problems=[f"{name}:{line}: not UTF-8 text"])
    else:
        text = data.removeprefix("\ufeff")
    head = text.lstrip()[:1]
    if head == "<":
        if frab_xml.accepts(text):
            return frab_xml.read(name, text, tz, override)
        return _unknown(name, "an XML file without a <schedule> element")
    if head in ("{", "["):
        return _read_json(name, text, tz, override)
    first = text.split("\n", 1)[0]
    if "," not in first and not first.strip().startswith("id"):
        return _unknown(name, "not a CSV header")
    return csv.read(name, text, override or tz)


def _read_json(name: str, text: str, tz: tzinfo, override: tzinfo | None) -> AgendaFile:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        return AgendaFile(problems=[
            f"{name}:{exc.lineno}: invalid JSON: {exc.msg} (column {exc.colno})"])  # fmt: skip
    except RecursionError:
        return AgendaFile(problems=[f"{name}:1: invalid JSON: nested too deeply"])
    # schedule 2 keeps `conference.days` (without events): its flat `events` decide first.
    if c3voc_json.accepts(doc):
        return c3voc_json.read(name, doc, tz, override)
    if frab_json.accepts(doc):
        return frab_json.read(name, text, doc, tz, override)
    if sessionize.accepts(doc):
        return sessionize.read(name, doc, tz, override)
    return _unknown(name, "JSON of no known shape")


def _unknown(name: str, what: str) -> AgendaFile:
    reason = f"unknown agenda format ({what}); formats read: {', '.join(FORMATS)}"
    return AgendaFile(problems=[f"{name}:1: {reason}"])
