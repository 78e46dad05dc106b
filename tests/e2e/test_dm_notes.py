"""Notes by plain DM, end to end through the real app: placed like `/summit note`, answered
with Move / Make private / Undo, photos kept as Slack file references, questions and `help`
still answered with help, and someone who never used the bot asked where they are."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.views import ids
from tests.support.slack_user import dm, elements, photo, select

SESSION = "d2-1520-a202"  # 15:20–16:00


@pytest.fixture
def store(runtime):
    return runtime.summit.store


def at(settings, hh, mm):
    return datetime(2023, 5, 4, hh, mm, tzinfo=settings.tz)


def action(reply, prefix):
    return next(e for e in elements(reply) if e["action_id"].startswith(prefix))


def test_a_dm_in_a_session_is_a_note_with_move_private_and_undo(local, slack, clock, settings,
                                                                 store):  # fmt: skip
    local.command("U1", f"register {SESSION}")
    clock.set(at(settings, 15, 30))
    # Slack sends message text in its markup: entities, and `<!channel>` for a broadcast
    reply = dm(local, slack, "U1", "saga &gt; 2PC &amp; <!channel> 🎯", ts="1683181800.000100")
    shown = reply.render()
    assert "Saved note" in shown and "12 design patterns" in shown
    assert "<!channel>" not in str(reply.blocks)  # escaped, so it pings nobody
    [row] = store.user_notes("U1")
    assert (row["session_id"], row["source"], row["text"]) == (SESSION, "dm",
                                                                "saga > 2PC & @channel 🎯")
    # Slack's retry of the same event is not a second note
    local.event({"type": "message", "channel_type": "im", "channel": "DU1", "user": "U1",
                 "text": "saga > 2PC", "ts": "1683181800.000100"})  # fmt: skip
    assert len(store.user_notes("U1")) == 1

    private = action(reply, ids.NOTE_VISIBILITY)
    again = local.click("U1", private["action_id"], private["value"])[0]
    assert store.user_notes("U1")[0]["private"] == 1 and "Private" in again.render()
    assert action(again, ids.NOTE_VISIBILITY)["value"].endswith(":shared")

    move = action(again, ids.NOTE_MOVE)
    picker = local.click("U1", move["action_id"], move["value"])[0]
    other = action(picker, ids.NOTE_MOVE_PICK)
    moved = local.click("U1", other["action_id"], other["value"])[0]
    target = other["value"].split(":", 1)[1]
    assert store.user_notes("U1")[0]["session_id"] == target != SESSION
    assert "Saved note" in moved.render()

    undo = action(moved, ids.NOTE_UNDO)
    gone = local.click("U1", undo["action_id"], undo["value"])[0]
    assert store.user_notes("U1") == [] and "Deleted" in gone.render()
    assert slack.rejected == []


def test_a_dm_with_a_photo_keeps_a_reference_and_my_shows_it(local, slack, clock, settings,
                                                             store):  # fmt: skip
    local.command("U1", f"register {SESSION}")
    clock.set(at(settings, 15, 30))
    # The event says only "check_file_info": files.info gives name and link, not the file.
    slack.shared_files["F0PHOTO"] = photo("F0PHOTO", "slide-12.png") | {"mimetype": "image/png"}
    reply = dm(local, slack, "U1", "", files=[{"id": "F0PHOTO", "file_access": "check_file_info"}])
    assert "slide-12.png" in reply.render() and "📷" in reply.render()
    [row] = store.user_notes("U1")
    assert row["text"] == "" and "F0PHOTO" in row["files"] and "slide-12.png" in row["files"]
    calls = [c.method for c in slack.calls]
    assert calls.count("files.info") == 1
    assert not any(m.startswith("files.") and m != "files.info" for m in calls)  # no download
    my = local.command("U1", "my", expect=2)
    assert "slide-12.png" in my[-1].render()


def test_a_question_or_help_gets_help_and_no_note(local, slack, clock, settings, store):
    clock.set(at(settings, 15, 30))
    for number, text in enumerate(("where is my next session?", "help", "도움말", "다음 세션?")):
        answer = dm(local, slack, "U3", text, ts=f"1683181900.00{number}")
        assert "/summit" in answer.render()
    assert store.user_notes("U3") == []


def test_someone_new_is_asked_where_and_can_say_somewhere_else(local, slack, clock, settings,
                                                               store):  # fmt: skip
    clock.set(at(settings, 13, 30))  # U7 never used the bot and registered for nothing
    ask = dm(local, slack, "U7", "엑스포 부스에서 AWS 클라우드 기초 강연 들음: EC2, RDS, VPC, 리전")
    shown = ask.render()
    assert "Which session" in shown and "Somewhere else" in str(ask.blocks)
    assert store.user_notes("U7") == []
    menu = action(ask, ids.NOTE_ELSEWHERE)
    booth = next(o["value"] for o in menu["options"] if o["value"].endswith(":booth"))
    [saved] = select(local, slack, "U7", ids.NOTE_ELSEWHERE, booth)
    assert "📍 *Booth*" in str(saved.blocks)
    [row] = store.user_notes("U7")
    assert (row["session_id"], row["label"]) == (None, "Booth")
    assert row["created_at"] == at(settings, 13, 30).timestamp()  # keeps its time
    # a second pick of the same draft finds nothing
    [late] = select(local, slack, "U7", ids.NOTE_ELSEWHERE, booth)
    assert "already" in late.render().lower() or "expired" in late.render().lower()


def test_label_by_command_private_edit_and_delete(local, slack, clock, settings, store):
    clock.set(at(settings, 12, 20))
    saved = local.command("U1", "note -p @엑스포 에코백 & 스티커 🎒")[0].render()
    assert "Expo" not in saved and "📍" in saved and "엑스포" in saved
    [row] = store.user_notes("U1")
    assert (row["label"], row["private"], row["session_id"]) == ("엑스포", 1, None)
    local.command("U1", f"note edit {row['id']} 에코백 두 개")
    assert store.user_notes("U1")[0]["text"] == "에코백 두 개"
    local.command("U1", f"note delete {row['id']}")
    assert store.user_notes("U1") == []
    too_long = local.command("U1", "note @" + "가" * 61 + " text")[0].render()
    assert "60" in too_long and store.user_notes("U1") == []
