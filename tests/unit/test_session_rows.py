"""Session rows in `schedule` and `my`: the facts the agenda has (speakers, level, room),
never an empty one, never a dangling separator."""

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.agenda import Session
from bot.i18n import t
from bot.registrations import MyItem
from bot.slack_text import render_text
from bot.views.sessions import SeatView, my_message, schedule_message, session_facts, where_text

START = datetime(2023, 5, 3, 9, 30, tzinfo=ZoneInfo("Asia/Seoul"))
END = datetime(2023, 5, 3, 10, 40, tzinfo=ZoneInfo("Asia/Seoul"))


def make(**fields) -> Session:
    base = dict(id="d1-x", day=START.date(), start=START, end=END, title="제목", title_en="Title")
    return Session(**{**base, **fields})


def rows(session: Session, lang: str = "en") -> str:
    msg = schedule_message([session], title="t", lang=lang, now=START, seats=SeatView())
    return render_text(msg["blocks"], msg["text"])


def test_a_row_names_speakers_and_level():
    shown = rows(make(room="Hall <A>", level="L300", speakers=("Erika Müller", "지수")))
    assert "`d1-x` · Hall <A> · L300 · 🎤 Erika Müller, 지수" in shown


def test_many_speakers_are_cut_with_a_count():
    facts = session_facts(make(speakers=("A", "B", "C", "D", "E")))
    assert facts == "`d1-x` · 🎤 A, B, C +2"


def test_a_keynote_without_room_level_or_speakers_has_no_empty_fields():
    keynote = make(id="d1-0930-key", kind="keynote", room="", level=" ", speakers=("", " "))
    assert session_facts(keynote) == "`d1-0930-key`"
    for lang in ("ko", "en"):
        shown = rows(keynote, lang)
        assert " ·  · " not in shown and "· \n" not in shown and not any(
            line.rstrip().endswith((",", "·")) for line in shown.splitlines()
        )
    msg = my_message([MyItem(keynote, "registered", ())], lang="en", now=START, seats=SeatView())
    shown = render_text(msg["blocks"], msg["text"])
    assert "`d1-0930-key` · " in shown and "· ·" not in shown


def test_speaker_names_are_escaped():
    assert "&lt;@U1&gt;" in session_facts(make(speakers=("<@U1>",)))


def test_a_sentence_about_a_session_without_room_has_no_dangling_comma():
    keynote = make(id="d1-0930-key", room="")
    for lang in ("ko", "en"):
        assert where_text(keynote, lang).endswith("10:40")
        text = t(lang, "registered", title="Keynote", where=where_text(keynote, lang))
        assert text.endswith("10:40") and ", " not in text[-12:]
    assert where_text(make(room="Hall & A"), "en").endswith("10:40, Hall &amp; A")
