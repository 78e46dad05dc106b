"""Notes and recaps in Slack: `/summit note`, `/summit recap`, notes sent by plain DM, the
"Save to summit notes" message shortcut, the session-picking ("somewhere else" included),
Move, Make private, Undo, Edit, Delete and pager buttons, the edit modal, and the button on
the end-of-day recap offer.

Handlers parse, call `bot.notes` / `bot.recap`, and render with `bot.views`; the only Slack
calls of their own are the DM upload of the Markdown draft and the one-time users.info.
"""

from __future__ import annotations

import json
import logging

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot import notes
from bot.i18n import fmt_date, t
from bot.listeners.replies import Reply, acting, answer, as_reply
from bot.notes import (
    NoteFile,
    NoteOutcome,
    from_message_text,
    from_slash_text,
    is_question,
    parse_note_command,
)
from bot.people import remember_display_name
from bot.recap import RecapDraft, recap_day, recap_draft
from bot.services import Summit
from bot.slack_text import render_text
from bot.views import ids
from bot.views.notes import (
    EDIT_BOX,
    dm_note_saved_message,
    elsewhere_label,
    note_edit_modal,
    note_edited_message,
    note_saved_message,
    notes_list_message,
    pick_session_message,
)
from bot.views.recap import recap_messages
from bot.views.recap_markdown import recap_filename, recap_markdown
from bot.views.text import escape, slack_length, text_reply

log = logging.getLogger(__name__)


def register(app: App) -> None:
    app.shortcut(ids.SAVE_TO_NOTES)(on_save_to_notes)
    app.action(ids.matcher(ids.NOTE_PICK))(on_pick)
    app.action(ids.matcher(ids.NOTE_EDIT))(on_edit)
    app.action(ids.matcher(ids.NOTE_DELETE))(on_delete)
    app.action(ids.matcher(ids.NOTES_PAGE))(on_notes_page)
    app.action(ids.NOTE_ELSEWHERE)(on_elsewhere)
    app.action(ids.matcher(ids.NOTE_MOVE))(on_move)
    app.action(ids.matcher(ids.NOTE_MOVE_PICK))(on_move_pick)
    app.action(ids.matcher(ids.NOTE_VISIBILITY))(on_visibility)
    app.action(ids.matcher(ids.NOTE_UNDO))(on_undo)
    app.action(ids.RECAP_DRAFT)(on_recap_draft)
    app.view(ids.NOTE_EDIT_VIEW)(on_edit_submit)


# -- commands (routed by bot.listeners.commands) -------------------------------------------


def note_cmd(summit: Summit, user_id: str, rest: str, lang: str) -> dict:
    """`note [-p] [<id>|@<label>] <text>`, `note edit <n> <text>`, `note delete <n>`; `rest`
    is the text after the command word, untouched so the note keeps its line breaks."""
    agenda = summit.agenda()
    now = summit.clock.now()
    command = parse_note_command(from_slash_text(rest), agenda)
    if command.action == "delete":
        outcome = notes.delete_note(summit.store, agenda, user_id, command.note_id)
        return outcome_reply(summit, user_id, outcome, lang, note_id=command.note_id)
    if command.action == "edit" and command.text:
        outcome = notes.edit_note(summit.store, agenda, user_id, command.note_id, now,
                                  text=command.text)  # fmt: skip
        return outcome_reply(summit, user_id, outcome, lang, note_id=command.note_id)
    if command.action != "add":
        return text_reply(t(lang, "note_usage"))
    outcome = notes.add_note(summit.store, agenda, user_id, command.text, now,
                             session_id=command.session_id, private=command.private,
                             label=command.label)  # fmt: skip
    return outcome_reply(summit, user_id, outcome, lang, text=command.text)


