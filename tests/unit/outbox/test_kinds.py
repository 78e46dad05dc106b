"""Each kind renders its row when it goes out: promotions and nudges from the session as it
is then, in the recipient's language; rows queued with a finished message by an earlier
version still go out as queued."""

import pytest

from bot.outbox import kinds, promotion
from bot.outbox.message import OutboxMessage

TALK = "d2-1520-a202"


def queued_row(store, message: OutboxMessage) -> dict:
    assert store.enqueue([message]) == 1
    [row] = store.outbox(kind=message.kind)
    return row


def test_every_kind_has_a_renderer():
    assert set(kinds.RENDERERS) == {"reminder", "capacity", "nudge", "promotion", "agenda",
                                    "recap_offer", "recap", "announcement", "feedback_ask",
                                    "digest", "recap_chart"}  # fmt: skip


def test_a_promotion_is_rendered_at_send_time_in_the_users_language_then(summit):
    session = summit.agenda().get(TALK)
    row = queued_row(summit.store, promotion.queued(TALK, "U1", 1.0, session.end.timestamp()))
    assert row["user_id"] == "U1" and row["channel"] == "U1" and row["facts"] == {}
    summit.store.update_user("U1", lang="ko")
    korean = kinds.render(summit, row)
    summit.store.update_user("U1", lang="en")
    assert korean["text"] != kinds.render(summit, row)["text"]
    assert "A seat opened up" in kinds.render(summit, row)["text"]


def test_a_row_queued_with_a_finished_message_goes_out_as_queued(summit):
    finished = {"text": "queued before the upgrade", "blocks": []}
    row = queued_row(summit.store, OutboxMessage("promote:U1:x:1.0", "promotion", "U1", 1.0,
                                                 None, {"payload": finished}))  # fmt: skip
    assert kinds.render(summit, row) == finished


def test_an_unknown_kind_is_an_error_not_a_silent_drop(summit):
    row = queued_row(summit.store, OutboxMessage("odd:1", "odd", "U1", 1.0, None))
    with pytest.raises(ValueError, match="odd"):
        kinds.render(summit, row)
