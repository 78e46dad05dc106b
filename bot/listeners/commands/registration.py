"""`register` (등록) and `unregister` (취소): a seat, or a waitlist place, taken or given
back; the buttons do the same through the same domain call and view."""

from __future__ import annotations

from bot import registrations
from bot.i18n import t
from bot.listeners.commands.base import Subcommand
from bot.listeners.common import Args, after_seat_change
from bot.listeners.replies import Reply
from bot.services import Summit
from bot.views.outcomes import register_message, unregister_message
from bot.views.text import text_reply


def register_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict | Reply:
    return _seat_cmd(summit, user_id, args, lang, "register", registrations.register,
                     register_message)  # fmt: skip


def unregister_cmd(summit: Summit, user_id: str, args: Args, lang: str) -> dict | Reply:
    return _seat_cmd(summit, user_id, args, lang, "unregister", registrations.unregister,
                     unregister_message)  # fmt: skip


def _seat_cmd(summit: Summit, user_id: str, args: Args, lang: str, command: str,
              change, render) -> dict | Reply:  # fmt: skip
    """`register`/`unregister <id>`: the domain `change`, worded by `render`."""
    if not args.words:
        return text_reply(t(lang, "need_id", command=command))
    session_id = args.words[0]
    outcome = change(summit.store, summit.agenda(), user_id, session_id, summit.clock.now())
    return after_seat_change(summit, user_id, render(outcome, session_id, lang), outcome)


SUBCOMMANDS = (
    Subcommand("register", register_cmd, aliases=("등록", "신청")),
    Subcommand("unregister", unregister_cmd, aliases=("취소", "cancel")),
)
