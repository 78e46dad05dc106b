"""Notes on sessions: what an attendee wrote, on which session, shared or private.

A note may also belong to no session: an off-agenda moment (a talk in the Expo hall, a booth,
lunch) carries a free-text `label` instead, keeps the time it was written, and never counts as
attending anything. Notes sent by plain DM may carry Slack file references (a photo).

Knows nothing of Slack beyond turning the text Slack sends back into what the user typed.
A note without a session id goes to the session its author is in now (by the conference
clock), else the one they just left; otherwise the author is asked, and the note waits as a
draft until they pick. Every change goes through the store with the author's id, so nobody can
read, edit or delete another user's note.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.agenda import Agenda, Session
from bot.slack_text import decode_mrkdwn
from bot.store import Store

# Slack caps a message at 40,000 characters and the shortcut saves whole messages; the slash
# command is held to a lower cap by the command router.
NOTE_MAX = 40_000
# "Just ended": a note written in the break after a session (lunch included) is about it.
JUST_ENDED = timedelta(minutes=90)
PICK_LIMIT = 10
PRIVATE_FLAGS = ("-p", "--private")
SOURCES = ("command", "shortcut", "dm")
LABEL_MAX = 60
LABEL_MARK = "@"
# A DM that reads as a question gets help, not a note.
QUESTION_ENDINGS = ("?", "？")
HELP_WORDS = {"help", "도움말", "도움", "사용법", "?", "hi", "hello", "안녕", "안녕하세요"}


@dataclass(frozen=True)
class NoteFile:
    """A Slack file sent with a note: its reference only (the bot never downloads it)."""

    id: str
    name: str
    permalink: str
    mimetype: str = ""

    @property
    def is_image(self) -> bool:
        return self.mimetype.startswith("image/")


def files_to_json(files: tuple[NoteFile, ...] | list[NoteFile]) -> str:
    return json.dumps([vars(f) for f in files], ensure_ascii=False)


def files_from_json(text: str | None) -> tuple[NoteFile, ...]:
    try:
        items = json.loads(text or "[]")
    except ValueError:
        return ()
    return tuple(NoteFile(**{k: str(i.get(k) or "") for k in ("id", "name", "permalink",
                                                             "mimetype")})
                 for i in items if isinstance(i, dict) and i.get("id"))  # fmt: skip


@dataclass(frozen=True)
class Note:
    id: int
    user_id: str
    session_id: str | None
    text: str
    private: bool
    created_at: float
    updated_at: float
    source: str
    label: str | None = None
    files: tuple[NoteFile, ...] = ()

    @property
    def off_agenda(self) -> bool:
        return self.session_id is None

    @classmethod
    def from_row(cls, row: dict) -> Note:
        return cls(
            id=row["id"],
            user_id=row["user_id"],
            session_id=row["session_id"],
            text=row["text"],
            private=bool(row["private"]),
            created_at=row["created_at"],
            updated_at=row["updated_at"],
            source=row["source"],
            label=row.get("label"),
            files=files_from_json(row.get("files")),
        )


def clean_label(label: str) -> str:
    """A label as typed, without the `@` and surrounding space."""
    return label.strip().removeprefix(LABEL_MARK).strip()


def is_question(text: str) -> bool:
    """`help`, a greeting, or a sentence ending like a question: the DM gets help."""
    stripped = text.strip()
    if stripped.lower().strip("!.~ ") in HELP_WORDS:
        return True
    return "\n" not in stripped and stripped.rstrip("!. ~").endswith(QUESTION_ENDINGS)


# -- what Slack sends, back to what the user typed -----------------------------------------

_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"))


def from_slash_text(text: str) -> str:
    """Slack encodes `&`, `<`, `>` as entities in text it sends; notes keep the characters
    themselves (escaped again whenever shown), so `R&D` never turns into `R&amp;D`. The price:
    someone who literally types `&amp;` gets `&` back."""
    for entity, char in _ENTITIES:
        text = text.replace(entity, char)
    return text


def from_message_text(text: str) -> str:
    """A Slack message's text as its readers saw it: links, mentions and broadcasts in Slack's
    `<…>` markup become their visible form, so a saved note reads like the message did and can
    never ping anyone when shown again."""
    return decode_mrkdwn(text)


# -- `/summit note …` --------------------------------------------------------------------


@dataclass(frozen=True)
class NoteCommand:
    """A parsed `note` text. `action`: add, edit, delete or usage."""

    action: str
    text: str = ""
    session_id: str | None = None
    note_id: int | None = None
    private: bool = False
    label: str | None = None


_TOKEN = re.compile(r"\s*(\S+)")
_NOTE_ID = re.compile(r"#?(\d{1,12})")


def parse_note_command(rest: str, agenda: Agenda) -> NoteCommand:
    """`[-p] [<session id>|@<label>] [-p] <text>`, `edit <note id> <text>` or
    `delete <note id>`.

    Only the leading words are read as options; the note itself is kept exactly as typed
    (line breaks, spacing, emoji). A first word counts as a session id only if the agenda
    knows it, so a note may start with any word."""
    words = _leading_words(rest, 2)[0]
    first = words[0].lower() if words else ""
    if first in ("edit", "수정") and len(words) > 1 and _NOTE_ID.fullmatch(words[1]):
        text = _after_words(rest, 2)
        return NoteCommand("edit", text=text, note_id=int(_NOTE_ID.fullmatch(words[1])[1]))
    if first in ("delete", "삭제") and len(words) > 1 and _NOTE_ID.fullmatch(words[1]):
        if _after_words(rest, 2):
            return NoteCommand("usage")
        return NoteCommand("delete", note_id=int(_NOTE_ID.fullmatch(words[1])[1]))
    private = False
    session_id = label = None
    consumed = 0
    for word in _leading_words(rest, 4)[0]:
        if word.lower() in PRIVATE_FLAGS:
            private = True
        elif session_id is None and label is None and agenda.get(word) is not None:
            session_id = agenda.get(word).id
        elif session_id is None and label is None and word.startswith(LABEL_MARK) and word[1:]:
            label = clean_label(word)
        else:
            break
        consumed += 1
    text = _after_words(rest, consumed)
    if not text:
        return NoteCommand("usage")
    return NoteCommand("add", text=text, session_id=session_id, private=private, label=label)


def _leading_words(text: str, count: int) -> tuple[list[str], str]:
    words, pos = [], 0
    while len(words) < count:
        match = _TOKEN.match(text, pos)
        if not match:
            break
        words.append(match.group(1))
        pos = match.end()
    return words, text[pos:]


def _after_words(text: str, count: int) -> str:
    """The text after `count` words, with the whitespace around it trimmed and nothing else
    touched."""
    return _leading_words(text, count)[1].strip()


# -- which session a note is about ---------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    """Where a note without a session id goes: `session`, or ask among `candidates`."""

    session: Session | None
    candidates: list[Session] = field(default_factory=list)


def place_note(agenda: Agenda, registrations: list[dict], now: datetime) -> Placement:
    """The session the user is registered for that runs now, else the one of theirs that ended
    within JUST_ENDED; else the sessions worth offering as buttons."""
    mine = _registered(agenda, registrations)
    running = [s for s in mine if s.is_running(now)]
    if len(running) == 1:
        return Placement(running[0])
    if running:
        return Placement(None, running[:PICK_LIMIT])
    ended = [s for s in mine if s.end <= now < s.end + JUST_ENDED]
    if ended:
        last = max(s.end for s in ended)
        latest = [s for s in ended if s.end == last]
        if len(latest) == 1:
            return Placement(latest[0])
        return Placement(None, latest[:PICK_LIMIT])
    return Placement(None, _candidates(agenda, mine, now))


def _registered(agenda: Agenda, registrations: list[dict]) -> list[Session]:
    sessions = (agenda.get(r["session_id"]) for r in registrations if r["status"] == "registered")
    return sorted((s for s in sessions if s is not None and s.registrable),
                  key=lambda s: (s.start, s.id))  # fmt: skip


def _candidates(agenda: Agenda, mine: list[Session], now: datetime) -> list[Session]:
    """Most likely first: the user's sessions today that have begun (latest first), the
    sessions running now or the slot that ended last (any room), then the user's sessions
    still to come today."""
    today = now.date()
    began = sorted((s for s in mine if s.day == today and s.start <= now),
                   key=lambda s: s.start, reverse=True)  # fmt: skip
    pool = [s for s in agenda.on_day(today) if s.kind != "break"]
    around = [s for s in pool if s.is_running(now)]
    if not around:
        ended = [s for s in pool if s.end <= now]
        if ended:
            last = max(s.end for s in ended)
            around = [s for s in ended if s.end == last]
    later = [s for s in mine if s.day == today and s.start > now]
    picked: list[Session] = []
    for session in (*began, *around, *later):
        if session not in picked:
            picked.append(session)
    return picked[:PICK_LIMIT]


# -- changing notes -----------------------------------------------------------------------


@dataclass(frozen=True)
class NoteOutcome:
    """`status`: saved, ask (with a parked draft and candidates, maybe none: "somewhere else"
    is always offered), edited, moved, deleted, not_found, unknown_session, cancelled, empty,
    too_long, label_too_long, gone (a draft already saved or expired)."""

    status: str
    note: Note | None = None
    session: Session | None = None
    draft_id: int | None = None
    candidates: list[Session] = field(default_factory=list)


def add_note(store: Store, agenda: Agenda, user_id: str, text: str, now: datetime, *,
             session_id: str | None = None, private: bool = False,
             source: str = "command", label: str | None = None,
             files: tuple[NoteFile, ...] = ()) -> NoteOutcome:  # fmt: skip
    """A note on `session_id`, on the off-agenda moment `label`, or placed by the clock (else
    parked as a draft while its author picks). A note may be only a file (a photo)."""
    problem = _text_problem(text, allow_empty=bool(files))
    if problem:
        return NoteOutcome(problem)
    if label is not None:
        return _save_elsewhere(store, user_id, label, text, private, source, files, now)
    if session_id is not None:
        session = agenda.get(session_id)
        if session is None:
            return NoteOutcome("unknown_session")
        return _save(store, user_id, session, text, private, source, now, files)
    placement = place_note(agenda, store.user_registrations(user_id), now)
    if placement.session is not None:
        return _save(store, user_id, placement.session, text, private, source, now, files)
    draft_id = store.add_note_draft(user_id, text, private=private, source=source,
                                    now=now.timestamp(), files=files_to_json(files))  # fmt: skip
    return NoteOutcome("ask", draft_id=draft_id, candidates=placement.candidates)


def save_draft(store: Store, agenda: Agenda, user_id: str, draft_id: int, session_id: str,
               now: datetime) -> NoteOutcome:  # fmt: skip
    """The author picked `session_id` for a parked note."""
    session = agenda.get(session_id)
    if session is None:
        return NoteOutcome("unknown_session")
    if not session.registrable:
        return NoteOutcome("cancelled", session=session)
    draft = store.take_note_draft(user_id, draft_id)
    if draft is None:
        return NoteOutcome("gone", session=session)
    return _save(store, user_id, session, draft["text"], bool(draft["private"]),
                 draft["source"], now, files_from_json(draft.get("files")))  # fmt: skip


def save_draft_elsewhere(store: Store, user_id: str, draft_id: int, label: str,
                         now: datetime) -> NoteOutcome:  # fmt: skip
    """The author picked "somewhere else" for a parked note: it keeps the draft's time."""
    if len(clean_label(label)) > LABEL_MAX:
        return NoteOutcome("label_too_long")
    draft = store.take_note_draft(user_id, draft_id)
    if draft is None:
        return NoteOutcome("gone")
    written = datetime.fromtimestamp(draft["created_at"], now.tzinfo)
    return _save_elsewhere(store, user_id, label, draft["text"], bool(draft["private"]),
                           draft["source"], files_from_json(draft.get("files")), now,
                           written=written)  # fmt: skip


