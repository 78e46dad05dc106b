"""The live schedule against a local HTTP server (127.0.0.1) whose export changes between
fetches: a move is DMed once, missing once is kept, missing twice is cancelled, a 500 or a
garbled export keeps the last good agenda, 304 is honoured, `admin reload` fetches now."""

from __future__ import annotations

import json
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import live
from bot.agenda.loading import load_agenda_file
from bot.services import Summit
from bot.store import Store
from schedules import AGENDA_JOB, build_scheduler

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=BERLIN)


def export(sessions: dict[str, str]) -> bytes:
    """A frab JSON export: {id: start time on 2026-07-01 Berlin}."""
    events = [{"id": sid, "guid": f"g-{sid}", "date": f"2026-07-01T{at}:00+02:00",
               "start": at, "duration": "00:45", "room": "Hall", "title": f"Talk {sid}",
               "persons": [{"public_name": "Ada"}]} for sid, at in sessions.items()]  # fmt: skip
    doc = {"schedule": {"conference": {"time_zone_name": "Europe/Berlin", "days": [
        {"date": "2026-07-01", "rooms": {"Hall": events}}]}}}  # fmt: skip
    return json.dumps(doc).encode()


class Organiser:
    """The organiser's server: serves `body` with an ETag, 304 when it matches."""

    def __init__(self):
        self.body = export({"a1": "10:00", "b2": "11:00"})
        self.status = 200
        self.requests: list[dict] = []
        organiser = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's name)
                organiser.requests.append(dict(self.headers))
                etag = f'"{hash(organiser.body) & 0xFFFFFFFF:x}"'
                if organiser.status != 200:
                    self.send_response(organiser.status)
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(organiser.body)))
                self.end_headers()
                self.wfile.write(organiser.body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/schedule.json"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def organiser():
    server = Organiser()
    yield server
    server.close()


@pytest.fixture
def db(tmp_path) -> Store:
    store = Store(tmp_path / "live.db")
    store.migrate()
    return store


def statuses(store: Store) -> dict[str, str]:
    return {r["id"]: r["status"] for r in store.sessions()}


def sync(store: Store, url: str):
    return live.sync(store, url, BERLIN, NOW)


def test_a_move_is_dmed_once_and_304_is_honoured(organiser, db):
    first = sync(db, organiser.url)
    assert sorted(first.diff.added) == ["a1", "b2"]
    assert db.take_seat("a1", "U1", NOW.timestamp()).status == "registered"

    organiser.body = export({"a1": "12:00", "b2": "11:00"})
    moved = sync(db, organiser.url)
    assert moved.diff.moved == ["a1"]
    assert len(db.outbox(kind="agenda", user_id="U1")) == 1

    again = sync(db, organiser.url)
    assert again.not_modified
    assert "If-None-Match" in organiser.requests[-1]
    assert len(db.outbox(kind="agenda", user_id="U1")) == 1
    (a1,) = [r for r in db.sessions() if r["id"] == "a1"]
    assert a1["start_ts"] == int(datetime(2026, 7, 1, 12, tzinfo=BERLIN).timestamp())


def test_missing_once_is_kept_missing_twice_is_cancelled(organiser, db):
    sync(db, organiser.url)
    db.take_seat("b2", "U2", NOW.timestamp())
    organiser.body = export({"a1": "10:00"})
    once = sync(db, organiser.url)
    assert once.pending == ("b2",)
    assert statuses(db) == {"a1": "active", "b2": "active"}
    assert db.outbox(kind="agenda") == []

    twice = sync(db, organiser.url)  # the same export: a 304 agrees
    assert twice.not_modified and twice.diff.cancelled == ["b2"]
    assert statuses(db) == {"a1": "active", "b2": "cancelled"}
    assert len(db.outbox(kind="agenda", user_id="U2")) == 1


def test_back_after_missing_once_is_not_cancelled(organiser, db):
    sync(db, organiser.url)
    organiser.body = export({"a1": "10:00"})
    sync(db, organiser.url)
    organiser.body = export({"a1": "10:00", "b2": "11:00"})
    back = sync(db, organiser.url)
    assert back.pending == () and statuses(db) == {"a1": "active", "b2": "active"}


@pytest.mark.parametrize("breakage", ["500", "garbled"])
def test_failure_keeps_the_last_good_agenda_and_shows_in_health(organiser, db, breakage,
                                                                caplog):  # fmt: skip
    sync(db, organiser.url)
    before = db.sessions()
    if breakage == "500":
        organiser.status = 500
    else:
        organiser.body = b'{"schedule": {"conference": '
    failed = sync(db, organiser.url)
    assert failed.error and failed.diff is None
    sync(db, organiser.url)  # the same failure again: logged once
    assert db.sessions() == before
    errors = [r for r in caplog.records if r.levelname == "ERROR"]
    assert len(errors) == 1
    body = live.health(db, organiser.url)
    assert body["status"] == "degraded" and "agenda fetch failed" in body["reason"]
    source = body["agenda_source"]
    assert source["last_good_fetch"] == NOW.isoformat() and source["last_error"] == failed.error

    organiser.status, organiser.body = 200, export({"a1": "10:00", "b2": "11:00"})
    assert sync(db, organiser.url).error is None
    assert "status" not in live.health(db, organiser.url)


def test_oversized_export_is_refused(organiser, db, monkeypatch):
    monkeypatch.setattr(live, "MAX_BYTES", 100)
    assert "cap" in sync(db, organiser.url).error
    assert db.sessions() == []


def test_admin_reload_fetches_now_and_cancels_at_once(organiser, db):
    sync(db, organiser.url)
    organiser.body = export({"a1": "10:00"})
    load = load_agenda_file(db, organiser.url, BERLIN, confirm=True, now=NOW)
    assert load.applied and load.diff.cancelled == ["b2"]
    assert load.format == "frab/pretalx JSON"


def test_the_fetch_is_a_fixed_id_job_every_refresh_minutes(organiser, settings, store, clock):
    summit = Summit(settings.with_(agenda_path=organiser.url, agenda_refresh_minutes=7), store,
                    clock, client=None)  # fmt: skip
    job = build_scheduler(summit).get_job(AGENDA_JOB)
    assert job is not None and job.trigger.interval.total_seconds() == 7 * 60
    assert build_scheduler(Summit(settings, store, clock, client=None)).get_job(AGENDA_JOB) is None


def test_admin_stats_show_last_good_fetch_and_last_error(organiser, db):
    from bot import admin
    from bot.agenda import AgendaCache
    from bot.views.admin import stats_message

    sync(db, organiser.url)
    organiser.status = 500
    sync(db, organiser.url)
    stats = admin.stats(db, AgendaCache(db, BERLIN).current(), NOW)
    text = json.dumps(stats_message(stats, "en")["blocks"], ensure_ascii=False)
    assert f"last good fetch {NOW.isoformat()}" in text
    assert "HTTP 500" in text
    assert "마지막 성공" in json.dumps(stats_message(stats, "ko")["blocks"], ensure_ascii=False)


def test_served_bot_fetches_at_start_and_healthz_says_degraded(organiser, settings, slack):
    from slack_sdk import WebClient

    from bot.server import build_runtime
    from schedules import sync_agenda

    settings = settings.with_(agenda_path=organiser.url, api_url=slack.api_url)
    runtime = build_runtime(settings, client=WebClient(token=settings.bot_token,
                                                       base_url=slack.api_url))  # fmt: skip
    try:
        assert sorted(s.id for s in runtime.summit.agenda().active) == ["a1", "b2"]
        assert str(runtime.summit.clock.tz) == "Europe/Berlin"
        _, body = runtime.health()
        assert body["agenda_source"]["url"] == organiser.url and body["status"] == "ok"
        organiser.status = 500
        sync_agenda(runtime.summit)
        _, body = runtime.health()
        assert body["db"] == "ok" and body["status"] == "degraded"  # (scheduler not started)
        assert "HTTP 500" in body["reason"]
        assert sorted(s.id for s in runtime.summit.agenda().active) == ["a1", "b2"]
    finally:
        runtime.stop()


def test_a_304_keeps_the_stored_zone(organiser, db):
    sync(db, organiser.url)
    assert db.agenda_zone() == "Europe/Berlin"
    again = live.sync(db, organiser.url, ZoneInfo("Asia/Seoul"), NOW)  # a restart's SUMMIT_TZ
    assert again.not_modified and db.agenda_zone() == "Europe/Berlin"
