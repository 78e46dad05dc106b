"""Notes: the confirmation after saving (and the short one after a DM), "which session?"
buttons with "somewhere else", the user's list of notes with Edit/Delete, and the edit modal.
Pure Block Kit builders; every user text is escaped."""

from __future__ import annotations

import json
from datetime import datetime, time

from bot.agenda import Session
from bot.i18n import fmt_span, fmt_time, t, tn
from bot.notes import MyNote, Note, NoteFile
from bot.views import ids
from bot.views.text import (
    MESSAGE_BLOCKS,
    button,
    clip,
    context,
    escape,
    header,
    message,
    plain,
    section,
)

EDIT_BOX = 3000  # plain_text_input's max_length, so longer notes are edited by command
PREVIEW = 500
PAGE_SIZE = 10  # two blocks per note: 20 of the 50, and a short text budget
# The "somewhere else" choices, by catalogue key `elsewhere_<key>`; a label of one's own is
# typed with `note @<label>`.
ELSEWHERE = ("expo", "booth", "lunch", "networking", "other")
OPTION_TEXT = 75
FILES_SHOWN = 5


def elsewhere_label(key: str, lang: str) -> str | None:
    return t(lang, f"elsewhere_{key}") if key in ELSEWHERE else None


def label_line(label: str, at: datetime | None, lang: str) -> str:
    """An off-agenda moment: `📍 *label*` and its time, escaped."""
    when = f"\n{fmt_time(at, lang)}" if at is not None else ""
    return f"📍 *{escape(clip(label, 100))}*{when}"


def place_line(note: Note, session: Session | None, lang: str, tz=None) -> str:
    """Where a note is: its session, or its off-agenda label with the time it was written."""
    if note.off_agenda and note.label:
        at = datetime.fromtimestamp(note.created_at, tz) if tz is not None else None
        return label_line(note.label, at, lang)
    return session_line(session, lang)


def file_links(files: tuple[NoteFile, ...], lang: str) -> str:
    """`📷 <permalink|name>` per file (📎 for non-images), escaped; at most FILES_SHOWN."""
    links = []
    for item in files[:FILES_SHOWN]:
        mark = "📷" if item.is_image else "📎"
        name = escape(clip(item.name or item.id, 80)).replace("|", "¦")
        url = item.permalink.replace(">", "%3E").replace("|", "%7C")
        links.append(f"{mark} <{url}|{name}>" if url.startswith("https://") else f"{mark} {name}")
    if len(files) > FILES_SHOWN:
        links.append(tn(lang, "n_more_files", len(files) - FILES_SHOWN))
    return "  ".join(links)


def session_line(session: Session | None, lang: str) -> str:
    """`*title*` and when/where, escaped, for a note's context."""
    if session is None:
        return t(lang, "note_no_session")
    where = " · ".join(p for p in (fmt_span(session.start, session.end, lang),
                                   escape(session.room)) if p)  # fmt: skip
    return f"*{escape(session.title_for(lang))}*\n{where}"


def preview(text: str, limit: int = PREVIEW) -> str:
    """A note's start as a quote, escaped and clipped on an entity boundary."""
    quoted = "\n".join(f"> {line}" for line in escape(text).splitlines() or [""])
    return clip(quoted, limit)


def note_saved_message(note: Note, session: Session | None, *, lang: str, recap_time: time,
                       tz=None) -> dict:  # fmt: skip
    """Where the note went, where it will appear, and how to keep notes private."""
    lines = [t(lang, "note_saved", id=note.id, session=place_line(note, session, lang, tz))]
    if note.private:
        lines.append(t(lang, "note_private_where"))
    else:
        lines.append(t(lang, "note_shared_where", time=f"{recap_time:%H:%M}"))
        lines.append(t(lang, "note_how_private"))
    blocks = [
        section("\n".join(lines), block_id=f"{ids.BLOCK_NOTE}:{note.id}"),
        context(preview(note.text, 1000)),
        *([context(file_links(note.files, lang))] if note.files else []),
        note_actions(note, lang, str(note.id)),
        context(t(lang, "note_manage_hint", id=note.id)),
    ]
    return message(t(lang, "note_saved_short", id=note.id), blocks)


