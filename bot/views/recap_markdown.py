"""A user's recap draft as a Markdown file, ready to paste into a blog.

Shaped like the post an attendee writes: morning, lunch and afternoon, then a closing section
to fill in. Notes go in exactly as written (it is a file, not Slack text: nothing to escape);
photos sent with a note are image links to Slack; the headings and labels follow the user's
language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import fmt_span, fmt_time, t
from bot.views.recap import day_title

if TYPE_CHECKING:
    from bot.notes import Note, NoteFile
    from bot.recap import AttendedSession, OffAgendaMoment, RecapDraft


def recap_filename(draft: RecapDraft) -> str:
    return f"summit-recap-{draft.day.isoformat()}.md"


def file_link(item: NoteFile) -> str:
    """An image link for a photo, a plain link for any other file."""
    name = (item.name or item.id).replace("[", "(").replace("]", ")")
    url = item.permalink.replace(" ", "%20").replace(")", "%29")
    return f"![{name}]({url})" if item.is_image else f"[{name}]({url})"


def _notes(notes: tuple[Note, ...]) -> list[str]:
    lines = []
    for note in notes:
        if note.text.strip():
            lines += [note.text, ""]
        if note.files:
            lines += ["  ".join(file_link(f) for f in note.files), ""]
    return lines


def _item(item: AttendedSession | OffAgendaMoment, lang: str) -> list[str]:
    session = getattr(item, "session", None)
    if session is None:
        lines = [f"### 📍 {item.label} · {fmt_time(item.at, lang)}", ""]
        went = item.label
    else:
        lines = [f"### {session.title_for(lang)}", ""]
        lines.append(f"- {t(lang, 'label_time')}: "
                     f"{fmt_span(session.start, session.end, lang, with_date=False)}")  # fmt: skip
        if session.room:
            lines.append(f"- {t(lang, 'label_room')}: {session.room}")
        if session.speakers:
            lines.append(f"- {t(lang, 'label_speakers')}: {', '.join(session.speakers)}")
        lines.append("")
        went = session.title_for(lang)
    if item.instead_of is not None:
        planned = item.instead_of.title_for(lang)
        lines += ["> " + t(lang, "recap_planned_went", planned=f"**{planned}**",
                           went=f"**{went}**"), ""]  # fmt: skip
    lines += _notes(item.notes)
    if session is not None and not item.notes:
        lines += [f"_{t(lang, 'md_no_notes')}_", ""]
    return lines


def recap_markdown(draft: RecapDraft, lang: str) -> str:
    lines = [f"# {day_title('recap_title', draft.day, draft.day_number, lang)}", ""]
    if not draft.attended and not draft.moments:
        lines += [t(lang, "md_nothing_attended"), ""]
    for part in draft.parts:
        lines += [f"## {t(lang, f'recap_part_{part.key}')}", ""]
        for item in part.items:
            lines += _item(item, lang)
    if draft.unnoted:
        lines += [f"## {t(lang, 'md_unnoted')}", ""]
        for session in draft.unnoted:
            span = fmt_span(session.start, session.end, lang, with_date=False)
            parts = (span, session.title_for(lang), session.room)
            lines.append("- " + " · ".join(p for p in parts if p))
        lines.append("")
    lines += [f"## {t(lang, 'recap_afterword_title')}", "",
              f"_{t(lang, 'recap_afterword_hint')}_", ""]  # fmt: skip
    return "\n".join(lines)
