"""The live calendar feed core: the document (read back by icalendar and by vobject), the
ETag/304 decision, the link's token and URLs, and the per-token/per-address rate limiter."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from icalendar import Calendar

from bot.calendar_feed import (
    CONTENT_TYPE,
    PRODID,
    FeedSession,
    RateLimiter,
    build_feed,
    etag,
    new_token,
    not_modified,
    subscription_links,
    token_digest,
    token_from_path,
    tokens_equal,
    uid_for,
)

SEOUL = ZoneInfo("Asia/Seoul")
CHANGED = datetime(2023, 5, 1, 12, 0, tzinfo=SEOUL)


def session(session_id="D2-T3-S2", status="registered", sequence=0, **changes) -> FeedSession:
    base = FeedSession(
        session_id=session_id,
        title="마이크로서비스로의 여정",
        start=datetime(2023, 5, 4, 11, 0, tzinfo=SEOUL),
        end=datetime(2023, 5, 4, 11, 40, tzinfo=SEOUL),
        status=status,
        sequence=sequence,
        changed_at=CHANGED,
        room="Hall C",
        description="모놀리스에서 MSA까지",
    )
    return replace(base, **changes)


def feed(sessions, lang="ko", lead=10) -> bytes:
    return build_feed(
        sessions,
        calendar_name="내 서밋",
        tz_name="Asia/Seoul",
        lang=lang,
        reminder_lead_minutes=lead,
    )


def events(data: bytes) -> dict[str, object]:
    cal = Calendar.from_ical(data)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_calendar_properties_that_clients_read():
    cal = Calendar.from_ical(feed([session()]))
    assert str(cal["PRODID"]) == PRODID
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["X-WR-CALNAME"]) == "내 서밋"
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal["REFRESH-INTERVAL"].dt == timedelta(hours=1)
    assert b"X-PUBLISHED-TTL:PT1H" in feed([session()])
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert CONTENT_TYPE == "text/calendar; charset=utf-8"


def test_event_times_carry_the_event_zone_in_both_parsers():
    data = feed(
        [
            session(
                start=datetime(2023, 5, 4, 2, 0, tzinfo=UTC),
                end=datetime(2023, 5, 4, 2, 40, tzinfo=UTC),
            )
        ]
    )
    event = events(data)[uid_for("D2-T3-S2")]
    assert event["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert event["DTSTART"].dt == datetime(2023, 5, 4, 11, 0, tzinfo=SEOUL)
    assert event["DTEND"].dt == datetime(2023, 5, 4, 11, 40, tzinfo=SEOUL)

    parsed = vobject.readOne(data.decode("utf-8"))
    vevent = parsed.vevent
    assert vevent.dtstart.value.utcoffset() == timedelta(hours=9)
    assert vevent.dtstart.value.astimezone(UTC) == datetime(2023, 5, 4, 2, 0, tzinfo=UTC)
    assert vevent.dtend.value.astimezone(UTC) == datetime(2023, 5, 4, 2, 40, tzinfo=UTC)
    assert vevent.uid.value == "D2-T3-S2@summit-bot"
    assert vevent.summary.value == "마이크로서비스로의 여정"
    assert vevent.location.value == "Hall C"


def test_same_data_gives_same_bytes_and_stable_uids():
    first = feed(
        [
            session("A"),
            session(
                "B",
                start=datetime(2023, 5, 4, 13, 0, tzinfo=SEOUL),
                end=datetime(2023, 5, 4, 13, 40, tzinfo=SEOUL),
            ),
        ]
    )
    second = feed(
        [
            session(
                "B",
                start=datetime(2023, 5, 4, 13, 0, tzinfo=SEOUL),
                end=datetime(2023, 5, 4, 13, 40, tzinfo=SEOUL),
            ),
            session("A"),
        ]
    )
    assert first == second
    assert etag(first) == etag(second)
    assert set(events(first)) == {"A@summit-bot", "B@summit-bot"}


def test_a_change_raises_sequence_and_changes_the_etag():
    before = feed([session(sequence=0)])
    moved = feed(
        [
            session(
                sequence=1,
                changed_at=CHANGED + timedelta(hours=1),
                start=datetime(2023, 5, 4, 14, 0, tzinfo=SEOUL),
                end=datetime(2023, 5, 4, 14, 40, tzinfo=SEOUL),
            )
        ]
    )
    assert etag(before) != etag(moved)
    old, new = events(before)["D2-T3-S2@summit-bot"], events(moved)["D2-T3-S2@summit-bot"]
    assert (old["SEQUENCE"], new["SEQUENCE"]) == (0, 1)
    assert new["DTSTAMP"].dt == (CHANGED + timedelta(hours=1)).astimezone(UTC)
    assert new["LAST-MODIFIED"].dt > old["LAST-MODIFIED"].dt
    assert vobject.readOne(moved.decode()).vevent.sequence.value == "1"


def test_alarm_at_the_reminder_lead_time():
    event = events(feed([session()], lead=15))["D2-T3-S2@summit-bot"]
    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm["TRIGGER"].dt == timedelta(minutes=-15)
    assert "마이크로서비스로의 여정" in str(alarm["DESCRIPTION"])
    vevent = vobject.readOne(feed([session()], lead=15).decode()).vevent
    assert vevent.valarm.trigger.value == timedelta(minutes=-15)


@pytest.mark.parametrize("lead", [None, 0])
def test_no_alarm_when_reminders_are_off(lead):
    event = events(feed([session()], lead=lead))["D2-T3-S2@summit-bot"]
    assert event.walk("VALARM") == []


def test_waitlist_place_is_marked_in_summary_and_description():
    ko = events(feed([session(status="waitlisted", place=3)]))["D2-T3-S2@summit-bot"]
    assert str(ko["SUMMARY"]) == "[대기 3번째] 마이크로서비스로의 여정"
    assert "대기 3번째" in str(ko["DESCRIPTION"])
    assert ko["STATUS"] == "TENTATIVE"
    assert ko["TRANSP"] == "TRANSPARENT"
    en = events(feed([session(status="waitlisted", place=3)], lang="en"))["D2-T3-S2@summit-bot"]
    assert str(en["SUMMARY"]).startswith("[waitlist #3] ")
    assert "#3 on the waitlist" in str(en["DESCRIPTION"])


def test_cancelled_session_stays_as_cancelled_without_alarm():
    data = feed([session(status="cancelled", sequence=2)])
    event = events(data)["D2-T3-S2@summit-bot"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == 2
    assert event.walk("VALARM") == []
    assert vobject.readOne(data.decode()).vevent.status.value == "CANCELLED"


def test_registered_session_is_confirmed_and_busy():
    event = events(feed([session()]))["D2-T3-S2@summit-bot"]
    assert (event["STATUS"], event["TRANSP"]) == ("CONFIRMED", "OPAQUE")


def test_empty_feed_is_still_a_valid_calendar():
    data = feed([])
    assert vobject.readOne(data.decode()).x_wr_calname.value == "내 서밋"
    assert events(data) == {}


def test_bad_session_data_is_refused():
    with pytest.raises(ValueError):
        session(status="maybe")
    with pytest.raises(ValueError):
        session(start=datetime(2023, 5, 4, 11, 0))
    with pytest.raises(ValueError):
        session(end=datetime(2023, 5, 4, 10, 0, tzinfo=SEOUL))


def test_not_modified_follows_if_none_match():
    tag = etag(b"feed")
    assert tag.startswith('"') and tag.endswith('"')
    assert not_modified(tag, tag)
    assert not_modified(f'"other", W/{tag}', tag)
    assert not_modified("*", tag)
    assert not not_modified(None, tag)
    assert not not_modified('"other"', tag)


def test_tokens_are_long_random_and_compared_exactly():
    tokens = {new_token() for _ in range(50)}
    assert len(tokens) == 50
    token = tokens.pop()
    assert len(token) >= 43  # 32 bytes in URL-safe base64: 256 bits
    assert tokens_equal(token, token)
    assert not tokens_equal(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    assert not tokens_equal(token, "")
    assert not tokens_equal(token, "토큰")
    assert token_digest(token) == token_digest(token) != token_digest(new_token())


def test_token_from_path():
    token = new_token()
    assert token_from_path(f"/cal/{token}.ics") == token
    assert token_from_path(f"/cal/{token}.ics?x=1") == token
    assert token_from_path("/cal/short.ics") is None
    assert token_from_path(f"/cal/{token}.ics/../x") is None
    assert token_from_path(f"/other/{token}.ics") is None


def test_subscription_links():
    token = new_token()
    https, webcal = subscription_links("https://summit.example.org/bot/", token)
    assert https == f"https://summit.example.org/bot/cal/{token}.ics"
    assert webcal == f"webcal://summit.example.org/bot/cal/{token}.ics"
    local, _ = subscription_links("http://127.0.0.1:3000", token)
    assert local == f"http://127.0.0.1:3000/cal/{token}.ics"
    with pytest.raises(ValueError):
        subscription_links("summit.example.org", token)
    with pytest.raises(ValueError):
        subscription_links("https://summit.example.org", "U0123")


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_limiter_allows_a_burst_then_refills_at_the_rate():
    clock = FakeClock()
    limiter = RateLimiter(rate=0.5, burst=3, clock=clock)
    assert [limiter.allow("t") for _ in range(4)] == [True, True, True, False]
    assert limiter.retry_after("t") == pytest.approx(2.0)
    clock.now += 1.0
    assert not limiter.allow("t")
    clock.now += 1.0
    assert limiter.allow("t")
    assert not limiter.allow("t")
    clock.now += 100
    assert [limiter.allow("t") for _ in range(4)] == [True, True, True, False]  # capped at burst


def test_limiter_keys_are_independent_and_a_refusal_takes_nothing():
    clock = FakeClock()
    limiter = RateLimiter(rate=1, burst=2, clock=clock)
    assert limiter.allow(("token", "a"), ("addr", "203.0.113.1"))
    assert limiter.allow(("token", "a"), ("addr", "203.0.113.1"))
    # The address is spent: token b is refused from there but keeps its own allowance.
    assert not limiter.allow(("token", "b"), ("addr", "203.0.113.1"))
    assert limiter.allow(("token", "b"), ("addr", "203.0.113.2"))
    assert limiter.allow(("token", "b"), ("addr", "203.0.113.3"))
    assert not limiter.allow(("token", "b"), ("addr", "203.0.113.4"))
    assert limiter.retry_after(("addr", "203.0.113.9")) == 0.0


def test_limiter_forgets_idle_keys_when_the_table_grows():
    clock = FakeClock()
    limiter = RateLimiter(rate=1, burst=1, clock=clock, max_keys=10)
    for n in range(10):
        limiter.allow(n)
    clock.now += 5  # every bucket has refilled
    limiter.allow("new")
    assert len(limiter._buckets) <= 10
    assert limiter.allow(3)  # a forgotten key starts full


def test_limiter_is_thread_safe():
    limiter = RateLimiter(rate=1e-9, burst=100, clock=FakeClock())
    results: list[bool] = []
    lock = threading.Lock()

    def hammer():
        mine = [limiter.allow("t") for _ in range(50)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=hammer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 100


def test_limiter_rejects_nonsense_settings():
    with pytest.raises(ValueError):
        RateLimiter(rate=0, burst=1)
    with pytest.raises(ValueError):
        RateLimiter(rate=1, burst=0)
