"""Action and block ids, defined once. Per-session buttons carry the session id after a `:`
so every action_id in a message is unique; listeners match the prefix."""

import re

REGISTER = "session_register"
UNREGISTER = "session_unregister"
DETAILS = "session_details"
SCHEDULE_PAGE = "schedule_page"
INTEREST = "session_interest"
CONFLICT_KEEP = "conflict_keep"
CONFLICT_SWITCH = "conflict_switch"
CONFLICT_BOTH = "conflict_both"
FORGET_CONFIRM = "forget_confirm"
FORGET_CANCEL = "forget_cancel"
HOME_NEXT = "home_next"
HOME_MY = "home_my"
HOME_ICS = "home_ics"
HOME_LANG = "home_lang"
ADMIN_STATS_PAGE = "admin_stats_page"

BLOCK_SESSION = "session"
BLOCK_SESSION_ACTIONS = "session_actions"
BLOCK_PAGER = "pager"
BLOCK_CONFLICT = "conflict"
BLOCK_FORGET = "forget"
BLOCK_HOME_ACTIONS = "home_actions"


def for_session(action: str, session_id: str) -> str:
    return f"{action}:{session_id}"


def matcher(action: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(action)}(:.*)?$")


# Notes and recaps. Per-note buttons carry the note id after the `:`, per-session ones the
# session id, like the session buttons above.
NOTE_PICK = "note_pick"
NOTE_EDIT = "note_edit"
NOTE_DELETE = "note_delete"
NOTES_PAGE = "notes_page"
RECAP_DRAFT = "recap_draft"
SAVE_TO_NOTES = "save_to_notes"  # the message shortcut's callback_id (app manifest)
NOTE_EDIT_VIEW = "note_edit_view"  # the edit modal's callback_id
# Off-agenda moments and the reply to a note sent by DM.
NOTE_ELSEWHERE = "note_elsewhere"
NOTE_MOVE = "note_move"
NOTE_MOVE_PICK = "note_move_pick"
NOTE_VISIBILITY = "note_visibility"
NOTE_UNDO = "note_undo"
BLOCK_NOTE_ELSEWHERE = "note_elsewhere"

BLOCK_NOTE = "note"
BLOCK_NOTE_ACTIONS = "note_actions"
BLOCK_NOTE_TEXT = "note_text"
BLOCK_NOTE_PRIVATE = "note_private"
NOTE_TEXT_INPUT = "text"
NOTE_PRIVATE_INPUT = "private"
SCHEDULE_ENDED = "schedule_ended"  # unfold the sessions of today that have ended

# Session feedback: the rating buttons carry the rating after the `:` (the session id is the
# value), so the five action_ids in one message differ.
FEEDBACK_RATE = "feedback_rate"
FEEDBACK_COMMENT = "feedback_comment"
FEEDBACK_VIEW = "feedback_comment_view"
BLOCK_FEEDBACK = "feedback"
BLOCK_FEEDBACK_RATING = "feedback_rating"
BLOCK_FEEDBACK_COMMENT = "feedback_comment_text"
FEEDBACK_RATING_INPUT = "feedback_rating_input"
FEEDBACK_COMMENT_INPUT = "feedback_comment_input"
