"""Every user-facing string exists in Korean and English, and every message the attendee
features build is accepted by the Slack stand-in (Block Kit limits) in both languages, with
hostile data."""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import timedelta

import pytest
from slack_sdk import WebClient

from bot.admin import AgendaLoad, CapacityOutcome, StatRow, Stats
from bot.home import HomeState
from bot.i18n import (
    LANGS,
    catalogue,
    fmt_countdown,
    fmt_date,
    fmt_duration,
    fmt_span,
    keys,
    plural_keys,
    t,
    tn,
)
from bot.people import lang_of_locale
from bot.registrations import MyItem
from bot.store import AgendaDiff, CapacityChange, SessionStats
from bot.views.admin import (
    announcement_message,
    capacity_reply,
    reload_reply,
    stats_message,
)
from bot.views.home import home_view
from bot.views.notices import (
    dm_answer,
    forget_prompt,
    forgot_message,
    nudge_message,
    promotion_message,
)
from bot.views.sessions import SeatView, conflict_prompt, my_message, session_detail
from bot.views.text import escape, text_reply
from tests.support.factories import HOSTILE, make_sessions
from tests.support.markup import pings
from tests.support.paths import ROOT, TOKEN


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.fixture
def client(slack):
    return WebClient(token=TOKEN, base_url=slack.api_url)


def strings(lang: str, key: str) -> list[str]:
    """Every form of one message in one catalogue (a plural message has one per form)."""
    message = catalogue(lang).get(key)
    assert message is not None, f"{lang} has no {key}"
    return list(message.string) if isinstance(message.string, tuple) else [message.string]


def test_the_catalogues_are_the_languages():
    assert LANGS[0] == "ko" and set(LANGS) == {"ko", "en"}
    assert len(keys()) > 200


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_has_every_message_none_empty_with_the_same_placeholders(lang):
    ids = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue(lang) if m.id}
    assert ids == set(keys())
    for key in keys():
        forms = strings(lang, key)
        assert all(form.strip() for form in forms), (lang, key)
        for form in forms:
            assert fields(form) == fields(strings("ko", key)[0]), (lang, key, form)


# Placeholders that hold a number; every other one holds text.
NUMBERS = {"id", "count", "capacity", "taken", "place", "n", "page", "pages", "limit", "length",
           "low", "high", "old", "new", "waiting", "added", "changed", "cancelled", "rank",
           "people", "sessions", "notes", "registrations", "registered", "interested", "left",
           "threshold", "part", "parts"}  # fmt: skip


# Placeholders the views fill with formatted session titles (`*제목*`).
TITLES = {"title", "titles", "dropped"}


def render(lang: str, key: str, text: str, number: int = 1, title: str | None = None) -> str:
    """One message with every placeholder filled: numbers with `number`, titles with `title`,
    the rest with `text` (a channel id for `channel`: the announce replies link the channel on
    purpose)."""
    def value(name: str):
        if name in NUMBERS:
            return number
        if name == "channel":
            return "C123"
        return title if name in TITLES and title is not None else text

    values = {name: value(name) for name in fields(strings("ko", key)[0])}
    return tn(lang, key, number, **values) if key in plural_keys() else t(lang, key, **values)


@pytest.mark.parametrize("lang", LANGS)
def test_every_catalogue_message_renders_and_passes_block_kit(client, slack, lang):
    """Each string, its text placeholders filled with escaped hostile text, posted as a reply."""
    value = escape(HOSTILE[:400])
    for key in sorted(keys()):
        client.chat_postMessage(channel="U1", **text_reply(render(lang, key, value)))
    assert slack.rejected == []
    assert len(slack.messages) == len(keys())
    for m in slack.messages:
        assert not pings({"text": m.text.replace("<#C123>", "#C123")}), m.text


