"""Message budgets: lengths counted as Slack counts them (UTF-16 units), cuts between whole
graphemes, and every message under Slack's total text budget, whatever the data."""

from datetime import timedelta

import pytest

from bot.agenda import Session
from bot.devtools.blockkit import MAX_BLOCKS_TEXT, message_problems, text_units, too_long_in_all
from bot.registrations import MyItem
from bot.slack_text import render_text
from bot.views.sessions import SeatView, my_message, schedule_message
from bot.views.text import MESSAGE_BUDGET, clip, context, fit, section, slack_length

EMOJI_TITLE = "🎉🚀 클라우드 네이티브 👩‍👩‍👧‍👦 " * 12


def sessions(clock, n: int, per_slot: int, title: str) -> list[Session]:
    base = clock.now().replace(hour=9, minute=0)
    out = []
    for i in range(n):
        start = base + timedelta(minutes=10 * (i // per_slot))
        out.append(Session(id=f"s-{i}", day=start.date(), start=start,
                           end=start + timedelta(minutes=40), title=f"{title}{i}",
                           room="Room 🎪 " * 5, level="L300", capacity=100,
                           speakers=("김민지 👩‍💻", "Erika Müller", "박지수", "Alex")))  # fmt: skip
    return out


def test_slack_length_counts_utf16_units():
    assert slack_length("abc") == 3
    assert slack_length("한글") == 2
    assert slack_length("🎉") == 2
    assert slack_length("👩‍👩‍👧‍👦") == 11  # four emoji and three joiners
    assert slack_length("\ud83d") == 1  # a lone surrogate is counted, not an error


@pytest.mark.parametrize("limit", range(1, 40))
def test_clip_fits_in_utf16_units_and_keeps_graphemes_whole(limit):
    text = "a🎉b👩‍👩‍👧‍👦c\u0301한글🇰🇷" * 3
    cut = clip(text, limit)
    assert slack_length(cut) <= limit
    assert cut.endswith("…")
    body = cut[:-1]
    assert text.startswith(body)
    # The next character after the cut starts a grapheme: never a joiner, accent or the
    # second half of a flag.
    rest = text[len(body):]
    assert not rest.startswith(("\u200d", "\u0301", "🇷"))


def test_clip_leaves_short_text_and_entities_alone():
    assert clip("🎉" * 5, 10) == "🎉" * 5
    assert clip("x" * 10 + "&amp;", 13) == "x" * 10 + "…"


def test_fit_trims_the_tail_with_a_count_and_keeps_the_footer():
    blocks = [section("x" * 2900) for _ in range(10)] + [context("footer")]
    fitted = fit(blocks, keep_tail=1, more=lambda n: f"and {n} more")
    assert text_units(fitted) <= MESSAGE_BUDGET
    assert fitted[-1] == context("footer")
    kept = sum(1 for b in fitted if b["type"] == "section")
    assert fitted[-2] == context(f"and {10 - kept} more")
    assert fit(blocks[:2]) == blocks[:2]


def test_my_with_30_long_registrations_fits_slacks_total(clock):
    items = [MyItem(s, "registered", ("s-1", "s-2")) for s in sessions(clock, 30, 1, "🎤" * 150)]
    msg = my_message(items, lang="en", now=clock.now(), seats=SeatView())
    assert message_problems(msg) == []
    assert too_long_in_all(msg) is None
    assert text_units(msg["blocks"]) <= MESSAGE_BUDGET
    shown = sum(1 for b in msg["blocks"] if b.get("block_id", "").startswith("session:"))
    assert 0 < shown < 30
    assert f"…and {30 - shown} more" in render_text(msg["blocks"], msg["text"])


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_48_emoji_heavy_sessions_a_day_page_within_every_limit(clock, lang):
    day = sessions(clock, 48, 8, EMOJI_TITLE)
    seen = set()
    for page in range(48):
        msg = schedule_message(day, title="📅 " * 40, lang=lang, now=clock.now(),
                               seats=SeatView(), page=page, pager_state={"q": ""})  # fmt: skip
        assert message_problems(msg) == [], page
        assert too_long_in_all(msg) is None
        seen |= {b["block_id"] for b in msg["blocks"] if _is_session(b)}
        if not any(e["action_id"].endswith(":next") for e in _pager(msg)):
            break
    assert len(seen) == 48  # every session is on some page


def _is_session(block: dict) -> bool:
    return block.get("block_id", "").startswith("session:")


def _pager(msg: dict) -> list[dict]:
    return [e for b in msg["blocks"] if b.get("block_id") == "pager" for e in b["elements"]]


def test_the_checker_counts_utf16_units_and_the_total():
    emoji_header = {"type": "header", "text": {"type": "plain_text", "text": "🎉" * 76}}
    assert message_problems({"blocks": [emoji_header]}) == ["blocks[0].text: 152 > 150 chars"]
    big = {"blocks": [section("x" * 2500) for _ in range(5)]}
    assert message_problems(big) == []
    assert too_long_in_all(big) == 12_500 > MAX_BLOCKS_TEXT
