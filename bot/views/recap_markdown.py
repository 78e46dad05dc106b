"""A user's recap draft as a Markdown file, ready to paste into a blog.

Notes go in exactly as written (it is a file, not Slack text: nothing to escape); the
headings and labels follow the user's language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.i18n import fmt_span, t
from bot.views.recap import day_title

if TYPE_CHECKING:
    from bot.recap import RecapDraft


def recap_filename(draft: RecapDraft) -> str:
    return f"summit-recap-{draft.day.isoformat()}.md"


def recap_markdown(draft: RecapDraft, lang: str) -> str:
    lines = [f"# {day_title('recap_title', draft.day, draft.day_number, lang)}", ""]
    if not draft.attended:
        lines += [t(lang, "md_nothing_attended"), ""]
    for attended in draft.attended:
        session = attended.session
        lines += [f"## {session.title_for(lang)}", ""]
        lines.append(f"- {t(lang, 'label_time')}: "
                     f"{fmt_span(session.start, session.end, lang, with_date=False)}")  # fmt: skip
        if session.room:
            lines.append(f"- {t(lang, 'label_room')}: {session.room}")
        if session.speakers:
            lines.append(f"- {t(lang, 'label_speakers')}: {', '.join(session.speakers)}")
        lines.append("")
        for note in attended.notes:
            lines += [note.text, ""]
        if not attended.notes:
            lines += [f"_{t(lang, 'md_no_notes')}_", ""]
    if draft.unnoted:
        lines += [f"## {t(lang, 'md_unnoted')}", ""]
        for session in draft.unnoted:
            span = fmt_span(session.start, session.end, lang, with_date=False)
            parts = (span, session.title_for(lang), session.room)
            lines.append("- " + " · ".join(p for p in parts if p))
        lines.append("")
    lines += [f"## {t(lang, 'recap_closing_title')}", "", f"_{t(lang, 'md_closing_hint')}_", ""]
    return "\n".join(lines)
