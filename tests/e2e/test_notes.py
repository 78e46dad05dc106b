"""Notes and recaps end to end: the real Bolt app driven like Slack (LocalSlack, and once over
HTTP), replies, DMs, modals and files read back from the Slack stand-in."""

from __future__ import annotations

import io
import json
from datetime import date, datetime

import pytest

from bot import notes
from bot.devtools.console import run_console
from bot.recap import recap_draft
from bot.views import ids
from bot.views.recap_markdown import recap_markdown
from tests.support.http import command as http_command
from tests.support.markup import pings

SESSION = "d2-1520-a202"  # 15:20–16:00, "12 design patterns"
TITLE = "Cloud-native microservice architecture through 12 design patterns"


@pytest.fixture
def served_store(runtime):
    """The served app's own store."""
    return runtime.summit.store


@pytest.fixture
def in_session(local, clock, settings):
    """U1 registered for SESSION and sitting in it."""
    clock.set(datetime(2023, 5, 4, 15, 30, tzinfo=settings.tz))
    assert "registered" in local.command("U1", f"register {SESSION}")[0].render()
    return local


def only(replies):
    assert len(replies) == 1, [r.render() for r in replies]
    return replies[0]


def payload_of(delivered) -> dict:
    return {"text": delivered.text, "blocks": delivered.blocks}


def buttons(delivered) -> list[dict]:
    return [e for b in delivered.blocks or [] if b["type"] in ("actions", "section")
            for e in (b.get("elements") or [b.get("accessory")]) if e]  # fmt: skip


def test_note_by_command_goes_to_the_running_session_escaped(in_session, slack, served_store):
    typed = "Graviton: API latency −44% & <!channel> <@U999> 🎉\n*second line*"
    reply = only(in_session.command("U1", f"note {typed}"))
    shown = reply.render()
    assert "Saved note" in shown and TITLE in shown
    assert "day's recap in the team channel at 18:30, with your name" in shown
    assert "-p" in shown  # how to keep it private
    assert not pings(payload_of(reply))
    assert slack.rejected == []
    [row] = served_store.user_notes("U1")
    assert (row["session_id"], row["text"], row["private"], row["source"]) == (
        SESSION, typed, 0, "command"
    )  # fmt: skip
    in_session.command("U1", "note another one")
    assert [c.method for c in slack.calls].count("users.info") == 1  # cached after the first
    assert served_store.user("U1")["display_name"] == "u1"


def test_a_private_note_says_where_it_will_not_appear(in_session, served_store):
    shown = only(in_session.command("U1", "note -p our numbers: −40%")).render()
    assert "Private" in shown and "stays out of the channel recap" in shown
    assert served_store.user_notes("U1")[0]["private"] == 1


def test_a_long_note_is_kept_exactly_and_a_huge_one_refused(in_session, served_store):
    text = ("가나다 🎉 *mrkdwn* https://aws.amazon.com/ko/ec2/graviton/ & \n" * 90).strip()
    assert 4000 < len(text) < 12_000
    assert "Saved note" in only(in_session.command("U1", f"note {SESSION} {text}")).render()
    assert served_store.user_notes("U1")[0]["text"] == text
    refused = only(in_session.command("U1", "note " + "x" * 12_001)).render()
    assert "too long" in refused
    assert "too long" in only(in_session.command("U1", "schedule " + "x" * 4_001)).render()


def test_note_without_a_session_asks_with_buttons_and_the_pick_saves_it(
        local, clock, settings, served_store):  # fmt: skip
    clock.set(datetime(2023, 5, 4, 15, 30, tzinfo=settings.tz))
    ask = only(local.command("U5", "note -p which one was this?"))
    assert "Which session" in ask.render()
    pick = next(b for b in buttons(ask) if b["action_id"] == f"{ids.NOTE_PICK}:{SESSION}")
    saved = only(local.click("U5", pick["action_id"], pick["value"]))
    assert saved.meta.get("replace_original") is True
    assert "Saved note" in saved.render() and TITLE in saved.render()
    [row] = served_store.user_notes("U5")
    assert (row["session_id"], row["text"], row["private"]) == (SESSION, "which one was this?", 1)
    again = only(local.click("U5", pick["action_id"], pick["value"]))
    assert "already saved" in again.render()
    assert len(served_store.user_notes("U5")) == 1


def test_the_shortcut_saves_a_message_as_readers_saw_it(in_session, served_store):
    message = {"text": "<@U2|mina>: moving to <https://aws.amazon.com/graviton|Graviton> cut "
                       "cost 15% &amp; latency 44% &lt;3 <!here>"}  # fmt: skip
    reply = only(in_session.shortcut("U1", message))
    assert "Saved note" in reply.render() and not pings(payload_of(reply))
    [row] = served_store.user_notes("U1")
    assert row["source"] == "shortcut" and row["session_id"] == SESSION
    assert row["text"] == ("@mina: moving to Graviton (https://aws.amazon.com/graviton) cut "
                           "cost 15% & latency 44% <3 @here")  # fmt: skip


