"""Long text in shared messages: one note takes at most 500 characters of the channel recap
(the author's own draft keeps it all), and the sessions nobody covered fold per time slot."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.agenda import Session
from bot.devtools.blockkit import message_problems, too_long_in_all
from bot.notes import Note
from bot.recap import AttendedSession, DayStats, RecapDraft, RecapPart, SessionNotes
from bot.slack_text import render_text
from bot.views.recap import channel_recap_messages, recap_messages, uncovered_lines
from bot.views.text import slack_length

SEOUL = ZoneInfo("Asia/Seoul")
DAY = date(2023, 5, 4)
LONG = "R&D 결과 🎉 " * 500  # 5,000 characters, entities and emoji all along


def session(i: int, hour: int, minute: int, title: str | None = None) -> Session:
    start = datetime(2023, 5, 4, hour, minute, tzinfo=SEOUL)
    return Session(id=f"s-{i}", day=DAY, start=start, end=start + timedelta(minutes=40),
                   title=title or f"세션 {i}", title_en=title or f"Session {i}",
                   room=f"Room {i}")  # fmt: skip


def note(text: str, user: str = "U1") -> Note:
    return Note(id=1, user_id=user, session_id="s-1", text=text, private=False,
                created_at=0.0, updated_at=0.0, source="command")  # fmt: skip


def stats(uncovered: list[Session]) -> DayStats:
    return DayStats(DAY, 2, sessions=48, registrations=0, people=0, shared_notes=1, filled=[],
                    most_attended=[], uncovered=uncovered)  # fmt: skip


def shown(payloads: list[dict]) -> str:
    for payload in payloads:
        assert message_problems(payload) == [] and too_long_in_all(payload) is None
    return "\n".join(render_text(p["blocks"], p["text"]) for p in payloads)


def test_a_5000_character_note_is_capped_in_the_channel_and_whole_in_the_draft():
    talk = session(1, 11, 10)
    channel = shown(channel_recap_messages(DAY, stats([]), [SessionNotes(talk, [note(LONG)])],
                                           names={"U1": "민지"}, lang="ko"))  # fmt: skip
    line = next(x for x in channel.splitlines() if x.startswith("*민지*"))
    assert line.endswith("…")
    assert 400 < slack_length(line) <= len("*민지*: ") + 500
    attended = AttendedSession(talk, (note(LONG),))
    draft = RecapDraft(DAY, 2, attended=[attended], parts=[RecapPart("morning", [attended])])
    mine = shown(recap_messages(draft, lang="ko"))
    assert mine.count("R&D 결과 🎉") == 500  # all 5,000 characters


def test_uncovered_sessions_fold_to_one_line_per_slot():
    many = [session(i, 11, 10, f"Talk {i} " + "x" * 60) for i in range(6)]
    alone = session(9, 13, 0, "A lone talk")
    lines = uncovered_lines([*many, alone], "en")
    assert len(lines) == 2
    assert lines[0].startswith("• 11:10\u2009–\u200911:50 · 6 sessions: Talk 0 ")
    assert lines[0].endswith("…")
    assert slack_length(lines[0]) < 220
    assert lines[1] == "• 13:00\u2009–\u200913:40 · A lone talk · Room 9"
    ko = uncovered_lines(many, "ko")
    assert "세션 6개" in ko[0]


def test_forty_uncovered_sessions_are_a_few_lines_in_the_channel_recap():
    uncovered = [session(i, 9 + i // 8, 0) for i in range(40)]
    channel = shown(channel_recap_messages(DAY, stats(uncovered), [], names={}, lang="en"))
    listed = [x for x in channel.splitlines() if x.startswith("• ")]
    assert len(listed) == 5 and all("8 sessions" in x for x in listed)
