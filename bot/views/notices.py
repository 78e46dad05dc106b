"""Messages the bot sends by itself or about a user's own data: a waitlist promotion, an
interest nudge, the DM tab's answer, and `forget`'s confirmation and result."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from bot.i18n import fmt_countdown, fmt_span, keys, plural_keys, t, tn
from bot.views import ids
from bot.views.text import button, context, escape, message, section

if TYPE_CHECKING:  # annotations only: the store imports views through outbox kinds
    from bot.agenda import Session

# The order `forget` reports what it deleted in; other tables follow in their own order.
FORGOT_ORDER = ("registrations", "waitlist", "interests", "notes", "note_drafts", "outbox",
                "settings")  # fmt: skip


def _where(session: Session, lang: str) -> tuple[str, str]:
    room = escape(session.room) or t(lang, "unknown_value")
    return fmt_span(session.start, session.end, lang), room


def _actions(block_id: str, *elements: dict) -> dict:
    return {"type": "actions", "block_id": block_id, "elements": list(elements)}


def promotion_message(session: Session, lang: str) -> dict:
    """The DM to someone whose waitlist place just became a seat."""
    when, room = _where(session, lang)
    text = t(lang, "promoted", title=escape(session.title_for(lang)), when=when, room=room)
    sid = session.id
    blocks = [
        section(text, block_id=f"{ids.BLOCK_SESSION}:{sid}"),
        context(t(lang, "promoted_hint")),
        _actions(
            f"{ids.BLOCK_SESSION_ACTIONS}:{sid}",
            button(t(lang, "unregister_button"), ids.for_session(ids.UNREGISTER, sid), sid),
            button(t(lang, "details_button"), ids.for_session(ids.DETAILS, sid), sid),
        ),
    ]
    return message(text, blocks)


def nudge_message(session: Session, lang: str, seats: str) -> dict:
    """The one DM to someone who starred a session that is filling up."""
    when, room = _where(session, lang)
    text = t(lang, "nudge", title=escape(session.title_for(lang)), seats=seats)
    sid = session.id
    blocks = [
        section(text, block_id=f"{ids.BLOCK_SESSION}:{sid}"),
        context(f"{when} · {room} · `{sid}`"),
        _actions(
            f"{ids.BLOCK_SESSION_ACTIONS}:{sid}",
            button(t(lang, "register_button"), ids.for_session(ids.REGISTER, sid), sid, "primary"),
            button(t(lang, "details_button"), ids.for_session(ids.DETAILS, sid), sid),
        ),
    ]
    return message(text, blocks)


def dm_answer(lang: str, now: datetime, mine: Session | None,
              upcoming: list[Session]) -> dict:  # fmt: skip
    """The DM tab's answer to anything typed: what the bot does and what comes next."""
    lines = [t(lang, "dm_intro")]
    if mine is not None:
        when, room = _where(mine, lang)
        lines.append(t(lang, "dm_next_mine", title=escape(mine.title_for(lang)), when=when,
                       room=room, countdown=fmt_countdown(mine.start, mine.end, now, lang)))
    elif upcoming:
        first = upcoming[0]
        lines.append(tn(lang, "dm_next_open", len(upcoming),
                       when=fmt_span(first.start, first.end, lang)))  # fmt: skip
    else:
        lines.append(t(lang, "dm_over"))
    text = "\n\n".join(lines)
    return message(text, [section(text), context(t(lang, "dm_help_hint"))])


def forget_prompt(lang: str) -> dict:
    text = t(lang, "forget_prompt")
    blocks = [
        section(text),
        _actions(
            ids.BLOCK_FORGET,
            button(t(lang, "forget_button"), ids.FORGET_CONFIRM, "forget", "danger"),
            button(t(lang, "cancel_button"), ids.FORGET_CANCEL, "cancel"),
        ),
    ]
    return message(text, blocks)


def forgot_message(counts: dict[str, int], lang: str) -> dict:
    """What `forget` deleted, kind by kind; a table added to the store's USER_DATA_TABLES
    shows up here without further work (under its own name until it has a label)."""
    order = [k for k in FORGOT_ORDER if k in counts] + [k for k in counts if k not in FORGOT_ORDER]
    items = []
    for kind in order:
        count = counts[kind]
        if not count:
            continue
        if f"forgot_{kind}" in plural_keys():
            items.append(tn(lang, f"forgot_{kind}", count))
        elif f"forgot_{kind}" in keys():
            items.append(t(lang, f"forgot_{kind}"))
        else:
            items.append(t(lang, "forgot_rows", table=escape(kind), count=count))
    text = t(lang, "forgot", items=", ".join(items)) if items else t(lang, "forgot_nothing")
    return message(text, [section(text)])
