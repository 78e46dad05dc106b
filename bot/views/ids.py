"""Action and block ids, defined once. Per-session buttons carry the session id after a `:`
so every action_id in a message is unique; listeners match the prefix."""

import re

REGISTER = "session_register"
UNREGISTER = "session_unregister"
DETAILS = "session_details"
SCHEDULE_PAGE = "schedule_page"

BLOCK_SESSION = "session"
BLOCK_SESSION_ACTIONS = "session_actions"
BLOCK_PAGER = "pager"


def for_session(action: str, session_id: str) -> str:
    return f"{action}:{session_id}"


def matcher(action: str) -> re.Pattern:
    return re.compile(rf"^{re.escape(action)}(:.*)?$")