def outcome_reply(summit: Summit, user_id: str, outcome: NoteOutcome, lang: str, *,
                  text: str = "", note_id: int | None = None,
                  short: bool = False) -> dict | Reply:  # fmt: skip
    """The message for any note outcome, with a refresh of the author's Home tab (it counts
    their notes) when one was added, moved or deleted. `short`: the DM reply's form."""
    payload = _outcome_message(summit, user_id, outcome, lang, text=text, note_id=note_id,
                               short=short)  # fmt: skip
    if outcome.status in ("saved", "deleted", "moved"):
        return Reply(payload, homes=(user_id,))
    return payload


def _outcome_message(summit: Summit, user_id: str, outcome: NoteOutcome, lang: str, *,
                     text: str, note_id: int | None, short: bool = False) -> dict:  # fmt: skip
    """A shared note's author gets their name cached (the channel recap credits it)."""
    status = outcome.status
    tz = summit.settings.tz
    if status in ("saved", "edited", "moved") and not outcome.note.private:
        remember_display_name(summit, user_id)
    if status == "saved" and short:
        return dm_note_saved_message(outcome.note, outcome.session, lang=lang, tz=tz)
    if status == "saved":
        return note_saved_message(outcome.note, outcome.session, lang=lang,
                                  recap_time=summit.settings.recap_time, tz=tz)  # fmt: skip
    if status == "moved":
        return dm_note_saved_message(outcome.note, outcome.session, lang=lang, tz=tz)
    if status == "edited" and short:
        return dm_note_saved_message(outcome.note, outcome.session, lang=lang, tz=tz)
    if status == "edited":
        return note_edited_message(outcome.note, outcome.session, lang=lang, tz=tz)
    if status == "label_too_long":
        return text_reply(t(lang, "note_label_too_long", limit=notes.LABEL_MAX))
    if status == "ask":
        return pick_session_message(outcome.draft_id, outcome.candidates, lang=lang, text=text)
    if status == "deleted":
        return text_reply(t(lang, "note_deleted", id=outcome.note.id))
    if status == "not_found":
        return text_reply(t(lang, "note_not_found", id=note_id))
    if status == "cancelled":
        title = escape(outcome.session.title_for(lang))
        return text_reply(t(lang, "note_cancelled_session", title=title))
    if status == "too_long":
        return text_reply(t(lang, "too_long", length=len(text), limit=notes.NOTE_MAX))
    if status == "gone":
        return text_reply(t(lang, "note_draft_gone"))
    if status == "no_session":
        return text_reply(t(lang, "note_no_session_found"))
    return text_reply(t(lang, "note_usage"))


def notes_list_reply(summit: Summit, user_id: str, lang: str, page: int = 0,
                     note: str | None = None) -> dict:  # fmt: skip
    items = notes.my_notes(summit.store, summit.agenda(), user_id)
    return notes_list_message(items, lang=lang, page=page, note=note, tz=summit.settings.tz)


def recap_cmd(summit: Summit, user_id: str, args: list[str], lang: str) -> list[dict]:
    """`recap [day1|day2|YYYY-MM-DD]`: the draft in Slack, and as a Markdown file in the
    user's DM with the bot (never the channel the command came from: files can't be
    ephemeral)."""
    agenda = summit.agenda()
    now = summit.clock.now()
    day = recap_day(agenda, args, now)
    if day is None:
        days = ", ".join(fmt_date(d, lang) for d in agenda.days)
        return [text_reply(t(lang, "recap_usage", days=days))]
    draft = recap_draft(summit.store, agenda, user_id, day, now)
    if draft.empty:
        return recap_messages(draft, lang=lang)
    sent = upload_recap(summit, user_id, draft, lang)
    line = (
        t(lang, "recap_file_sent", filename=recap_filename(draft))
        if sent
        else t(lang, "recap_file_failed")
    )
    return recap_messages(draft, lang=lang, file_line=line, file_sent=sent)


