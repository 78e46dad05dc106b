"""A live schedule: `SUMMIT_AGENDA` as an http(s) URL of an export, fetched at start and
every `SUMMIT_AGENDA_REFRESH` minutes.

Each fetch is conditional (`If-None-Match`/`If-Modified-Since`), has a timeout and a size
cap. Additions and changes apply as `agenda load` does, change DMs included; a session
missing from the export is cancelled only when the next fetch agrees (a `304` agrees: the
export is the same), or at once by `admin reload`. A failed fetch or an export with problems
keeps the last good agenda; the failure is logged once and kept, with the last good fetch, in
the store for `/healthz` and `admin stats`."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, tzinfo

from bot.agenda.loading import apply_agenda, is_url, read_as_before, zone_conflict
from bot.store import SESSION_COLUMNS, AgendaDiff, Store

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 15
MAX_BYTES = 10_000_000  # a big conference's full export is a few MB
USER_AGENT = "summit-bot (agenda sync)"


@dataclass(frozen=True)
class Fetched:
    """One fetch: `data` on 200, `not_modified` on 304, else `error`."""

    data: bytes | None = None
    not_modified: bool = False
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


def fetch(url: str, etag: str | None = None, last_modified: str | None = None, *,
          timeout: float = TIMEOUT_SECONDS, limit: int | None = None) -> Fetched:  # fmt: skip
    limit = limit or MAX_BYTES
    headers = {"User-Agent": USER_AGENT, "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                return Fetched(error=f"export is {int(declared):,} bytes, over the {limit:,} cap")
            data = response.read(limit + 1)
            if len(data) > limit:
                return Fetched(error=f"export is over the {limit:,}-byte cap")
            return Fetched(data=data, etag=response.headers.get("ETag"),
                           last_modified=response.headers.get("Last-Modified"))  # fmt: skip
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
        return Fetched(error=f"HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        return Fetched(error=f"fetch failed: {reason}")


@dataclass(frozen=True)
class SyncResult:
    """What one sync did: `diff` when the agenda was applied; `error` when the last good
    agenda was kept; `pending` the sessions missing once, not yet cancelled."""

    diff: AgendaDiff | None = None
    error: str | None = None
    not_modified: bool = False
    pending: tuple[str, ...] = ()
    format: str = ""


def sync(store: Store, url: str, zone: tzinfo, now: datetime, *, tz_set: bool = False,
         confirm_cancel: bool = False) -> SyncResult:  # fmt: skip
    """Fetch `url` and apply it. `zone` is SUMMIT_TZ; the first export that names another
    zone while SUMMIT_TZ is set is refused (no time shifts silently): `agenda load --tz`
    decides, and that choice holds for later fetches."""
    state = store.agenda_source()
    got = fetch(url, state.get("etag"), state.get("last_modified"))
    if got.error:
        return _failed(store, state, url, got.error, now)
    if got.not_modified:
        # The same export as last time: what was missing then is missing again.
        rows = _stored_rows(store, exclude=set(state.get("missing", [])))
        source_zone = store.agenda_zone() or str(zone)
        chosen = store.agenda_zone_chosen()
        detected = state.get("format", "")
    else:
        agenda = read_as_before(store, url, got.data, zone)
        if not agenda.ok:
            first = agenda.problems[0]
            more = f" (and {len(agenda.problems) - 1} more)" if len(agenda.problems) > 1 else ""
            return _failed(store, state, url, f"{first}{more}", now)
        conflict = None if agenda.zone_chosen else zone_conflict(agenda, str(zone), tz_set,
                                                                 None)  # fmt: skip
        if conflict:
            return _failed(store, state, url, conflict, now)
        rows, source_zone, detected = agenda.rows, agenda.zone, agenda.format
        chosen = agenda.zone_chosen
        state.update(etag=got.etag, last_modified=got.last_modified)
    incoming = {r["id"] for r in rows}
    active = {r["id"]: r for r in store.sessions() if r["status"] == "active"}
    missing = set(active) - incoming
    cancel = missing if confirm_cancel else missing & set(state.get("missing", []))
    kept = [_row_of(active[sid]) for sid in sorted(missing - cancel)]
    diff = apply_agenda(store, rows + kept, cancel_missing=True, now=now, zone=source_zone,
                        zone_chosen=chosen)  # fmt: skip
    pending = tuple(sorted(missing - cancel))
    if pending and set(pending) != set(state.get("missing", [])):
        log.warning("agenda %s: %d session(s) missing from the export; cancelled if the next "
                    "fetch agrees: %s", url, len(pending), ", ".join(pending))  # fmt: skip
    if state.get("last_error"):
        log.info("agenda %s: fetched again after: %s", url, state["last_error"])
    state.update(missing=list(pending), last_good=now.isoformat(), last_error=None,
                 last_error_at=None, format=detected)  # fmt: skip
    store.set_agenda_source(state)
    return SyncResult(diff=diff, not_modified=got.not_modified, pending=pending,
                      format=detected)


def _failed(store: Store, state: dict, url: str, error: str, now: datetime) -> SyncResult:
    if state.get("last_error") != error:  # logged once per distinct failure
        log.error("agenda %s: %s; keeping the last good agenda", url, error)
    state.update(last_error=error, last_error_at=now.isoformat())
    store.set_agenda_source(state)
    return SyncResult(error=error, pending=tuple(state.get("missing", [])))


def _stored_rows(store: Store, exclude) -> list[dict]:
    return [_row_of(r) for r in store.sessions() if r["status"] == "active"
            and r["id"] not in exclude]  # fmt: skip


def _row_of(stored: dict) -> dict:
    return {c: stored[c] for c in SESSION_COLUMNS}


def health(store: Store, source: str) -> dict:
    """`/healthz` keys for a live agenda: its fetch state, and `status: degraded` with the
    reason while the last fetch failed."""
    if not is_url(source):
        return {}
    state = store.agenda_source()
    body = {"agenda_source": {"url": source, "last_good_fetch": state.get("last_good"),
                              "last_error": state.get("last_error"),
                              "missing_once": state.get("missing", [])}}  # fmt: skip
    if state.get("last_error"):
        body["status"] = "degraded"
        body["reason"] = f"agenda fetch failed: {state['last_error']}"
    return body
