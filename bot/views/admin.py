"""Organiser replies: capacity changes, agenda reloads, the announcement post, and the stats
table, paged so that 92+ sessions stay within a message's 50 blocks and 3,000-char sections."""

from __future__ import annotations

from bot.admin import AgendaLoad, CapacityOutcome, StatRow, Stats
from bot.i18n import t, tn
from bot.views import ids
from bot.views.text import button, clip, context, escape, header, message, section, text_reply

STATS_PAGE = 30  # rows per page
ROWS_PER_SECTION = 10  # ~120 chars a row keeps each section far under 3,000
LIST_IDS = 40  # moved/cancelled ids listed in a reload reply
PROBLEMS_SHOWN = 10


def capacity_reply(outcome: CapacityOutcome, lang: str) -> dict:
    session, change = outcome.session, outcome.change
    unlimited = t(lang, "unlimited")
    lines = [
        t(lang, "admin_capacity_set", title=escape(session.title_for(lang)), id=session.id,
          old=unlimited if change.old is None else change.old,
          new=unlimited if change.new is None else change.new,
          taken=change.taken, waiting=change.waiting)  # fmt: skip
    ]
    if change.promoted:
        lines.append(tn(lang, "admin_capacity_promoted", len(change.promoted)))
    if change.new is not None and change.taken > change.new:
        lines.append(t(lang, "admin_capacity_lowered"))
    return text_reply("\n".join(lines))


def reload_reply(load: AgendaLoad, lang: str) -> dict:
    path = escape(load.path)
    if load.problems:
        shown = "\n".join(f"• {escape(p)}" for p in load.problems[:PROBLEMS_SHOWN])
        return text_reply(tn(lang, "admin_reload_failed", len(load.problems), path=path,
                             problems=shown))  # fmt: skip
    diff = load.diff
    lines = [t(lang, "admin_reload_done", path=path, added=len(diff.added),
               changed=len(diff.changed), cancelled=len(diff.cancelled))]  # fmt: skip
    for key, session_ids in (("admin_reload_moved", diff.moved),
                             ("admin_reload_cancelled", diff.cancelled)):  # fmt: skip
        if session_ids:
            listed = ", ".join(f"`{i}`" for i in session_ids[:LIST_IDS])
            if len(session_ids) > LIST_IDS:
                listed += " " + t(lang, "my_more", count=len(session_ids) - LIST_IDS)
            lines.append(t(lang, key, ids=listed))
    if diff.promoted:
        lines.append(tn(lang, "admin_capacity_promoted", len(diff.promoted)))
    return text_reply("\n".join(lines))


def announcement_message(text: str, lang: str) -> dict:
    """The channel post: the organiser's words escaped, so `<!channel>` stays text."""
    body = t(lang, "announcement", text=escape(text))
    return message(body, [section(body)])


def _row(row: StatRow, lang: str) -> str:
    session, s = row.session, row.stats
    capacity = "∞" if session.capacity is None else session.capacity
    return (f"`{session.id}` {s.registered}/{capacity} · ⏳{s.waitlisted} · ★{s.interested} · "
            f"{escape(clip(session.title_for(lang), 50))}")  # fmt: skip


def _fastest(row: StatRow, lang: str) -> str:
    fill = f" · {row.fill:.0%}" if row.session.capacity else ""
    return f"• {_row(row, lang)} · {t(lang, 'admin_stats_recent', count=row.stats.recent)}{fill}"


def _source(state: dict, lang: str) -> str:
    never = t(lang, "admin_stats_source_never")
    error = state.get("last_error")
    line = t(lang, "admin_stats_source", last_good=escape(state.get("last_good") or never),
             last_error=escape(clip(f"{state.get('last_error_at')}: {error}", 300))
             if error else never)  # fmt: skip
    if state.get("missing"):
        ids = ", ".join(f"`{escape(i)}`" for i in state["missing"][:LIST_IDS])
        line += "\n" + t(lang, "admin_stats_source_pending", ids=ids)
    return line


def stats_message(stats: Stats, lang: str, page: int = 0) -> dict:
    title = t(lang, "admin_stats_title")
    pages = max(1, -(-len(stats.rows) // STATS_PAGE))
    page = max(0, min(page, pages - 1))
    totals = t(lang, "admin_stats_totals", sessions=len(stats.rows), registered=stats.registered,
               waiting=stats.waitlisted, interested=stats.interested)  # fmt: skip
    blocks = [header(title), context(totals)]
    if stats.source:
        blocks.append(context(_source(stats.source, lang)))
    none = t(lang, "admin_stats_none")
    fastest = "\n".join(_fastest(r, lang) for r in stats.fastest) or none
    blocks.append(section(f"{t(lang, 'admin_stats_fastest')}\n{fastest}"))
    wanted = "\n".join(f"• {_row(r, lang)}" for r in stats.wanted) or none
    blocks.append(section(f"{t(lang, 'admin_stats_wanted')}\n{wanted}"))
    blocks.append({"type": "divider"})
    rows = stats.rows[page * STATS_PAGE:(page + 1) * STATS_PAGE]
    for start in range(0, len(rows), ROWS_PER_SECTION):
        chunk = rows[start:start + ROWS_PER_SECTION]
        blocks.append(section("\n".join(_row(r, lang) for r in chunk)))
    blocks.append(context(tn(lang, "page_of", len(stats.rows), page=page + 1, pages=pages)))
    if pages > 1:
        elements = []
        if page > 0:
            elements.append(button(t(lang, "prev_page"), f"{ids.ADMIN_STATS_PAGE}:prev",
                                   str(page - 1)))  # fmt: skip
        if page < pages - 1:
            elements.append(button(t(lang, "next_page"), f"{ids.ADMIN_STATS_PAGE}:next",
                                   str(page + 1)))  # fmt: skip
        blocks.append({"type": "actions", "block_id": ids.BLOCK_PAGER, "elements": elements})
    return message(f"{title} · {totals}", blocks)
