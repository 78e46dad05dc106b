"""The recap's fill-up chart: the seat-change record behind it, the upload into the recap
channel after the text parts, and the text recap still posted when drawing fails."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from slack_sdk import WebClient

from bot.charts import ChartError, fastest_filling
from bot.fill_history import day_fills, filled_up
from bot.outbox import recap_chart
from bot.server import build_runtime
from schedules import tick
from tests.support.paths import TOKEN

TALK = "d2-1520-a202"
OTHER = "d2-1520-a201"
CHANNEL = "CRECAP"


def at(settings, hour: int, minute: int) -> float:
    return datetime(2023, 5, 4, hour, minute, tzinfo=settings.tz).timestamp()


def fill_the_talk(store, settings) -> None:
    """The talk (2 seats) fills in 7 minutes, loses a seat and fills again; another talk
    reaches 1 of 3."""
    store.set_capacity_override(TALK, 2, at(settings, 9, 0))
    store.set_capacity_override(OTHER, 3, at(settings, 9, 0))
    store.take_seat(TALK, "U1", at(settings, 10, 0))
    store.take_seat(TALK, "U2", at(settings, 10, 7))
    store.take_seat(TALK, "U3", at(settings, 10, 8))  # waitlisted: no seat change
    store.give_back_seat(TALK, "U1", at(settings, 11, 0))  # U3 promoted in the same moment
    store.take_seat(OTHER, "U4", at(settings, 12, 0))


def test_the_seat_change_record_is_the_charts_data(summit, settings):
    fill_the_talk(summit.store, settings)
    day = datetime(2023, 5, 4).date()
    agenda_fills = {f.session_id: f for f in day_fills(summit.store, summit.agenda(), day,
                                                       at(settings, 18, 30), "en")}  # fmt: skip
    talk = agenda_fills[TALK]
    utc = [(datetime.fromtimestamp(at(settings, h, m), UTC), n)
           for h, m, n in ((10, 0, 1), (10, 7, 2), (11, 0, 1), (11, 0, 2))]  # fmt: skip
    assert talk.changes == tuple(utc)
    assert (talk.capacity, talk.peak, talk.minutes_to_full()) == (2, 2, 7.0)
    chosen = fastest_filling(agenda_fills.values())
    assert [f.session_id for f in chosen] == [TALK, OTHER]
    assert [(f.title, f.minutes) for f in filled_up(chosen)] == [
        ("Cloud-native microservice architecture through 12 design patterns", 7.0)]


@pytest.fixture
def recap_runtime(settings, clock, slack):
    settings = settings.with_(api_url=slack.api_url, recap_channel=CHANNEL)
    runtime = build_runtime(settings, clock=clock,
                            client=WebClient(token=TOKEN, base_url=slack.api_url))  # fmt: skip
    runtime.sender.start()
    yield runtime
    runtime.sender.stop()
    runtime.stop()


def test_the_chart_is_uploaded_after_the_text_with_alt_text(recap_runtime, clock, slack,
                                                            settings):  # fmt: skip
    summit = recap_runtime.summit
    fill_the_talk(summit.store, settings)
    clock.set(datetime(2023, 5, 4, 18, 30, tzinfo=settings.tz))
    tick(summit)
    [chart] = slack.wait_for(lambda m: m.kind == "file" and m.channel == CHANNEL)
    assert chart.content.startswith(b"\x89PNG\r\n\x1a\n") and chart.filename == "fill-up.png"
    texts = [m for m in slack.messages if m.kind == "post" and m.channel == CHANNEL]
    assert texts and all(m.when < chart.when for m in texts)
    [asked] = [c for c in slack.calls if c.method == "files.getUploadURLExternal"]
    assert "filled its 2 seats in 7 min" in asked.params["alt_txt"]
    tick(summit)  # planning again queues nothing again
    assert len(summit.store.outbox(kind="recap_chart")) == 1


def test_a_drawing_failure_never_blocks_the_text_recap(recap_runtime, clock, slack, settings,
                                                       monkeypatch):  # fmt: skip
    def broken(*args, **kwargs):
        raise ChartError("no font")

    monkeypatch.setattr(recap_chart, "draw_fill_chart", broken)
    summit = recap_runtime.summit
    fill_the_talk(summit.store, settings)
    clock.set(datetime(2023, 5, 4, 18, 30, tzinfo=settings.tz))
    tick(summit)
    parts = summit.store.outbox(kind="recap")
    assert parts and slack.wait_for(lambda m: m.kind == "post" and m.channel == CHANNEL)
    [row] = summit.store.outbox(kind="recap_chart")
    assert recap_chart.render(summit, row) is None  # the sender drops it: nothing to post
    assert not [m for m in slack.messages if m.kind == "file"]