def note_edited_message(note: Note, session: Session | None, *, lang: str, tz=None) -> dict:
    visibility = t(lang, "note_private_label" if note.private else "note_shared_label")
    text = t(lang, "note_edited", id=note.id, session=place_line(note, session, lang, tz))
    return message(t(lang, "note_edited_short", id=note.id),
                   [section(f"{text}\n{visibility}"), context(preview(note.text))])  # fmt: skip


def note_actions(note: Note, lang: str, value: str) -> dict:
    """Edit and Delete for one note; Delete asks first. `value` is the note id, plus the list
    page (`id:page`) when the buttons sit in the list so it can be redrawn in place."""
    delete = button(t(lang, "note_delete_button"), ids.for_session(ids.NOTE_DELETE, str(note.id)),
                    value, "danger")  # fmt: skip
    delete["confirm"] = {
        "title": plain(t(lang, "note_delete_confirm_title"), 100),
        "text": {"type": "mrkdwn", "text": clip(t(lang, "note_delete_confirm", id=note.id), 300)},
        "confirm": plain(t(lang, "note_delete_button"), 30),
        "deny": plain(t(lang, "note_keep_button"), 30),
        "style": "danger",
    }
    edit = button(t(lang, "note_edit_button"), ids.for_session(ids.NOTE_EDIT, str(note.id)), value)
    return {"type": "actions", "block_id": f"{ids.BLOCK_NOTE_ACTIONS}:{note.id}",
            "elements": [edit, delete]}  # fmt: skip


def pick_session_message(draft_id: int | None, candidates: list[Session], *, lang: str,
                         text: str, note_id: int | None = None) -> dict:  # fmt: skip
    """Ask which session a note is about: one button per likely session, and "somewhere
    else" (Expo, booth, lunch…). For a parked draft (`draft_id`), or to move a saved note
    (`note_id`)."""
    pick = ids.NOTE_PICK if note_id is None else ids.NOTE_MOVE_PICK
    target = draft_id if note_id is None else note_id
    question = t(lang, "note_which_session" if note_id is None else "note_move_where",
                 id=note_id or "")  # fmt: skip
    blocks = [section(question), context(preview(text, 300))]
    for session in candidates[: MESSAGE_BLOCKS - 5]:
        blocks.append(
            section(
                session_line(session, lang),
                block_id=f"{ids.BLOCK_NOTE}:{session.id}",
                accessory=button(
                    t(lang, "note_pick_button"),
                    ids.for_session(pick, session.id),
                    f"{target}:{session.id}",
                ),  # fmt: skip
            )
        )
    blocks.append(elsewhere_select(("d" if note_id is None else "n") + str(target), lang))
    blocks.append(context(t(lang, "note_pick_hint_elsewhere")))
    return message(question, blocks)


def elsewhere_select(target: str, lang: str) -> dict:
    """"Somewhere else (Expo, booth, lunch, networking…)": a menu of off-agenda labels whose
    values carry `d<draft>` or `n<note>` and the label's key."""
    options = [{"text": plain(elsewhere_label(key, lang), OPTION_TEXT), "value": f"{target}:{key}"}
               for key in ELSEWHERE]  # fmt: skip
    return {
        "type": "actions",
        "block_id": ids.BLOCK_NOTE_ELSEWHERE,
        "elements": [{
            "type": "static_select",
            "action_id": ids.NOTE_ELSEWHERE,
            "placeholder": plain(t(lang, "note_elsewhere"), OPTION_TEXT),
            "options": options,
        }],
    }  # fmt: skip


def dm_note_saved_message(note: Note, session: Session | None, *, lang: str, tz=None) -> dict:
    """The short reply to a note sent by DM: where it went, with Move, Make private (or
    shared) and Undo."""
    where = place_line(note, session, lang, tz)
    lines = [t(lang, "dm_note_saved", id=note.id, session=where)]
    if note.files:
        lines.append(file_links(note.files, lang))
    if note.private:
        lines.append(t(lang, "note_private_label"))
    visibility = ("note_make_shared_button", "shared") if note.private else (
        "note_make_private_button", "private")  # fmt: skip
    actions = {
        "type": "actions",
        "block_id": f"{ids.BLOCK_NOTE_ACTIONS}:{note.id}",
        "elements": [
            button(t(lang, "note_move_button"), ids.for_session(ids.NOTE_MOVE, str(note.id)),
                   str(note.id)),
            button(t(lang, visibility[0]), ids.for_session(ids.NOTE_VISIBILITY, str(note.id)),
                   f"{note.id}:{visibility[1]}"),
            button(t(lang, "note_undo_button"), ids.for_session(ids.NOTE_UNDO, str(note.id)),
                   str(note.id), "danger"),
        ],
    }  # fmt: skip
    return message(t(lang, "note_saved_short", id=note.id),
                   [section("\n".join(lines), block_id=f"{ids.BLOCK_NOTE}:{note.id}"),
                    actions])  # fmt: skip


