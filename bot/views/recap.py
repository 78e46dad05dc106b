"""Recaps in Slack: a user's draft of their day, the team's end-of-day channel recap, and the
DM offering the draft. Pure builders that split into several messages rather than break a
Block Kit limit; every user text (notes, names, titles) is escaped."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from bot.agenda import Session
from bot.i18n import fmt_date, fmt_duration, fmt_span, fmt_time, t, tn
from bot.views import ids
from bot.views.notes import file_links, label_line
from bot.views.text import (
    MESSAGE_BLOCKS,
    MESSAGE_BUDGET,
    button,
    clip,
    context,
    escape,
    header,
    message,
    pack,
    section,
    text_sections,
)

if TYPE_CHECKING:  # the domain module builds its messages with these views
    from bot.notes import Note
    from bot.recap import AttendedSession, DayStats, OffAgendaMoment, RecapDraft, SessionNotes

# Room for the part line each message after the first starts with, and a closing line.
RESERVED_BLOCKS = 2
RESERVED_CHARS = 400
# A response_url takes five posts; the draft uses at most this many, the file has the rest.
DRAFT_MESSAGES = 5


def day_title(key: str, day: date, day_number: int | None, lang: str) -> str:
    # The personal recap is kept (a blog post), so its date carries the year.
    with_year = key == "recap_title"
    return t(lang, key, n=day_number or "?", date=fmt_date(day, lang, with_year=with_year))


def session_heading(session: Session, lang: str, with_speakers: bool = True) -> str:
    """`*time* · room`, the title in bold, and the speakers: escaped mrkdwn."""
    where = " · ".join(p for p in (f"*{fmt_span(session.start, session.end, lang, False)}*",
                                   escape(session.room)) if p)  # fmt: skip
    lines = [where, f"*{escape(session.title_for(lang))}*"]
    if with_speakers and session.speakers:
        lines.append(f"{t(lang, 'label_speakers')}: {escape(', '.join(session.speakers))}")
    return "\n".join(lines)


def session_item(session: Session, lang: str) -> str:
    span = fmt_span(session.start, session.end, lang, with_date=False)
    parts = (span, escape(session.title_for(lang)), escape(session.room))
    return "• " + " · ".join(p for p in parts if p)


def split_into_messages(
    blocks: list[dict],
    *,
    title: str,
    lang: str,
    limit: int | None = None,
    overflow: str | None = None,
) -> list[dict]:
    """Pack blocks into as many messages as they need, each within 50 blocks and Slack's
    cumulative text cap; parts after the first say which part they are. With `limit`, parts
    beyond it are dropped and the last kept part ends with `overflow`."""
    groups = pack(blocks, max_blocks=MESSAGE_BLOCKS - RESERVED_BLOCKS,
                  budget=MESSAGE_BUDGET - RESERVED_CHARS)  # fmt: skip
    cut = limit is not None and len(groups) > limit
    if cut:
        groups = groups[:limit]
        groups[-1] = groups[-1] + [context(overflow or "…")]
    total = len(groups)
    payloads = []
    for number, group in enumerate(groups, 1):
        part = t(lang, "part_of", part=number, parts=total) if total > 1 else ""
        lead = [context(f"{escape(title)} · {part}")] if number > 1 else []
        fallback = f"{title} ({part})" if part else title
        payloads.append(message(escape(fallback), lead + group))
    return payloads


# -- a user's draft ------------------------------------------------------------------------


def planned_went_line(planned: Session, went: str, lang: str) -> str:
    """"원래 들으려던 세션: *A* → 실제로 간 곳: *B*": titles after colons, never before a
    particle; `went` is already escaped."""
    return t(lang, "recap_planned_went", planned=f"*{escape(planned.title_for(lang))}*",
             went=f"*{went}*")  # fmt: skip


def _note_blocks(notes: tuple[Note, ...], lang: str) -> list[dict]:
    blocks = []
    for note in notes:
        mark = "🔒 " if note.private else ""
        if note.text.strip():
            blocks += text_sections(mark + escape(note.text))
        if note.files:
            blocks.append(context(("🔒 " if note.private and not note.text.strip() else "")
                                  + file_links(note.files, lang)))  # fmt: skip
    return blocks


def _item_blocks(item: AttendedSession | OffAgendaMoment, lang: str) -> list[dict]:
    session = getattr(item, "session", None)
    if session is not None:
        blocks = [section(session_heading(session, lang))]
        went = escape(session.title_for(lang))
    else:
        blocks = [section(label_line(item.label, item.at, lang))]
        went = escape(clip(item.label, 100))
    if item.instead_of is not None:
        blocks.append(context(planned_went_line(item.instead_of, went, lang)))
    blocks += _note_blocks(item.notes, lang)
    if session is not None and not item.notes:
        blocks.append(context(t(lang, "recap_no_notes_yet")))
    return blocks


def recap_messages(draft: RecapDraft, *, lang: str, file_line: str | None = None,
                   file_sent: bool = True) -> list[dict]:  # fmt: skip
    """The draft as Slack messages, told as the day was lived: morning, lunch and afternoon,
    each with the sessions attended (every note in full, photos as links) and the off-agenda
    moments under their labels, a line where the user went somewhere other than planned, the
    sessions registered for without a note, and a closing "후기" section to fill in.
    `file_line` (how the Markdown upload went) comes first, so a draft cut short still shows
    it."""
    title = day_title("recap_title", draft.day, draft.day_number, lang)
    blocks = [header(title)]
    if draft.empty:
        blocks.append(section(t(lang, "recap_empty")))
        return [message(escape(title), blocks)]
    blocks.append(context(t(lang, "recap_summary", sessions=len(draft.attended),
                            notes=draft.note_count)))  # fmt: skip
    if file_line:
        blocks.append(context(file_line))
    for part in draft.parts:
        blocks.append(header(t(lang, f"recap_part_{part.key}")))
        for number, item in enumerate(part.items):
            if number:
                blocks.append({"type": "divider"})
            blocks += _item_blocks(item, lang)
    if draft.unnoted:
        blocks.append({"type": "divider"})
        blocks.append(section(t(lang, "recap_unnoted_title")))
        blocks += text_sections("\n".join(session_item(s, lang) for s in draft.unnoted))
    blocks.append(header(t(lang, "recap_afterword_title")))
    blocks.append(section(t(lang, "recap_afterword_hint")))
    overflow = t(lang, "recap_continues_in_file" if file_sent else "recap_cut_short")
    return split_into_messages(blocks, title=title, lang=lang, limit=DRAFT_MESSAGES,
                               overflow=overflow)  # fmt: skip


def recap_offer_message(day: date, day_number: int | None, *, notes: int, sessions: int,
                        lang: str) -> dict:  # fmt: skip
    """The end-of-day DM: your draft is ready, with a button that makes it."""
    text = t(lang, "recap_offer", n=day_number or "?", date=fmt_date(day, lang),
             sessions=tn(lang, "n_sessions", sessions), notes=tn(lang, "n_notes", notes))
    command = f"day{day_number}" if day_number else day.isoformat()
    return message(
        text,
        [
            section(text),
            {
                "type": "actions",
                "block_id": ids.RECAP_DRAFT,
                "elements": [
                    button(
                        t(lang, "recap_offer_button"), ids.RECAP_DRAFT, day.isoformat(), "primary"
                    )  # fmt: skip
                ],
            },
            context(t(lang, "recap_offer_hint", command=command)),
        ],
    )


# -- the team's end-of-day recap ------------------------------------------------------------


def fmt_took(took: timedelta, lang: str) -> str:
    minutes = int(took.total_seconds() // 60)
    if minutes < 1:
        return t(lang, "took_instant")
    return t(lang, "took", duration=fmt_duration(timedelta(minutes=minutes), lang))


# What one note may take of a message the whole team reads; the author's own draft keeps it all.
SHARED_NOTE_CHARS = 500
# A time slot's titles on its one line of "sessions nobody covered", when it has several.
SLOT_TITLES_CHARS = 160


def shared_note_text(text: str) -> str:
    """A note as the channel recap shows it: at most SHARED_NOTE_CHARS, ending in "…"."""
    return clip(text.strip(), SHARED_NOTE_CHARS)


def uncovered_lines(sessions: list[Session], lang: str) -> list[str]:
    """One line per time slot: the session itself when it is alone in its slot, else
    `time · N sessions: titles…` with the titles clipped."""
    slots: dict[tuple, list[Session]] = {}
    for session in sessions:
        slots.setdefault((session.start, session.end), []).append(session)
    lines = []
    for (start, end), group in sorted(slots.items(), key=lambda kv: kv[0]):
        if len(group) == 1:
            lines.append(session_item(group[0], lang))
            continue
        titles = clip(", ".join(s.title_for(lang) for s in group), SLOT_TITLES_CHARS)
        span = fmt_span(start, end, lang, with_date=False)
        lines.append(f"• {span} · {tn(lang, 'n_sessions', len(group))}: {escape(titles)}")
    return lines


def off_agenda_counts(counts: list[tuple[str, int]], lang: str) -> list[dict]:
    """"엑스포 노트 4개" per label of the team's shared off-agenda notes: counts only, never
    their text or photos."""
    items = " · ".join(tn(lang, "off_agenda_count", n, label=escape(clip(label, 60)))
                       for label, n in counts)  # fmt: skip
    return text_sections(t(lang, "channel_recap_off_agenda", counts=items))


def channel_recap_messages(day: date, stats: DayStats, notes: list[SessionNotes], *,
                           names: dict[str, str], lang: str) -> list[dict]:  # fmt: skip
    """The day's numbers, what filled up and how fast, the most-attended sessions, the team's
    shared notes by session with each author's display name (plain text: nobody is pinged),
    and the sessions nobody covered. As many messages as it takes."""
    title = day_title("channel_recap_title", day, stats.day_number, lang)
    blocks = [
        header(title),
        section(
            t(
                lang,
                "channel_recap_numbers",
                sessions=stats.sessions,
                registrations=stats.registrations,
                people=stats.people,
                notes=stats.shared_notes,
            )
        ),  # fmt: skip
    ]
    if stats.off_agenda:
        blocks += off_agenda_counts(stats.off_agenda, lang)
    if stats.filled:
        lines = [tn(lang, "channel_recap_filled_line", f.capacity,
                    title=escape(f.session.title_for(lang)), capacity=f.capacity,
                    took=fmt_took(f.took, lang), at=fmt_time(f.filled_at, lang))
                 for f in stats.filled]  # fmt: skip
        blocks += text_sections(f"*{t(lang, 'channel_recap_filled')}*\n" + "\n".join(lines))
    if stats.most_attended:
        lines = [t(lang, "channel_recap_top_line", rank=rank,
                   title=escape(a.session.title_for(lang)), people=a.people)
                 for rank, a in enumerate(stats.most_attended, 1)]  # fmt: skip
        blocks += text_sections(f"*{t(lang, 'channel_recap_top')}*\n" + "\n".join(lines))
    blocks.append({"type": "divider"})
    if notes:
        blocks.append(section(f"*{t(lang, 'channel_recap_notes')}*"))
    else:
        blocks.append(context(t(lang, "channel_recap_no_notes")))
    someone = t(lang, "someone")
    for group in notes:
        blocks.append(section(session_heading(group.session, lang, with_speakers=False)))
        for note in group.notes:
            author = escape(names.get(note.user_id) or someone)
            blocks += text_sections(f"*{author}*: {escape(shared_note_text(note.text))}")
    if stats.uncovered:
        blocks.append({"type": "divider"})
        items = "\n".join(uncovered_lines(stats.uncovered, lang))
        blocks += text_sections(f"*{t(lang, 'channel_recap_uncovered')}*\n{items}")
    payloads = split_into_messages(blocks, title=title, lang=lang)
    for payload in payloads:
        # Notes carry links; a preview card under every part would bury the recap.
        payload.update(unfurl_links=False, unfurl_media=False)
    return payloads
