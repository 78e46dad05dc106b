"""Session lists (`schedule`), one session in full (`show`), and the user's agenda (`my`)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from bot.agenda import Session
from bot.i18n import fmt_date, fmt_span, t, tn
from bot.registrations import MyItem
from bot.store.rules import seat_open
from bot.views import ids
from bot.views.text import (
    FIELD_TEXT,
    MESSAGE_BUDGET,
    block_chars,
    button,
    clip,
    context,
    escape,
    fit,
    header,
    message,
    section,
)

MAX_BLOCKS = 50
PAGE_BUDGET = MAX_BLOCKS - 4  # header, note, footer and pager stay free
# Text per page: Slack's message budget less room for the header, note, footer and pager.
PAGE_CHARS = MESSAGE_BUDGET - 1_500
SLOT_CHARS = 60  # a time-slot line, counted with every session to stay on the safe side


@dataclass(frozen=True)
class SeatView:
    """What the viewer needs to know about seats: counts, waitlist lengths, and their own
    status, waitlist places and stars."""

    taken: dict[str, int] = field(default_factory=dict)
    mine: dict[str, str] = field(default_factory=dict)
    waiting: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)
    starred: frozenset[str] = frozenset()

    def line(self, session: Session, lang: str, now: datetime) -> str:
        parts = []
        if session.status != "active":
            parts.append(t(lang, "status_cancelled"))
        elif session.has_ended(now):
            parts.append(t(lang, "status_ended"))
        status = self.status(session.id, lang)
        if status:
            parts.append(status)
        if session.id in self.starred and session.id not in self.mine:
            parts.append(t(lang, "status_starred"))
        parts.append(self.seats(session, lang))
        return " · ".join(parts)

    def status(self, session_id: str, lang: str) -> str | None:
        status = self.mine.get(session_id)
        if status == "waitlisted" and self.places.get(session_id):
            return t(lang, "status_waitlisted_place", place=self.places[session_id])
        return t(lang, f"status_{status}") if status else None

    def seats(self, session: Session, lang: str) -> str:
        if session.capacity is None:
            return t(lang, "seats_open")
        taken = self.taken.get(session.id, 0)
        if taken >= session.capacity:
            text = tn(lang, "seats_full", session.capacity, capacity=session.capacity)
            waiting = self.waiting.get(session.id, 0)
            return f"{text} · {t(lang, 'waiting_count', count=waiting)}" if waiting else text
        return tn(lang, "seats", session.capacity, taken=taken, capacity=session.capacity)

    def full(self, session: Session) -> bool:
        """No seat for a newcomer: every seat taken, or people already queueing."""
        return not seat_open(session.capacity, self.taken.get(session.id, 0),
                             self.waiting.get(session.id, 0))  # fmt: skip


def paginate(sessions: list[Session], budget: int = PAGE_BUDGET,
             size: Callable[[Session], int] | None = None,
             char_budget: int = PAGE_CHARS) -> list[list[Session]]:  # fmt: skip
    """Split sessions into pages that fit the block budget (each session takes two blocks,
    each time slot on a page one more) and, given `size` (a session's characters of text),
    Slack's text budget per message."""
    pages: list[list[Session]] = [[]]
    used = chars = 0
    slot = None
    for session in sessions:
        cost = 2 + (0 if (session.start, session.end) == slot and pages[-1] else 1)
        weight = size(session) + SLOT_CHARS if size else 0
        if pages[-1] and (used + cost > budget or chars + weight > char_budget):
            pages.append([])
            used = chars = 0
            cost = 3
        pages[-1].append(session)
        used += cost
        chars += weight
        slot = (session.start, session.end)
    return pages


def schedule_message(sessions: list[Session], *, title: str, lang: str, now: datetime,
                     seats: SeatView, page: int = 0, pager_state: dict | None = None,
                     note: str | None = None, suggestions: Sequence[str] = ()) -> dict:  # fmt: skip
    """A page of sessions grouped by time slot, with Register/Details buttons; when there
    are none, the `suggestions` (queries that find something) as a "did you mean"."""
    pages = paginate(sessions, size=lambda s: block_chars(session_blocks(s, lang, now, seats)))
    page = max(0, min(page, len(pages) - 1))
    blocks: list[dict] = [header(title)]
    if note:
        blocks.append(context(note))
    if not sessions:
        blocks.append(section(t(lang, "no_results")))
        if suggestions:
            queries = " · ".join(f"`{escape(q.replace('`', ''))}`" for q in suggestions)
            blocks.append(context(t(lang, "did_you_mean", queries=queries)))
        return message(escape(title), blocks)
    many_days = len({s.day for s in sessions}) > 1
    slot = None
    for session in pages[page]:
        if (session.start, session.end) != slot:
            slot = (session.start, session.end)
            when = fmt_span(session.start, session.end, lang, with_date=many_days)
            blocks.append(context(f"*🕒 {when}*"))
        blocks.extend(session_blocks(session, lang, now, seats))
    blocks.append(context(tn(lang, "page_of", len(sessions), page=page + 1, pages=len(pages))))
    if len(pages) > 1 and pager_state is not None:
        blocks.append(pager(lang, page, len(pages), pager_state))
    return message(escape(f"{title} ({len(sessions)})"), blocks)


SPEAKERS_SHOWN = 3  # a row names this many speakers, then "+N"
SPEAKER_CHARS = 120


def speakers_text(session: Session) -> str:
    """The first speakers' names, escaped, with "+N" for the rest; "" when none are known."""
    names = [name for name in session.speakers if name.strip()]
    if not names:
        return ""
    shown = ", ".join(names[:SPEAKERS_SHOWN])
    more = f" +{len(names) - SPEAKERS_SHOWN}" if len(names) > SPEAKERS_SHOWN else ""
    return "🎤 " + escape(clip(shown, SPEAKER_CHARS)) + more


def session_facts(session: Session) -> str:
    """`id` · room · level · speakers: only the facts the agenda has, never an empty one."""
    facts = (f"`{session.id}`", escape(session.room.strip()), escape(session.level.strip()),
             speakers_text(session))  # fmt: skip
    return " · ".join(f for f in facts if f)


def session_blocks(session: Session, lang: str, now: datetime, seats: SeatView) -> list[dict]:
    text = (
        f"*{escape(session.title_for(lang))}*\n"
        + session_facts(session)
        + f"\n{seats.line(session, lang, now)}"
    )
    return [
        section(text, block_id=f"{ids.BLOCK_SESSION}:{session.id}"),
        {
            "type": "actions",
            "block_id": f"{ids.BLOCK_SESSION_ACTIONS}:{session.id}",
            "elements": session_buttons(session, lang, now, seats),
        },
    ]


def session_buttons(session: Session, lang: str, now: datetime, seats: SeatView) -> list:
    """Register (or Join waitlist) / Unregister (or Leave waitlist), the star, Details."""
    buttons = []
    sid = session.id
    if session.registrable and not session.has_ended(now):
        status = seats.mine.get(sid)
        if status:
            label = "leave_waitlist_button" if status == "waitlisted" else "unregister_button"
            buttons.append(button(t(lang, label), ids.for_session(ids.UNREGISTER, sid), sid))
        else:
            label = "waitlist_button" if seats.full(session) else "register_button"
            buttons.append(
                button(t(lang, label), ids.for_session(ids.REGISTER, sid), sid, "primary")
            )
        star = "interest_button_on" if sid in seats.starred else "interest_button"
        buttons.append(button(t(lang, star), ids.for_session(ids.INTEREST, sid), sid))
    buttons.append(button(t(lang, "details_button"), ids.for_session(ids.DETAILS, sid), sid))
    return buttons


def pager(lang: str, page: int, pages: int, state: dict) -> dict:
    elements = []
    if page > 0:
        value = json.dumps({**state, "page": page - 1}, ensure_ascii=False)
        elements.append(button(t(lang, "prev_page"), f"{ids.SCHEDULE_PAGE}:prev", value))
    if page < pages - 1:
        value = json.dumps({**state, "page": page + 1}, ensure_ascii=False)
        elements.append(button(t(lang, "next_page"), f"{ids.SCHEDULE_PAGE}:next", value))
    return {"type": "actions", "block_id": ids.BLOCK_PAGER, "elements": elements}


def session_detail(session: Session, *, lang: str, now: datetime, seats: SeatView) -> dict:
    """`show <id>`: both titles, time, room, level, speakers, description, seats, my status."""
    unknown = t(lang, "unknown_value")
    title = session.title_for(lang)
    other = session.title_en if title == session.title else session.title
    fields = [
        (t(lang, "label_time"), fmt_span(session.start, session.end, lang)),
        (t(lang, "label_room"), session.room or unknown),
        (t(lang, "label_track"), session.track or unknown),
        (t(lang, "label_level"), session.level or unknown),
        (t(lang, "label_seats"), seats.seats(session, lang)),
        (t(lang, "label_status"), seats.status(session.id, lang) or t(lang, "status_none")),
    ]
    blocks = [header(title)]
    if other:
        blocks.append(context(escape(other)))
    blocks.append(
        {
            "type": "section",
            "fields": [
                {"type": "mrkdwn", "text": clip(f"*{label}*\n{escape(value)}", FIELD_TEXT)}
                for label, value in fields
            ],
        }
    )
    speakers = ", ".join(session.speakers) or unknown
    blocks.append(section(f"*{t(lang, 'label_speakers')}*\n{escape(speakers)}"))
    if session.description:
        blocks.append(section(escape(session.description)))
    blocks.append(context(f"{t(lang, 'label_id')}: `{session.id}`", seats.line(session, lang, now)))
    blocks.append(
        {
            "type": "actions",
            "block_id": f"{ids.BLOCK_SESSION_ACTIONS}:{session.id}",
            "elements": session_buttons(session, lang, now, seats),
        }  # fmt: skip
    )
    return message(escape(title), blocks)


def my_message(items: list[MyItem], *, lang: str, now: datetime, seats: SeatView) -> dict:
    """The user's agenda by day; what doesn't fit one message (50 blocks, Slack's text
    budget) ends in "…and N more"."""
    title = t(lang, "my_title")
    blocks = [header(title)]
    if not items:
        blocks.append(section(t(lang, "my_empty")))
        return message(title, blocks)
    day = None
    for item in items:
        if item.session.day != day:
            day = item.session.day
            blocks.append(context(f"*📅 {fmt_date(day, lang)}*"))
        blocks.append(my_item_block(item, lang, now, seats))
    blocks = fit(blocks, more=lambda n: t(lang, "my_more", count=n), counts=_is_session_block)
    return message(title, blocks)


def _is_session_block(block: dict) -> bool:
    return str(block.get("block_id", "")).startswith(f"{ids.BLOCK_SESSION}:")


def my_item_block(item: MyItem, lang: str, now: datetime, seats: SeatView) -> dict:
    """One session of the user's agenda: time, title, id, room, status, overlaps."""
    session = item.session
    lines = [
        f"*{fmt_span(session.start, session.end, lang, with_date=False)}* "
        f"{escape(session.title_for(lang))}",
        " · ".join(p for p in (session_facts(session), seats.line(session, lang, now)) if p),
    ]
    if item.conflicts_with:
        lines.append(t(lang, "my_conflict", ids=", ".join(f"`{i}`" for i in item.conflicts_with)))
    return section("\n".join(lines), block_id=f"{ids.BLOCK_SESSION}:{session.id}")


def where_text(session: Session, lang: str) -> str:
    """`time, room` for a sentence, or the time alone when the agenda names no room."""
    room = escape(session.room.strip())
    when = fmt_span(session.start, session.end, lang)
    return f"{when}, {room}" if room else when


def titles_list(sessions: list[Session], lang: str) -> str:
    """`*Title* (`id`), …` for a reply: escaped, in the reader's language."""
    return ", ".join(f"*{escape(s.title_for(lang))}* (`{s.id}`)" for s in sessions)


def conflict_prompt(session: Session, conflicts: list[Session], lang: str) -> dict:
    """The overlap warning with its choices: keep the old seat(s), switch, or keep both."""
    text = t(lang, "conflict_prompt", title=escape(session.title_for(lang)),
             when=fmt_span(session.start, session.end, lang),
             titles=titles_list(conflicts, lang))  # fmt: skip
    old_ids = [c.id for c in conflicts]
    switch = json.dumps({"take": session.id, "drop": old_ids})
    buttons = [
        button(t(lang, "keep_old_button"), ids.for_session(ids.CONFLICT_KEEP, session.id),
               ",".join(old_ids)),  # fmt: skip
        button(t(lang, "switch_button"), ids.for_session(ids.CONFLICT_SWITCH, session.id),
               switch, "primary"),  # fmt: skip
        button(t(lang, "keep_both_button"), ids.for_session(ids.CONFLICT_BOTH, session.id),
               session.id),  # fmt: skip
    ]
    blocks = [
        section(text),
        {"type": "actions", "block_id": f"{ids.BLOCK_CONFLICT}:{session.id}", "elements": buttons},
    ]
    return message(text, blocks)
