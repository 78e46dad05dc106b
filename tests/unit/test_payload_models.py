"""Every payload the builders make, with any text in it, passes slack_sdk's own models
(`Block.parse(...).validate_json()`, `View(...).validate_json()`) as well as the stand-in's
limit checks and Slack's total text budget."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from bot.agenda import Session
from bot.devtools.blockkit import message_problems, too_long_in_all, view_problems
from bot.notes import Note
from bot.registrations import MyItem
from bot.views.notes import note_edit_modal
from bot.views.sessions import SeatView, my_message, schedule_message, session_detail

NOW = datetime(2023, 5, 4, 10, 0, tzinfo=ZoneInfo("Asia/Seoul"))
# Any Unicode a person or an agenda file could hold, emoji and combining marks included.
TEXT = st.text(max_size=300)
LONG = st.text(max_size=3000)


def session(i: int, title: str, room: str, level: str, speakers: list[str], desc: str):
    start = NOW + timedelta(minutes=40 * i)
    return Session(id=f"s-{i}", day=start.date(), start=start, end=start + timedelta(minutes=30),
                   title=title or "t", title_en=title, room=room, level=level,
                   speakers=tuple(speakers), description=desc, capacity=50)  # fmt: skip


SESSIONS = st.lists(
    st.builds(session, st.integers(0, 20), TEXT, TEXT, TEXT, st.lists(TEXT, max_size=6), LONG),
    min_size=1, max_size=25, unique_by=lambda s: s.id,
)  # fmt: skip


def assert_message_ok(msg: dict) -> None:
    assert message_problems(msg) == []
    assert too_long_in_all(msg) is None
    for block in msg["blocks"]:
        Block.parse(block).validate_json()


@settings(max_examples=50, deadline=None)
@given(SESSIONS, st.sampled_from(["ko", "en"]), TEXT)
def test_session_messages_pass_slack_sdk_and_the_limits(sessions, lang, title):
    sessions.sort(key=lambda s: s.start)
    seats = SeatView(mine={sessions[0].id: "registered"})
    assert_message_ok(schedule_message(sessions, title=title or "x", lang=lang, now=NOW,
                                       seats=seats, pager_state={}))  # fmt: skip
    assert_message_ok(session_detail(sessions[0], lang=lang, now=NOW, seats=seats))
    items = [MyItem(s, "registered", (sessions[0].id,)) for s in sessions]
    assert_message_ok(my_message(items, lang=lang, now=NOW, seats=seats))


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=1500), st.booleans(), SESSIONS, st.sampled_from(["ko", "en"]))
def test_the_note_edit_modal_passes_slack_sdks_view_model(text, private, sessions, lang):
    note = Note(id=7, user_id="U1", session_id=sessions[0].id, text=text, private=private,
                created_at=0.0, updated_at=0.0, source="slash")  # fmt: skip
    view = note_edit_modal(note, sessions[0], lang=lang, response_url="https://x/r/1", page=0)
    assert view_problems(view) == []
    View(**view).validate_json()


def test_slack_sdk_is_a_second_opinion_in_the_checker():
    # Passes the hand-written checks, but slack_sdk knows a modal needs at least one block.
    empty = {"type": "modal", "title": {"type": "plain_text", "text": "t"}, "blocks": []}
    assert view_problems(empty) == ["view: slack_sdk: views must contain between 1 and 100 blocks"]