def upload_recap(summit: Summit, user_id: str, draft: RecapDraft, lang: str) -> bool:
    """Upload the Markdown draft into the user's DM; False (and a log line) if it failed."""
    filename = recap_filename(draft)
    number = draft.day_number or "?"
    try:
        channel = summit.client.conversations_open(users=user_id)["channel"]["id"]
        summit.client.files_upload_v2(
            channel=channel,
            content=recap_markdown(draft, lang),
            filename=filename,
            title=t(lang, "recap_file_title", n=number),
            initial_comment=t(lang, "recap_file_comment", n=number),
        )
    except SlackApiError as exc:
        log.warning("recap upload for %s failed: %s", user_id, exc.response.get("error"))
        return False
    except Exception:  # network and the like: the user gets a line, the log the details
        log.exception("recap upload for %s failed", user_id)
        return False
    return True


# -- notes by plain DM ---------------------------------------------------------------------

FILES_KEPT = 10


def dm_note(summit: Summit, event: dict) -> Reply | None:
    """A person's message in the bot's DM as a note, placed like `/summit note`; None when it
    reads as a question or `help` (the DM answer then explains the bot instead)."""
    user_id = event["user"]
    text = from_message_text(event.get("text") or "")
    files = dm_files(summit, event.get("files") or [])
    if not files and (not text.strip() or is_question(text)):
        return None
    lang = summit.lang_for(user_id)
    agenda = summit.agenda()
    # Leading `-p`, a session id or `@<label>` work as in `/summit note`; the rest is the note.
    command = parse_note_command(text, agenda)
    if command.action == "add":
        text, where = command.text, {"session_id": command.session_id, "label": command.label,
                                     "private": command.private}  # fmt: skip
    else:
        where = {}
    outcome = notes.add_note(summit.store, agenda, user_id, text, summit.clock.now(),
                             source="dm", files=files, **where)  # fmt: skip
    return as_reply(outcome_reply(summit, user_id, outcome, lang, text=text, short=True))


def dm_files(summit: Summit, files: list[dict]) -> tuple[NoteFile, ...]:
    """References to the files sent with a DM (id, name, permalink, type). The event carries
    them; only a file the event shows as `check_file_info` costs a files.info call (metadata,
    never the content)."""
    kept = []
    for item in files[:FILES_KEPT]:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        if item.get("file_access") == "check_file_info" or not item.get("permalink"):
            try:
                item = summit.client.files_info(file=item["id"])["file"]
            except Exception:
                log.warning("no metadata for file %s", item.get("id"))
                continue
        kept.append(NoteFile(id=str(item["id"]), name=str(item.get("name") or item.get("title")
                                                         or ""),
                             permalink=str(item.get("permalink") or ""),
                             mimetype=str(item.get("mimetype") or "")))  # fmt: skip
    return tuple(kept)


def _target(value: str) -> tuple[str, int, str] | None:
    """A `d<draft>:<rest>` or `n<note>:<rest>` value."""
    head, _, rest = (value or "").partition(":")
    if len(head) < 2 or head[0] not in "dn" or not head[1:].isdigit() or not rest:
        return None
    return head[0], int(head[1:]), rest


