"""The database held locked by someone else (a long backup, an admin's sqlite3 session with
a write transaction open): a command still answers within 3 s, "busy, try again" at worst;
the sender waits and loses nothing. The lock here is 2.5 s, the mechanism the same."""

from __future__ import annotations

import sqlite3
import threading
import time

from bot.i18n import t
from bot.outbox import reminder
from tests.support.serving import wait_until

TALK = "d2-1520-a202"
LOCK_SECONDS = 2.5


def hold_write_lock(path: str, seconds: float, taken: threading.Event) -> None:
    admin = sqlite3.connect(path, isolation_level=None)
    admin.execute("BEGIN IMMEDIATE")  # what `sqlite3 summit.db` then `BEGIN IMMEDIATE;` does
    admin.execute("UPDATE meta SET value = value WHERE key = 'agenda_version'")
    taken.set()
    time.sleep(seconds)
    admin.execute("COMMIT")
    admin.close()


def test_a_locked_database_gets_a_quick_busy_answer_and_the_sender_waits(local, slack, runtime):
    store, clock = runtime.summit.store, runtime.summit.clock
    users = [f"U{n:02d}" for n in range(30)]
    for user in users:
        assert store.take_seat(TALK, user, clock.now().timestamp()).status == "registered"
    reminder.plan(store, clock.now(), default_minutes=10)  # the sender starts on them at once
    taken = threading.Event()
    locker = threading.Thread(target=hold_write_lock, args=(store.path, LOCK_SECONDS, taken))
    locker.start()
    assert taken.wait(2)
    began = time.monotonic()
    (answer,) = local.command("U3", f"register {TALK}", timeout=3.0)
    took = time.monotonic() - began
    locker.join()
    assert took < 3.0
    assert answer.render() == t("en", "busy")
    assert store.user_registrations("U3") == []  # nothing half done
    (again,) = local.command("U3", f"register {TALK}")
    assert "busy" not in again.render()
    assert wait_until(lambda: store.outbox_stats()["depth"] == 0, 10)
    sent = [r["user_id"] for r in store.outbox(kind="reminder", status="sent")]
    assert sorted(sent) == users
