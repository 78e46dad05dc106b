"""Off-agenda moments and the recap told as the day was lived: parsing `@label`, saving,
moving and keeping a note's time, never counting it as attendance, planned vs. went, the
morning / lunch / afternoon parts, the migration of older databases, and every Slack limit
with 30 off-agenda notes, long labels and hostile text."""

from __future__ import annotations

from datetime import date, datetime

import sqlite_utils

from bot import notes
from bot.devtools.blockkit import message_problems
from bot.recap import day_stats, lunch_span, recap_draft
from bot.store import Store
from bot.store.migrations import migrations
from bot.views.notes import notes_list_message, pick_session_message
from bot.views.recap import channel_recap_messages, recap_messages
from bot.views.recap_markdown import recap_markdown
from bot.views.text import MESSAGE_BUDGET, block_chars
from tests.support.markup import pings

DAY2 = date(2023, 5, 4)
HOSTILE = "<!channel> *bold* _x_ ~s~ `c` &amp; <@U999> 🎉🎉 > quote"


def at(settings, hh, mm):
    return datetime(2023, 5, 4, hh, mm, tzinfo=settings.tz)


def test_parse_label_private_and_text_kept(summit):
    agenda = summit.agenda()
    command = notes.parse_note_command("-p @엑스포  부스 강연\n둘째 줄", agenda)
    assert (command.action, command.label, command.private, command.text) == (
        "add", "엑스포", True, "부스 강연\n둘째 줄")  # fmt: skip
    assert notes.parse_note_command("@ 혼자", agenda).label is None  # a bare @ is text
    assert notes.parse_note_command("d2-1520-a202 @점심 text", agenda).label is None
    assert notes.parse_note_command("@점심", agenda).action == "usage"


def test_questions_and_help_are_not_notes():
    for text in ("help", "도움말", "언제 시작해?", "where is lunch?", "Hi!"):
        assert notes.is_question(text), text
    for text in ("Graviton: −44%", "엑스포 부스에서 강연 들음", "이게 정말일까?\n아니면 아닐까"):
        assert not notes.is_question(text), text


def test_an_off_agenda_note_keeps_its_time_moves_and_never_counts(summit, settings):
    store, agenda = summit.store, summit.agenda()
    saved = notes.add_note(store, agenda, "U1", "에코백", at(settings, 13, 30), label="@부스 ")
    assert saved.status == "saved" and saved.note.label == "부스" and saved.note.off_agenda
    assert notes.add_note(store, agenda, "U1", "x", at(settings, 13, 30),
                          label="가" * 61).status == "label_too_long"  # fmt: skip
    stats = day_stats(store, agenda, DAY2)
    assert (stats.people, stats.shared_notes, stats.off_agenda) == (0, 0, [("부스", 1)])
    moved = notes.move_note(store, agenda, "U1", saved.note.id, at(settings, 15, 0),
                            session_id="d2-1310-hb")  # fmt: skip
    assert (moved.status, moved.note.session_id, moved.note.label) == ("moved", "d2-1310-hb", None)
    back = notes.move_note(store, agenda, "U1", saved.note.id, at(settings, 15, 0), label="엑스포")
    assert (back.note.session_id, back.note.label) == (None, "엑스포")
    assert back.note.created_at == at(settings, 13, 30).timestamp()
    assert notes.move_note(store, agenda, "U2", saved.note.id, at(settings, 15, 0),
                           label="x").status == "not_found"  # nobody moves another's note
    private = notes.edit_note(store, agenda, "U1", saved.note.id, at(settings, 15, 1), private=True)
    assert private.note.private and day_stats(store, agenda, DAY2).off_agenda == []


def test_a_parked_note_picked_as_somewhere_else_keeps_the_draft_time(summit, settings):
    store, agenda = summit.store, summit.agenda()
    asked = notes.add_note(store, agenda, "U5", "강연", at(settings, 13, 30))
    assert asked.status == "ask"
    saved = notes.save_draft_elsewhere(store, "U5", asked.draft_id, "엑스포", at(settings, 16, 0))
    assert saved.note.created_at == at(settings, 13, 30).timestamp()
    assert notes.save_draft_elsewhere(store, "U5", asked.draft_id, "엑스포",
                                      at(settings, 16, 0)).status == "gone"  # fmt: skip


