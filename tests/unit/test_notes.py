"""Notes as domain logic: parsing `/summit note`, which session a note goes to by the clock,
and that a note is its author's alone."""

from datetime import datetime

import pytest

from bot import notes
from bot.notes import from_message_text, from_slash_text, parse_note_command, place_note
from bot.store import SESSION_COLUMNS

MORNING = "d2-1110-a202"  # 11:10–11:50
AFTERNOON = "d2-1520-a202"  # 15:20–16:00
LAST = "d2-1720-g101"  # 17:20–18:00
SAME_SLOT = "d2-1520-a201"  # also 15:20–16:00


def at(settings, hh: int, mm: int) -> datetime:
    return datetime(2023, 5, 4, hh, mm, tzinfo=settings.tz)


def register(store, settings, user: str, *session_ids: str) -> None:
    for sid in session_ids:
        assert store.take_seat(sid, user, at(settings, 8, 0).timestamp()).status == "registered"


@pytest.fixture
def attendee(store, settings):
    register(store, settings, "U1", MORNING, AFTERNOON, LAST)
    return "U1"


def placed(summit, user: str, when: datetime):
    return place_note(summit.agenda(), summit.store.user_registrations(user), when)


def test_before_the_first_session_the_user_is_asked_with_their_sessions_first(
    summit, settings, attendee
):
    placement = placed(summit, attendee, at(settings, 9, 0))
    assert placement.session is None
    assert [s.id for s in placement.candidates] == [MORNING, AFTERNOON, LAST]


def test_during_a_session_the_note_goes_to_it(summit, settings, attendee):
    assert placed(summit, attendee, at(settings, 11, 10)).session.id == MORNING
    assert placed(summit, attendee, at(settings, 15, 59)).session.id == AFTERNOON


def test_between_sessions_the_note_goes_to_the_one_that_just_ended(summit, settings, attendee):
    assert placed(summit, attendee, at(settings, 11, 50)).session.id == MORNING
    assert placed(summit, attendee, at(settings, 12, 40)).session.id == MORNING  # lunch


def test_long_after_a_session_the_user_is_asked_latest_first(summit, settings, attendee):
    placement = placed(summit, attendee, at(settings, 13, 30))  # 100 min after 11:50
    assert placement.session is None
    assert placement.candidates[0].id == MORNING
    # then the sessions running now, any room, so an unregistered talk can be picked, then
    # the user's own sessions still to come, up to the button limit
    slots = [s.start.strftime("%H:%M") for s in placement.candidates[1:]]
    assert slots == ["13:10"] * 8 + ["15:20"]
    assert len(placement.candidates) == notes.PICK_LIMIT


def test_after_the_last_session(summit, settings, attendee):
    assert placed(summit, attendee, at(settings, 18, 30)).session.id == LAST
    late = placed(summit, attendee, at(settings, 21, 0))
    assert late.session is None
    assert [s.id for s in late.candidates[:3]] == [LAST, AFTERNOON, MORNING]


def test_two_registered_sessions_at_once_are_offered_not_guessed(summit, settings, attendee):
    register(summit.store, settings, attendee, SAME_SLOT)
    placement = placed(summit, attendee, at(settings, 15, 30))
    assert placement.session is None
    assert {s.id for s in placement.candidates} == {AFTERNOON, SAME_SLOT}


def test_a_waitlisted_session_does_not_count(summit, settings):
    summit.store.set_capacity_override(MORNING, 0)
    seat = summit.store.take_seat(MORNING, "U3", at(settings, 8, 0).timestamp())
    assert seat.status == "waitlisted"
    assert placed(summit, "U3", at(settings, 11, 20)).session is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Graviton: API latency −44%", ("add", None, False, "Graviton: API latency −44%")),
        ("-p secret", ("add", None, True, "secret")),
        (f"{AFTERNOON} great", ("add", AFTERNOON, False, "great")),
        (f"{AFTERNOON.upper()} -p mine", ("add", AFTERNOON, True, "mine")),
        (f"-p {AFTERNOON}  two  spaces\n\nkept ", ("add", AFTERNOON, True, "two  spaces\n\nkept")),
        ("d9-9999-zz is not a session", ("add", None, False, "d9-9999-zz is not a session")),
        ("edit 12 new text", ("edit", None, False, "new text")),
        ("edit #12 new text", ("edit", None, False, "new text")),
        ("edit is a word I like", ("add", None, False, "edit is a word I like")),
        ("delete 12", ("delete", None, False, "")),
        ("delete 3 things I learned", ("usage", None, False, "")),
        ("", ("usage", None, False, "")),
        ("-p", ("usage", None, False, "")),
    ],
)
def test_parse_note_command(summit, text, expected):
    command = parse_note_command(text, summit.agenda())
    assert (command.action, command.session_id, command.private, command.text) == expected
    if command.action in ("edit", "delete"):
        assert command.note_id == 12