TEMPLATE_PAIRS = re.compile(r"\((은|는|이|가|을|를|와|과|으|으로|이라|이에요)\)")
# A particle straight after a closing mrkdwn marker shows raw markers (`*제목*을`: Slack renders
# bold only with a space or punctuation outside it) or reads wrong (`*제목* 을`).
PARTICLE_AFTER_SPAN = re.compile(
    r"[*_~`] ?(은|는|이|가|을|를|와|과|으로|로|에서|에게|에는|에|의|도|이에요|예요|이라)"
    r"(?![가-힣])")


@pytest.mark.parametrize("number", [0, 1, 2, 3, 10, 12, 21])
def test_korean_messages_read_like_a_person_wrote_them(number):
    for key in keys():
        for title in ("*Amazon EC2 알아보기*", "*12가지 디자인 패턴*", "`d2-1520-a202`", "EKS"):
            text = render("ko", key, "Hall B", number, title=title)
            assert not TEMPLATE_PAIRS.search(text), (key, text)
            assert not PARTICLE_AFTER_SPAN.search(text), (key, text)


@pytest.mark.parametrize("number", [1, 2, 5])
def test_english_counts_agree_with_their_nouns(number):
    for key in keys():
        text = render("en", key, "*Amazon EC2*", number)
        assert "(s)" not in text, (key, text)
        if number == 1 and key in plural_keys():
            assert not re.search(r"\b1 \w+s\b", text), (key, text)
    assert tn("en", "search_title", 1, words="ai") == "1 result for “ai”"
    assert tn("en", "search_title", 2, words="ai") == "2 results for “ai”"
    assert tn("en", "page_of", 1, page=1, pages=1) == "Page 1 of 1 · 1 session"
    assert tn("ko", "page_of", 3, page=1, pages=2) == "1/2 페이지 · 세션 3개"


def test_particles_in_messages_follow_the_number_before_them():
    assert t("ko", "note_saved", id=3, session="x").startswith("📝 메모 #3을 저장했어요.")
    assert t("ko", "note_saved", id=12, session="x").startswith("📝 메모 #12를 저장했어요.")
    assert t("ko", "note_deleted", id=1) == "🗑 메모 #1을 삭제했어요."
    assert t("ko", "note_delete_confirm", id=2) == "메모 #2는 삭제하면 되돌릴 수 없어요."


def test_plural_and_singular_messages_are_asked_for_their_own_way():
    with pytest.raises(TypeError):
        t("en", "search_title", count=1, words="x")
    with pytest.raises(TypeError):
        tn("en", "dm_over", 1)
    with pytest.raises(KeyError):
        t("en", "no_such_message")


def hostile_sessions(clock, n: int):
    return [replace(s, title=HOSTILE, title_en=HOSTILE, room=HOSTILE, speakers=(HOSTILE,))
            for s in make_sessions(clock, n)]  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_every_attendee_message_passes_the_stand_in(client, slack, clock, lang):
    now = clock.now()
    sessions = hostile_sessions(clock, 40)
    items = [MyItem(s, "waitlisted" if i % 3 else "registered", ("s-1",), i or None)
             for i, s in enumerate(sessions)]  # fmt: skip
    seats = SeatView(taken={s.id: 100 for s in sessions}, mine={s.id: "waitlisted" for s in
                     sessions}, waiting={s.id: 7 for s in sessions},
                     places={s.id: 3 for s in sessions}, starred=frozenset({"s-2"}))  # fmt: skip
    diff = AgendaDiff(["a"] * 5, ["b"] * 5, [f"c-{i}" for i in range(90)],
                      [f"m-{i}" for i in range(90)])  # fmt: skip
    stat_rows = [StatRow(s, SessionStats(100, 7, 9, 4)) for s in sessions]
    payloads = [
        promotion_message(sessions[0], lang),
        nudge_message(sessions[0], lang, tn(lang, "seats", 200, taken=170, capacity=200)),
        dm_answer(lang, now, sessions[0], sessions),
        dm_answer(lang, now, None, sessions),
        dm_answer(lang, now, None, []),
        forget_prompt(lang),
        forgot_message({"registrations": 3, "waitlist": 1, "interests": 2, "settings": 1,
                        "notes": 4}, lang),  # fmt: skip
        forgot_message({"registrations": 0, "settings": 0}, lang),
        conflict_prompt(sessions[0], sessions[1:9], lang),
        capacity_reply(CapacityOutcome("set", sessions[0], CapacityChange(10, 5, 8, 3, ())),
                       lang),  # fmt: skip
        reload_reply(AgendaLoad("data/<agenda>.csv", diff=diff, applied=True), lang),
        reload_reply(AgendaLoad("x.csv", problems=[HOSTILE] * 30), lang),
        announcement_message(HOSTILE[:2800], lang),
        stats_message(Stats(stat_rows, stat_rows[:5], stat_rows[:5], 1, 2, 3), lang, page=1),
        my_message(items, lang=lang, now=now, seats=seats),
        session_detail(sessions[0], lang=lang, now=now, seats=seats),
    ]
    for payload in payloads:
        client.chat_postMessage(channel="U1", **payload)
    assert slack.rejected == []
    assert not any(pings({"text": m.text, "blocks": m.blocks}) for m in slack.messages)
    state = HomeState(now=now, items=items, next_item=items[0], day=now.date(),
                      day_items=items, conflicts=[(sessions[0], s) for s in sessions[1:]],
                      waitlists=items)  # fmt: skip
    client.views_publish(user_id="U1", view=home_view(state, lang))
    assert slack.rejected == []


