"""The new messages stay within Block Kit's limits and escape what people and organisers
typed, in both languages."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.agenda import Agenda, Session
from bot.devtools.blockkit import message_problems, view_problems
from bot.digest import FilledUp, PlanSession, morning_plan
from bot.feedback import SessionRatings
from bot.views.digest import plan_message
from bot.views.feedback import ask_message, best_rated_message, comment_modal, stats_message

SEOUL = ZoneInfo("Asia/Seoul")
HOSTILE = "<!channel> *bold* & " + "가" * 300


def session(n: int) -> Session:
    start = datetime(2023, 5, 4, 9, 0, tzinfo=SEOUL) + timedelta(minutes=10 * n)
    return Session(f"s{n}", start.date(), start, start + timedelta(minutes=40),
                   f"{HOSTILE} {n}", f"{HOSTILE} {n}", room=HOSTILE)  # fmt: skip


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_feedback_messages_fit_and_escape(lang):
    talk = session(1)
    for rating in (None, 3):
        payload = ask_message(talk, lang, rating)
        assert message_problems(payload) == [] and "<!channel>" not in str(payload)
    assert view_problems(comment_modal(talk, lang, 4, "x" * 1000, "https://hooks.example/1")) == []
    agenda = Agenda([session(n) for n in range(300)])
    many = [SessionRatings(f"s{n}", 5, 4.2, (0, 0, 1, 2, 2)) for n in range(300)]
    stats = stats_message(many, agenda, lang)
    assert message_problems(stats) == [] and "<!channel>" not in str(stats)
    best = best_rated_message(talk.day, many[:3], agenda, lang)
    assert message_problems(best) == []
    assert best_rated_message(talk.day, [], agenda, lang) is None


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_long_morning_plan_fits(lang):
    sessions = [PlanSession(f"s{n}", HOSTILE, session(n).start, session(n).end,
                            "waitlisted" if n % 2 else "registered", n, HOSTILE)
                for n in range(40)]  # fmt: skip
    plan = morning_plan(sessions, sessions[0].start.date(), SEOUL,
                        [FilledUp(HOSTILE, 7.0), FilledUp("quick", 3.0)])  # fmt: skip
    payload = plan_message(plan, 2, lang)
    assert message_problems(payload) == [] and "<!channel>" not in str(payload)
