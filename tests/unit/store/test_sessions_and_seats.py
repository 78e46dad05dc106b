"""The store: migrations, agenda loads, and seats that never oversell under concurrency."""

import multiprocessing
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from bot.store import Store
from tests.support.factories import file_rows

SESSION = "d2-1520-a202"


def test_migrations_are_idempotent_and_use_wal(store):
    store.migrate()
    with store.connect() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"sessions", "users", "registrations"} <= set(db.table_names())


def test_reloading_the_same_agenda_changes_nothing(store):
    version = store.agenda_version()
    diff = store.apply_agenda(file_rows(store), cancel_missing=True, dry_run=False)
    assert (diff.added, diff.changed, diff.cancelled) == ([], [], [])
    assert store.agenda_version() == version


def test_agenda_diff_reports_moves_and_cancellations(store):
    rows = file_rows(store)
    moved = next(r for r in rows if r["id"] == SESSION)
    moved["start_ts"] += 3600
    moved["end_ts"] += 3600
    rows = [r for r in rows if r["id"] != "d1-1110-hb"]
    preview = store.apply_agenda(rows, cancel_missing=True, dry_run=True)
    assert preview.moved == [SESSION] and preview.cancelled == ["d1-1110-hb"]
    assert {r["id"]: r["status"] for r in store.sessions()}["d1-1110-hb"] == "active"
    store.apply_agenda(rows, cancel_missing=True, dry_run=False)
    assert {r["id"]: r["status"] for r in store.sessions()}["d1-1110-hb"] == "cancelled"


def test_register_twice_is_harmless(store):
    assert store.take_seat(SESSION, "U1", time.time()).status == "registered"
    again = store.take_seat(SESSION, "U1", time.time())
    assert again.status == "already" and again.taken == 1


def test_fifty_threads_for_five_seats_get_exactly_five(store):
    store.set_capacity_override(SESSION, 5)
    barrier = threading.Barrier(50)

    def attempt(n):
        barrier.wait()
        return store.take_seat(SESSION, f"U{n:03d}", time.time())

    with ThreadPoolExecutor(50) as pool:
        results = list(pool.map(attempt, range(50)))
    statuses = [r.status for r in results]
    assert statuses.count("registered") == 5
    assert statuses.count("waitlisted") == 45
    # Everyone else is in line, each at a different place.
    assert sorted(r.place for r in results if r.status == "waitlisted") == list(range(1, 46))
    assert store.seats_taken([SESSION]) == {SESSION: 5}
    assert store.waiting([SESSION]) == {SESSION: 45}


def _process_attempts(path: str, worker: int, start_at: float) -> list[str]:
    store = Store(path)
    while time.time() < start_at:
        time.sleep(0.001)
    return [store.take_seat(SESSION, f"P{worker}-{n}", time.time()).status for n in range(12)]


def test_four_processes_never_oversell(store):
    store.set_capacity_override(SESSION, 5)
    start_at = time.time() + 1.0
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(4) as pool:
        results = pool.starmap(_process_attempts, [(store.path, w, start_at) for w in range(4)])
    flat = [status for worker in results for status in worker]
    assert flat.count("registered") == 5 and flat.count("waitlisted") == 43
    assert store.seats_taken([SESSION]) == {SESSION: 5}


def test_capacity_override_survives_a_reload(store):
    store.set_capacity_override(SESSION, 7)
    store.apply_agenda(file_rows(store), cancel_missing=True, dry_run=False)
    seats = {r["id"]: r["seats"] for r in store.sessions()}
    assert seats[SESSION] == 7


def test_backup_is_consistent_while_writers_run(store, tmp_path):
    stop = threading.Event()

    def writer():
        n = 0
        while not stop.is_set():
            store.take_seat("d2-1110-aud", f"W{n}", time.time())
            n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        time.sleep(0.1)
        copy = tmp_path / "copy.db"
        assert store.backup(copy) > 0
    finally:
        stop.set()
        thread.join()
    restored = Store(str(copy))
    with restored.connect() as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert len(restored.sessions()) == len(store.sessions())
    assert restored.seats_taken(["d2-1110-aud"])["d2-1110-aud"] >= 1


def test_backup_command(store, settings, tmp_path, monkeypatch, capsys):
    from bot.cli import main

    monkeypatch.setenv("SUMMIT_DB", store.path)
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "none.env"))
    assert main(["backup", str(tmp_path / "b.db")]) == 0
    assert "backed up" in capsys.readouterr().out
    monkeypatch.setenv("SUMMIT_DB", str(tmp_path / "missing.db"))
    assert main(["backup", str(tmp_path / "c.db")]) == 1
    assert "no database" in capsys.readouterr().err
