"""Search, day selection and the shipped agenda."""

from datetime import date, datetime

import pytest

from bot.agenda import parse_schedule_query, select_sessions


@pytest.fixture
def agenda(summit):
    return summit.agenda()


def test_shipped_agenda_has_both_days(agenda):
    assert agenda.days == [date(2023, 5, 3), date(2023, 5, 4)]
    assert len(agenda.on_day(date(2023, 5, 3))) == 43
    assert len(agenda.on_day(date(2023, 5, 4))) == 49


@pytest.mark.parametrize(
    ("word", "expected_id"),
    [
        ("Graviton", "d2-1720-g101"),
        ("디자인 패턴", "d2-1520-a202"),
        ("마이크로서비스", "d2-1520-a202"),
        ("스토리지", "d2-1110-g101"),
        ("kendra", "d2-1110-a201"),
        ("경태훈", "d2-1110-a201"),
        ("advanced tech 2", "d2-1520-a202"),
    ],
)
def test_every_word_finds_its_sessions(agenda, word, expected_id):
    found = {s.id for s in agenda.search(word.split())}
    assert expected_id in found


def test_short_words_match_as_substrings(agenda):
    ai = agenda.search(["AI"])
    assert len(ai) > 5
    assert all("ai" in s.haystack for s in ai)
    assert {s.id for s in agenda.search(["패턴"])} == {"d2-1520-a202"}


def test_all_words_must_match(agenda):
    assert agenda.search(["EKS", "카오스"])[0].id == "d2-1310-a203"
    assert agenda.search(["EKS", "no-such-word"]) == []


def test_ids_are_case_insensitive(agenda):
    assert agenda.get("D2-1520-A202").id == "d2-1520-a202"
    assert agenda.get("nope") is None


@pytest.mark.parametrize(
    ("text", "day", "words"),
    [
        ("day1", date(2023, 5, 3), []),
        ("2일차 EKS", date(2023, 5, 4), ["EKS"]),
        ("2023-05-03", date(2023, 5, 3), []),
        ("2023년 5월 4일 graviton", date(2023, 5, 4), ["graviton"]),
        ("5월 3일", date(2023, 5, 3), []),
        ("graviton", None, ["graviton"]),
    ],
)
def test_day_filters(agenda, clock, text, day, words):
    query = parse_schedule_query(text, agenda, clock.now())
    assert (query.day, query.words) == (day, words)


def test_now_and_next_follow_the_clock(agenda, clock):
    now = clock.now()  # 15:10 on day 2: between slots
    running = select_sessions(agenda, parse_schedule_query("now", agenda, now), now)
    assert {s.start.strftime("%H:%M") for s in running} == {"15:20"}  # nothing on: next slot
    clock.set(datetime(2023, 5, 4, 15, 30))
    now = clock.now()
    running = select_sessions(agenda, parse_schedule_query("now", agenda, now), now)
    assert len(running) == 8 and all(s.is_running(now) for s in running)
    upcoming = select_sessions(agenda, parse_schedule_query("next", agenda, now), now)
    assert {s.start.strftime("%H:%M") for s in upcoming} == {"16:30"}


def test_today_outside_the_conference_shows_the_first_day(agenda, clock):
    clock.set(datetime(2023, 6, 1, 10, 0))
    query = parse_schedule_query("today", agenda, clock.now())
    assert query.outside and query.day == date(2023, 5, 3)
