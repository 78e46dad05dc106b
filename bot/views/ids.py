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
