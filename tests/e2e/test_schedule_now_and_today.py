"""`schedule now` lists only what is running; a day asked for on the day itself opens at the
current slot, the ended sessions folded into one line whose button shows them."""

from __future__ import annotations

from datetime import datetime

from bot.views import ids

SLOT_1520 = "15:20\u2009–\u200916:00"  # fmt_span puts thin spaces around the dash


def buttons(reply) -> dict[str, str]:
    found = {}
    for block in reply.blocks or []:
        for element in [block.get("accessory") or {}, *block.get("elements", [])]:
            if element.get("type") == "button":
                found[element["action_id"]] = element["value"]
    return found


def test_now_lists_only_what_is_running(local, clock):
    clock.set(datetime(2023, 5, 4, 15, 30, tzinfo=clock.tz))
    [reply] = local.command("U1", "schedule now")
    rendered = reply.render()
    assert "On now" in rendered and SLOT_1520 in rendered
    assert "16:30" not in rendered and "Nothing is on" not in rendered


def test_now_between_talks_says_so_and_shows_what_starts_next(local, clock):
    [reply] = local.command("U1", "schedule now")  # 15:10: the 15:20 talks have not started
    rendered = reply.render()
    assert "On now" not in rendered and "Up next" in rendered
    assert "Nothing is on right now" in rendered and SLOT_1520 in rendered


def test_now_after_the_last_talk_is_one_line(local, clock):
    clock.set(datetime(2023, 5, 4, 23, 0, tzinfo=clock.tz))
    [reply] = local.command("U1", "지금")
    assert reply.render() == "Nothing is on right now, and nothing else starts today."


def test_today_opens_at_the_current_slot_with_ended_sessions_folded(local):
    [reply] = local.command("U1", "schedule day2")
    rendered = reply.render()
    assert "sessions earlier today have ended" in rendered
    first_slot = next(line for line in rendered.splitlines() if line.startswith("*🕒"))
    assert "15:20" in first_slot
    [shown] = local.click("U1", ids.SCHEDULE_ENDED, buttons(reply)[ids.SCHEDULE_ENDED])
    expanded = shown.render()
    assert "have ended" not in expanded
    assert next(line for line in expanded.splitlines() if line.startswith("*🕒")) != first_slot
    assert "Page 1 of" in expanded


def test_another_day_is_not_folded(local):
    [reply] = local.command("U1", "schedule day1")
    assert "have ended" not in reply.render() and ids.SCHEDULE_ENDED not in buttons(reply)


def test_the_expanded_day_pages_stay_expanded(local):
    [reply] = local.command("U1", "schedule day2")
    [shown] = local.click("U1", ids.SCHEDULE_ENDED, buttons(reply)[ids.SCHEDULE_ENDED])
    pager = {k: v for k, v in buttons(shown).items() if k.startswith(ids.SCHEDULE_PAGE)}
    assert pager, "a whole day of 30+ sessions has more than one page"
    action_id, value = next(iter(pager.items()))
    [page] = local.click("U1", action_id, value)
    assert "have ended" not in page.render() and "Page 2 of" in page.render()
