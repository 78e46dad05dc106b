"""Block Kit builders: pure functions checked against every limit, whatever the data."""

from dataclasses import replace
from datetime import date, timedelta

import pytest

from bot.devtools.blockkit import message_problems
from bot.registrations import MyItem
from bot.slack_text import render_text
from bot.views.sessions import SeatView, my_message, paginate, schedule_message, session_detail
from bot.views.text import clip, escape
from tests.support.factories import HOSTILE, make_sessions
from tests.support.markup import pings


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_full_day_paginates_within_limits(clock, lang):
    sessions = make_sessions(clock, 49)
    pages = paginate(sessions)
    assert sum(len(p) for p in pages) == 49 and len(pages) > 1
    for page in range(len(pages)):
        msg = schedule_message(sessions, title="Day 2", lang=lang, now=clock.now(),
                               seats=SeatView(), page=page, pager_state={"q": ""})  # fmt: skip
        assert message_problems(msg) == []
        assert len(msg["blocks"]) <= 50


def test_the_pager_moves_both_ways(clock):
    sessions = make_sessions(clock, 49)
    first = schedule_message(sessions, title="x", lang="en", now=clock.now(), seats=SeatView(),
                             page=0, pager_state={"q": "day2", "day": "2023-05-04"})  # fmt: skip
    middle = schedule_message(sessions, title="x", lang="en", now=clock.now(), seats=SeatView(),
                              page=1, pager_state={"q": "day2", "day": "2023-05-04"})  # fmt: skip
    assert [b["text"]["text"] for b in first["blocks"][-1]["elements"]] == ["Next page ▶"]
    assert len(middle["blocks"][-1]["elements"]) == 2
    assert '"page": 2' in middle["blocks"][-1]["elements"][1]["value"]


def test_hostile_titles_are_escaped_and_clipped(clock):
    sessions = [replace(s, title=HOSTILE, room=HOSTILE, description=HOSTILE, speakers=(HOSTILE,))
                for s in make_sessions(clock, 20)]  # fmt: skip
    msg = schedule_message(sessions, title=HOSTILE, lang="en", now=clock.now(), seats=SeatView())
    assert message_problems(msg) == []
    assert not pings(msg)
    detail = session_detail(sessions[0], lang="ko", now=clock.now(), seats=SeatView())
    assert message_problems(detail) == []
    assert not pings(detail)


def test_seat_lines_show_full_and_status(clock):
    session = make_sessions(clock, 1)[0]
    seats = SeatView(taken={"s-0": 100}, mine={"s-0": "registered"})
    before = clock.now().replace(hour=8)
    detail = session_detail(session, lang="en", now=before, seats=seats)
    shown = render_text(detail["blocks"], detail["text"])
    assert "Full (100 seats)" in shown and "Registered" in shown
    assert "[Unregister]" in shown


def test_ended_sessions_have_no_register_button(clock):
    session = make_sessions(clock, 1)[0]
    later = clock.now().replace(hour=23)
    msg = schedule_message([session], title="x", lang="en", now=later, seats=SeatView())
    shown = render_text(msg["blocks"], msg["text"])
    assert "Ended" in shown and "[Register]" not in shown


def test_my_agenda_with_many_sessions_stays_within_limits(clock):
    sessions = make_sessions(clock, 60, per_slot=1)
    items = [MyItem(s, "registered", ("s-1",)) for s in sessions]
    msg = my_message(items, lang="ko", now=clock.now(), seats=SeatView())
    assert message_problems(msg) == []
    shown = sum(1 for b in msg["blocks"] if b.get("block_id", "").startswith("session:"))
    assert f"…외 {60 - shown}개" in render_text(msg["blocks"], msg["text"])


def test_escape_and_clip():
    assert escape("<!here> & <@U1>") == "&lt;!here&gt; &amp; &lt;@U1&gt;"
    assert escape("a\x00b\x1bc") == "abc"
    clipped = clip("x" * 10 + "&amp;", 13)
    assert clipped == "x" * 10 + "…"
    assert len(clip("y" * 5000, 3000)) == 3000


def test_sessions_on_two_days_show_dates(clock):
    one = make_sessions(clock, 1)[0]
    other = replace(one, id="s-x", day=date(2023, 5, 3), start=one.start - timedelta(days=1),
                    end=one.end - timedelta(days=1))  # fmt: skip
    msg = schedule_message([other, one], title="x", lang="en", now=clock.now(), seats=SeatView())
    shown = render_text(msg["blocks"], msg["text"])
    assert "Wed, May 3" in shown and "Thu, May 4" in shown
