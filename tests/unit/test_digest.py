"""The morning plan core: when it is due, and what it holds."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.digest import (
    DEFAULT_DIGEST_TIME,
    FilledUp,
    PlanSession,
    digest_at,
    digest_due,
    find_clashes,
    morning_plan,
    parse_digest_time,
)

SEOUL = ZoneInfo("Asia/Seoul")
DAY2 = date(2023, 5, 4)


def s(session_id, hh_mm, minutes=40, status="registered", place=None, day=DAY2):
    hour, minute = map(int, hh_mm.split(":"))
    start = datetime.combine(day, time(hour, minute), tzinfo=SEOUL)
    return PlanSession(
        session_id,
        f"title {session_id}",
        start,
        start + timedelta(minutes=minutes),
        status,
        place,
        "Hall A",
    )


def test_parse_digest_time():
    assert parse_digest_time(None) == DEFAULT_DIGEST_TIME == time(8, 30)
    assert parse_digest_time("  ") == time(8, 30)
    assert parse_digest_time("07:05") == time(7, 5)
    for bad in ("8.30", "25:00", "morning", "08:30:00"):
        with pytest.raises(ValueError, match="HH:MM"):
            parse_digest_time(bad)


def test_due_from_digest_time_within_the_grace():
    at = digest_at(DAY2, time(8, 30), SEOUL)
    assert at == datetime(2023, 5, 4, 8, 30, tzinfo=SEOUL)
    assert not digest_due(at - timedelta(seconds=1), DAY2, time(8, 30), SEOUL)
    assert digest_due(at, DAY2, time(8, 30), SEOUL)
    assert digest_due(at + timedelta(minutes=119), DAY2, time(8, 30), SEOUL)
    assert not digest_due(at + timedelta(hours=2), DAY2, time(8, 30), SEOUL)
    # The day before, at the same wall time, is not this day's plan.
    assert not digest_due(at - timedelta(days=1), DAY2, time(8, 30), SEOUL)


def test_due_compares_instants_not_wall_clocks():
    utc_now = datetime(2023, 5, 3, 23, 45, tzinfo=ZoneInfo("UTC"))  # 08:45 in Seoul on Day 2
    assert digest_due(utc_now, DAY2, time(8, 30), SEOUL)


def test_plan_orders_the_day_and_marks_clashes_and_waitlist():
    sessions = [
        s("C", "13:00"),
        s("A", "10:00"),
        s("B", "10:20", status="waitlisted", place=2),
        s("D", "10:40"),  # starts as A ends: no clash with A, but with B (10:20-11:00)
        s("Y", "10:00", day=date(2023, 5, 3)),  # yesterday's: not in today's plan
    ]
    plan = morning_plan(sessions, DAY2, SEOUL, [FilledUp("Slow", 90), FilledUp("Quick", 12)])
    assert plan is not None and plan.day == DAY2
    assert [i.session.session_id for i in plan.items] == ["A", "B", "D", "C"]
    assert plan.clashes == (("A", "B"), ("B", "D"))
    assert {i.session.session_id: i.clashes_with for i in plan.items} == {
        "A": ("B",),
        "B": ("A", "D"),
        "D": ("B",),
        "C": (),
    }
    assert [(i.session.session_id, i.session.place) for i in plan.waitlisted] == [("B", 2)]
    assert [f.title for f in plan.filled_yesterday] == ["Quick", "Slow"]


def test_filled_yesterday_keeps_the_quickest_three():
    filled = [FilledUp(f"t{n}", n) for n in (50, 5, 30, 10)]
    plan = morning_plan([s("A", "10:00")], DAY2, SEOUL, filled)
    assert [f.minutes for f in plan.filled_yesterday] == [5, 10, 30]


def test_given_clashes_are_used_and_limited_to_the_day():
    plan = morning_plan(
        [s("A", "10:00"), s("C", "13:00")], DAY2, SEOUL, clashes=[("A", "C"), ("A", "ELSEWHERE")]
    )
    assert plan.clashes == (("A", "C"),)


def test_no_plan_for_a_day_without_sessions():
    assert morning_plan([], DAY2, SEOUL) is None
    assert morning_plan([s("Y", "10:00", day=date(2023, 5, 3))], DAY2, SEOUL) is None


def test_day_is_decided_in_the_event_zone():
    # 00:30 in Seoul on Day 2 is still Day 1 in UTC.
    late = s("N", "00:30")
    assert morning_plan([late], DAY2, SEOUL).items[0].session.session_id == "N"


def test_find_clashes_three_way():
    assert find_clashes([s("A", "10:00", 90), s("B", "10:10"), s("C", "10:30")]) == (
        ("A", "B"),
        ("A", "C"),
        ("B", "C"),
    )
