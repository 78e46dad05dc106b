"""The morning plan: due once per person and day by the clock, what it says, the opt-out,
and one DM across a restart."""

from __future__ import annotations

from datetime import datetime, timedelta

from slack_sdk import WebClient

from bot.listeners.commands import run_command
from bot.outbox import digest, reminder
from bot.server import build_runtime
from schedules import tick
from tests.support.paths import TOKEN

TALK = "d2-1520-a202"  # 15:20-16:00, Day 2
SAME_SLOT = "d2-1520-aud"  # overlaps it
FULL = "d2-1720-g101"  # 17:20, where U1 waits
DAY1_TALK = "d1-1110-a201"


def at(settings, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2023, 5, 2 + day, hour, minute, tzinfo=settings.tz)


def register_u1(summit, clock, settings) -> None:
    clock.set(at(settings, 2, 7, 0))
    summit.store.set_capacity_override(FULL, 1, clock.now().timestamp())
    now = clock.now().timestamp()
    summit.store.take_seat(FULL, "U9", now)
    for session in (TALK, SAME_SLOT, FULL):  # the overlap kept on purpose
        summit.store.take_seat(session, "U1", now)


def test_due_once_per_person_and_day_by_the_clock(summit, clock, settings):
    register_u1(summit, clock, settings)
    assert digest.digests_due(summit, at(settings, 2, 8, 29)) == []
    due = digest.digests_due(summit, at(settings, 2, 8, 30))
    assert {m.dedupe_key for m in due} == {"digest:U1:2023-05-04", "digest:U9:2023-05-04"}
    assert {m.deadline_at for m in due} == {None}  # never before a reminder
    assert summit.store.enqueue(due) == 2
    assert summit.store.enqueue(digest.digests_due(summit, at(settings, 2, 9, 0))) == 0
    assert digest.digests_due(summit, at(settings, 2, 10, 30)) == []  # the day has begun
    assert digest.digests_due(summit, at(settings, 1, 8, 30)) == []  # nothing on Day 1


def test_the_plan_shows_order_overlaps_waitlist_and_yesterday(summit, clock, settings):
    store = summit.store
    day1 = DAY1_TALK
    store.set_capacity_override(day1, 2, at(settings, 1, 9).timestamp())
    store.take_seat(day1, "U7", at(settings, 1, 9, 0).timestamp())
    store.take_seat(day1, "U8", at(settings, 1, 9, 12).timestamp())
    register_u1(summit, clock, settings)
    plan = digest.plan_for(summit, "U1", at(settings, 2, 0).date(), "en")
    text = "\n".join(b["text"]["text"] if isinstance(b["text"], dict) else ""
                     for b in plan["blocks"] if "text" in b)  # fmt: skip
    text += "".join(e["text"] for b in plan["blocks"] if b["type"] == "context"
                    for e in b["elements"])  # fmt: skip
    agenda = summit.agenda()
    titles = [agenda.get(s).title_en for s in (TALK, SAME_SLOT, FULL)]
    assert "Your plan for Day 2" in text
    assert text.index(titles[0]) < text.index(titles[2])
    assert "waitlist #1" in text and "overlaps" in text
    assert f"{agenda.get(day1).title_en} (12 min)" in text
    assert digest.plan_for(summit, "U2", at(settings, 2, 0).date(), "en") is None  # nothing


def test_digest_off_stops_it_and_a_queued_one_is_dropped(summit, clock, settings):
    register_u1(summit, clock, settings)
    clock.set(at(settings, 2, 8, 30))
    summit.store.enqueue(digest.digests_due(summit, clock.now()))
    [row] = [r for r in summit.store.outbox(kind="digest") if r["user_id"] == "U1"]
    assert "No more morning plans" in run_command(summit, "U1", "digest off").payload["text"]
    assert digest.render(summit, row) is None
    assert "U1" not in {m.user_id for m in digest.digests_due(summit, clock.now())}
    run_command(summit, "U1", "digest on")
    assert digest.render(summit, row) is not None
    clock.set(at(settings, 2, 10, 31))
    assert digest.render(summit, row) is None  # too late to be a morning plan


def test_one_dm_across_a_restart(settings, clock, slack, summit):
    register_u1(summit, clock, settings)
    settings = settings.with_(api_url=slack.api_url)

    def start():
        runtime = build_runtime(settings, clock=clock,
                                client=WebClient(token=TOKEN, base_url=slack.api_url))  # fmt: skip
        runtime.sender.start()
        return runtime

    def plans():
        return [m for m in slack.messages if m.kind == "dm" and m.user == "U1"
                and "Your plan" in (m.text or "")]  # fmt: skip

    first = start()
    try:
        clock.set(at(settings, 2, 8, 30))
        tick(first.summit)
        [sent] = slack.wait_for(lambda m: m.kind == "dm" and "Your plan" in (m.text or ""))
    finally:
        first.sender.stop()
        first.stop()
    again = start()
    try:
        clock.set(at(settings, 2, 8, 45))
        tick(again.summit)
        tick(again.summit)
        assert slack.wait_for(lambda m: m in plans() and m is not sent, 0.5) == []
        assert plans() == [sent]
    finally:
        again.sender.stop()
        again.stop()


def test_a_plan_never_goes_before_a_reminder_that_is_due(summit, clock, settings):
    """Both due at once: the reminder (it has a deadline) is claimed first, the plan after."""
    clock.set(at(settings, 2, 7, 0))
    now = clock.now().timestamp()
    summit.store.take_seat("d2-1110-a201", "U1", now)  # 11:10; its reminder is due at 11:00
    summit.store.update_user("U1", reminder_minutes=160)  # due at 08:30, with the plan
    clock.set(at(settings, 2, 8, 30))
    summit.store.enqueue(digest.digests_due(summit, clock.now()))  # queued first
    reminder.plan(summit.store, clock.now(), default_minutes=10, ahead=timedelta(hours=4))
    now = clock.now().timestamp()
    first = summit.store.claim_next("h", now, 0, 0.1, 0)
    second = summit.store.claim_next("h", now, 0, 0.1, 0)
    assert (first["kind"], second["kind"]) == ("reminder", "digest")
