"""The App Home tab, "My Summit": next session with a countdown, the day's agenda, overlaps,
waitlist places, quick buttons. At most 100 blocks (Slack's cap for a Home view) for any
amount of data: long lists are cut with a pointer to `/summit my`."""

from __future__ import annotations

from bot.agenda import Session
from bot.home import HomeState
from bot.i18n import fmt_countdown, fmt_date, fmt_span, fmt_time, t
from bot.views import ids
from bot.views.sessions import SeatView, my_item_block
from bot.views.text import SECTION_TEXT, button, clip, context, escape, header, section

MAX_VIEW_BLOCKS = 100
DAY_ITEMS = 40  # the rest of the view needs at most ~20 blocks
LIST_LINES = 15  # overlaps and waitlists: one section each


def home_view(state: HomeState, lang: str) -> dict:
    seats = SeatView(
        taken=state.taken,
        mine={i.session.id: i.status for i in state.items},
        waiting=state.waiting,
        places={i.session.id: i.place for i in state.items if i.place},
        starred=state.starred,
    )
    now = state.now
    clock = f"🕒 {fmt_date(now.date(), lang)} {fmt_time(now, lang)}"
    blocks: list[dict] = [header(t(lang, "home_title")), context(clock)]
    blocks += _next(state, lang, seats)
    blocks.append({"type": "divider"})
    blocks += _day(state, lang, seats)
    if state.conflicts:
        lines = [f"• {_ref(a, lang)} ↔ {_ref(b, lang)}" for a, b in state.conflicts]
        blocks.append(_listing(t(lang, "home_conflicts"), lines, lang))
    if state.waitlists:
        lines = [
            f"• {seats.status(i.session.id, lang)} · {_ref(i.session, lang)} · "
            f"{fmt_span(i.session.start, i.session.end, lang)}"
            for i in state.waitlists
        ]
        blocks.append(_listing(t(lang, "home_waitlists"), lines, lang))
    blocks.append(context(t(lang, "home_notes", count=state.notes)))
    blocks.append({"type": "divider"})
    blocks.append(_quick_buttons(lang))
    blocks.append(context(t(lang, "home_footer")))
    return {"type": "home", "blocks": blocks[:MAX_VIEW_BLOCKS]}


def _ref(session: Session, lang: str) -> str:
    return f"*{escape(clip(session.title_for(lang), 80))}* (`{session.id}`)"


def _next(state: HomeState, lang: str, seats: SeatView) -> list[dict]:
    now = state.now
    item = state.next_item
    if item is not None:
        session = item.session
        key = "home_running" if session.is_running(now) else "home_next"
        countdown = fmt_countdown(session.start, session.end, now, lang)
        text = (
            t(lang, key, countdown=countdown)
            + f"\n*{escape(session.title_for(lang))}*\n"
            + " · ".join(
                p
                for p in (fmt_span(session.start, session.end, lang), escape(session.room),
                          f"`{session.id}`")  # fmt: skip
                if p
            )
        )
        return [section(text, accessory=_details(session, lang))]
    blocks = [section(t(lang, "home_no_next"))]
    if state.suggestions:
        first = state.suggestions[0]
        blocks.append(context(t(lang, "home_open_next",
                                when=fmt_span(first.start, first.end, lang))))  # fmt: skip
        for session in state.suggestions:
            text = (
                f"*{escape(session.title_for(lang))}*\n`{session.id}` · {escape(session.room)}"
                f" · {seats.seats(session, lang)}"
            )
            accessory = button(t(lang, "register_button"),
                               ids.for_session(ids.REGISTER, session.id), session.id,
                               "primary")  # fmt: skip
            blocks.append(section(text, accessory=accessory))
    return blocks


def _day(state: HomeState, lang: str, seats: SeatView) -> list[dict]:
    if state.day is None:
        return []
    key = "home_today" if state.day == state.now.date() else "home_day"
    blocks = [section(t(lang, key, date=fmt_date(state.day, lang)))]
    if not state.day_items:
        blocks.append(context(t(lang, "home_today_empty")))
        return blocks
    for shown, item in enumerate(state.day_items):
        if shown == DAY_ITEMS:
            blocks.append(context(t(lang, "home_more", count=len(state.day_items) - shown)))
            break
        blocks.append(my_item_block(item, lang, state.now, seats))
    return blocks


def _listing(title: str, lines: list[str], lang: str) -> dict:
    shown = lines[:LIST_LINES]
    if len(lines) > LIST_LINES:
        shown.append(t(lang, "home_more", count=len(lines) - LIST_LINES))
    # Clip line by line so a cut never leaves half a line or half an entity.
    text, used = title, len(title)
    for line in shown:
        if used + 1 + len(line) > SECTION_TEXT:
            break
        text += "\n" + line
        used += 1 + len(line)
    return section(text)


def _details(session: Session, lang: str) -> dict:
    return button(t(lang, "details_button"), ids.for_session(ids.DETAILS, session.id), session.id)


def _quick_buttons(lang: str) -> dict:
    return {
        "type": "actions",
        "block_id": ids.BLOCK_HOME_ACTIONS,
        "elements": [
            button(t(lang, "home_schedule_button"), ids.HOME_NEXT, "next"),
            button(t(lang, "home_my_button"), ids.HOME_MY, "my"),
            button(t(lang, "home_ics_button"), ids.HOME_ICS, "ics"),
            button(t(lang, "lang_switch_button"), ids.HOME_LANG, "en" if lang == "ko" else "ko"),
        ],
    }