def _save(store: Store, user_id: str, session: Session, text: str, private: bool, source: str,
          now: datetime, files: tuple[NoteFile, ...] = ()) -> NoteOutcome:  # fmt: skip
    if not session.registrable:
        return NoteOutcome("cancelled", session=session)
    note_id = store.add_note(user_id, session.id, text, private=private,
                             source=source if source in SOURCES else "command",
                             now=now.timestamp(), files=files_to_json(files))  # fmt: skip
    return NoteOutcome("saved", Note.from_row(store.user_note(user_id, note_id)), session)


def _save_elsewhere(store: Store, user_id: str, label: str, text: str, private: bool,
                    source: str, files: tuple[NoteFile, ...], now: datetime,
                    written: datetime | None = None) -> NoteOutcome:  # fmt: skip
    label = clean_label(label)
    if not label:
        return NoteOutcome("empty")
    if len(label) > LABEL_MAX:
        return NoteOutcome("label_too_long")
    note_id = store.add_note(user_id, None, text, private=private, label=label,
                             source=source if source in SOURCES else "command",
                             now=now.timestamp(), files=files_to_json(files),
                             created_at=(written or now).timestamp())  # fmt: skip
    return NoteOutcome("saved", Note.from_row(store.user_note(user_id, note_id)))


def move_note(store: Store, agenda: Agenda, user_id: str, note_id: int, now: datetime, *,
              session_id: str | None = None, label: str | None = None) -> NoteOutcome:  # fmt: skip
    """Put a note on another session, or on the off-agenda moment `label`."""
    if label is not None:
        label = clean_label(label)
        if not label:
            return NoteOutcome("empty")
        if len(label) > LABEL_MAX:
            return NoteOutcome("label_too_long")
        place: tuple[str | None, str | None] = (None, label)
        session = None
    else:
        session = agenda.get(session_id or "")
        if session is None:
            return NoteOutcome("unknown_session")
        if not session.registrable:
            return NoteOutcome("cancelled", session=session)
        place = (session.id, None)
    if not store.update_note(user_id, note_id, now=now.timestamp(), place=place):
        return NoteOutcome("not_found")
    return NoteOutcome("moved", Note.from_row(store.user_note(user_id, note_id)), session)


