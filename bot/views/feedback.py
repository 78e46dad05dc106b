"""Session feedback messages: the after-session DM with its 1-5 buttons, the comment modal,
the organisers' numbers for `admin stats`, and the recap's best-rated section (no names, no
comments: those are only in the export)."""

from __future__ import annotations

import json
from datetime import date

from bot.agenda import Agenda, Session
from bot.feedback import COMMENT_MAX_CHARS, RATINGS, SessionRatings
from bot.i18n import fmt_date, fmt_span, t
from bot.views import ids
from bot.views.text import (
    MESSAGE_BLOCKS,
    button,
    context,
    escape,
    header,
    message,
    pack,
    plain,
    section,
    text_sections,
)

STARS = "★"


def ask_message(session: Session, lang: str, rating: int | None = None) -> dict:
    """The DM: how was it, five buttons (the chosen one highlighted once answered) and a
    comment button. The same message is redrawn after every answer, so it stays changeable."""
    title = escape(session.title_for(lang))
    text = t(lang, "feedback_ask", title=title)
    buttons = [
        button(f"{n} {STARS}", f"{ids.FEEDBACK_RATE}:{n}", session.id,
               style="primary" if n == rating else None)
        for n in RATINGS
    ]  # fmt: skip
    buttons.append(button(t(lang, "feedback_comment_button"), ids.FEEDBACK_COMMENT, session.id))
    blocks = [
        section(text),
        context(fmt_span(session.start, session.end, lang) + (
            f" · {escape(session.room)}" if session.room else "")),
        {"type": "actions", "block_id": ids.BLOCK_FEEDBACK, "elements": buttons},
    ]  # fmt: skip
    if rating is not None:
        blocks.append(context(t(lang, "feedback_thanks", rating=rating)))
    return message(text, blocks)


def comment_modal(session: Session, lang: str, rating: int | None, comment: str | None,
                  response_url: str | None) -> dict:  # fmt: skip
    """A rating (kept if already given) and a comment for one session."""
    options = [{"text": plain(f"{n} {STARS}", 75), "value": str(n)} for n in RATINGS]
    select = {"type": "static_select", "action_id": ids.FEEDBACK_RATING_INPUT,
              "options": options}  # fmt: skip
    if rating is not None:
        select["initial_option"] = options[rating - 1]
    text_input = {"type": "plain_text_input", "action_id": ids.FEEDBACK_COMMENT_INPUT,
                  "multiline": True, "max_length": COMMENT_MAX_CHARS}  # fmt: skip
    if comment:
        text_input["initial_value"] = comment
    metadata = {"session": session.id}
    if response_url:
        metadata["url"] = response_url
    return {
        "type": "modal",
        "callback_id": ids.FEEDBACK_VIEW,
        "private_metadata": json.dumps(metadata),
        "title": plain(t(lang, "feedback_modal_title"), 24),
        "submit": plain(t(lang, "feedback_modal_submit"), 24),
        "close": plain(t(lang, "feedback_modal_close"), 24),
        "blocks": [
            context(escape(session.title_for(lang))),
            {"type": "input", "block_id": ids.BLOCK_FEEDBACK_RATING,
             "label": plain(t(lang, "feedback_rating_label"), 2000), "element": select},
            {"type": "input", "block_id": ids.BLOCK_FEEDBACK_COMMENT, "optional": True,
             "label": plain(t(lang, "feedback_comment_label"), 2000), "element": text_input},
        ],
    }  # fmt: skip


def _distribution(s: SessionRatings) -> str:
    return " ".join(f"{n}{STARS}×{count}" for n, count in zip(RATINGS, s.distribution,
                                                               strict=True))  # fmt: skip


def stats_message(summaries: list[SessionRatings], agenda: Agenda, lang: str) -> dict:
    """`admin stats`' feedback part: per session, answers, mean and the 1-5 distribution."""
    title = t(lang, "feedback_stats_title")
    lines = []
    for s in sorted(summaries, key=lambda s: (-s.count, s.session_id)):
        session = agenda.get(s.session_id)
        name = escape(session.title_for(lang)) if session else s.session_id
        lines.append(t(lang, "feedback_stats_row", id=s.session_id, title=name, count=s.count,
                       mean=f"{s.mean:.2f}", distribution=_distribution(s)))  # fmt: skip
    if not lines:
        return message(title, [header(title), section(t(lang, "feedback_stats_none"))])
    parts = pack([header(title), *text_sections("\n".join(lines))], max_blocks=MESSAGE_BLOCKS - 1)
    blocks = parts[0]
    if len(parts) > 1:  # the export has every session
        blocks.append(context(t(lang, "feedback_stats_more")))
    return message(title, blocks)


def best_rated_message(day: date, best: list[SessionRatings], agenda: Agenda,
                       lang: str) -> dict | None:  # fmt: skip
    """The recap's best-rated sessions of `day`, or None when none has enough answers."""
    if not best:
        return None
    title = t(lang, "feedback_best_title", date=fmt_date(day, lang))
    lines = []
    for rank, s in enumerate(best, 1):
        session = agenda.get(s.session_id)
        name = escape(session.title_for(lang)) if session else s.session_id
        lines.append(t(lang, "feedback_best_row", rank=rank, title=name, mean=f"{s.mean:.1f}",
                       count=s.count))  # fmt: skip
    return message(title, [header(title), section("\n".join(lines))])
