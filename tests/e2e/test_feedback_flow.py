"""Session feedback: asked once per person and session when it ends (by the clock), answered
by a button or the comment modal and changeable, opt-out, the organisers' numbers, the CSV
export and the recap's best-rated section."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime

import pytest

from bot.cli import main
from bot.listeners.commands import run_command
from bot.outbox import feedback_ask
from bot.outbox.recap_chart import recap_extras
from bot.recap import recap_moment
from bot.views import ids
from bot.views.feedback import comment_modal
from tests.support.summits import change_settings

TALK = "d2-1520-a202"  # 15:20-16:00 on Day 2


def at(settings, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 5, 4, hour, minute, tzinfo=settings.tz)


def keys(messages) -> set[str]:
    return {m.dedupe_key for m in messages}


def row_for(summit, user: str) -> dict:
    summit.store.enqueue(feedback_ask.feedback_asks_due(summit, summit.clock.now()))
    [row] = [r for r in summit.store.outbox(kind="feedback_ask") if r["user_id"] == user]
    return row


def test_asked_once_per_person_and_session_when_it_ends(summit, clock, settings):
    for user in ("U1", "U2"):
        run_command(summit, user, f"register {TALK}")
    assert feedback_ask.feedback_asks_due(summit, at(settings, 15, 59)) == []
    due = feedback_ask.feedback_asks_due(summit, at(settings, 16, 0))
    assert {f"feedback:U1:{TALK}", f"feedback:U2:{TALK}"} <= keys(due)
    assert {m.deadline_at for m in due} == {None}  # sent after anything with a deadline
    assert summit.store.enqueue(due) == len(due)
    assert summit.store.enqueue(feedback_ask.feedback_asks_due(summit, at(settings, 16, 5))) == 0
    assert feedback_ask.feedback_asks_due(summit, at(settings, 19, 0)) == []  # too long ago


def test_a_button_answers_and_a_second_click_changes_it(summit, local, clock, settings):
    local.command("U1", f"register {TALK}")
    clock.set(at(settings, 16, 1))
    row = row_for(summit, "U1")
    question = feedback_ask.render(summit, row)
    rates = [e["action_id"] for b in question["blocks"] if b["type"] == "actions"
             for e in b["elements"]]  # fmt: skip
    assert rates == [f"{ids.FEEDBACK_RATE}:{n}" for n in range(1, 6)] + [ids.FEEDBACK_COMMENT]
    [reply] = local.click("U1", f"{ids.FEEDBACK_RATE}:4", TALK)
    assert "4/5" in reply.render()
    assert summit.store.feedback_of(TALK, "U1")["rating"] == 4
    local.click("U1", f"{ids.FEEDBACK_RATE}:2", TALK)
    assert [r["rating"] for r in summit.store.all_feedback()] == [2]
    assert feedback_ask.render(summit, row) is None  # answered: a late question is dropped


def test_the_comment_modal_keeps_the_rating_and_checks_the_length(summit, local, clock,
                                                                  settings):  # fmt: skip
    local.command("U1", f"register {TALK}")
    clock.set(at(settings, 16, 1))
    local.click("U1", f"{ids.FEEDBACK_RATE}:5", TALK)
    session = summit.agenda().get(TALK)
    view = comment_modal(session, "en", 5, None, None)
    rating_select = [b for b in view["blocks"] if b.get("block_id") == ids.BLOCK_FEEDBACK_RATING]
    assert rating_select[0]["element"]["initial_option"]["value"] == "5"

    def values(rating: str | None, comment: str) -> dict:
        chosen = {"selected_option": {"value": rating}} if rating else {"selected_option": None}
        return {ids.BLOCK_FEEDBACK_RATING: {ids.FEEDBACK_RATING_INPUT: chosen},
                ids.BLOCK_FEEDBACK_COMMENT: {ids.FEEDBACK_COMMENT_INPUT: {"value": comment}}}

    too_long = local.submit("U1", view, values("5", "x" * 1001))
    assert json.loads(too_long.body)["errors"][ids.BLOCK_FEEDBACK_COMMENT]
    no_rating = local.submit("U1", view, values(None, "great"))
    assert json.loads(no_rating.body)["errors"][ids.BLOCK_FEEDBACK_RATING]
    assert local.submit("U1", view, values("3", "  패턴 설명이 좋았어요  ")).status == 200
    saved = summit.store.feedback_of(TALK, "U1")
    assert (saved["rating"], saved["comment"]) == (3, "패턴 설명이 좋았어요")
    local.click("U1", f"{ids.FEEDBACK_RATE}:4", TALK)  # a new rating keeps the comment
    assert summit.store.feedback_of(TALK, "U1")["comment"] == "패턴 설명이 좋았어요"


def test_feedback_off_stops_the_questions_and_on_restarts_them(summit, clock, settings):
    run_command(summit, "U1", f"register {TALK}")
    clock.set(at(settings, 16, 1))
    row = row_for(summit, "U1")
    assert "won't ask" in run_command(summit, "U1", "feedback off").payload["text"]
    assert feedback_ask.feedback_asks_due(summit, clock.now()) == []
    assert feedback_ask.render(summit, row) is None  # queued before: dropped at send time
    run_command(summit, "U1", "feedback on")
    assert feedback_ask.render(summit, row) is not None  # the queued question goes out again


def test_an_opted_out_person_is_not_queued_and_planning_happens_once(summit, clock, settings):
    for user in ("U1", "U2"):
        run_command(summit, user, f"register {TALK}")
    run_command(summit, "U2", "feedback off")
    clock.set(at(settings, 16, 1))
    due = feedback_ask.feedback_asks_due(summit, clock.now())
    assert f"feedback:U1:{TALK}" in keys(due) and f"feedback:U2:{TALK}" not in keys(due)
    summit.store.enqueue(due)
    assert feedback_ask.feedback_asks_due(summit, clock.now()) == []  # planned once per session
    assert "Usage" in run_command(summit, "U1", "feedback maybe").payload["text"]


@pytest.fixture
def rated(summit, clock, settings):
    """Three people rated the talk 5, 4 and 3, one with a comment."""
    now = at(settings, 16, 5).timestamp()
    for user, rating, comment in (("U1", 5, "명확했어요"), ("U2", 4, None), ("U3", 3, None)):
        summit.store.save_feedback(TALK, user, rating, comment, now)
    return summit


def test_admin_stats_show_count_mean_and_distribution(rated, settings):
    change_settings(rated, admins=frozenset({"UADMIN"}))
    messages = run_command(rated, "UADMIN", "admin stats").messages()
    feedback = messages[-1]["blocks"]
    text = "\n".join(b["text"]["text"] for b in feedback if "text" in b)
    assert f"`{TALK}`" in text and "3 answers, mean 4.00" in text
    assert "1★×0 2★×0 3★×1 4★×1 5★×1" in text
    assert "명확했어요" not in text  # comments only in the export


def test_export_feedback_has_the_contract_columns(rated, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SUMMIT_DB", rated.store.path)
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "none.env"))
    assert main(["export", "feedback"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["session_id", "user_id", "rating", "comment", "answered_at"]
    assert [r[:4] for r in rows[1:]] == [[TALK, "U1", "5", "명확했어요"], [TALK, "U2", "4", ""],
                                         [TALK, "U3", "3", ""]]  # fmt: skip
    assert rows[1][4] == "2023-05-04T07:05:00+00:00"


def test_the_recap_lists_the_best_rated_without_names_or_comments(rated, settings):
    recap = settings.with_(recap_channel="CRECAP")
    day = at(settings, 0).date()
    extras = recap_extras(rated.store, rated.agenda(), day, recap_moment(day, recap), recap)
    [best] = [m for m in extras if m.dedupe_key == "recap:2023-05-04:best"]
    shown = json.dumps(best.facts, ensure_ascii=False)
    assert rated.agenda().get(TALK).title_en in shown and "4.0/5 (3 ratings)" in shown
    assert "U1" not in shown and "U2" not in shown and "명확했어요" not in shown
    assert best.channel == "CRECAP" and best.kind == "recap"