def move_candidates(store: Store, agenda: Agenda, user_id: str, note: Note,
                    now: datetime) -> list[Session]:  # fmt: skip
    """Sessions to offer when moving a note: those around the time it was written."""
    written = datetime.fromtimestamp(note.created_at, now.tzinfo)
    mine = _registered(agenda, store.user_registrations(user_id))
    return [s for s in _candidates(agenda, mine, written) if s.id != note.session_id]


def edit_note(store: Store, agenda: Agenda, user_id: str, note_id: int, now: datetime, *,
              text: str | None = None, private: bool | None = None) -> NoteOutcome:  # fmt: skip
    if text is not None:
        problem = _text_problem(text)
        if problem:
            return NoteOutcome(problem)
    if not store.update_note(user_id, note_id, now=now.timestamp(), text=text, private=private):
        return NoteOutcome("not_found")
    note = Note.from_row(store.user_note(user_id, note_id))
    return NoteOutcome("edited", note, agenda.get(note.session_id or ""))


def delete_note(store: Store, agenda: Agenda, user_id: str, note_id: int) -> NoteOutcome:
    note = get_note(store, user_id, note_id)
    if note is None or not store.delete_note(user_id, note_id):
        return NoteOutcome("not_found")
    return NoteOutcome("deleted", note, agenda.get(note.session_id or ""))


def get_note(store: Store, user_id: str, note_id: int) -> Note | None:
    row = store.user_note(user_id, note_id)
    return Note.from_row(row) if row else None


@dataclass(frozen=True)
class MyNote:
    note: Note
    session: Session | None


def my_notes(store: Store, agenda: Agenda, user_id: str) -> list[MyNote]:
    """The user's notes in time order (a session's start, an off-agenda moment's own time),
    several on one session in writing order."""
    items = [MyNote(Note.from_row(r), agenda.get(r["session_id"] or ""))
             for r in store.user_notes(user_id)]  # fmt: skip
    return sorted(items, key=lambda i: (i.session.start.timestamp() if i.session
                                        else i.note.created_at, i.note.created_at,
                                        i.note.id))  # fmt: skip


def _text_problem(text: str, allow_empty: bool = False) -> str | None:
    if not text.strip() and not allow_empty:
        return "empty"
    if len(text) > NOTE_MAX:
        return "too_long"
    return None