def test_the_shortcut_without_response_url_asks_by_dm(local, slack, clock, settings, served_store):
    clock.set(datetime(2023, 5, 4, 15, 30, tzinfo=settings.tz))
    long_message = "슬라이드 요약 " * 3000  # longer than any slash command could carry
    assert local.shortcut("U6", {"text": long_message}, with_response_url=False) == []
    [dm] = slack.wait_for(lambda m: m.kind == "dm" and m.channel == "DU6")
    assert "Which session" in dm.render()
    pick = next(b for b in buttons(dm) if b["action_id"] == f"{ids.NOTE_PICK}:{SESSION}")
    assert "Saved note" in only(local.click("U6", pick["action_id"], pick["value"])).render()
    assert served_store.user_notes("U6")[0]["text"] == long_message
    empty = local.shortcut("U6", {"text": "", "blocks": []})
    assert "no text to save" in only(empty).render()


def test_my_lists_notes_with_edit_in_a_modal_and_delete(in_session, slack, served_store):
    in_session.command("U1", "note first thought")
    agenda, listing = in_session.command("U1", "my", expect=2)
    assert TITLE in agenda.render()
    assert "My notes (1)" in listing.render() and "[Edit] [Delete]" in listing.render()
    note_id = served_store.user_notes("U1")[0]["id"]
    delete = next(b for b in buttons(listing) if b["action_id"].startswith(ids.NOTE_DELETE))
    assert delete["confirm"]["style"] == "danger"  # Slack asks before deleting

    clicked = in_session.click("U1", f"{ids.NOTE_EDIT}:{note_id}", f"{note_id}:0", timeout=0.5)
    assert clicked == []  # the answer is a modal, not a message
    [modal] = slack.wait_for(lambda m: m.kind == "modal")
    view = modal.meta["view"]
    assert view["callback_id"] == ids.NOTE_EDIT_VIEW
    box = view["blocks"][1]["element"]
    assert box["initial_value"] == "first thought" and box["max_length"] == 3000

    blank = {ids.BLOCK_NOTE_TEXT: {ids.NOTE_TEXT_INPUT: {"type": "plain_text_input",
                                                         "value": "  "}}}  # fmt: skip
    refused = in_session.submit("U1", view, blank)
    assert json.loads(refused.body)["response_action"] == "errors"
    values = {
        ids.BLOCK_NOTE_TEXT: {ids.NOTE_TEXT_INPUT: {"type": "plain_text_input",
                                                    "value": "second thought & better"}},
        ids.BLOCK_NOTE_PRIVATE: {ids.NOTE_PRIVATE_INPUT: {
            "type": "checkboxes", "selected_options": [{"value": "private"}]}},
    }  # fmt: skip
    assert in_session.submit("U1", view, values).status == 200
    row = served_store.user_note("U1", note_id)
    assert (row["text"], row["private"]) == ("second thought & better", 1)
    url_id = json.loads(view["private_metadata"])["url"].rsplit("/", 1)[-1]
    [redrawn] = slack.wait_for(lambda m: m.meta.get("url_id") == url_id)
    assert redrawn.meta["replace_original"] is True
    assert "second thought & better" in redrawn.render() and "Private" in redrawn.render()

    deleted = only(in_session.click("U1", delete["action_id"], delete["value"]))
    assert deleted.meta.get("replace_original") is True
    assert "Deleted note" in deleted.render() and "No notes yet" in deleted.render()
    assert served_store.user_notes("U1") == []


def test_a_note_too_long_for_the_edit_box_points_to_the_command(in_session, slack, served_store):
    in_session.command("U1", "note " + "길다 " * 1500)
    note_id = served_store.user_notes("U1")[0]["id"]
    reply = only(in_session.click("U1", f"{ids.NOTE_EDIT}:{note_id}", str(note_id)))
    assert f"/summit note edit {note_id}" in reply.render()
    assert not [m for m in slack.messages if m.kind == "modal"]
    edited = only(in_session.command("U1", f"note edit {note_id} shorter now"))
    assert "Updated note" in edited.render()
    assert served_store.user_note("U1", note_id)["text"] == "shorter now"


