"""App Home "My Summit", organiser stats and the calendar file as pure functions: what they
show, and that they stay within Slack's limits whatever the data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, timedelta

import pytest
from icalendar import Calendar

from bot import admin
from bot.devtools.blockkit import message_problems, view_problems
from bot.home import HomeState, home_state
from bot.ics import agenda_ics, uid_for
from bot.registrations import MyItem, my_agenda
from bot.slack_text import render_text
from bot.store import SessionStats
from bot.views.admin import STATS_PAGE, stats_message
from bot.views.home import home_view
from tests.support.factories import HOSTILE, make_sessions
from tests.support.markup import pings

SESSION = "d2-1520-a202"


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_home_for_thirty_registrations_stays_within_limits(summit, store, clock, lang):
    agenda = summit.agenda()
    day2 = [s for s in agenda.on_day(clock.now().date()) if s.capacity]
    now = clock.now().timestamp()
    for session in day2[:30]:  # many in the same slots: overlaps everywhere
        assert store.take_seat(session.id, "U1", now).status == "registered"
    for session in day2[30:40]:
        store.set_capacity_override(session.id, 0, now)
        assert store.take_seat(session.id, "U1", now).status == "waitlisted"
    state = home_state(store, agenda, "U1", clock.now())
    assert len(state.items) == 40 and state.conflicts and len(state.waitlists) == 10
    view = home_view(state, lang)
    assert view_problems(view) == []
    assert len(view["blocks"]) <= 100
    shown = render_text(view["blocks"], None)
    assert ("…외" if lang == "ko" else "…and") in shown  # the overlap list was cut


def test_home_with_hostile_data_and_hundreds_of_items(clock):
    sessions = [replace(s, title=HOSTILE, title_en=HOSTILE, room=HOSTILE)
                for s in make_sessions(clock, 300, per_slot=3)]  # fmt: skip
    items = [MyItem(s, "registered", tuple(o.id for o in sessions[:50]), None) for s in sessions]
    waitlists = [replace(i, status="waitlisted", place=9) for i in items]
    state = HomeState(now=clock.now(), items=items, next_item=items[0], day=clock.now().date(),
                      day_items=items, conflicts=[(sessions[0], s) for s in sessions[1:]],
                      waitlists=waitlists)  # fmt: skip
    view = home_view(state, "en")
    assert view_problems(view) == []
    assert not pings(view)


def test_home_shows_the_next_session_day_and_waitlist(summit, store, clock):
    now = clock.now().timestamp()
    store.take_seat(SESSION, "U1", now)
    store.set_capacity_override("d2-1630-hb", 1, now)
    store.take_seat("d2-1630-hb", "U2", now)
    store.take_seat("d2-1630-hb", "U1", now)
    shown = render_text(home_view(home_state(store, summit.agenda(), "U1", clock.now()),
                                  "en")["blocks"], None)  # fmt: skip
    assert "Next up* · starts in 10 min" in shown
    assert "My agenda today* · Thu, May 4" in shown
    assert "Waitlist #1" in shown


def test_home_without_seats_suggests_the_next_slot_with_room(summit, store, clock):
    store.set_capacity_override(SESSION, 0, clock.now().timestamp())
    state = home_state(store, summit.agenda(), "U1", clock.now())
    assert state.next_item is None
    assert state.suggestions and all(s.start.hour == 15 for s in state.suggestions)
    assert SESSION not in {s.id for s in state.suggestions}  # full
    shown = render_text(home_view(state, "en")["blocks"], None)
    assert "Next slot, sessions with seats left" in shown and "[Register]" in shown


def test_home_before_the_conference_shows_day_one(summit, store, clock):
    early = clock.now() - timedelta(days=30)
    state = home_state(store, summit.agenda(), "U1", early)
    assert state.day.isoformat() == "2023-05-03"
    assert "My agenda* · Wed, May 3" in render_text(home_view(state, "en")["blocks"], None)


@pytest.mark.parametrize("count", [92, 500])
@pytest.mark.parametrize("lang", ["ko", "en"])
def test_stats_page_every_session_within_limits(clock, count, lang):
    sessions = [replace(s, title=HOSTILE) for s in make_sessions(clock, count)]
    rows = [admin.StatRow(s, SessionStats(100, 7, 9, 3)) for s in sessions]
    stats = admin.Stats(rows, rows[:5], rows[:5], 1, 2, 3)
    pages = -(-count // STATS_PAGE)
    seen = ""
    for page in range(pages):
        message = stats_message(stats, lang, page)
        assert message_problems(message) == []
        assert not pings(message)
        seen += render_text(message["blocks"], None)
    assert all(f"`{s.id}`" in seen for s in sessions)


def test_stats_rank_fastest_and_most_wanted(summit, store, clock):
    now = clock.now()
    store.set_capacity_override(SESSION, 2, now.timestamp())
    for user in ("A", "B", "C", "D"):
        store.take_seat(SESSION, user, now.timestamp())
    store.take_seat("d2-1520-hb", "E", (now - timedelta(hours=3)).timestamp())
    for user in ("F", "G", "H"):
        store.toggle_interest("d2-1630-aud", user, now.timestamp())
    stats = admin.stats(store, summit.agenda(), now)
    assert [r.session.id for r in stats.fastest] == [SESSION]  # E's seat is 3 h old
    assert [(r.session.id, r.wanted) for r in stats.wanted] == [("d2-1630-aud", 3),
                                                               (SESSION, 2)]  # fmt: skip
    assert (stats.registered, stats.waitlisted, stats.interested) == (3, 2, 3)
    assert len(stats.rows) == 92


def test_ics_uids_are_stable_and_text_is_escaped(summit, store, clock):
    store.take_seat(SESSION, "U1", clock.now().timestamp())
    items = my_agenda(store, summit.agenda(), "U1")
    tricky = [replace(items[0], session=replace(items[0].session, title="A, B; C\\D <x>",
                                                 room="Room, 2"))]  # fmt: skip
    first = agenda_ics(tricky, "ko", "Asia/Seoul", clock.now())
    later = agenda_ics(tricky, "ko", "Asia/Seoul", clock.now() + timedelta(hours=1))
    [a] = Calendar.from_ical(first).walk("VEVENT")
    [b] = Calendar.from_ical(later).walk("VEVENT")
    assert str(a["UID"]) == str(b["UID"]) == uid_for(SESSION) == f"{SESSION}@summit-bot"
    assert str(a["SUMMARY"]) == "A, B; C\\D <x>" and str(a["LOCATION"]) == "Room, 2"
    assert b.decoded("DTSTAMP") == (clock.now() + timedelta(hours=1)).astimezone(UTC)
    assert b"\r\n" in first  # RFC 5545 line endings


def test_ics_leaves_out_cancelled_sessions(summit, store, clock):
    store.take_seat(SESSION, "U1", clock.now().timestamp())
    [item] = my_agenda(store, summit.agenda(), "U1")
    cancelled = replace(item, session=replace(item.session, status="cancelled"))
    calendar = Calendar.from_ical(agenda_ics([cancelled], "en", "Asia/Seoul", clock.now()))
    assert calendar.walk("VEVENT") == [] and calendar.walk("VTIMEZONE") == []


def test_home_counts_my_notes_and_a_note_refreshes_it(local, slack, summit):
    state = home_state(summit.store, summit.agenda(), "U1", summit.clock.now())
    assert state.notes == 0
    local.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home"})
    local.command("U1", "note d2-1110-hb EC2 prices: −15%")
    local.command("U1", "note d2-1110-hb second thought")
    homes = slack.wait_for(lambda m: m.kind == "home" and m.user == "U1"
                           and "My notes: 2" in m.render())  # fmt: skip
    assert homes, "the Home tab was not refreshed with the new count"
    state = home_state(summit.store, summit.agenda(), "U1", summit.clock.now())
    assert state.notes == 2
