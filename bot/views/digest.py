"""The morning plan DM: the day's sessions in order, overlaps, waitlist places, and what
filled up yesterday."""

from __future__ import annotations

from bot.digest import MorningPlan
from bot.i18n import fmt_date, fmt_span, t
from bot.views.text import context, escape, header, message, text_sections


def plan_message(plan: MorningPlan, day_number: int | None, lang: str) -> dict:
    day = fmt_date(plan.day, lang)
    title = t(lang, "digest_title_day", n=day_number, date=day) if day_number else t(
        lang, "digest_title", date=day)  # fmt: skip
    titles = {i.session.session_id: i.session.title for i in plan.items}
    lines = []
    for item in plan.items:
        s = item.session
        line = f"• {fmt_span(s.start, s.end, lang, with_date=False)} *{escape(s.title)}*"
        if s.room:
            line += f" · {escape(s.room)}"
        if s.status == "waitlisted":
            line += " · " + (t(lang, "digest_waitlisted", place=s.place) if s.place
                             else t(lang, "digest_waitlisted_no_place"))  # fmt: skip
        if item.clashes_with:
            others = ", ".join(escape(titles[c]) for c in item.clashes_with)
            line += "\n    ⚠️ " + t(lang, "digest_clash", titles=others)
        lines.append(line)
    blocks = [header(title), *text_sections("\n".join(lines))]
    if plan.filled_yesterday:
        filled = ", ".join(t(lang, "digest_filled_item", title=escape(f.title),
                             minutes=round(f.minutes)) for f in plan.filled_yesterday)  # fmt: skip
        blocks.append(context(t(lang, "digest_filled_yesterday", sessions=filled)))
    blocks.append(context(t(lang, "digest_footer")))
    return message(f"{title}: {len(plan.items)}", blocks[:50])
