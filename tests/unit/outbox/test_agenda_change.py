"""Agenda changes: a moved or cancelled session's registrants get a DM saying exactly what
changed, queued in the load's own transaction; their reminders follow the new time."""

import csv
import io

from bot.agenda import loading
from bot.cli import main
from bot.devtools.blockkit import message_problems
from bot.outbox import reminder as reminders
from bot.outbox.kinds import render as compose
from tests.support.factories import file_rows
from tests.support.paths import AGENDA

TALK = "d2-1520-a202"  # 15:20–16:00, 아셈볼룸 202
GONE = "d2-1520-a203"


def moved_agenda(store):
    rows = [r for r in file_rows(store) if r["id"] != GONE]
    for row in rows:
        if row["id"] == TALK:
            row["start_ts"] += 3600
            row["end_ts"] += 3600
            row["room"] = "Hall <B>"
    return rows


def test_moved_and_cancelled_sessions_notify_their_registrants(store, clock, summit):
    for user, session in (("U1", TALK), ("U2", TALK), ("U3", GONE)):
        store.take_seat(session, user, clock.now().timestamp())
    reminders.plan(store, clock.now(), default_minutes=10)
    diff = loading.apply_agenda(
        store, moved_agenda(store), cancel_missing=True, now=clock.now()
    )
    assert diff.moved == [TALK] and diff.cancelled == [GONE]
    assert diff.previous[TALK]["room"] == "아셈볼룸 202 (ASEM Ballroom 202)"
    sent = {r["user_id"]: r for r in store.outbox(kind="agenda")}
    assert set(sent) == {"U1", "U2", "U3"}
    assert sent["U1"]["facts"]["change"] == "moved"
    assert sent["U1"]["facts"]["new"]["start_ts"] - sent["U1"]["facts"]["old"]["start_ts"] == 3600
    assert sent["U3"]["facts"] == {**sent["U3"]["facts"], "change": "cancelled", "new": None}
    assert [r["status"] for r in store.outbox(kind="reminder")] == ["dropped"] * 3

    moved = compose(summit, sent["U1"])
    assert message_problems(moved) == []
    text = moved["blocks"][0]["text"]["text"]
    assert "16:00 → *Thu, May 4 16:20\u2009–\u200917:00*" in text
    assert "아셈볼룸 202 (ASEM Ballroom 202) → *Hall &lt;B&gt;*" in text
    assert "Your reminder follows the new time." in text
    cancelled = compose(summit, sent["U3"])
    assert "has been cancelled" in cancelled["blocks"][0]["text"]["text"]

    clock.set(clock.now().replace(hour=16, minute=0))
    reminders.plan(store, clock.now(), default_minutes=10)
    (follows,) = store.outbox(kind="reminder", status="pending", user_id="U1")
    assert follows["deadline_at"] == diff.previous[TALK]["start_ts"] + 3600


def test_loading_the_same_agenda_again_notifies_no_one_twice(store, clock):
    store.take_seat(TALK, "U1", clock.now().timestamp())
    rows = moved_agenda(store)
    loading.apply_agenda(store, rows, cancel_missing=True, now=clock.now())
    loading.apply_agenda(store, rows, cancel_missing=True, now=clock.now())
    assert len(store.outbox(kind="agenda")) == 1


def test_agenda_load_on_the_command_line_queues_the_notices(store, clock, tmp_path,
                                                            monkeypatch, capsys):  # fmt: skip
    store.take_seat(TALK, "U1", clock.now().timestamp())
    with open(AGENDA, encoding="utf-8") as f:
        table = list(csv.DictReader(f))
    for row in table:
        if row["id"] == TALK:
            row["start"], row["end"] = "16:20", "17:00"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(table[0]))
    writer.writeheader()
    writer.writerows(table)
    moved = tmp_path / "moved.csv"
    moved.write_text(out.getvalue(), encoding="utf-8")
    monkeypatch.setenv("SUMMIT_DB", store.path)
    monkeypatch.setenv("SUMMIT_CLOCK", "2023-05-04T15:00")
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "no.env"))
    assert main(["agenda", "load", str(moved)]) == 1  # a move needs --yes
    assert store.outbox() == []
    assert main(["agenda", "load", str(moved), "--yes"]) == 0
    assert f"moved: {TALK}" in capsys.readouterr().out
    (notice,) = store.outbox(kind="agenda")
    assert notice["user_id"] == "U1" and notice["facts"]["change"] == "moved"
