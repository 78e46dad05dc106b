"""The planning tick wires the later features into the outbox: the end-of-day recap (once,
across a restart), recap-draft offers, interest nudges at the 80% moment, and promotion DMs
from an agenda load on the command line; the sender posts them through the fake Slack."""

from datetime import datetime

import pytest
from slack_sdk import WebClient

from bot.cli import main
from bot.server import build_runtime
from schedules import tick
from tests.support.paths import TOKEN

TALK = "d2-1520-a202"
CHANNEL = "CRECAP"


@pytest.fixture
def day_settings(settings, slack):
    return settings.with_(api_url=slack.api_url, recap_channel=CHANNEL,
                          alert_channel="CALERT")  # fmt: skip


def start(settings, clock):
    runtime = build_runtime(settings, clock=clock,
                            client=WebClient(token=TOKEN, base_url=settings.api_url))  # fmt: skip
    runtime.sender.start()
    return runtime


def test_the_day_recap_posts_once_across_a_restart(day_settings, clock, slack, local):
    local.command("U1", f"register {TALK}")
    clock.set(datetime(2023, 5, 4, 15, 30))
    local.command("U1", "note API latency −44% after moving to Graviton <!channel>")
    first = start(day_settings, clock)
    try:
        clock.set(datetime(2023, 5, 4, 18, 30))
        tick(first.summit)
        posts = slack.wait_for(lambda m: m.channel == CHANNEL)
        assert any("API latency −44%" in p.render() for p in posts)
        assert not any("<!channel>" in (p.text or "") + str(p.blocks) for p in posts)
        offers = slack.wait_for(lambda m: m.kind == "dm" and m.user == "U1")
        assert offers
        # The fill-up chart follows the text parts; it too is posted once.
        posts += slack.wait_for(lambda m: m.kind == "file" and m.channel == CHANNEL)
    finally:
        first.stop()
        first.sender.stop()
    count = len([m for m in slack.messages if m.channel == CHANNEL])
    again = start(day_settings, clock)  # a restart at 18:40: nothing is posted twice
    try:
        clock.set(datetime(2023, 5, 4, 18, 40))
        tick(again.summit)
        tick(again.summit)
        assert slack.wait_for(lambda m: m.channel == CHANNEL and m not in posts, 1.0) == []
        assert len([m for m in slack.messages if m.channel == CHANNEL]) == count
        recap_rows = again.summit.store.outbox(kind="recap")
        assert {r["status"] for r in recap_rows} == {"sent"}
    finally:
        again.stop()
        again.sender.stop()


def test_stars_get_one_nudge_when_the_talk_starts_filling(day_settings, clock, slack, local):
    runtime = start(day_settings, clock)
    try:
        store = runtime.summit.store
        store.set_capacity_override(TALK, 10)
        store.toggle_interest(TALK, "UFAN", clock.now().timestamp())
        for n in range(8):  # 80%
            store.take_seat(TALK, f"U{n}", clock.now().timestamp())
        tick(runtime.summit)
        tick(runtime.summit)
        nudges = slack.wait_for(lambda m: m.kind == "dm" and m.user == "UFAN")
        assert len(nudges) == 1 and "[Register]" in nudges[0].render()
        alert = slack.wait_for(lambda m: m.channel == "CALERT")
        assert alert and "2 seats left" in alert[0].render()
    finally:
        runtime.stop()
        runtime.sender.stop()


def test_agenda_load_on_the_command_line_queues_promotion_dms(store, settings, tmp_path,
                                                             monkeypatch, capsys):  # fmt: skip
    store.set_capacity_override(TALK, None)
    with store.transaction() as db:
        db.execute("UPDATE sessions SET capacity = 1 WHERE id = ?", [TALK])
        db.execute("UPDATE meta SET value = value + 1 WHERE key = 'agenda_version'")
    now = datetime(2023, 5, 4, 14, 0, tzinfo=settings.tz).timestamp()
    store.take_seat(TALK, "U1", now)
    assert store.take_seat(TALK, "U2", now + 1).status == "waitlisted"
    monkeypatch.setenv("SUMMIT_DB", store.path)
    monkeypatch.setenv("SUMMIT_CLOCK", "2023-05-04T14:00")
    monkeypatch.setenv("SUMMIT_ENV_FILE", str(tmp_path / "none.env"))
    assert main(["agenda", "load", settings.agenda_path]) == 0  # the file says 200 seats
    assert "promoted from waitlists: 1 (DMs queued)" in capsys.readouterr().out
    [row] = store.outbox(kind="promotion")
    assert row["channel"] == "U2" and row["status"] == "pending"
