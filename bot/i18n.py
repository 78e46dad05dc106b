"""Every user-facing string, in Korean and English, and the formats of dates and times.

`t(lang, key, **values)` looks a message up; values are inserted as given, so callers pass
text that is already escaped for mrkdwn where the message is mrkdwn.
"""

from __future__ import annotations

from datetime import date, datetime

LANGS = ("ko", "en")

MESSAGES: dict[str, tuple[str, str]] = {
    # -- general ----------------------------------------------------------------------
    "usage": (
        "*`/summit` 사용법*\n"
        "• `schedule [day1|day2|YYYY-MM-DD|today|now|next] [검색어…]` 일정 보기\n"
        "• `show &lt;id&gt;` 세션 자세히\n"
        "• `register &lt;id&gt;` 등록 · `unregister &lt;id&gt;` 등록 취소\n"
        "• `my` 내 일정\n"
        "• `remind &lt;분&gt;|off` 알림 시간\n"
        "• `lang ko|en` 언어\n"
        "• `help` 이 도움말",
        "*How to use `/summit`*\n"
        "• `schedule [day1|day2|YYYY-MM-DD|today|now|next] [words…]` browse the agenda\n"
        "• `show &lt;id&gt;` one session in full\n"
        "• `register &lt;id&gt;` take a seat · `unregister &lt;id&gt;` give it back\n"
        "• `my` my agenda\n"
        "• `remind &lt;minutes&gt;|off` reminder lead time\n"
        "• `lang ko|en` language\n"
        "• `help` this help",
    ),
    "unknown_command": (
        "`{command}`은(는) 모르는 명령이에요.",
        "I don't know `{command}`.",
    ),
    "too_long": (
        "입력이 너무 길어요 ({length}자). {limit}자 이내로 입력해 주세요.",
        "That's too long ({length} characters). Please keep it under {limit}.",
    ),
    "error": (
        "앗, 처리하지 못했어요. 잠시 후 다시 시도해 주세요.",
        "Sorry, something went wrong. Please try again in a moment.",
    ),
    "need_id": (
        "세션 id를 알려 주세요: `/summit {command} &lt;id&gt;` "
        "(id는 `/summit schedule`에서 찾을 수 있어요)",
        "Which session? `/summit {command} &lt;id&gt;` (find ids with `/summit schedule`)",
    ),
    "unknown_session": (
        "`{id}` 세션을 찾을 수 없어요. `/summit schedule`에서 id를 확인해 주세요.",
        "There's no session `{id}`. Find ids with `/summit schedule`.",
    ),
    # -- schedule ---------------------------------------------------------------------
    "day_title": ("{n}일차 · {date}", "Day {n} · {date}"),
    "all_days_title": ("전체 일정", "Whole agenda"),
    "search_title": ("“{words}” 검색 결과 {count}개", "{count} results for “{words}”"),
    "now_title": ("지금 진행 중", "On now"),
    "next_title": ("다음 세션", "Up next"),
    "no_results": (
        "조건에 맞는 세션이 없어요. 다른 검색어를 써 보세요.",
        "No sessions match. Try other words.",
    ),
    "no_sessions_on": (
        "{date}에는 세션이 없어요. 행사 날짜: {days}",
        "No sessions on {date}. The conference days: {days}",
    ),
    "outside_dates": (
        "지금은 행사 기간({days})이 아니에요. 첫째 날 일정을 보여 드릴게요.",
        "The conference isn't on today ({days}); here is the first day.",
    ),
    "page_of": (
        "{page}/{pages} 페이지 · 세션 {count}개",
        "Page {page} of {pages} · {count} sessions",
    ),
    "next_page": ("다음 페이지 ▶", "Next page ▶"),
    "prev_page": ("◀ 이전 페이지", "◀ Previous page"),
    "register_button": ("등록", "Register"),
    "details_button": ("자세히", "Details"),
    "unregister_button": ("등록 취소", "Unregister"),
    "seats": ("좌석 {taken}/{capacity}", "{taken}/{capacity} seats"),
    "seats_full": ("만석 ({capacity}석)", "Full ({capacity} seats)"),
    "seats_open": ("자유석", "Open seating"),
    "status_registered": ("✅ 등록함", "✅ Registered"),
    "status_waitlisted": ("⏳ 대기 중", "⏳ Waitlisted"),
    "status_none": ("등록 안 함", "Not registered"),
    "status_ended": ("종료됨", "Ended"),
    "status_cancelled": ("취소된 세션", "Cancelled"),
    # -- show -------------------------------------------------------------------------
    "label_time": ("시간", "Time"),
    "label_room": ("장소", "Room"),
    "label_track": ("트랙", "Track"),
    "label_level": ("난이도", "Level"),
    "label_speakers": ("연사", "Speakers"),
    "label_seats": ("좌석", "Seats"),
    "label_status": ("내 상태", "My status"),
    "label_id": ("id", "id"),
    "unknown_value": ("미정", "not announced"),
    # -- register ---------------------------------------------------------------------
    "registered": (
        "✅ *{title}* 에 등록했어요. {when}, {room}",
        "✅ You're registered for *{title}*. {when}, {room}",
    ),
    "already_registered": (
        "이미 *{title}* 에 등록되어 있어요.",
        "You're already registered for *{title}*.",
    ),
    "full": (
        "😢 *{title}* 은(는) 만석이에요 ({capacity}석).",
        "😢 *{title}* is full ({capacity} seats).",
    ),
    "ended": (
        "*{title}* 은(는) 이미 끝난 세션이라 등록할 수 없어요.",
        "*{title}* has ended, so you can't register for it.",
    ),
    "cancelled": ("*{title}* 은(는) 취소된 세션이에요.", "*{title}* has been cancelled."),
    "conflict_warning": (
        "⚠️ 같은 시간에 등록한 세션이 있어요: {titles}",
        "⚠️ It overlaps a session you hold: {titles}",
    ),
    "unregistered": ("*{title}* 등록을 취소했어요.", "You've given back your seat for *{title}*."),
    "not_registered": (
        "*{title}* 에 등록되어 있지 않아요.",
        "You weren't registered for *{title}*.",
    ),
    # -- my ---------------------------------------------------------------------------
    "my_title": ("내 일정", "My summit"),
    "my_empty": (
        "아직 등록한 세션이 없어요. `/summit schedule` 로 둘러보세요.",
        "You haven't registered for anything yet. Browse with `/summit schedule`.",
    ),
    "my_conflict": ("⚠️ 시간 겹침: {ids}", "⚠️ Overlaps: {ids}"),
    "my_more": ("…외 {count}개", "…and {count} more"),
    # -- settings ---------------------------------------------------------------------
    "lang_set": ("이제 한국어로 답할게요.", "I'll answer in English from now on."),
    "lang_usage": (
        "`/summit lang ko` 또는 `/summit lang en`",
        "`/summit lang ko` or `/summit lang en`",
    ),
    "remind_set": (
        "세션 시작 {minutes}분 전에 DM으로 알려 드릴게요.",
        "I'll DM you {minutes} minutes before each of your sessions.",
    ),
    "remind_off": ("세션 알림을 껐어요.", "Reminders are off."),
    "remind_usage": (
        "`/summit remind &lt;분&gt;` ({low}–{high}) 또는 `/summit remind off`",
        "`/summit remind &lt;minutes&gt;` ({low}–{high}) or `/summit remind off`",
    ),
    # -- reminders (DM) ---------------------------------------------------------------
    "reminder_soon": ("⏰ {minutes}분 후 시작: {title}", "⏰ Starts in {minutes} min: {title}"),
    "reminder_now": ("⏰ 곧 시작해요: {title}", "⏰ Starting now: {title}"),
    "reminder_when": ("🕒 {span} (행사 시간) · 내 시간대로 {local}",
                      "🕒 {span} event time · {local} your time"),  # fmt: skip
    "reminder_where": ("📍 {room}", "📍 {room}"),
    "reminder_fallback": ("{title}: {minutes}분 후 {room}에서 시작해요.",
                          "{title} starts in {minutes} min in {room}."),  # fmt: skip
    "reminder_footer": (
        "알림 시간 바꾸기: `/summit remind &lt;분&gt;` · 끄기: `/summit remind off`",
        "Change the lead time with `/summit remind &lt;minutes&gt;`, or `/summit remind off`",
    ),
    # -- capacity alerts (channel) -----------------------------------------------------
    "alert_filling": (
        "🔥 *{title}* 자리가 빠르게 차고 있어요: {left}석 남음",
        "🔥 *{title}* is filling fast: {left} seats left",
    ),
    "alert_full": (
        "🈵 *{title}* 만석이에요 ({capacity}석).",
        "🈵 *{title}* is full ({capacity} seats).",
    ),
    "alert_pace": (
        "50%에서 {threshold}%까지 {minutes}분 걸렸어요.",
        "Went from 50% to {threshold}% in {minutes} minutes.",
    ),
    "alert_pace_instant": (
        "1분도 안 돼 {threshold}%가 됐어요.",
        "Reached {threshold}% in under a minute.",
    ),
    # -- agenda changes (DM) -----------------------------------------------------------
    "notice_moved": (
        "📣 등록하신 *{title}* 일정이 바뀌었어요.",
        "📣 *{title}*, which you signed up for, has changed.",
    ),
    "notice_time": ("🕒 {old} → *{new}*", "🕒 {old} → *{new}*"),
    "notice_room": ("📍 {old} → *{new}*", "📍 {old} → *{new}*"),
    "notice_follows": (
        "알림은 새 시간에 맞춰 보내 드릴게요.",
        "Your reminder follows the new time.",
    ),
    "notice_cancelled": (
        "❌ 등록하신 *{title}* ({when}, {room}) 세션이 취소됐어요.",
        "❌ *{title}* ({when}, {room}), which you signed up for, has been cancelled.",
    ),
    "notice_fallback_moved": ("{title} 일정이 바뀌었어요.", "{title} has changed."),
    "notice_fallback_cancelled": ("{title} 세션이 취소됐어요.", "{title} has been cancelled."),
}

WEEKDAYS = {"ko": "월화수목금토일", "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def t(lang: str, key: str, **values) -> str:
    ko, en = MESSAGES[key]
    template = en if lang == "en" else ko
    return template.format(**values) if values else template


def fmt_date(day: date, lang: str) -> str:
    weekday = WEEKDAYS[lang if lang in LANGS else "ko"][day.weekday()]
    if lang == "en":
        return f"{weekday} {day.day} {MONTHS_EN[day.month - 1]}"
    return f"{day.month}월 {day.day}일({weekday})"


def fmt_span(start: datetime, end: datetime, lang: str, with_date: bool = True) -> str:
    span = f"{start:%H:%M}–{end:%H:%M}"
    return f"{fmt_date(start.date(), lang)} {span}" if with_date else span
