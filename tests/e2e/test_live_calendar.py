"""The live calendar feed through the served app: `/summit ics` gives the link, a calendar
client polls `GET /cal/<token>.ics` over real HTTP."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from datetime import datetime, timedelta

import icalendar
import pytest
import vobject

from bot import calendar_feed, live_calendar
from bot.agenda.readers import read_agenda
from bot.listeners.commands import run_command
from tests.support.paths import AGENDA
from tests.support.summits import change_settings

TALK = "d2-1520-a202"
OTHER = "d2-1110-a201"
PUBLIC = "https://summit.example"
LINK = re.compile(r"`(https://summit\.example/cal/[A-Za-z0-9_-]+\.ics)`")


@pytest.fixture
def settings(settings):
    return settings.with_(public_url=PUBLIC)


def fetch(base: str, link: str, etag: str | None = None):
    path = link.removeprefix(PUBLIC)
    request = urllib.request.Request(base + path, headers={"If-None-Match": etag} if etag else {})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, _lower(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, _lower(exc.headers), exc.read()


def _lower(headers) -> dict:
    return {k.lower(): v for k, v in headers.items()}


def say(summit, text: str, user: str = "U1") -> str:
    return "\n".join(m["text"] for m in run_command(summit, user, text).messages())


def link_from(reply: str) -> str:
    match = LINK.search(reply)
    assert match, reply
    return match.group(1)


def events(feed: bytes) -> dict:
    cal = icalendar.Calendar.from_ical(feed)
    return {str(e["UID"]).split("@")[0]: e for e in cal.walk("VEVENT")}


def move(store, settings, session_id: str, minutes: int) -> None:
    rows = read_agenda(AGENDA, settings.tz).rows
    for row in rows:
        if row["id"] == session_id:
            row["start_ts"] += minutes * 60
            row["end_ts"] += minutes * 60
    store.apply_agenda(rows, cancel_missing=False, dry_run=False)


def test_a_feed_follows_registrations_moves_and_cancellations(served, runtime, clock, settings):
    summit = runtime.summit
    clock.set(datetime(2023, 5, 4, 9, 0, tzinfo=settings.tz))
    say(summit, f"register {TALK}")
    link = link_from(say(summit, "ics"))
    assert "webcal://summit.example/cal/" in say(summit, "ics reset")  # a reset gives webcal too
    old, link = link, link_from(say(summit, "ics reset"))
    assert fetch(served, old)[0] == 404

    status, headers, feed = fetch(served, link)
    assert status == 200
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    parsed = vobject.readOne(feed.decode("utf-8"))
    assert [str(e.uid.value) for e in parsed.vevent_list] == [f"{TALK}@summit-bot"]
    assert int(events(feed)[TALK]["SEQUENCE"]) == 0
    [alarm] = events(feed)[TALK].walk("VALARM")  # the reminder lead time rides along
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=10)

    etag = headers["etag"]
    assert fetch(served, link, etag)[0] == 304

    say(summit, f"register {OTHER}")  # a registration: a new event, a new ETag
    status, headers, feed = fetch(served, link, etag)
    assert status == 200 and headers["etag"] != etag
    assert set(events(feed)) == {TALK, OTHER}

    move(summit.store, settings, TALK, 30)  # the organisers move the talk
    feed = fetch(served, link)[2]
    talk = events(feed)[TALK]
    assert int(talk["SEQUENCE"]) == 1
    assert talk.decoded("DTSTART") == datetime(2023, 5, 4, 15, 50, tzinfo=settings.tz)
    assert int(events(feed)[OTHER]["SEQUENCE"]) == 0

    say(summit, f"unregister {TALK}")  # a cancellation stays in the feed, as cancelled
    feed = fetch(served, link)[2]
    talk = events(feed)[TALK]
    assert (str(talk["STATUS"]), int(talk["SEQUENCE"])) == ("CANCELLED", 2)
    both = vobject.readOne(feed.decode("utf-8"))
    assert {str(e.status.value) for e in both.vevent_list} == {"CANCELLED", "CONFIRMED"}

    run_command(summit, "U1", "forget")
    summit.store.forget_user("U1", clock.now().timestamp())
    assert fetch(served, link)[0] == 404


def test_the_waitlist_is_marked_in_the_feed(served, runtime, clock, settings):
    summit = runtime.summit
    summit.store.set_capacity_override(TALK, 1, clock.now().timestamp())
    say(summit, f"register {TALK}", user="U2")
    say(summit, f"register {TALK}")
    link = link_from(say(summit, "ics"))
    talk = events(fetch(served, link)[2])[TALK]
    assert str(talk["STATUS"]) == "TENTATIVE" and "#1" in str(talk["SUMMARY"])
    say(summit, f"unregister {TALK}", user="U2")  # U1 is promoted
    talk = events(fetch(served, link)[2])[TALK]
    assert (str(talk["STATUS"]), int(talk["SEQUENCE"])) == ("CONFIRMED", 1)
    assert "#1" not in str(talk["SUMMARY"])


def test_unknown_tokens_are_404_and_compared_in_constant_time(served, runtime, monkeypatch):
    summit = runtime.summit
    say(summit, f"register {TALK}")
    link_from(say(summit, "ics"))
    compared = []
    real = calendar_feed.tokens_equal
    monkeypatch.setattr(calendar_feed, "tokens_equal",
                        lambda a, b: compared.append((a, b)) or real(a, b))  # fmt: skip
    guess = f"{PUBLIC}/cal/{calendar_feed.new_token()}.ics"
    assert fetch(served, guess)[0] == 404
    assert fetch(served, f"{PUBLIC}/cal/short.ics")[0] == 404
    assert fetch(served, f"{PUBLIC}/cal/U1.ics")[0] == 404  # never the user id
    owner = summit.store.calendar_token_owner
    def near_miss(digest):  # a row found whose digest differs: only the comparison says no
        return ("U1", "f" * 64) if owner(digest) is None else None

    monkeypatch.setattr(summit.store, "calendar_token_owner", near_miss)
    assert live_calendar.token_owner(summit, calendar_feed.new_token()) is None
    assert compared  # the digest from the database was compared with hmac.compare_digest


def test_a_burst_of_requests_is_limited(served, runtime):
    summit = runtime.summit
    say(summit, f"register {TALK}")
    link = link_from(say(summit, "ics"))
    statuses = [fetch(served, link)[0] for _ in range(15)]
    assert statuses[:10] == [200] * 10
    assert 429 in statuses[10:]
    status, headers, _ = fetch(served, link)
    assert status == 429 and int(headers["retry-after"]) >= 1


def test_without_a_public_url_only_the_file_is_offered(runtime):
    summit = runtime.summit
    change_settings(summit, public_url=None)
    say(summit, f"register {TALK}")
    reply = say(summit, "ics")
    assert "Only the file is available" in reply and "/cal/" not in reply
    assert "Only the file is available" in say(summit, "ics reset")
