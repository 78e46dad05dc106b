"""Recaps: the personal draft (and its Markdown golden file), the day's numbers, the channel
recap's privacy, escaping and limits, and when recaps are due (once, across restarts)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot import notes
from bot.agenda import AgendaCache
from bot.devtools.blockkit import message_problems
from bot.outbox.channel_recap import channel_recap_due
from bot.outbox.recap_offer import offer_message, recap_offers_due
from bot.recap import day_stats, recap_day, recap_draft, shared_notes_by_session
from bot.slack_text import render_text
from bot.store import Store
from bot.views import ids
from bot.views.recap import channel_recap_messages, recap_messages, shared_note_text
from bot.views.recap_markdown import recap_markdown
from bot.views.text import MESSAGE_BUDGET, block_chars, escape
from tests.support.markup import parsed_texts, pings
from tests.support.paths import ROOT

GOLDEN = ROOT / "tests" / "golden"
DAY2 = date(2023, 5, 4)
CHANNEL = "C_RECAP"


def at(settings, hh: int, mm: int, day: int = 4) -> datetime:
    return datetime(2023, 5, day, hh, mm, tzinfo=settings.tz)


def note(summit, settings, user, sid, hhmm, text, private=False):
    outcome = notes.add_note(summit.store, summit.agenda(), user, text, at(settings, *hhmm),
                             session_id=sid, private=private)  # fmt: skip
    assert outcome.status == "saved"
    return outcome.note


def within_limits(payloads: list[dict]) -> None:
    for payload in payloads:
        assert message_problems(payload) == []
        assert len(payload["blocks"]) <= 50
        assert block_chars(payload["blocks"]) <= MESSAGE_BUDGET
        assert not pings(payload)


def payload(item) -> dict:
    """The message an outbox item for a recap or an offer will post."""
    return offer_message(item.facts) if item.kind == "recap_offer" else item.facts["message"]


def shown(payloads: list[dict]) -> str:
    return "\n".join(render_text(p["blocks"], p["text"]) for p in payloads)


# -- the personal draft -------------------------------------------------------------------

GOLDEN_NOTES = [
    ((11, 30), None, False,
     "OpenTelemetry로 트레이스·메트릭·로그를 한 곳에서 본다.\n- ADOT 컬렉터를 사이드카로 배포\n"
     "- 샘플링 10% → 저장 비용 −30%"),
    ((11, 45), None, False,
     "*기억할 것*: X-Ray 연동 👉 https://aws-otel.github.io & 팀 공유 <!channel>"),
    ((13, 20), "d2-1310-a202", True,
     "DynamoDB 온디맨드 → 프로비저닝 전환으로 비용 −40% (우리 팀 수치는 비공개)"),
    ((15, 40), None, False, "12 patterns: strangler fig, saga, CQRS, outbox 🎯"),
    ((17, 50), None, False, "Graviton으로 옮긴 뒤 API 지연 −44%, 인스턴스 비용 −15%"),
]  # fmt: skip


@pytest.fixture
def day_two(summit, settings):
    """U1's day 2: four registrations, notes by the clock on three of them, a private note
    on a session they never registered for, and one registered session without a note."""
    for sid in ("d2-1110-a202", "d2-1520-a202", "d2-1720-g101", "d2-1630-aud"):
        assert summit.store.take_seat(sid, "U1", at(settings, 8, 0).timestamp()).status == (
            "registered"
        )
    for hhmm, sid, private, text in GOLDEN_NOTES:
        outcome = notes.add_note(summit.store, summit.agenda(), "U1", text, at(settings, *hhmm),
                                 session_id=sid, private=private)  # fmt: skip
        assert outcome.status == "saved"
    return summit


def test_the_markdown_draft_matches_the_golden_file(day_two, settings):
    draft = recap_draft(day_two.store, day_two.agenda(), "U1", DAY2, at(settings, 19, 0))
    assert recap_markdown(draft, "ko") == (GOLDEN / "recap_day2.md").read_text(encoding="utf-8")


def test_the_draft_lists_attended_sessions_in_order_and_unnoted_ones(day_two, settings):
    draft = recap_draft(day_two.store, day_two.agenda(), "U1", DAY2, at(settings, 16, 10))
    # Attended: registered and ended, or noted on; 16:30 and 17:20 are still to come.
    assert [a.session.id for a in draft.attended] == [
        "d2-1110-a202", "d2-1310-a202", "d2-1520-a202", "d2-1720-g101"
    ]  # fmt: skip
    assert [n.text for n in draft.attended[0].notes] == [GOLDEN_NOTES[0][3], GOLDEN_NOTES[1][3]]
    assert [s.id for s in draft.unnoted] == ["d2-1630-aud"]
    assert draft.note_count == 5


def test_the_draft_in_slack_is_escaped_and_keeps_every_note(day_two, settings):
    draft = recap_draft(day_two.store, day_two.agenda(), "U1", DAY2, at(settings, 19, 0))
    payloads = recap_messages(draft, lang="en", file_line="file sent")
    within_limits(payloads)
    text = shown(payloads)
    for _, _, _, body in GOLDEN_NOTES:
        assert body in text
    assert "🔒 DynamoDB" in text
    assert "Afterthoughts" in text and "file sent" in text


def test_a_huge_draft_stops_at_five_messages_and_points_to_the_file(summit, settings):
    sid = "d2-1520-a202"
    for i in range(40):
        note(summit, settings, "U1", sid, (15, 30), f"{i} " + "긴 메모 & 🎉 " * 800)
    draft = recap_draft(summit.store, summit.agenda(), "U1", DAY2, at(settings, 19, 0))
    payloads = recap_messages(draft, lang="en", file_line="📎 in our DM")
    assert len(payloads) == 5
    within_limits(payloads)
    assert "📎 in our DM" in render_text(payloads[0]["blocks"], None)
    assert "the rest is in the Markdown file" in render_text(payloads[-1]["blocks"], None)
    assert "part 2 of 5" in payloads[1]["text"]
    failed = recap_messages(draft, lang="en", file_line="⚠️", file_sent=False)
    assert "Run `/summit recap` again" in render_text(failed[-1]["blocks"], None)


def test_recap_day_words(summit, settings):
    agenda = summit.agenda()
    assert recap_day(agenda, ["day1"], at(settings, 10, 0)) == date(2023, 5, 3)
    assert recap_day(agenda, ["2일차"], at(settings, 10, 0)) == DAY2
    assert recap_day(agenda, [], at(settings, 10, 0)) == DAY2
    assert recap_day(agenda, [], datetime(2023, 4, 1, tzinfo=settings.tz)) == date(2023, 5, 3)
    assert recap_day(agenda, [], datetime(2023, 6, 1, tzinfo=settings.tz)) == DAY2
    assert recap_day(agenda, ["day7"], at(settings, 10, 0)) is None
    assert recap_day(agenda, ["2023-06-01"], at(settings, 10, 0)) is None


# -- the day's numbers ----------------------------------------------------------------------


def test_day_stats_count_seats_people_and_how_fast_sessions_filled(summit, settings):
    store = summit.store
    store.set_capacity_override("d2-1110-a202", 3)
    for user, minute in (("U1", 0), ("U2", 5), ("U3", 12)):
        store.take_seat("d2-1110-a202", user, at(settings, 10, minute).timestamp())
    store.take_seat("d2-1520-a202", "U1", at(settings, 10, 30).timestamp())
    note(summit, settings, "U4", "d2-1520-a202", (15, 30), "shared")
    note(summit, settings, "U5", "d2-1310-hb", (13, 30), "private only", private=True)
    stats = day_stats(store, summit.agenda(), DAY2)
    assert (stats.registrations, stats.people, stats.shared_notes) == (4, 4, 1)
    assert stats.sessions == len([s for s in summit.agenda().on_day(DAY2) if s.kind != "break"])
    [filled] = stats.filled
    assert filled.session.id == "d2-1110-a202" and filled.took == timedelta(minutes=12)
    assert f"{filled.filled_at:%H:%M}" == "10:12"
    assert [(a.session.id, a.people) for a in stats.most_attended] == [
        ("d2-1110-a202", 3), ("d2-1520-a202", 2)
    ]  # fmt: skip
    uncovered = {s.id for s in stats.uncovered}
    assert "d2-1310-hb" in uncovered  # a private note reveals nothing, not even coverage
    assert {"d2-1110-a202", "d2-1520-a202"}.isdisjoint(uncovered)


# -- the channel recap ----------------------------------------------------------------------


@pytest.fixture
def recap_settings(settings):
    return settings.with_(recap_channel=CHANNEL)


def test_private_notes_never_reach_the_channel_recap(summit, settings, recap_settings):
    summit.store.update_user("U1", display_name="Mina")
    note(summit, settings, "U1", "d2-1520-a202", (15, 30), "shared: saga + outbox")
    note(summit, settings, "U2", "d2-1520-a202", (15, 35), "SECRET budget −40%", private=True)
    items = channel_recap_due(summit.store, summit.agenda(), at(settings, 18, 30), recap_settings)
    text = shown([payload(i) for i in items])
    assert "shared: saga + outbox" in text and "Mina" in text
    assert "SECRET" not in text
    assert "shared notes: 1" in text and "people: 1" in text
    assert all(payload(i)["unfurl_links"] is False for i in items)  # no preview cards


def test_the_channel_recap_escapes_notes_and_names_and_pings_no_one(
    summit, settings, recap_settings
):
    hostile = "<!channel> <!here> <@U123> & <https://evil.example|click> *bold*"
    summit.store.update_user("U1", display_name="<!everyone> & co")
    note(summit, settings, "U1", "d2-1520-a202", (15, 30), hostile)
    items = channel_recap_due(summit.store, summit.agenda(), at(settings, 18, 30), recap_settings)
    payloads = [payload(i) for i in items]
    within_limits(payloads)
    texts = "\n".join(parsed_texts(payloads))
    assert escape(hostile) in texts and "&lt;!everyone&gt; &amp; co" in texts
    assert hostile in shown(payloads)  # shown literally


def test_authors_without_a_cached_name_are_credited_neutrally(summit, settings):
    note(summit, settings, "U9", "d2-1520-a202", (15, 30), "no name cached")
    agenda = summit.agenda()
    stats = day_stats(summit.store, agenda, DAY2)
    grouped = shared_notes_by_session(summit.store, agenda, DAY2)
    text = shown(channel_recap_messages(DAY2, stats, grouped, names={}, lang="en"))
    assert "*a teammate*: no name cached" in text and "U9" not in text


def test_twenty_sessions_with_ten_long_notes_each_post_within_limits(summit, settings):
    sessions = [s for s in summit.agenda().on_day(DAY2) if s.kind != "break"][:20]
    for n in range(10):
        summit.store.update_user(f"U{n}", display_name=f"Person {n}")
    written = []
    for session in sessions:
        for n in range(10):
            # &, emoji and Korean near every 3,000-character boundary
            text = f"{session.id} #{n} " + ("R&D 결과 🎉 latency −44% " * 190)
            assert len(text) > 4000
            summit.store.add_note(f"U{n}", session.id, text, private=False, source="command",
                                  now=at(settings, 18, 0).timestamp())  # fmt: skip
            written.append(text)
    settings = settings.with_(recap_channel=CHANNEL)
    items = channel_recap_due(summit.store, summit.agenda(), at(settings, 18, 30), settings)
    payloads = [payload(i) for i in items]
    assert len(payloads) > 1
    within_limits(payloads)
    sections = "".join(b["text"]["text"] for p in payloads for b in p["blocks"]
                       if b["type"] == "section")  # fmt: skip
    for text in written:  # every note's first 500 characters: the channel gets a taste
        assert escape(shared_note_text(text)) in sections
        assert escape(text) not in sections


def test_the_recap_is_due_at_recap_time_and_not_before(summit, settings, recap_settings):
    note(summit, settings, "U1", "d2-1520-a202", (15, 30), "hello")
    store, agenda = summit.store, summit.agenda()
    assert channel_recap_due(store, agenda, at(settings, 18, 29), recap_settings) == []
    items = channel_recap_due(store, agenda, at(settings, 18, 30), recap_settings)
    assert [i.dedupe_key for i in items] == [f"recap:2023-05-04:{n}"
                                             for n in range(1, len(items) + 1)]  # fmt: skip
    assert {(i.channel, i.kind, i.due_at) for i in items} == {(CHANNEL, "recap",
                                                         at(settings, 18, 30).timestamp())}
    assert channel_recap_due(store, agenda, at(settings, 18, 30), settings) == []  # no channel


def test_the_recap_is_sent_once_across_a_restart(summit, settings, recap_settings):
    """An outbox keyed by dedupe key (INSERT OR IGNORE) fed every tick, before and after a
    restart, holds each part once, with the content known at recap time."""
    note(summit, settings, "U1", "d2-1520-a202", (15, 30), "before the recap")
    outbox: dict[str, dict] = {}

    def tick(store: Store, when: datetime) -> None:
        agenda = AgendaCache(store, settings.tz).current()
        due = channel_recap_due(store, agenda, when, recap_settings)
        for item in due + recap_offers_due(store, agenda, when, recap_settings):
            outbox.setdefault(item.dedupe_key, payload(item))

    tick(summit.store, at(settings, 18, 30))
    first = dict(outbox)
    assert any(k.startswith("recap:2023-05-04:") for k in first)
    tick(summit.store, at(settings, 18, 30) + timedelta(seconds=1))
    note(summit, settings, "U2", "d2-1520-a202", (18, 45), "after the recap")
    restarted = Store(settings.db_path)  # a new process on the same database
    restarted.migrate()
    tick(restarted, at(settings, 18, 50))
    assert [k for k in outbox if k.startswith("recap:")] == [
        k for k in first if k.startswith("recap:")
    ]
    again = channel_recap_due(restarted, AgendaCache(restarted, settings.tz).current(),
                              at(settings, 22, 0), recap_settings)  # fmt: skip
    assert [payload(i) for i in again] == [first[i.dedupe_key] for i in again]
    assert "after the recap" not in shown([payload(i) for i in again])


def test_a_missed_recap_goes_out_late_but_not_over_twelve_hours_late(
    summit, settings, recap_settings
):
    store, agenda = summit.store, summit.agenda()
    day1_recap = at(settings, 18, 30, day=3)
    late = channel_recap_due(store, agenda, day1_recap + timedelta(hours=11, minutes=59),
                             recap_settings)  # fmt: skip
    assert late and all(i.dedupe_key.startswith("recap:2023-05-03:") for i in late)
    assert all(i.due_at == day1_recap.timestamp() for i in late)
    assert channel_recap_due(store, agenda, day1_recap + timedelta(hours=12), recap_settings) == []


def test_recap_offers_go_to_everyone_with_notes_once_per_day(summit, settings):
    note(summit, settings, "U1", "d2-1520-a202", (15, 30), "shared")
    note(summit, settings, "U2", "d2-1520-a202", (15, 31), "private", private=True)
    note(summit, settings, "U3", "d1-1110-hb", (11, 30), "day one only")
    summit.store.update_user("U2", lang="ko")
    store, agenda = summit.store, summit.agenda()
    assert recap_offers_due(store, agenda, at(settings, 18, 0), settings) == []
    offers = recap_offers_due(store, agenda, at(settings, 18, 30), settings)
    assert [(o.dedupe_key, o.channel, o.kind) for o in offers] == [
        ("recap-offer:2023-05-04:U1", "U1", "recap_offer"),
        ("recap-offer:2023-05-04:U2", "U2", "recap_offer"),
    ]
    within_limits([payload(o) for o in offers])
    button = payload(offers[0])["blocks"][1]["elements"][0]
    assert (button["action_id"], button["value"]) == (ids.RECAP_DRAFT, "2023-05-04")
    assert "/summit recap day2" in shown([payload(offers[0])])
    assert "from your 1 note on 1 session?" in payload(offers[0])["text"]
    assert "2일차" in payload(offers[1])["text"]  # in each user's own language
