"""The attendee experience end to end: signed requests through Bolt, answers read back from
the Slack stand-in, which checks every message and view against Block Kit's limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from bot.devtools.blockkit import view_problems
from bot.listeners.replies import publish_home
from bot.outbox.interest_nudge import interest_nudges
from bot.views import ids
from tests.support.markup import pings
from tests.support.summits import change_settings

SESSION = "d2-1520-a202"  # 15:20–16:00
RIVAL = "d2-1520-a201"  # the same slot
LATER = "d2-1630-hb"


@pytest.fixture
def served_summit(runtime):
    return runtime.summit


def button(delivered, prefix: str) -> dict:
    """The button whose action_id starts with `prefix` in a delivered message or view."""
    for block in delivered.blocks or []:
        elements = block.get("elements", []) + ([block["accessory"]] if "accessory" in block
                                                else [])  # fmt: skip
        for element in elements:
            if element.get("type") == "button" and element["action_id"].startswith(prefix):
                return element
    raise AssertionError(f"no {prefix} button in {delivered.render()}")


def dms(slack, user: str, kind: str = "dm") -> list:
    return [m for m in slack.messages_for(user) if m.kind == kind]


def one(replies):
    assert len(replies) == 1, replies
    return replies[0]


def open_home(local, user: str) -> None:
    local.event({"type": "app_home_opened", "user": user, "channel": f"D{user}", "tab": "home"})


def test_full_session_waitlists_and_a_freed_seat_promotes_with_a_dm(local, slack, served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    open_home(local, "U2")
    assert "registered for" in one(local.command("U1", f"register {SESSION}")).render()
    waiting = one(local.command("U2", f"register {SESSION}")).render()
    assert "full (1 seat)" in waiting and "waitlist: #1" in waiting
    assert "Waitlist #1" in one(local.command("U2", "my")).render()
    gone = one(local.command("U1", f"unregister {SESSION}")).render()
    assert "given back your seat" in gone
    [dm] = slack.wait_for(lambda m: m.kind == "dm" and m.user == "U2")
    assert "A seat opened up" in dm.render() and "[Unregister]" in dm.render()
    assert slack.wait_for(lambda m: m.kind == "home" and m.user == "U2" and "Next up" in m.render())
    assert served_summit.store.registration_status(SESSION, "U2") == "registered"
    assert slack.rejected == []


def test_leaving_the_waitlist_is_unregister(local, served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    local.command("U1", f"register {SESSION}")
    local.command("U2", f"register {SESSION}")
    assert "left the waitlist" in one(local.command("U2", f"unregister {SESSION}")).render()
    assert served_summit.store.registration_status(SESSION, "U2") is None


def test_a_full_session_offers_join_waitlist(local, served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    local.command("U1", f"register {SESSION}")
    shown = one(local.command("U2", f"show {SESSION}")).render()
    assert "[Join waitlist]" in shown and "[☆ Interested]" in shown


def test_overlap_offers_switch_which_frees_the_old_seat_to_its_waitlist(local, slack,
                                                                        served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    local.command("U1", f"register {SESSION}")
    local.command("W1", f"register {SESSION}")  # waits for U1's seat
    prompt = one(local.command("U1", f"register {RIVAL}"))
    assert "overlaps" in prompt.render()
    assert served_summit.store.registration_status(RIVAL, "U1") is None
    switch = button(prompt, ids.CONFLICT_SWITCH)
    answer = one(local.click("U1", switch["action_id"], switch["value"])).render()
    assert "Switched" in answer
    assert served_summit.store.registration_status(RIVAL, "U1") == "registered"
    assert served_summit.store.registration_status(SESSION, "U1") is None
    assert served_summit.store.registration_status(SESSION, "W1") == "registered"
    assert slack.wait_for(lambda m: m.kind == "dm" and m.user == "W1")


def test_overlap_keep_old_or_keep_both(local, served_summit):
    local.command("U1", f"register {SESSION}")
    prompt = one(local.command("U1", f"register {RIVAL}"))
    keep = button(prompt, ids.CONFLICT_KEEP)
    assert "Nothing changed" in one(local.click("U1", keep["action_id"], keep["value"])).render()
    assert served_summit.store.registration_status(RIVAL, "U1") is None
    both = button(prompt, ids.CONFLICT_BOTH)
    answer = one(local.click("U1", both["action_id"], both["value"])).render()
    assert "registered for" in answer and "overlaps" in answer
    assert "Overlaps" in one(local.command("U1", "my")).render()


def test_switch_into_a_session_that_filled_changes_nothing(local, served_summit):
    local.command("U1", f"register {SESSION}")
    prompt = one(local.command("U1", f"register {RIVAL}"))
    served_summit.store.set_capacity_override(RIVAL, 1)
    local.command("U9", f"register {RIVAL}")
    switch = button(prompt, ids.CONFLICT_SWITCH)
    answer = one(local.click("U1", switch["action_id"], switch["value"])).render()
    assert "filled up in the meantime" in answer
    assert served_summit.store.registration_status(SESSION, "U1") == "registered"


def test_star_then_nudge_when_filling_then_register_from_the_dm(local, slack, served_summit):
    star = ids.for_session(ids.INTEREST, SESSION)
    assert "Starred" in one(local.click("U1", star, SESSION)).render()
    local.click("U2", star, SESSION)
    local.command("U2", f"register {SESSION}")  # has a seat: no nudge
    summit = served_summit
    nudges = interest_nudges(summit.store, summit.agenda(), SESSION, summit.clock.now())
    assert [(n.channel, n.dedupe_key, n.kind) for n in nudges] == [
        ("U1", f"nudge:U1:{SESSION}", "nudge")
    ]
    assert served_summit.store.enqueue(nudges) == 1
    [dm] = slack.wait_for(lambda m: m.kind == "dm" and m.user == "U1")
    assert "filling up" in dm.render()
    register = button(dm, ids.REGISTER)
    assert "registered for" in one(local.click("U1", register["action_id"], SESSION)).render()
    assert "Unstarred" in one(local.click("U1", star, SESSION)).render()


def test_forget_after_confirmation_deletes_and_promotes(local, slack, served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    local.command("U1", f"register {SESSION}")
    local.command("W1", f"register {SESSION}")
    local.command("U1", "lang en")
    local.click("U1", ids.for_session(ids.INTEREST, LATER), LATER)
    prompt = one(local.command("U1", "forget"))
    assert served_summit.store.user("U1") is not None  # asking changes nothing
    cancel = button(prompt, ids.FORGET_CANCEL)
    assert "Nothing was deleted" in one(local.click("U1", cancel["action_id"], "")).render()
    confirm = button(prompt, ids.FORGET_CONFIRM)
    answer = one(local.click("U1", confirm["action_id"], confirm["value"])).render()
    assert "1 registration," in answer and "1 star," in answer and "your settings" in answer
    store = served_summit.store
    assert store.user("U1") is None and store.user_registrations("U1") == []
    assert served_summit.store.registration_status(SESSION, "W1") == "registered"
    assert slack.wait_for(lambda m: m.kind == "dm" and m.user == "W1")
    # The refreshed Home didn't bring the deleted user row back.
    assert slack.wait_for(lambda m: m.kind == "home" and m.user == "U1")
    assert served_summit.store.user("U1") is None


def test_app_home_opened_publishes_my_summit(local, slack):
    local.command("U9", f"register {SESSION}")  # never opened the Home tab: not published
    open_home(local, "U1")
    assert slack.wait_for(lambda m: m.kind == "home" and m.user == "U1")
    local.command("U1", f"register {SESSION}")
    assert slack.wait_for(lambda m: m.kind == "home" and "starts in" in m.render())  # refreshed
    assert [m for m in slack.messages if m.kind == "home" and m.user == "U9"] == []
    slack.clear()
    open_home(local, "U1")
    [home] = slack.wait_for(lambda m: m.kind == "home" and m.user == "U1")
    shown = home.render()
    assert "My Summit" in shown and "starts in 10 min" in shown and "Calendar file]" in shown
    assert view_problems(home.meta["view"]) == []
    local.event({"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "messages"})
    assert len(slack.wait_for(lambda m: m.kind == "home", timeout=0.3)) == 1


def test_home_buttons_answer_in_the_dm(local, slack, served_summit):
    open_home(local, "U1")
    local.command("U1", f"register {SESSION}")
    local.click_home("U1", ids.HOME_MY, "my")
    [dm] = slack.wait_for(lambda m: m.kind == "dm" and m.user == "U1")
    assert "12 design patterns" in dm.render()
    local.click_home("U1", ids.HOME_ICS, "ics")
    assert slack.wait_for(lambda m: m.kind == "file" and m.user == "U1")
    local.click_home("U1", ids.HOME_LANG, "ko")
    [home] = slack.wait_for(lambda m: m.kind == "home" and "내 서밋" in m.render())
    assert served_summit.store.user("U1")["lang"] == "ko"
    local.click_home("U1", ids.for_session(ids.UNREGISTER, SESSION), SESSION)
    assert slack.wait_for(lambda m: m.kind == "dm" and "등록을 취소했어요" in m.render())
    assert slack.rejected == []


def test_a_dm_gets_a_helpful_answer_once_and_bots_none(local, slack):
    local.command("U1", f"register {SESSION}")
    message = {"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
               "text": "hi", "ts": "1683180000.000100"}  # fmt: skip
    local.event(message)
    [answer] = slack.wait_for(lambda m: m.kind == "dm" and m.user == "U1")
    shown = answer.render()
    assert "/summit" in shown and "Your next session" in shown and "12 design patterns" in shown
    local.event(message)  # Slack's retry of the same message
    local.event({**message, "ts": "1683180001.000100", "bot_id": "B1"})
    local.event({**message, "ts": "1683180002.000100", "subtype": "message_changed"})
    local.event({**message, "ts": "1683180003.000100", "channel_type": "channel"})
    assert len(slack.wait_for(lambda m: m.kind == "dm", timeout=0.5)) == 1


def test_ics_lands_in_the_dm_and_parses_back_in_seoul_time(local, slack, served_summit):
    served_summit.store.set_capacity_override(LATER, 1)
    local.command("U9", f"register {LATER}")
    local.command("U1", f"register {SESSION}")
    local.command("U1", f"register {LATER}")  # waitlisted
    reply = one(local.command("U1", "ics")).render()
    assert "my-summit.ics" in reply and "2 sessions" in reply
    [file] = slack.wait_for(lambda m: m.kind == "file")
    assert (file.channel, file.user, file.filename) == ("DU1", "U1", "my-summit.ics")
    calendar = Calendar.from_ical(file.content)
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {f"{SESSION}@summit-bot", f"{LATER}@summit-bot"}
    talk = events[f"{SESSION}@summit-bot"]
    start, end = talk.decoded("DTSTART"), talk.decoded("DTEND")
    assert (str(start.tzinfo), start.hour, start.minute) == ("Asia/Seoul", 15, 20)
    assert start.isoformat() == "2023-05-04T15:20:00+09:00"
    assert end.isoformat() == "2023-05-04T16:00:00+09:00"
    assert talk["DTSTART"].params["TZID"] == "Asia/Seoul"
    assert "12 design patterns" in str(talk["SUMMARY"])
    assert str(talk["LOCATION"]).startswith("아셈볼룸 202")
    assert str(events[f"{LATER}@summit-bot"]["STATUS"]) == "TENTATIVE"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Asia/Seoul"]
    assert str(calendar["PRODID"]) == "-//summit-bot//My Summit//EN"


def test_ics_with_nothing_registered_sends_no_file(local, slack):
    assert "nothing to export" in one(local.command("U1", "ics")).render()
    assert [m for m in slack.messages if m.kind == "file"] == []


def test_language_follows_the_slack_locale_once_then_lang(local, slack, served_summit):
    slack.users["UKO"] = {"locale": "ko-KR"}
    assert "사용법" in one(local.command("UKO", "help")).render()
    assert "사용법" in one(local.command("UKO", "help")).render()
    lookups = [c for c in slack.calls if c.method == "users.info" and c.params["user"] == "UKO"]
    assert len(lookups) == 1 and lookups[0].params["include_locale"] in (True, "true", "1")
    assert served_summit.store.user("UKO")["locale"] == "ko-KR"
    local.command("UKO", "lang en")
    assert "How to use" in one(local.command("UKO", "help")).render()
    slack.users["UJA"] = {"locale": "ja-JP"}  # not spoken: SUMMIT_LANG (en in tests)
    assert "How to use" in one(local.command("UJA", "help")).render()


def test_titles_follow_the_language(local):
    local.command("U1", "lang ko")
    shown = one(local.command("U1", f"register {SESSION}")).render()
    assert "12가지 디자인 패턴" in shown and "등록했어요" in shown


# -- organisers ---------------------------------------------------------------------------


@pytest.fixture
def organisers(served_summit):
    return change_settings(served_summit, admins=frozenset({"UADMIN"}), alert_channel="CALERT")


@pytest.mark.parametrize(
    "text",
    [f"admin capacity {SESSION} 999", "admin reload", "admin announce <!channel> hi",
     "admin stats", "admin"],
)  # fmt: skip
def test_admin_commands_refuse_everyone_else(local, slack, organisers, text):
    version = organisers.store.agenda_version()
    answer = one(local.command("U1", text)).render()
    assert "organisers only" in answer and "Nothing was changed" in answer
    assert organisers.store.agenda_version() == version
    assert {s["id"]: s["seats"] for s in organisers.store.sessions()}[SESSION] == 200
    assert [m for m in slack.messages if m.kind == "post"] == []


def test_admin_capacity_raise_promotes_and_lower_evicts_no_one(local, slack, organisers):
    organisers.store.set_capacity_override(SESSION, 1)
    for user in ("U1", "W1", "W2"):
        local.command(user, f"register {SESSION}")
    raised = one(local.command("UADMIN", f"admin capacity {SESSION} 2")).render()
    assert "1 → 2" in raised and "Promoted 1" in raised
    assert slack.wait_for(lambda m: m.kind == "dm" and m.user == "W1")
    lowered = one(local.command("UADMIN", f"admin capacity {SESSION.upper()} 0")).render()
    assert "evicts no one" in lowered
    assert organisers.store.seats_taken([SESSION]) == {SESSION: 2}
    bad = one(local.command("UADMIN", f"admin capacity {SESSION} many")).render()
    assert "admin capacity" in bad


def test_admin_reload_reloads_the_agenda_like_agenda_load_yes(local, organisers, tmp_path):
    rows = Path(organisers.settings.agenda_path).read_text("utf-8").splitlines()
    smaller = tmp_path / "agenda.csv"
    smaller.write_text("\n".join(r for r in rows if "d1-1110-hb" not in r) + "\n", "utf-8")
    change_settings(organisers, agenda_path=str(smaller))
    answer = one(local.command("UADMIN", "admin reload")).render()
    assert "1 cancelled" in answer and "d1-1110-hb" in answer
    assert organisers.agenda().get("d1-1110-hb").status == "cancelled"
    smaller.write_text("id,date\nbad,row\n", "utf-8")
    failed = one(local.command("UADMIN", "admin reload")).render()
    assert "nothing changed" in failed


def test_admin_announce_posts_escaped_to_the_alert_channel(local, slack, organisers):
    answer = one(local.command("UADMIN", "admin announce <!channel> Lunch\nis *served*")).render()
    assert "on its way to" in answer
    [post] = slack.wait_for(lambda m: m.kind == "post")
    assert post.channel == "CALERT"
    assert "&lt;!channel&gt;" in post.blocks[0]["text"]["text"]
    assert "Lunch\nis *served*" in post.blocks[0]["text"]["text"]
    assert not pings({"text": post.text, "blocks": post.blocks})


def test_admin_announce_without_a_channel_says_so(local, slack, organisers):
    change_settings(organisers, alert_channel=None)
    answer = one(local.command("UADMIN", "admin announce hello")).render()
    assert "SUMMIT_ALERT_CHANNEL" in answer
    assert [m for m in slack.messages if m.kind == "post"] == []


def test_admin_stats_pages_through_every_session(local, slack, organisers):
    organisers.store.set_capacity_override(SESSION, 1)
    for user in ("U1", "W1", "W2"):
        local.command(user, f"register {SESSION}")
    local.click("U5", ids.for_session(ids.INTEREST, RIVAL), RIVAL)
    first = one(local.command("UADMIN", "admin stats"))
    shown = first.render()
    assert "Filling fastest" in shown
    assert f"`{SESSION}` 1/1 · ⏳2" in first.blocks[2]["text"]["text"]
    assert "Page 1 of 4 · 92 sessions" in shown
    seen = shown
    page = first
    for _ in range(3):
        nxt = button(page, ids.ADMIN_STATS_PAGE + ":next")
        page = one(local.click("UADMIN", nxt["action_id"], nxt["value"]))
        seen += page.render()
    assert all(f"`{row['id']}`" in seen for row in organisers.store.sessions())
    refused = one(local.click("U1", nxt["action_id"], nxt["value"])).render()
    assert "organisers only" in refused
    assert slack.rejected == []


def test_home_publish_failure_is_logged_not_raised(served_summit, slack):
    slack.fail_next("views.publish", error="invalid_arguments")
    assert publish_home(served_summit, "U1") is False


def test_promotion_dm_failure_does_not_undo_the_promotion(local, slack, served_summit):
    served_summit.store.set_capacity_override(SESSION, 1)
    local.command("U1", f"register {SESSION}")
    local.command("W1", f"register {SESSION}")
    slack.fail_next("chat.postMessage", error="user_not_found")
    assert "given back" in one(local.command("U1", f"unregister {SESSION}")).render()
    assert served_summit.store.registration_status(SESSION, "W1") == "registered"


def test_switch_value_that_is_not_json_gets_an_error_reply(local):
    action = ids.for_session(ids.CONFLICT_SWITCH, SESSION)
    assert "went wrong" in one(local.click("U1", action, "{not json")).render()
    ok = json.dumps({"take": "nope", "drop": []})
    assert "no session" in one(local.click("U1", action, ok)).render()