def test_slack_text_becomes_what_the_user_typed():
    assert from_slash_text("R&amp;D &lt;!channel&gt; &amp;amp;") == "R&D <!channel> &amp;"
    message = ("<@U1|mina> see <https://aws.amazon.com/graviton|Graviton> and "
               "<https://example.com> &amp; <!here> <#C1|general> <!subteam^S1|@devs>")  # fmt: skip
    assert from_message_text(message) == (
        "@mina see Graviton (https://aws.amazon.com/graviton) and https://example.com & "
        "@here #general @devs"
    )


def test_notes_are_their_authors_alone(summit, settings, attendee):
    agenda, store = summit.agenda(), summit.store
    now = at(settings, 15, 30)
    saved = notes.add_note(store, agenda, attendee, "mine", now, private=True)
    assert saved.status == "saved" and saved.session.id == AFTERNOON and saved.note.private
    note_id = saved.note.id
    assert notes.get_note(store, "U2", note_id) is None
    assert notes.edit_note(store, agenda, "U2", note_id, now, text="theirs").status == "not_found"
    assert notes.delete_note(store, agenda, "U2", note_id).status == "not_found"
    assert notes.my_notes(store, agenda, "U2") == []
    assert notes.get_note(store, attendee, note_id).text == "mine"
    edited = notes.edit_note(store, agenda, attendee, note_id, now, text="mine, better")
    assert edited.status == "edited" and edited.note.text == "mine, better"
    assert notes.delete_note(store, agenda, attendee, note_id).status == "deleted"
    assert notes.get_note(store, attendee, note_id) is None


def test_several_notes_per_session_in_order_and_long_text_kept(summit, settings, attendee):
    agenda, store = summit.agenda(), summit.store
    long = "가나다 🎉 *굵게* <https://x.y|링크> & " * 300
    assert len(long) > 4000
    for minute, text in ((25, "first"), (30, long), (35, "third")):
        outcome = notes.add_note(store, agenda, attendee, text, at(settings, 15, minute))
        assert outcome.status == "saved"
    texts = [item.note.text for item in notes.my_notes(store, agenda, attendee)]
    assert texts == ["first", long, "third"]


def test_a_note_nobody_can_place_is_parked_then_saved_once(summit, settings):
    agenda, store = summit.agenda(), summit.store
    asked = notes.add_note(store, agenda, "U2", "where?", at(settings, 15, 30), private=True)
    assert asked.status == "ask" and asked.candidates and asked.draft_id
    assert notes.save_draft(store, agenda, "U3", asked.draft_id, AFTERNOON,
                            at(settings, 15, 31)).status == "gone"  # fmt: skip
    saved = notes.save_draft(store, agenda, "U2", asked.draft_id, AFTERNOON, at(settings, 15, 31))
    assert saved.status == "saved" and saved.note.private and saved.note.text == "where?"
    again = notes.save_draft(store, agenda, "U2", asked.draft_id, AFTERNOON, at(settings, 15, 32))
    assert again.status == "gone"


def test_outside_the_conference_only_somewhere_else_is_offered(summit, settings):
    when = datetime(2023, 6, 1, 12, 0, tzinfo=settings.tz)
    outcome = notes.add_note(summit.store, summit.agenda(), "U2", "hm", when)
    assert (outcome.status, outcome.candidates) == ("ask", [])
    assert outcome.draft_id is not None


def test_empty_too_long_and_cancelled(summit, settings, attendee):
    agenda, store = summit.agenda(), summit.store
    now = at(settings, 15, 30)
    assert notes.add_note(store, agenda, attendee, "  \n ", now).status == "empty"
    too_long = "x" * (notes.NOTE_MAX + 1)
    assert notes.add_note(store, agenda, attendee, too_long, now).status == "too_long"
    rows = [r for r in store.sessions() if r["id"] != MORNING]
    store.apply_agenda([{c: r[c] for c in SESSION_COLUMNS} for r in rows],
                       cancel_missing=True, dry_run=False)  # fmt: skip
    outcome = notes.add_note(store, summit.agenda(), attendee, "x", now, session_id=MORNING)
    assert outcome.status == "cancelled"