def on_elsewhere(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    """"Somewhere else" picked for a parked note (`d…`) or a note being moved (`n…`)."""
    ack()
    summit, user_id, lang = acting(body, context)
    parsed = _target((action.get("selected_option") or {}).get("value", ""))
    label = elsewhere_label(parsed[2], lang) if parsed else None
    if parsed is None or label is None:
        log.warning("bad note_elsewhere value %r", action.get("selected_option"))
        return
    kind, number, _ = parsed
    now = summit.clock.now()
    if kind == "d":
        outcome = notes.save_draft_elsewhere(summit.store, user_id, number, label, now)
    else:
        outcome = notes.move_note(summit.store, summit.agenda(), user_id, number, now,
                                  label=label)  # fmt: skip
    answer(summit, body, respond, outcome_reply(summit, user_id, outcome, lang, note_id=number,
                                                short=True), replace_original=True)  # fmt: skip


def on_move(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    """Move: the sessions around the note's time, and "somewhere else"."""
    ack()
    summit, user_id, lang = acting(body, context)
    value = action.get("value") or ""
    note = notes.get_note(summit.store, user_id, int(value)) if value.isdigit() else None
    if note is None:
        answer(summit, body, respond, text_reply(t(lang, "note_not_found", id=escape(value[:12]))))
        return
    candidates = notes.move_candidates(summit.store, summit.agenda(), user_id, note,
                                       summit.clock.now())  # fmt: skip
    answer(summit, body, respond, pick_session_message(None, candidates, lang=lang,
                                                       text=note.text, note_id=note.id),
           replace_original=True)  # fmt: skip


def on_move_pick(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    note_id, _, session_id = (action.get("value") or "").partition(":")
    if not note_id.isdigit() or not session_id:
        log.warning("bad note_move_pick value %r", action.get("value"))
        return
    outcome = notes.move_note(summit.store, summit.agenda(), user_id, int(note_id),
                              summit.clock.now(), session_id=session_id)  # fmt: skip
    answer(summit, body, respond, outcome_reply(summit, user_id, outcome, lang,
                                                note_id=int(note_id), short=True),
           replace_original=True)  # fmt: skip


def on_visibility(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    """Make private / Make shared on the DM reply."""
    ack()
    summit, user_id, lang = acting(body, context)
    note_id, _, choice = (action.get("value") or "").partition(":")
    if not note_id.isdigit() or choice not in ("private", "shared"):
        log.warning("bad note_visibility value %r", action.get("value"))
        return
    outcome = notes.edit_note(summit.store, summit.agenda(), user_id, int(note_id),
                              summit.clock.now(), private=choice == "private")  # fmt: skip
    answer(summit, body, respond, outcome_reply(summit, user_id, outcome, lang,
                                                note_id=int(note_id), short=True),
           replace_original=True)  # fmt: skip


def on_undo(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    value = action.get("value") or ""
    if not value.isdigit():
        log.warning("bad note_undo value %r", value)
        return
    outcome = notes.delete_note(summit.store, summit.agenda(), user_id, int(value))
    answer(summit, body, respond, outcome_reply(summit, user_id, outcome, lang,
                                                note_id=int(value)), replace_original=True)


# -- the message shortcut ------------------------------------------------------------------


def on_save_to_notes(ack: Ack, body: dict, respond: Respond, context) -> None:
    """The "Save to summit notes" shortcut on any message: its text becomes a note on the
    session the user is in (same rule as the command), or they are asked which."""
    ack()
    summit, user_id, lang = acting(body, context)
    message = body.get("message") or {}
    if message.get("text"):
        text = from_message_text(message["text"])
    else:  # a message made only of blocks: keep what its readers saw
        text = render_text(message.get("blocks"), None)
    if not text.strip():
        payload = text_reply(t(lang, "shortcut_empty"))
    else:
        outcome = notes.add_note(summit.store, summit.agenda(), user_id, text,
                                 summit.clock.now(), source="shortcut")  # fmt: skip
        payload = outcome_reply(summit, user_id, outcome, lang, text=text)
    answer(summit, body, respond, payload)


# -- buttons -------------------------------------------------------------------------------


def _note_value(value: str) -> tuple[int, int | None] | None:
    """A note button's value: `id`, or `id:page` when it sits in the list of notes."""
    head, _, page = (value or "").partition(":")
    if not head.isdigit() or (page and not page.isdigit()):
        return None
    return int(head), int(page) if page else None


def on_pick(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    draft, _, session_id = (action.get("value") or "").partition(":")
    if not draft.isdigit() or not session_id:
        log.warning("bad note_pick value %r", action.get("value"))
        return
    outcome = notes.save_draft(summit.store, summit.agenda(), user_id, int(draft), session_id,
                               summit.clock.now())  # fmt: skip
    answer(summit, body, respond, outcome_reply(summit, user_id, outcome, lang),
           replace_original=True)  # fmt: skip


def on_edit(ack: Ack, body: dict, action: dict, respond: Respond, client: WebClient,
            context) -> None:  # fmt: skip
    """Open the edit modal, or, for a note too long for its text box, say how to replace it
    by command."""
    ack()
    summit, user_id, lang = acting(body, context)
    parsed = _note_value(action.get("value", ""))
    if parsed is None:
        log.warning("bad note_edit value %r", action.get("value"))
        return
    note_id, page = parsed
    note = notes.get_note(summit.store, user_id, note_id)
    if note is None:
        answer(summit, body, respond, text_reply(t(lang, "note_not_found", id=note_id)))
        return
    if slack_length(note.text) > EDIT_BOX:
        too_long = t(lang, "note_too_long_for_box", id=note_id, limit=EDIT_BOX)
        answer(summit, body, respond, text_reply(too_long))
        return
    view = note_edit_modal(note, summit.agenda().get(note.session_id), lang=lang,
                           response_url=body.get("response_url"), page=page)  # fmt: skip
    try:
        client.views_open(trigger_id=body["trigger_id"], view=view)
    except Exception:
        log.exception("could not open the note edit modal")
        answer(summit, body, respond, text_reply(t(lang, "error")))


def on_edit_submit(ack: Ack, body: dict, view: dict, context) -> None:
    summit, user_id, lang = acting(body, context)
    values = (view.get("state") or {}).get("values") or {}
    text = (values.get(ids.BLOCK_NOTE_TEXT, {}).get(ids.NOTE_TEXT_INPUT, {}).get("value")) or ""
    chosen = values.get(ids.BLOCK_NOTE_PRIVATE, {}).get(ids.NOTE_PRIVATE_INPUT, {})
    private = bool(chosen.get("selected_options"))
    try:
        meta = json.loads(view.get("private_metadata") or "{}")
        note_id = int(meta["note"])
    except (ValueError, TypeError, KeyError):
        log.warning("bad note edit metadata %r", view.get("private_metadata"))
        ack()
        return
    if not text.strip():
        ack(response_action="errors", errors={ids.BLOCK_NOTE_TEXT: t(lang, "note_edit_empty")})
        return
    outcome = notes.edit_note(summit.store, summit.agenda(), user_id, note_id,
                              summit.clock.now(), text=text, private=private)  # fmt: skip
    if outcome.status != "edited":
        key = "note_edit_gone" if outcome.status == "not_found" else "note_edit_empty"
        ack(response_action="errors", errors={ids.BLOCK_NOTE_TEXT: t(lang, key)})
        return
    ack()
    payload = outcome_reply(summit, user_id, outcome, lang)
    if meta.get("page") is not None:
        payload = notes_list_reply(summit, user_id, lang, int(meta["page"]))
    if meta.get("url"):
        # The message the Edit button sat in is redrawn, so it never shows the old text.
        try:
            WebhookClient(meta["url"]).send(response_type="ephemeral", replace_original=True,
                                            **payload)  # fmt: skip
        except Exception:
            log.exception("could not redraw after a note edit")


def on_delete(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    parsed = _note_value(action.get("value", ""))
    if parsed is None:
        log.warning("bad note_delete value %r", action.get("value"))
        return
    note_id, page = parsed
    outcome = notes.delete_note(summit.store, summit.agenda(), user_id, note_id)
    reply = as_reply(outcome_reply(summit, user_id, outcome, lang, note_id=note_id))
    if page is not None:
        reply.payload = notes_list_reply(summit, user_id, lang, page, note=reply.payload["text"])
    answer(summit, body, respond, reply, replace_original=True)


def on_notes_page(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    ack()
    summit, user_id, lang = acting(body, context)
    value = action.get("value") or "0"
    page = int(value) if value.isdigit() else 0
    answer(summit, body, respond, notes_list_reply(summit, user_id, lang, page),
           replace_original=True)  # fmt: skip


def on_recap_draft(ack: Ack, body: dict, action: dict, respond: Respond, context) -> None:
    """The button on the end-of-day DM: the same as `/summit recap <that day>`."""
    ack()
    summit, user_id, lang = acting(body, context)
    answer(summit, body, respond, recap_cmd(summit, user_id, [action.get("value") or ""], lang))
