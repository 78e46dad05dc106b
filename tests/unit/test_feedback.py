"""The session feedback core: valid answers, when to ask, and the organisers' numbers."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.feedback import (
    COMMENT_MAX_CHARS,
    Answer,
    InvalidFeedback,
    SessionRatings,
    ask_due,
    best_rated,
    clean_comment,
    latest_answers,
    parse_rating,
    summarize,
)

SEOUL = ZoneInfo("Asia/Seoul")
T0 = datetime(2023, 5, 4, 12, 0, tzinfo=SEOUL)


def answer(session_id, user_id, rating, minutes=0, comment=None):
    return Answer(session_id, user_id, rating, comment, T0 + timedelta(minutes=minutes))


@pytest.mark.parametrize("value,expected", [(1, 1), (5, 5), ("3", 3), (" 4 ", 4)])
def test_parse_rating_accepts_one_to_five(value, expected):
    assert parse_rating(value) == expected


@pytest.mark.parametrize("value", [0, 6, -1, "0", "6", "", "four", "4.5", 4.0, None, True, "٣"])
def test_parse_rating_refuses_anything_else(value):
    with pytest.raises(InvalidFeedback):
        parse_rating(value)


def test_clean_comment():
    assert clean_comment(None) is None
    assert clean_comment("   \n ") is None
    assert clean_comment("  좋았어요 *정말*  ") == "좋았어요 *정말*"
    assert clean_comment("x" * COMMENT_MAX_CHARS) == "x" * COMMENT_MAX_CHARS
    with pytest.raises(InvalidFeedback):
        clean_comment("x" * (COMMENT_MAX_CHARS + 1))


def test_ask_due_after_the_end_within_the_window():
    end = T0
    assert not ask_due(end, end - timedelta(seconds=1))
    assert ask_due(end, end)
    assert ask_due(end, end + timedelta(hours=2, minutes=59))
    assert not ask_due(end, end + timedelta(hours=3))
    assert ask_due(end, end + timedelta(hours=5), window=timedelta(hours=6))


def test_a_changed_answer_replaces_the_old_one():
    rows = [answer("S", "U1", 2, 0), answer("S", "U1", 5, 30), answer("S", "U2", 4, 10)]
    latest = {(a.session_id, a.user_id): a.rating for a in latest_answers(rows)}
    assert latest == {("S", "U1"): 5, ("S", "U2"): 4}
    assert summarize(rows)["S"] == SessionRatings("S", 2, 4.5, (0, 0, 0, 1, 1))


def test_summarize_per_session():
    rows = [answer("A", f"U{n}", r) for n, r in enumerate([5, 4, 4, 1])] + [answer("B", "U1", 3)]
    summary = summarize(rows)
    assert summary["A"] == SessionRatings("A", 4, 3.5, (1, 0, 0, 2, 1))
    assert summary["B"] == SessionRatings("B", 1, 3.0, (0, 0, 1, 0, 0))
    assert summarize([]) == {}


def test_best_rated_needs_enough_answers_and_breaks_ties_by_count():
    summaries = [
        SessionRatings("ONE-VOTE", 1, 5.0, (0, 0, 0, 0, 1)),
        SessionRatings("GOOD", 3, 4.0, (0, 0, 0, 3, 0)),
        SessionRatings("GOOD-MORE", 6, 4.0, (0, 0, 0, 6, 0)),
        SessionRatings("BEST", 3, 4.67, (0, 0, 0, 1, 2)),
        SessionRatings("MEH", 10, 3.0, (0, 0, 10, 0, 0)),
    ]
    assert [s.session_id for s in best_rated(summaries)] == ["BEST", "GOOD-MORE", "GOOD"]
    assert [s.session_id for s in best_rated(summaries, min_count=1, limit=2)] == [
        "ONE-VOTE",
        "BEST",
    ]
    assert best_rated(summaries, min_count=20) == []


def test_best_rated_carries_no_names():
    rows = [answer("A", f"U{n}", 5, comment="secret") for n in range(3)]
    (best,) = best_rated(summarize(rows).values())
    assert "U0" not in repr(best) and "secret" not in repr(best)
