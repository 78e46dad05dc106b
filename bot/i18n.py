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
        "• `note [&lt;id&gt;] [-p] &lt;메모&gt;` 세션 메모 (`-p` 비공개) · "
        "`note edit|delete &lt;번호&gt;`\n"
        "• `recap [day1|day2]` 내 후기 초안 (Markdown 파일은 DM으로)\n"
        "• `lang ko|en` 언어\n"
        "• `ics` 내 일정을 캘린더 파일(.ics)로 DM에 받기\n"
        "• `forget` 내 데이터 모두 삭제 (확인 버튼을 누른 뒤)\n"
        "• `help` 이 도움말\n"
        "만석인 세션에 등록하면 대기자 명단에 올라가요. 대기 취소도 `unregister` 예요.\n"
        "운영진: `admin capacity|reload|announce|stats`",
        "*How to use `/summit`*\n"
        "• `schedule [day1|day2|YYYY-MM-DD|today|now|next] [words…]` browse the agenda\n"
        "• `show &lt;id&gt;` one session in full\n"
        "• `register &lt;id&gt;` take a seat · `unregister &lt;id&gt;` give it back\n"
        "• `my` my agenda\n"
        "• `remind &lt;minutes&gt;|off` reminder lead time\n"
        "• `note [&lt;id&gt;] [-p] &lt;text&gt;` a note on a session (`-p`: private) · "
        "`note edit|delete &lt;number&gt;`\n"
        "• `recap [day1|day2]` my recap draft (the Markdown file comes by DM)\n"
        "• `lang ko|en` language\n"
        "• `ics` my agenda as a calendar file (.ics), sent to our DM\n"
        "• `forget` delete all my data (after a confirmation button)\n"
        "• `help` this help\n"
        "Registering for a full session puts you on its waitlist; `unregister` leaves it.\n"
        "Organisers: `admin capacity|reload|announce|stats`",
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
    "status_waitlisted_place": ("⏳ 대기 {place}번째", "⏳ Waitlist #{place}"),
    "status_starred": ("⭐ 관심", "⭐ Interested"),
    "waiting_count": ("대기 {count}명", "{count} waiting"),
    "waitlist_button": ("대기 신청", "Join waitlist"),
    "leave_waitlist_button": ("대기 취소", "Leave waitlist"),
    "interest_button": ("☆ 관심", "☆ Interested"),
    "interest_button_on": ("★ 관심 있음", "★ Interested"),
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
    "waitlisted": (
        "⏳ *{title}* 은(는) 만석이라 ({capacity}석) 대기자 명단에 올렸어요: {place}번째. "
        "자리가 나면 바로 등록하고 DM으로 알려 드릴게요.",
        "⏳ *{title}* is full ({capacity} seats), so you're on its waitlist: #{place}. "
        "If a seat opens up, it's yours and I'll DM you.",
    ),
    "already_waitlisted": (
        "이미 *{title}* 대기자 명단에 있어요: {place}번째.",
        "You're already on the waitlist for *{title}*: #{place}.",
    ),
    "waitlist_conflict": (
        "⚠️ 자리가 나면 이미 등록한 세션과 시간이 겹쳐요: {titles}",
        "⚠️ If you get a seat, it will overlap a session you hold: {titles}",
    ),
    "conflict_prompt": (
        "⚠️ *{title}* ({when}) 은(는) 이미 등록한 {titles} 와(과) 시간이 겹쳐요. "
        "어떻게 할까요?",
        "⚠️ *{title}* ({when}) overlaps {titles}, which you hold. What would you like to do?",
    ),
    "keep_old_button": ("기존 세션 유지", "Keep my current session"),
    "switch_button": ("이 세션으로 변경", "Switch to this one"),
    "keep_both_button": ("둘 다 등록", "Register for both"),
    "kept_old": (
        "그대로 둘게요: {titles} 등록을 유지하고, 바뀐 건 없어요.",
        "OK, you keep {titles}. Nothing changed.",
    ),
    "switched": (
        "🔁 변경했어요: {dropped} 등록을 취소하고 *{title}* 에 등록했어요. {when}, {room}",
        "🔁 Switched: you gave back {dropped} and are registered for *{title}*. {when}, {room}",
    ),
    "switch_full": (
        "그사이 *{title}* 이(가) 만석이 되어 아무것도 바꾸지 않았어요. "
        "대기하려면 `/summit register {id}`",
        "*{title}* filled up in the meantime, so nothing changed. "
        "To join its waitlist: `/summit register {id}`",
    ),
    "left_waitlist": (
        "*{title}* 대기자 명단에서 빠졌어요.",
        "You've left the waitlist for *{title}*.",
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
    # The switch is labelled in the language it switches to, so either reader finds it.
    "lang_switch_button": ("🌐 English", "🌐 한국어"),
    "remind_usage": (
        "`/summit remind &lt;분&gt;` ({low}–{high}) 또는 `/summit remind off`",
        "`/summit remind &lt;minutes&gt;` ({low}–{high}) or `/summit remind off`",
    ),
    # -- notes ------------------------------------------------------------------------
    "note_usage": (
        "*메모 남기기*\n"
        "• `/summit note &lt;메모&gt;` 지금 듣는 세션(없으면 방금 끝난 세션)에\n"
        "• `/summit note &lt;id&gt; &lt;메모&gt;` 특정 세션에\n"
        "• `-p` 를 붙이면 나만 보는 비공개 메모: `/summit note -p &lt;메모&gt;`\n"
        "• `/summit note edit &lt;번호&gt; &lt;메모&gt;` 수정 · "
        "`/summit note delete &lt;번호&gt;` 삭제 · 목록은 `/summit my`",
        "*Taking notes*\n"
        "• `/summit note &lt;text&gt;` on the session you're in (else the one that just ended)\n"
        "• `/summit note &lt;id&gt; &lt;text&gt;` on a given session\n"
        "• add `-p` for a note only you can see: `/summit note -p &lt;text&gt;`\n"
        "• `/summit note edit &lt;number&gt; &lt;text&gt;` · `/summit note delete &lt;number&gt;` "
        "· your notes are in `/summit my`",
    ),
    "note_no_session": ("(세션 정보 없음)", "(session unknown)"),
    "note_saved": (
        "📝 메모 `#{id}` 을(를) 저장했어요.\n{session}",
        "📝 Saved note `#{id}` on\n{session}",
    ),
    "note_saved_short": ("메모 #{id} 저장됨", "Saved note #{id}"),
    "note_private_where": (
        "🔒 비공개 메모예요. 나만 볼 수 있고(`/summit my`, 내 후기 초안) "
        "채널 요약에는 실리지 않아요.",
        "🔒 Private: only you see it (in `/summit my` and your recap draft); "
        "it stays out of the channel recap.",
    ),
    "note_shared_where": (
        "👥 그날 {time} 팀 채널에 올라가는 하루 요약에 작성자 이름과 함께 실려요.",
        "👥 It will appear in the day's recap in the team channel at {time}, with your name.",
    ),
    "note_how_private": (
        "비공개로 남기려면 `-p` 를 붙이세요: `/summit note -p &lt;메모&gt;`",
        "To keep a note private, add `-p`: `/summit note -p &lt;text&gt;`",
    ),
    "note_manage_hint": (
        "수정·삭제: `/summit my` · `/summit note edit {id} &lt;메모&gt;` · "
        "`/summit note delete {id}`",
        "Edit or delete: `/summit my` · `/summit note edit {id} &lt;text&gt;` · "
        "`/summit note delete {id}`",
    ),
    "note_edited": (
        "✏️ 메모 `#{id}` 을(를) 고쳤어요.\n{session}",
        "✏️ Updated note `#{id}` on\n{session}",
    ),
    "note_edited_short": ("메모 #{id} 수정됨", "Updated note #{id}"),
    "note_deleted": ("🗑 메모 `#{id}` 을(를) 삭제했어요.", "🗑 Deleted note `#{id}`."),
    "note_private_label": ("🔒 비공개", "🔒 Private"),
    "note_shared_label": ("👥 팀과 공유", "👥 Shared with the team"),
    "note_edit_button": ("수정", "Edit"),
    "note_delete_button": ("삭제", "Delete"),
    "note_keep_button": ("남겨 두기", "Keep it"),
    "note_delete_confirm_title": ("메모를 삭제할까요?", "Delete this note?"),
    "note_delete_confirm": (
        "메모 `#{id}` 은(는) 삭제하면 되돌릴 수 없어요.",
        "Note `#{id}` will be gone for good.",
    ),
    "note_which_session": ("어느 세션에 대한 메모인가요?", "Which session is this note about?"),
    "note_pick_button": ("이 세션", "This one"),
    "note_pick_hint": (
        "목록에 없으면 세션 id를 붙여 다시 남겨 주세요: `/summit note &lt;id&gt; &lt;메모&gt;`",
        "Not listed? Add the session id: `/summit note &lt;id&gt; &lt;text&gt;`",
    ),
    "note_no_session_found": (
        "어느 세션에 대한 메모인지 알 수 없어요. 세션 id를 붙여 주세요: "
        "`/summit note &lt;id&gt; &lt;메모&gt;` (id는 `/summit schedule` 에서)",
        "I can't tell which session this is about. Add its id: "
        "`/summit note &lt;id&gt; &lt;text&gt;` (ids are in `/summit schedule`)",
    ),
    "note_not_found": (
        "`#{id}` 메모를 찾을 수 없어요. 내 메모는 `/summit my` 에서 볼 수 있어요.",
        "You have no note `#{id}`. Your notes are in `/summit my`.",
    ),
    "note_cancelled_session": (
        "*{title}* 은(는) 취소된 세션이라 메모를 남길 수 없어요.",
        "*{title}* has been cancelled, so it takes no notes.",
    ),
    "note_draft_gone": (
        "이 메모는 이미 저장했거나 시간이 지나 사라졌어요.",
        "That note was already saved, or it has expired.",
    ),
    "note_too_long_for_box": (
        "메모 `#{id}` 은(는) {limit}자가 넘어 수정 창에 들어가지 않아요. "
        "`/summit note edit {id} &lt;새 내용&gt;` 으로 바꿔 주세요.",
        "Note `#{id}` is longer than {limit} characters, too long for the edit box. "
        "Replace it with `/summit note edit {id} &lt;new text&gt;`.",
    ),
    "note_edit_title": ("메모 수정", "Edit note"),
    "note_edit_label": ("메모 #{id}", "Note #{id}"),
    "note_visibility_label": ("공개 범위", "Visibility"),
    "note_private_option": (
        "비공개 (채널 요약에서 빼기)",
        "Private (keep out of the channel recap)",
    ),
    "note_save_button": ("저장", "Save"),
    "note_cancel_button": ("취소", "Cancel"),
    "note_edit_empty": ("메모 내용을 입력해 주세요.", "Please write something."),
    "note_edit_gone": ("이 메모는 이제 없어요.", "This note no longer exists."),
    "shortcut_empty": ("저장할 글이 없는 메시지예요.", "That message has no text to save."),
    "my_notes_title": ("내 메모 ({count})", "My notes ({count})"),
    "my_notes_empty": (
        "아직 메모가 없어요. `/summit note &lt;메모&gt;` 로 남겨 보세요.",
        "No notes yet. Write one with `/summit note &lt;text&gt;`.",
    ),
    "page_of_notes": (
        "{page}/{pages} 페이지 · 메모 {count}개",
        "Page {page} of {pages} · notes: {count}",
    ),
    # -- recap ------------------------------------------------------------------------
    "recap_title": ("{n}일차 후기 · {year}년 {date}", "Day {n} recap · {date} {year}"),
    "recap_usage": (
        "`/summit recap [day1|day2]` · 행사 날짜: {days}",
        "`/summit recap [day1|day2]` · conference days: {days}",
    ),
    "recap_empty": (
        "이 날에는 아직 등록하거나 메모한 세션이 없어요. "
        "`/summit note &lt;메모&gt;` 로 메모를 남기면 후기 초안이 채워져요.",
        "Nothing to recap for this day yet: no registrations or notes. "
        "Notes from `/summit note &lt;text&gt;` fill the draft.",
    ),
    "recap_summary": (
        "참석한 세션 {sessions}개 · 메모 {notes}개",
        "Sessions attended: {sessions} · notes: {notes}",
    ),
    "recap_no_notes_yet": (
        "_아직 메모가 없어요. 무엇을 다뤘고, 기억할 숫자는 무엇이었나요?_",
        "_No notes yet. What did it cover? Any numbers worth remembering?_",
    ),
    "recap_unnoted_title": ("*등록했지만 메모가 없는 세션*", "*Registered, no notes yet*"),
    "recap_closing_title": ("총평", "Overall impression"),
    "recap_closing_hint": (
        "_하루를 돌아보며 짧은 총평을 적어 보세요._",
        "_A few lines on the day as a whole._",
    ),
    "recap_continues_in_file": (
        "…나머지는 DM으로 보낸 Markdown 파일에 있어요.",
        "…the rest is in the Markdown file in our DM.",
    ),
    "recap_cut_short": (
        "…너무 길어 여기서는 일부만 보여요. `/summit recap` 을 다시 하면 전체를 Markdown "
        "파일로 받을 수 있어요.",
        "…too long to show in full here. Run `/summit recap` again to get all of it as a "
        "Markdown file.",
    ),
    "recap_file_sent": (
        "📎 블로그에 붙여 넣을 Markdown 파일을 DM으로 보냈어요: `{filename}`",
        "📎 The Markdown file, ready for your blog, is in our DM: `{filename}`",
    ),
    "recap_file_failed": (
        "⚠️ Markdown 파일을 DM으로 보내지 못했어요. 잠시 후 다시 `/summit recap` 해 주세요.",
        "⚠️ I couldn't send the Markdown file to our DM. Please try `/summit recap` again later.",
    ),
    "recap_file_title": ("{n}일차 후기 초안", "Day {n} recap draft"),
    "recap_file_comment": (
        "{n}일차 후기 초안이에요. 블로그에 붙여 넣고 다듬어 보세요 ✍️",
        "Your Day {n} recap draft, ready to paste into your blog ✍️",
    ),
    "recap_offer": (
        "📝 {n}일차({date})가 끝났어요. 세션 {sessions}개에 남긴 메모 {notes}개로 "
        "블로그 후기 초안을 만들어 드릴까요?",
        "📝 Day {n} ({date}) is over. Want a recap draft for your blog? "
        "Your notes: {notes}, on sessions: {sessions}",
    ),
    "recap_offer_button": ("후기 초안 받기", "Get my recap draft"),
    "recap_offer_hint": (
        "언제든 `/summit recap {command}` 로도 받을 수 있어요.",
        "Any time: `/summit recap {command}`.",
    ),
    "part_of": ("{part}/{parts}", "part {part} of {parts}"),
    "md_nothing_attended": ("아직 참석한 세션이 없어요.", "No sessions attended yet."),
    "md_no_notes": (
        "메모 없음: 무엇을 다뤘고, 기억할 숫자는 무엇이었나요?",
        "No notes: what did it cover? Any numbers worth remembering?",
    ),
    "md_unnoted": ("등록했지만 메모가 없는 세션", "Registered, no notes"),
    "md_closing_hint": (
        "하루를 돌아보며 짧은 총평을 적어 보세요.",
        "A few lines on the day as a whole.",
    ),
    # -- the channel recap --------------------------------------------------------------
    "channel_recap_title": ("📋 {n}일차 요약 · {date}", "📋 Day {n} recap · {date}"),
    "channel_recap_numbers": (
        "*오늘의 숫자* 세션 {sessions}개 · 등록 {registrations}건 · 참여 {people}명 · "
        "공유 메모 {notes}개",
        "*The day in numbers* sessions: {sessions} · registrations: {registrations} · "
        "people: {people} · shared notes: {notes}",
    ),
    "channel_recap_filled": ("만석이 된 세션", "Filled up"),
    "channel_recap_filled_line": (
        "• *{title}* — {capacity}석, {took} 만석 ({at})",
        "• *{title}* — {capacity} seats, full in {took} (at {at})",
    ),
    "took_hm": ("{h}시간 {m}분 만에", "{h} h {m} min"),
    "took_m": ("{m}분 만에", "{m} min"),
    "took_instant": ("1분도 안 돼", "under a minute"),
    "channel_recap_top": ("가장 많이 참석한 세션", "Most attended"),
    "channel_recap_top_line": (
        "{rank}. *{title}* — {people}명",
        "{rank}. *{title}* — attended by {people}",
    ),
    "channel_recap_notes": ("팀 메모", "The team's notes"),
    "channel_recap_no_notes": ("오늘은 공유된 메모가 없어요.", "No shared notes today."),
    "channel_recap_uncovered": (
        "아무도 듣지 않은 세션 — 영상으로 챙겨 보세요",
        "Nobody covered these — catch them on video",
    ),
    "someone": ("팀원", "a teammate"),
    # -- interest ---------------------------------------------------------------------
    "starred": (
        "⭐ *{title}* 에 관심 표시했어요. 자리가 차기 시작하면 DM으로 한 번 알려 드릴게요.",
        "⭐ Starred *{title}*. I'll DM you once if it starts filling up.",
    ),
    "unstarred": ("*{title}* 관심 표시를 지웠어요.", "Unstarred *{title}*."),
    # -- DMs the bot sends on its own ---------------------------------------------------
    "promoted": (
        "🎉 자리가 났어요! *{title}* 에 등록됐어요. {when}, {room}",
        "🎉 A seat opened up: you're now registered for *{title}*. {when}, {room}",
    ),
    "promoted_hint": (
        "못 가게 되면 자리를 돌려주세요. 다음 대기자에게 넘어가요.",
        "Can't make it? Give the seat back and the next person in line gets it.",
    ),
    "nudge": (
        "⭐ 관심 표시한 *{title}* 의 자리가 빠르게 차고 있어요 ({seats}). 지금 등록하세요!",
        "⭐ *{title}*, which you starred, is filling up ({seats}). Register now to get a seat.",
    ),
    "dm_intro": (
        "👋 AWS Summit 도우미예요. 아무 채널에서나 `/summit` 으로 일정 검색, 등록, 대기, "
        "알림, 캘린더 파일을 쓸 수 있어요. 앱 홈 탭에서 *내 서밋* 도 볼 수 있어요.",
        "👋 I'm the summit assistant. Use `/summit` in any channel to browse the agenda, "
        "register, join waitlists, get reminders and a calendar file. "
        "My Home tab shows *My Summit*.",
    ),
    "dm_next_mine": (
        "*다음 내 세션:* {title} · {when}, {room} ({countdown})",
        "*Your next session:* {title} · {when}, {room} ({countdown})",
    ),
    "dm_next_open": (
        "*다음 세션:* {when}에 {count}개 · `/summit schedule next`",
        "*Up next:* {count} sessions at {when} · `/summit schedule next`",
    ),
    "dm_over": ("행사 일정이 모두 끝났어요.", "The conference is over."),
    "dm_help_hint": ("명령어 전체: `/summit help`", "All commands: `/summit help`"),
    # -- App Home ---------------------------------------------------------------------
    "home_title": ("내 서밋", "My Summit"),
    "home_notes": (
        "📝 내 메모 {count}개 · 수정·삭제는 `/summit my` · 후기 초안은 `/summit recap`",
        "📝 My notes: {count} · edit or delete in `/summit my` · draft a recap: `/summit recap`",
    ),
    "home_next": ("*다음 세션* · {countdown}", "*Next up* · {countdown}"),
    "home_running": ("*지금 진행 중* · {countdown}", "*On now* · {countdown}"),
    "home_no_next": (
        "남은 등록 세션이 없어요. `/summit schedule next` 로 둘러보세요.",
        "No more sessions on your agenda. Browse with `/summit schedule next`.",
    ),
    "home_open_next": (
        "*다음 시간대에 자리가 있는 세션* · {when}",
        "*Next slot, sessions with seats left* · {when}",
    ),
    "home_today": ("*오늘 내 일정* · {date}", "*My agenda today* · {date}"),
    "home_day": ("*내 일정* · {date}", "*My agenda* · {date}"),
    "home_today_empty": ("이날 등록한 세션이 없어요.", "Nothing on your agenda that day."),
    "home_conflicts": ("*⚠️ 시간이 겹치는 세션*", "*⚠️ Overlapping sessions*"),
    "home_waitlists": ("*⏳ 대기 중*", "*⏳ Waitlists*"),
    "home_more": ("…외 {count}개: `/summit my`", "…and {count} more: `/summit my`"),
    "home_schedule_button": ("📋 다음 세션", "📋 Up next"),
    "home_my_button": ("🗓️ 내 일정", "🗓️ My agenda"),
    "home_ics_button": ("📅 캘린더 파일", "📅 Calendar file"),
    "home_footer": (
        "명령어 전체: `/summit help` · 언어: `/summit lang ko|en`",
        "All commands: `/summit help` · Language: `/summit lang ko|en`",
    ),
    "countdown_minutes": ("{minutes}분 후 시작", "starts in {minutes} min"),
    "countdown_hours": ("{hours}시간 {minutes}분 후 시작", "starts in {hours} h {minutes} min"),
    "countdown_days": ("{days}일 후", "in {days} days"),
    "countdown_running": ("{minutes}분 전에 시작", "started {minutes} min ago"),
    # -- calendar file ----------------------------------------------------------------
    "ics_sent": (
        "📅 *my-summit.ics* (세션 {count}개)를 DM으로 보냈어요. "
        "Google 캘린더나 Outlook에서 가져오기 하세요.",
        "📅 I've sent *my-summit.ics* ({count} sessions) to our DM. "
        "Import it into Google Calendar or Outlook.",
    ),
    "ics_comment": (
        "내 서밋 일정: 세션 {count}개. Google 캘린더나 Outlook에서 가져오기 하세요.",
        "My Summit: {count} sessions. Import the file into Google Calendar or Outlook.",
    ),
    "ics_empty": (
        "아직 등록한 세션이 없어 보낼 일정이 없어요. `/summit schedule` 로 둘러보세요.",
        "There's nothing to export yet: register for sessions first (`/summit schedule`).",
    ),
    "ics_failed": (
        "캘린더 파일을 보내지 못했어요. 잠시 후 다시 시도해 주세요.",
        "I couldn't send the calendar file. Please try again in a moment.",
    ),
    "ics_calendar_name": ("내 서밋", "My Summit"),
    "ics_waitlisted": ("[대기 {place}번째] ", "[Waitlist #{place}] "),
    # -- forget -----------------------------------------------------------------------
    "forget_prompt": (
        "🗑️ 제가 가진 내 데이터를 모두 지울까요? 등록, 대기, 관심 표시, 메모, "
        "설정(언어, 알림)이 삭제되고, 등록한 자리는 대기자에게 넘어가요. 되돌릴 수 없어요.",
        "🗑️ Delete everything I hold about you? Your registrations, waitlist places, stars, "
        "notes and settings (language, reminders) go, and your seats pass to the people waiting. "
        "This can't be undone.",
    ),
    "forget_button": ("내 데이터 삭제", "Delete my data"),
    "cancel_button": ("취소", "Cancel"),
    "forget_cancelled": (
        "취소했어요. 아무것도 지우지 않았어요.",
        "Cancelled. Nothing was deleted.",
    ),
    "forgot": ("🗑️ 삭제했어요: {items}.", "🗑️ Deleted: {items}."),
    "forgot_nothing": (
        "제가 가진 데이터가 없어서 지울 것이 없었어요.",
        "I held nothing about you, so there was nothing to delete.",
    ),
    "forgot_registrations": ("등록 {count}개", "{count} registrations"),
    "forgot_waitlist": ("대기 {count}개", "{count} waitlist places"),
    "forgot_interests": ("관심 표시 {count}개", "{count} stars"),
    "forgot_notes": ("메모 {count}개", "{count} notes"),
    "forgot_note_drafts": ("세션을 고르지 않은 메모 {count}개", "{count} unfiled notes"),
    "forgot_outbox": ("보낸·보낼 메시지 기록 {count}개", "{count} messages sent or queued to you"),
    "forgot_settings": ("설정", "your settings"),
    "forgot_rows": ("{table} {count}개", "{count} {table}"),
    # -- organisers -------------------------------------------------------------------
    "admin_refused": (
        "🔒 `/summit admin` 은(는) 운영진(SUMMIT_ADMINS)만 쓸 수 있어요. 바뀐 것은 없어요.",
        "🔒 `/summit admin` is for organisers only (SUMMIT_ADMINS). Nothing was changed.",
    ),
    "admin_usage": (
        "*운영진 명령*\n"
        "• `admin capacity &lt;id&gt; &lt;좌석 수&gt;` 정원 변경 (늘리면 대기자가 등록돼요)\n"
        "• `admin reload` SUMMIT_AGENDA 다시 불러오기 (빠진 세션은 취소)\n"
        "• `admin announce &lt;내용&gt;` 알림 채널에 공지\n"
        "• `admin stats` 세션별 등록 현황",
        "*Organiser commands*\n"
        "• `admin capacity &lt;id&gt; &lt;seats&gt;` set a capacity (raising it promotes "
        "from the waitlist)\n"
        "• `admin reload` reload SUMMIT_AGENDA (sessions missing from it are cancelled)\n"
        "• `admin announce &lt;text&gt;` post to the alert channel\n"
        "• `admin stats` registrations per session",
    ),
    "admin_capacity_usage": (
        "`/summit admin capacity &lt;id&gt; &lt;좌석 수&gt;` (0–{high})",
        "`/summit admin capacity &lt;id&gt; &lt;seats&gt;` (0–{high})",
    ),
    "admin_capacity_set": (
        "*{title}* (`{id}`) 정원: {old} → {new}. 등록 {taken}명, 대기 {waiting}명.",
        "*{title}* (`{id}`) capacity: {old} → {new}. {taken} registered, {waiting} waiting.",
    ),
    "admin_capacity_promoted": (
        "대기자 {count}명을 등록하고 DM으로 알렸어요.",
        "Promoted {count} from the waitlist and told them by DM.",
    ),
    "admin_capacity_lowered": (
        "정원을 줄여도 기존 등록자는 그대로예요. 새 등록은 자리가 날 때까지 대기해요.",
        "Lowering evicts no one: new registrations wait until seats free up.",
    ),
    "unlimited": ("제한 없음", "unlimited"),
    "admin_reload_done": (
        "`{path}` 을(를) 다시 불러왔어요: 추가 {added}, 변경 {changed}, 취소 {cancelled}.",
        "Reloaded `{path}`: {added} added, {changed} changed, {cancelled} cancelled.",
    ),
    "admin_reload_moved": ("시간·장소 변경: {ids}", "Moved: {ids}"),
    "admin_reload_cancelled": ("취소됨: {ids}", "Cancelled: {ids}"),
    "admin_reload_failed": (
        "`{path}` 에 문제가 {count}개 있어서 아무것도 바꾸지 않았어요:\n{problems}",
        "`{path}` has {count} problems, so nothing changed:\n{problems}",
    ),
    "admin_announce_usage": (
        "`/summit admin announce &lt;내용&gt;`",
        "`/summit admin announce &lt;text&gt;`",
    ),
    "admin_announce_no_channel": (
        "SUMMIT_ALERT_CHANNEL 이 설정되지 않아 공지할 채널이 없어요. 아무것도 올리지 않았어요.",
        "SUMMIT_ALERT_CHANNEL isn't set, so there's no channel to announce in. "
        "Nothing was posted.",
    ),
    "admin_announce_done": (
        "📣 <#{channel}> 에 공지를 보내고 있어요 (몇 초 안에 올라가요).",
        "📣 Your announcement is on its way to <#{channel}> (within seconds).",
    ),
    "announcement": ("📣 *공지*\n{text}", "📣 *Announcement*\n{text}"),
    "admin_stats_title": ("세션별 등록 현황", "Registrations by session"),
    "admin_stats_totals": (
        "세션 {sessions}개 · 등록 {registered} · 대기 {waiting} · 관심 {interested}",
        "{sessions} sessions · {registered} seats taken · {waiting} waiting · "
        "{interested} stars",
    ),
    "admin_stats_fastest": (
        "*🔥 가장 빨리 차는 세션* (최근 1시간 등록)",
        "*🔥 Filling fastest* (seats taken in the last hour)",
    ),
    "admin_stats_wanted": (
        "*⭐ 가장 인기 있는 세션* (대기 + 관심)",
        "*⭐ Most wanted* (waitlist + stars)",
    ),
    "admin_stats_recent": ("최근 1시간 +{count}", "+{count} in the last hour"),
    "admin_stats_none": ("아직 없어요.", "None yet."),
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
    # -- agenda sources
    "admin_stats_source": (
        "일정 주소: 마지막 성공 {last_good} · 마지막 오류 {last_error}",
        "Agenda URL: last good fetch {last_good} · last error {last_error}",
    ),
    "admin_stats_source_never": ("없음", "none"),
    "admin_stats_source_pending": (
        "내보내기에서 한 번 빠진 세션(다음 가져오기에서도 없으면 취소): {ids}",
        "Missing from the export once (cancelled if the next fetch agrees): {ids}",
    ),
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


def fmt_countdown(start: datetime, end: datetime, now: datetime, lang: str) -> str:
    """`starts in 25 min`, `starts in 2 h 5 min`, `in 3 days`, or `started 10 min ago`."""
    if start <= now < end:
        return t(lang, "countdown_running", minutes=int((now - start).total_seconds() // 60))
    minutes = max(0, -int((now - start).total_seconds() // 60))  # round up: 90 s is "2 min"
    if minutes < 60:
        return t(lang, "countdown_minutes", minutes=minutes)
    if minutes < 24 * 60:
        return t(lang, "countdown_hours", hours=minutes // 60, minutes=minutes % 60)
    return t(lang, "countdown_days", days=(start.date() - now.date()).days)