def test_nobody_reads_edits_or_deletes_another_users_note(in_session, slack, served_store):
    in_session.command("U1", "note -p mine alone")
    note_id = served_store.user_notes("U1")[0]["id"]
    for text in (f"note edit {note_id} hijacked", f"note delete {note_id}"):
        assert "You have no note" in only(in_session.command("U2", text)).render()
    reply = only(in_session.click("U2", f"{ids.NOTE_EDIT}:{note_id}", str(note_id)))
    assert "You have no note" in reply.render()
    forged = {"type": "modal", "callback_id": ids.NOTE_EDIT_VIEW,
              "private_metadata": json.dumps({"note": note_id})}  # fmt: skip
    values = {ids.BLOCK_NOTE_TEXT: {ids.NOTE_TEXT_INPUT: {"type": "plain_text_input",
                                                          "value": "hijacked"}}}  # fmt: skip
    assert json.loads(in_session.submit("U2", forged, values).body)["response_action"] == "errors"
    deleted = only(in_session.click("U2", f"{ids.NOTE_DELETE}:{note_id}", str(note_id)))
    assert "You have no note" in deleted.render()
    assert served_store.user_note("U1", note_id)["text"] == "mine alone"
    assert "mine alone" not in only(in_session.command("U2", "my")).render()
    assert "mine alone" not in "".join(r.render() for r in in_session.command("U2", "recap"))


def test_recap_by_command_uploads_the_markdown_into_the_dm(in_session, slack, clock, settings,
                                                           runtime):  # fmt: skip
    in_session.command("U1", "note saga + outbox; p99 −44% 🎉")
    clock.set(datetime(2023, 5, 4, 19, 0, tzinfo=settings.tz))
    reply = only(in_session.command("U1", "recap day2"))
    shown = reply.render()
    assert "Day 2 recap" in shown and "saga + outbox" in shown
    assert "is in our DM: `summit-recap-2023-05-04.md`" in shown
    [file] = slack.wait_for(lambda m: m.kind == "file")
    assert (file.channel, file.user, file.filename) == ("DU1", "U1", "summit-recap-2023-05-04.md")
    summit = runtime.summit
    draft = recap_draft(summit.store, summit.agenda(), "U1", date(2023, 5, 4), clock.now())
    assert file.content.decode("utf-8") == recap_markdown(draft, "en")
    methods = [c.method for c in slack.calls]
    assert methods.index("conversations.open") < methods.index("files.completeUploadExternal")
    assert not [m for m in slack.messages if m.kind == "file" and m.channel == "C_LOCAL"]
    assert slack.rejected == []


@pytest.mark.parametrize("method", ["conversations.open", "files.getUploadURLExternal", "upload"])
def test_a_failed_upload_is_a_short_line_not_a_stack_trace(in_session, slack, method):
    in_session.command("U1", "note worth keeping")
    slack.fail_next(method, error="internal_error")
    shown = only(in_session.command("U1", "recap")).render()
    assert "worth keeping" in shown  # the draft is still shown
    assert "couldn't send the Markdown file" in shown and "Traceback" not in shown
    assert not [m for m in slack.messages if m.kind == "file"]


def test_recap_for_a_day_with_nothing_and_a_bad_day(local, slack):
    assert "Nothing to recap" in only(local.command("U8", "recap day1")).render()
    assert not [m for m in slack.messages if m.kind == "file"]
    assert "conference days" in only(local.command("U8", "recap day9")).render()


def test_the_recap_offer_button_makes_the_draft(in_session, slack, runtime):
    in_session.command("U1", "note from the offer")
    reply = only(in_session.click("U1", ids.RECAP_DRAFT, "2023-05-04"))
    assert "from the offer" in reply.render()
    [file] = slack.wait_for(lambda m: m.kind == "file")
    assert file.channel == "DU1"


def test_help_lists_notes_and_recaps(local):
    shown = only(local.command("U1", "help")).render()
    assert "note [<id>] [-p] <text>" in shown and "recap [day1|day2]" in shown


def test_a_note_over_http(served, slack, clock, settings, runtime):
    clock.set(datetime(2023, 5, 4, 15, 30, tzinfo=settings.tz))
    status, acked, replies = http_command(
        served, slack, f"note -p {SESSION} 한 줄 메모 & 숫자 −44%"
    )
    assert status == 200 and acked < 3
    assert "Saved note" in only(replies).render()
    [row] = runtime.summit.store.user_notes("U1")
    assert (row["text"], row["private"]) == ("한 줄 메모 & 숫자 −44%", 1)
    assert notes.get_note(runtime.summit.store, "U2", row["id"]) is None


def test_the_console_shows_every_message_of_a_reply(settings):
    script = "\n".join([":time 2023-05-04 15:30", f"/summit register {SESSION}",
                        "/summit note console note", "/summit my", ":quit"])  # fmt: skip
    out = io.StringIO()
    assert run_console(settings, user_id="U1", stdin=io.StringIO(script), stdout=out) == 0
    shown = out.getvalue()
    assert "My agenda" in shown and "My notes (1)" in shown and "console note" in shown
