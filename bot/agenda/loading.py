"""Applying an agenda to the store: `agenda load FILE`, the start-up load, `admin reload`
and the live schedule's fetches all come here. The sessions change and the change notices
are queued in one transaction; the event's time zone is stored with the agenda."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from functools import partial
from pathlib import Path

from bot.agenda.readers import AgendaFile, read_agenda, read_agenda_data
from bot.agenda.readers.common import zone_named
from bot.store import AgendaDiff, Store


def apply_agenda(store: Store, rows: list[dict], *, cancel_missing: bool, now: datetime,
                 zone: str | None = None, zone_chosen: bool = False) -> AgendaDiff:  # fmt: skip
    """Load `rows` (see Store.apply_agenda) and queue a notice per person per moved or
    cancelled session; remember `zone` as the event's time zone."""
    # The outbox renders with the views, which import bot.agenda: imported when used.
    from bot.outbox.agenda_change import agenda_notices

    incoming = {row["id"]: row for row in rows}
    build = partial(agenda_notices, incoming, now=now.timestamp())
    diff = store.apply_agenda(rows, cancel_missing=cancel_missing, dry_run=False,
                              now=now.timestamp(), notices=build)  # fmt: skip
    if zone:
        store.set_agenda_zone(zone, zone_chosen)
    return diff


def zone_conflict(agenda: AgendaFile, tz_name: str, tz_set: bool,
                  override: tzinfo | None) -> str | None:  # fmt: skip
    """Why `agenda` can't be loaded as it is: its own zone and an explicitly set SUMMIT_TZ
    disagree and `--tz` doesn't say which wins. No time may shift silently."""
    if override is not None or not tz_set or not agenda.file_zone:
        return None
    if agenda.file_zone == tz_name:
        return None
    return (f"the file's time zone is {agenda.file_zone} but SUMMIT_TZ is {tz_name}: "
            f"pass --tz {agenda.file_zone} or --tz {tz_name} to say which wins")  # fmt: skip


def read_as_before(store: Store, name: str, data: bytes | str | Path, tz: tzinfo,
                   override: tzinfo | None = None) -> AgendaFile:  # fmt: skip
    """Read an export (`data`, or the file at a Path) as the stored agenda was read: when an
    earlier `agenda load --tz` chose another zone than the file's own, that choice holds."""

    def read(chosen: tzinfo | None) -> AgendaFile:
        if isinstance(data, Path):
            return read_agenda(data, tz, chosen)
        return read_agenda_data(name, data, tz, chosen)

    agenda = read(override)
    stored = store.agenda_zone()
    if (override is None and agenda.ok and stored and store.agenda_zone_chosen()
            and agenda.file_zone and agenda.file_zone != stored
            and zone_named(stored) is not None):  # fmt: skip
        agenda = read(zone_named(stored))
        agenda.warnings.append(f"{name}:1: the file names {agenda.file_zone}; read in "
                               f"{stored} as an earlier `agenda load --tz` chose")  # fmt: skip
    return agenda


def event_zone(store: Store, fallback: str) -> str:
    """The event's zone: the one stored with the agenda, else SUMMIT_TZ."""
    stored = store.agenda_zone()
    return stored if stored and zone_named(stored) is not None else fallback


@dataclass
class AgendaLoad:
    """What loading an agenda file did. `applied` is False when the file had problems, or
    when it would cancel or move sessions and that wasn't confirmed (then `diff` is the
    preview)."""

    path: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    diff: AgendaDiff | None = None
    applied: bool = False
    format: str = ""
    zone: str = ""

    @property
    def needs_confirmation(self) -> bool:
        return not self.problems and not self.applied and self.diff is not None


def load_agenda_file(store: Store, path: str | Path, tz: tzinfo, *, confirm: bool,
                     now: datetime, override: tzinfo | None = None, tz_set: bool = False,
                     data: bytes | None = None) -> AgendaLoad:  # fmt: skip
    """Load FILE as the whole agenda in one transaction: `agenda load FILE [--yes]` and
    `admin reload` (which confirms). Sessions missing from it are cancelled; when anything
    would be cancelled or moved, nothing changes unless `confirm`. A URL is fetched now."""
    name = str(path)
    if data is None and is_url(name):
        # A URL is the live schedule: fetched now, and what is missing is cancelled at once
        # (the admin confirms), with its fetch state kept for /healthz and `admin stats`.
        from bot.agenda.live import sync

        synced = sync(store, name, tz, now, tz_set=tz_set, confirm_cancel=True)
        if synced.error:
            return AgendaLoad(name, [f"{name}:0: {synced.error}"])
        return AgendaLoad(name, diff=synced.diff, applied=True, format=synced.format,
                          zone=store.agenda_zone() or str(tz))  # fmt: skip
    agenda = read_as_before(store, name, Path(path) if data is None else data, tz, override)
    return load_read_agenda(store, name, agenda, tz, confirm=confirm, now=now,
                            override=override, tz_set=tz_set)  # fmt: skip


def load_read_agenda(store: Store, name: str, agenda: AgendaFile, tz: tzinfo, *,
                     confirm: bool, now: datetime, override: tzinfo | None = None,
                     tz_set: bool = False) -> AgendaLoad:  # fmt: skip
    result = AgendaLoad(name, list(agenda.problems), list(agenda.warnings),
                        format=agenda.format, zone=agenda.zone)  # fmt: skip
    if not agenda.ok:
        return result
    conflict = None if agenda.zone_chosen else zone_conflict(agenda, str(tz), tz_set, override)
    if conflict:
        result.problems.append(f"{name}:1: {conflict}")
        return result
    preview = store.apply_agenda(agenda.rows, cancel_missing=True, dry_run=True)
    if (preview.cancelled or preview.moved) and not confirm:
        result.diff = preview
        return result
    result.diff = apply_agenda(store, agenda.rows, cancel_missing=True, now=now,
                               zone=agenda.zone, zone_chosen=agenda.zone_chosen)  # fmt: skip
    result.applied = True
    return result


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))