def test_countdowns(clock):
    start = clock.now() + timedelta(minutes=10)
    end = start + timedelta(minutes=40)
    assert fmt_countdown(start, end, clock.now(), "en") == "starts in 10 minutes"
    assert fmt_countdown(start, end, start - timedelta(minutes=1), "en") == "starts in 1 minute"
    assert fmt_countdown(start, end, start - timedelta(hours=2, minutes=5), "ko") == (
        "2시간 5분 후 시작"
    )
    assert fmt_countdown(start, end, start - timedelta(hours=1), "en") == "starts in 1 hour"
    assert fmt_countdown(start, end, start + timedelta(minutes=3), "en") == (
        "started 3 minutes ago"
    )
    assert fmt_countdown(start, end, start - timedelta(days=2), "en") == "in 2 days"
    assert fmt_countdown(start, end, start - timedelta(days=2), "ko") == "2일 후"


def test_dates_and_times_by_cldr_in_the_event_zone(clock):
    start = clock.now().replace(hour=10, minute=0)
    end = start.replace(minute=40)
    assert fmt_date(start.date(), "en") == "Thu, May 4"
    assert fmt_span(start, end, "ko") == "5월 4일 (목) 10:00 ~ 10:40"
    assert fmt_span(start, end, "en", with_date=False) == "10:00\u2009–\u200910:40"
    assert fmt_duration(timedelta(minutes=65), "en") == "1 hour 5 minutes"
    assert fmt_duration(timedelta(minutes=120), "ko") == "2시간"


@pytest.mark.parametrize(
    ("locale", "lang"),
    [("ko-KR", "ko"), ("en-US", "en"), ("en-GB", "en"), ("ja-JP", None), ("", None), (None, None)],
)
def test_locale_to_language(locale, lang):
    assert lang_of_locale(locale) == lang


def test_lang_for_without_slack_uses_the_setting(summit):
    assert summit.lang_for("U1") == "en"
    summit.store.update_user("U1", lang="ko")
    assert summit.lang_for("U1") == "ko"
    summit.store.update_user("U2", locale="ko-KR")
    assert summit.lang_for("U2") == "ko"


def test_the_catalogues_are_package_data():
    """A non-editable install carries only what pyproject's package-data names."""
    import tomllib

    root = ROOT
    globs = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["setuptools"][
        "package-data"]["bot"]  # fmt: skip
    files = [p.relative_to(root / "bot") for p in (root / "bot" / "locale").rglob("*.po")]
    assert {p.parts[0] for p in files} == {"locale"} and len(files) == len(LANGS)
    assert all(any(p.match(g) for g in globs) for p in files)