def notes_list_message(items: list[MyNote], *, lang: str, page: int = 0,
                       note: str | None = None, tz=None) -> dict:  # fmt: skip
    """The user's notes, PAGE_SIZE at a time, each with Edit/Delete."""
    title = t(lang, "my_notes_title", count=len(items))
    blocks = [header(title)]
    if note:
        blocks.append(context(note))
    if not items:
        blocks.append(section(t(lang, "my_notes_empty")))
        return message(title, blocks)
    pages = max(1, -(-len(items) // PAGE_SIZE))
    page = max(0, min(page, pages - 1))
    for item in items[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]:
        mark = t(lang, "note_private_label" if item.note.private else "note_shared_label")
        head = f"{place_line(item.note, item.session, lang, tz)}\n`#{item.note.id}` · {mark}"
        body = preview(item.note.text) if item.note.text else ""
        if item.note.files:
            body = f"{body}\n{file_links(item.note.files, lang)}".strip()
        blocks.append(section(f"{head}\n{body}",
                              block_id=f"{ids.BLOCK_NOTE}:{item.note.id}"))  # fmt: skip
        blocks.append(note_actions(item.note, lang, f"{item.note.id}:{page}"))
    blocks.append(context(tn(lang, "page_of_notes", len(items), page=page + 1, pages=pages)))
    if pages > 1:
        elements = []
        if page > 0:
            elements.append(button(t(lang, "prev_page"), f"{ids.NOTES_PAGE}:prev", str(page - 1)))
        if page < pages - 1:
            elements.append(button(t(lang, "next_page"), f"{ids.NOTES_PAGE}:next", str(page + 1)))
        blocks.append({"type": "actions", "block_id": ids.NOTES_PAGE, "elements": elements})
    return message(title, blocks)


def note_edit_modal(note: Note, session: Session | None, *, lang: str,
                    response_url: str | None = None, page: int | None = None) -> dict:  # fmt: skip
    """A modal to edit a note of at most EDIT_BOX characters and whether it is private.
    `private_metadata` carries the note id and where to redraw the list after saving."""
    private_option = {"text": plain(t(lang, "note_private_option"), 75), "value": "private"}
    checkbox = {"type": "checkboxes", "action_id": ids.NOTE_PRIVATE_INPUT,
                "options": [private_option]}  # fmt: skip
    if note.private:
        checkbox["initial_options"] = [private_option]
    metadata = {"note": note.id}
    if response_url:
        metadata["url"] = response_url
    if page is not None:
        metadata["page"] = page
    return {
        "type": "modal",
        "callback_id": ids.NOTE_EDIT_VIEW,
        "private_metadata": json.dumps(metadata),
        "title": plain(t(lang, "note_edit_title"), 24),
        "submit": plain(t(lang, "note_save_button"), 24),
        "close": plain(t(lang, "note_cancel_button"), 24),
        "blocks": [
            context(place_line(note, session, lang)),
            {
                "type": "input",
                "block_id": ids.BLOCK_NOTE_TEXT,
                "label": plain(t(lang, "note_edit_label", id=note.id), 2000),
                "element": {
                    "type": "plain_text_input",
                    "action_id": ids.NOTE_TEXT_INPUT,
                    "multiline": True,
                    "max_length": EDIT_BOX,
                    "initial_value": note.text,
                },
            },
            {
                "type": "input",
                "block_id": ids.BLOCK_NOTE_PRIVATE,
                "optional": True,
                "label": plain(t(lang, "note_visibility_label"), 2000),
                "element": checkbox,
            },
        ],
    }