def test_planned_vs_went_and_the_parts_of_the_day(summit, settings):
    store, agenda = summit.store, summit.agenda()
    for sid in ("d2-1110-hb", "d2-1310-hb", "d2-1520-a202", "d2-1630-aud"):
        store.take_seat(sid, "U1", at(settings, 8, 0).timestamp())
    notes.add_note(store, agenda, "U1", "EC2", at(settings, 11, 30))
    notes.add_note(store, agenda, "U1", "expo", at(settings, 13, 30), label="엑스포")
    notes.add_note(store, agenda, "U1", "밥", at(settings, 14, 5), label="점심")
    notes.add_note(store, agenda, "U1", "neptune", at(settings, 15, 40), session_id="d2-1520-a203")
    draft = recap_draft(store, agenda, "U1", DAY2, at(settings, 19, 0))
    assert [p.key for p in draft.parts] == ["morning", "lunch", "afternoon"]
    lunch = draft.parts[1].items
    assert [m.label for m in lunch] == ["점심"]  # a lunch label is lunch, whenever written
    afternoon = draft.parts[2].items
    expo = afternoon[0]
    assert (expo.label, expo.instead_of.id) == ("엑스포", "d2-1310-hb")
    assert afternoon[1].session.id == "d2-1520-a203"
    assert afternoon[1].instead_of.id == "d2-1520-a202"
    # skipped sessions are neither "attended" nor "registered, no note"
    assert {s.id for s in draft.unnoted} == {"d2-1630-aud"}
    assert "d2-1310-hb" not in {a.session.id for a in draft.attended}
    shown = str(recap_messages(draft, lang="ko"))
    assert ("원래 들으려던 세션: *스마트한 클라우드 스토리지 비용 관리 전략* "
            "→ 실제로 간 곳: *엑스포*") in shown


def test_lunch_comes_from_the_agendas_midday_break(summit, settings):
    class Break:
        kind, start, end = "break", at(settings, 11, 50), at(settings, 13, 0)

    class Agenda:
        def on_day(self, day):
            return [Break()]

    assert lunch_span(Agenda(), DAY2, settings.tz) == (at(settings, 11, 50), at(settings, 13, 0))
    assert lunch_span(summit.agenda(), DAY2, settings.tz) == (at(settings, 12, 0),
                                                              at(settings, 13, 10))


def test_thirty_off_agenda_notes_long_labels_and_hostile_text_stay_in_limits(summit, settings):
    store, agenda = summit.store, summit.agenda()
    photo = (notes.NoteFile("F1", "a|b>c.png", "https://x.slack.com/files/U1/F1/a.png",
                            "image/png"),)  # fmt: skip
    for i in range(30):
        label = f"{'엑스포🎉<!here>' * 5}{i % 3}"[: notes.LABEL_MAX]
        notes.add_note(store, agenda, "U1", f"{i} {HOSTILE} " * 40, at(settings, 9 + i // 4, i),
                       label=label, files=photo)  # fmt: skip
        notes.add_note(store, agenda, f"U{i + 2}", HOSTILE, at(settings, 13, 0), label=label)
    draft = recap_draft(store, agenda, "U1", DAY2, at(settings, 19, 0))
    assert draft.note_count == 30
    payloads = recap_messages(draft, lang="en", file_line="file sent")
    for payload in [*payloads, notes_list_message(notes.my_notes(store, agenda, "U1"), lang="ko"),
                    pick_session_message(1, agenda.on_day(DAY2)[:40], lang="ko", text=HOSTILE)]:
        assert message_problems(payload) == []
        assert block_chars(payload["blocks"]) <= MESSAGE_BUDGET
        text = str(payload)
        assert "<!channel>" not in text and "<@U999>" not in text and "<!here>" not in text
    stats = day_stats(store, agenda, DAY2)
    assert sum(n for _, n in stats.off_agenda) == 60  # 30 by U1, 30 by others: all shared
    team = channel_recap_messages(DAY2, stats, [], names={}, lang="ko")
    for payload in team:
        assert message_problems(payload) == [] and not pings(payload)
    assert "노트 " in str(team) and "F1" not in str(team)  # counted, no text, no photo
    markdown = recap_markdown(draft, "ko")
    assert "![a|b>c.png](https://x.slack.com/files/U1/F1/a.png)" in markdown


def test_an_older_database_migrates_its_notes(tmp_path, settings):
    path = str(tmp_path / "old.db")
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before="m040_off_agenda_notes")
    db.execute("INSERT INTO sessions (id, day, start_ts, end_ts, title, updated_at) "
               "VALUES ('s1', '2023-05-04', 0, 1, 't', 0)")
    db.execute("INSERT INTO notes (user_id, session_id, text, private, created_at, updated_at, "
               "source) VALUES ('U1', 's1', 'kept', 1, 5, 6, 'shortcut')")
    db.conn.commit()
    db.close()
    store = Store(path)
    store.migrate()
    [row] = store.user_notes("U1")
    assert (row["session_id"], row["text"], row["private"], row["label"], row["files"]) == (
        "s1", "kept", 1, None, "[]")  # fmt: skip
    assert store.add_note("U1", None, "x", private=False, source="dm", now=7, label="엑스포")


def test_a_day_spent_off_agenda_still_gets_its_recap_offer(summit, settings):
    from bot.outbox.recap_offer import recap_offers_due

    store, agenda = summit.store, summit.agenda()
    notes.add_note(store, agenda, "U8", "부스 투어", at(settings, 13, 0), label="부스")
    notes.add_note(store, agenda, "U8", "전날 메모", datetime(2023, 5, 3, 13, 0,
                                                       tzinfo=settings.tz), label="부스")
    [offer] = recap_offers_due(store, agenda, at(settings, 18, 30), settings)
    assert (offer.channel, offer.facts["notes"], offer.facts["sessions"]) == ("U8", 1, 0)
