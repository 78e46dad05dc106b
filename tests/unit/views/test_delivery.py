"""Reminder, alert and notice messages: within Block Kit's limits for every real session and
hostile data, escaped, in both languages, with the buttons they promise."""

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.devtools.blockkit import message_problems
from bot.slack_text import render_text
from bot.views import ids
from bot.views.delivery import (
    agenda_notice_message,
    capacity_alert_message,
    minutes_until,
    reminder_message,
    slack_date,
)
from tests.support.factories import HOSTILE
from tests.support.markup import pings

TALK = "d2-1520-a202"


def action_ids(payload):
    return [e["action_id"] for b in payload["blocks"] if b["type"] == "actions"
            for e in b["elements"]]  # fmt: skip


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_a_reminder_for_every_session_fits_and_offers_unregister(summit, lang):
    for session in summit.agenda().all:
        now = session.start - timedelta(minutes=10)
        payload = reminder_message(session, lang=lang, now=now)
        assert message_problems(payload) == [], session.id
        assert ids.for_session(ids.UNREGISTER, session.id) in action_ids(payload)
        assert not pings(payload)


def test_a_reminder_says_what_where_when_and_how_long_until(summit):
    session = summit.agenda().get(TALK)
    payload = reminder_message(session, lang="en", now=session.start - timedelta(minutes=9.5))
    shown = payload["blocks"][0]["text"]["text"]
    assert "Starts in 10 min" in shown and "12 design patterns" in shown
    assert "아셈볼룸 202" in shown and "Thu, May 4 15:20\u2009–\u200916:00 event time" in shown
    assert f"<!date^{int(session.start.timestamp())}^{{date_short_pretty}} {{time}}|" in shown
    assert "Starting now" in render_text(
        reminder_message(session, lang="en", now=session.start)["blocks"], None)  # fmt: skip
    ko = reminder_message(session, lang="ko", now=session.start - timedelta(minutes=3))
    assert "3분 후 시작" in ko["blocks"][0]["text"]["text"] and "3분 후" in ko["text"]


def test_slack_date_falls_back_to_event_time(summit):
    session = summit.agenda().get(TALK)
    assert slack_date(session.start, "en").endswith("|Thu, May 4 15:20 KST>")
    assert minutes_until(session.start, session.start + timedelta(seconds=5)) == 0


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_hostile_agenda_text_is_escaped_everywhere(summit, lang):
    session = replace(summit.agenda().get(TALK), title=HOSTILE, title_en=HOSTILE, room=HOSTILE)
    place = {"start_ts": 1, "end_ts": 2, "room": HOSTILE}
    now = session.start - timedelta(minutes=10)
    payloads = [
        reminder_message(session, lang=lang, now=now),
        capacity_alert_message(session, lang=lang, threshold=80, taken=160, seats=200,
                               minutes_from_half=12, now=now),  # fmt: skip
        agenda_notice_message(session, lang=lang, change="moved", old=place,
                              new={**place, "room": "B"}, tz=summit.clock.tz),  # fmt: skip
        agenda_notice_message(session, lang=lang, change="cancelled", old=place, new=None,
                              tz=summit.clock.tz),  # fmt: skip
    ]
    for payload in payloads:
        assert message_problems(payload) == []
        assert not pings(payload)


def test_capacity_alerts_say_how_fast_and_offer_register_while_seats_remain(summit):
    session = summit.agenda().get(TALK)
    now = session.start - timedelta(minutes=30)
    filling = capacity_alert_message(session, lang="en", threshold=80, taken=160, seats=200,
                                     minutes_from_half=12, now=now)  # fmt: skip
    shown = render_text(filling["blocks"], None)
    assert "is filling fast: 40 seats left" in shown
    assert "Went from 50% to 80% in 12 minutes." in shown
    assert ids.for_session(ids.REGISTER, TALK) in action_ids(filling)
    full = capacity_alert_message(session, lang="ko", threshold=100, taken=200, seats=200,
                                  minutes_from_half=None, now=now)  # fmt: skip
    assert "만석이에요(200석)" in full["text"]
    assert ids.for_session(ids.REGISTER, TALK) not in action_ids(full)
    sudden = capacity_alert_message(session, lang="en", threshold=80, taken=199, seats=200,
                                    minutes_from_half=None, now=now)  # fmt: skip
    assert "in under a minute" in render_text(sudden["blocks"], None)
