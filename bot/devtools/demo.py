"""`summit-bot demo`: a scripted rehearsal of Day 2 against an in-process Slack stand-in.

The real app (`build_runtime`: store, agenda, listeners through Bolt, the scheduler's tick and
the outbox sender) on a temporary database, with the conference clock started at 2023-05-04
14:50 KST, running 60 times as fast and jumped ahead between scenes. Simulated attendees type
`/summit …` and press buttons through `LocalSlack` (signed requests, exactly as Slack sends
them); replies, DMs, channel posts and files land on the stand-in and are printed as a
readable transcript. A few hundred attendees browse and register at once, the microservices
talk fills up (capacity alerts in #C_ALERTS), reminders go out, a seat frees and the waitlist
moves, notes are taken, and the end-of-day recap posts in #C_RECAP.

The demo checks what it expects at every step — that every command got its reply, that Slack
accepted every message, and that everything queued was delivered exactly once — and exits 1
with the reason when something did not happen: a message missing, duplicated or rejected.
Slowness is not failure: a reply later than Slack's 3 seconds is a warning with its time (a
loaded machine is slow, the product is not broken), and waits for what the scheduler sends
follow the outbox until it drains (up to a generous cap) instead of a fixed few seconds. It
ends with a summary of what the bot sent, and the warnings.

`STEPS` is the script: add a `(title, function)` to show a new feature.
"""

from __future__ import annotations

import math
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.calendar_http import FeedEndpoint
from bot.clock import Clock
from bot.devtools.local import LocalSlack
from bot.devtools.standin import Delivered, SlackStandIn
from bot.outbox.digest import plan_for
from bot.server import Runtime, build_runtime
from bot.services import Summit
from bot.settings import Settings
from bot.slack_text import render_text
from bot.views import ids

SIGNING_SECRET = "demo-signing-secret"
TZ_NAME = "Asia/Seoul"
DAY = date(2023, 5, 4)  # Day 2 of AWS Summit Seoul 2023
START = datetime(2023, 5, 4, 14, 50)  # event-local: 30 minutes before the popular talk
SPEED = 60.0  # one conference minute per real second
POPULAR = "d2-1520-a202"  # 12가지 디자인 패턴으로 알아보는 클라우드 네이티브 마이크로서비스 …
CLASH = "d2-1520-aud"  # same slot, another room: registering for both shows a conflict
GRAVITON = "d2-1720-g101"  # AWS Graviton과 함께하는 계획문제 최적화 애플리케이션 개발
# What the rest of the crowd picks at 15:20, besides the popular talk.
SAME_SLOT = ("d2-1520-hb", "d2-1520-aud", "d2-1520-g101", "d2-1520-g103", "d2-1520-g104",
             "d2-1520-a201", "d2-1520-a203")  # fmt: skip
ALERTS = "C_ALERTS"  # SUMMIT_ALERT_CHANNEL
RECAP = "C_RECAP"  # SUMMIT_RECAP_CHANNEL
PUBLIC_URL = "https://summit-bot.example"  # SUMMIT_PUBLIC_URL: the feed is fetched in-process
SEND_PER_MIN = 6000  # SUMMIT_SEND_PER_MIN: high, so a rehearsal minute is not a real one
REPLY_LIMIT = 3.0  # Slack's: a reply later than this is a warning, with its time
REPLY_WAIT = 30.0  # no reply by then: missing, a failure
WAIT = 10.0  # real seconds to wait for what the scheduler sends once the outbox is empty
WAIT_CAP = 180.0  # and the longest wait while the outbox still drains
CROWD = 300  # simulated attendees
FILLING = 80  # percent: the capacity alert's "filling fast" mark; the first wave stops short
LATE_COMERS = 20  # how many of the second wave find the talk full
GRAVITON_EVERY = 6  # every sixth attendee of the first wave also picks the Graviton talk
CROWD_THREADS = 16  # attendees acting at the same moment
SHOWN_LINES = 20  # a reply longer than this is cut in the transcript
RECAP_LINES = 40  # the channel recap is shown further
GRAVITON_NOTE = "API latency −44%, instance cost −15% after moving to Graviton"

# Scenes, event-local: the clock jumps to each one.
REMINDERS_AT = clock_time(15, 10)  # ten minutes (SUMMIT_REMINDER_MINUTES) before 15:20
NOTES_AT = clock_time(15, 25)
EXPO_AT = clock_time(16, 10)
GRAVITON_REMINDERS_AT = clock_time(17, 10)
GRAVITON_NOTE_AT = clock_time(17, 25)
RECAP_AT = clock_time(18, 30)  # SUMMIT_RECAP_TIME

# What each kind of message the bot sends on its own starts with (first rendered line).
SIGNS = {"reminder": "⏰", "promotion": "🎉", "nudge": "⭐", "recap_offer": "📝",
         "filling": "🔥", "full": "🈵", "recap": "📋"}  # fmt: skip


class DemoFailed(Exception):
    """Something the demo expects did not happen."""


@dataclass(frozen=True)
class Attendee:
    user_id: str
    name: str  # also their Slack display name on the stand-in


MINJI = Attendee("U_MINJI", "민지")
JISOO = Attendee("U_JISOO", "지수")
ALEX = Attendee("U_ALEX", "Alex")
SEOYEON = Attendee("U_SEOYEON", "서연")
HAJUN = Attendee("U_HAJUN", "하준")
NAMED = (MINJI, JISOO, ALEX, SEOYEON, HAJUN)


def attendee(n: int) -> Attendee:
    return Attendee(f"U_A{n:04d}", f"attendee {n}")


@dataclass(frozen=True)
class Plan:
    """What one simulated attendee does: browse with `browse`, then register for `session`
    by pressing its Register button in what they found (`click`) or by typing the command;
    with `graviton`, register for the 17:20 Graviton talk too."""

    who: Attendee
    browse: str
    session: str
    click: bool
    graviton: bool = False


@dataclass
class Demo:
    """What a step works with: the app, the stand-in, a way to act as an attendee, and the
    transcript."""

    runtime: Runtime
    standin: SlackStandIn
    local: LocalSlack
    out: TextIO
    latencies: list[float] = field(default_factory=list)
    memo: dict = field(default_factory=dict)  # what a step leaves for later ones
    names: dict[str, str] = field(default_factory=dict)  # user id → name, for the transcript
    warnings: list[str] = field(default_factory=list)  # slow, but it happened

    @property
    def summit(self) -> Summit:
        return self.runtime.summit

    def say(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def now(self) -> str:
        return f"{self.summit.clock.now():%H:%M}"

    def jump(self, to: clock_time) -> None:
        """Move the conference clock ahead to `to` on Day 2; it runs on from there. Never
        back: on a very slow machine a scene may already be past it."""
        when = datetime.combine(DAY, to, tzinfo=self.summit.clock.tz)
        if self.summit.clock.now() < when:
            self.summit.clock.set(when)
            self.say(f"⏩ The conference clock jumps to {to:%H:%M}.")

    def command(self, who: Attendee, text: str, *, show: bool = True) -> Delivered:
        """`who` types `/summit text`; returns the reply, printed unless `show` is False."""
        if show:
            self.say(f"[{self.now()}] {who.name} › /summit {text}")
        what = f"/summit {text} from {who.user_id}"
        started = time.monotonic()
        try:
            replies = self.local.command(who.user_id, text, timeout=REPLY_WAIT)
        except RuntimeError as exc:  # the app answered Slack's request with an error status
            raise DemoFailed(f"{what}: {exc}") from exc
        return self._reply(replies, started, what, show)

    def click(self, who: Attendee, button: dict, *, show: bool = True) -> Delivered:
        """`who` presses `button` (an element of a message's blocks)."""
        if show:
            self.say(f"[{self.now()}] {who.name} › [{button['text']['text']}] "
                     f"({button['value']})")  # fmt: skip
        what = f"button {button['action_id']} from {who.user_id}"
        started = time.monotonic()
        try:
            replies = self.local.click(who.user_id, button["action_id"], button["value"],
                                       timeout=REPLY_WAIT)  # fmt: skip
        except RuntimeError as exc:
            raise DemoFailed(f"{what}: {exc}") from exc
        return self._reply(replies, started, what, show)

    def _reply(self, replies: list[Delivered], started: float, what: str,
               show: bool) -> Delivered:  # fmt: skip
        self.expect(replies, f"no reply to {what} within {REPLY_WAIT:.0f} s")
        reply = replies[0]
        latency = reply.when - started
        self.latencies.append(latency)
        if latency >= REPLY_LIMIT:
            self.warn(f"the reply to {what} took {latency:.2f} s (Slack wants {REPLY_LIMIT:.0f})")
        if show:
            self.say(_boxed(reply.render()))
        return reply

    def crowd(self, plans: list[Plan]) -> tuple[list[tuple[Plan, str, str]], float, float]:
        """Everyone in `plans` acts at once, CROWD_THREADS at a time. Returns (plan, session,
        reply text) for every registration attempt, how long it all took and the slowest
        reply."""

        def act(plan: Plan) -> list[tuple[Plan, str, str]]:
            found = self.command(plan.who, plan.browse, show=False)
            button = find_button(found, ids.for_session(ids.REGISTER, plan.session))
            if plan.click and button:
                reply = self.click(plan.who, button, show=False)
            else:
                reply = self.command(plan.who, f"register {plan.session}", show=False)
            done = [(plan, plan.session, reply.text or "")]
            if plan.graviton:
                reply = self.command(plan.who, f"register {GRAVITON}", show=False)
                done.append((plan, GRAVITON, reply.text or ""))
            return done

        started, replies = time.monotonic(), len(self.latencies)
        with ThreadPoolExecutor(CROWD_THREADS) as pool:
            results = [r for done in pool.map(act, plans) for r in done]
        return results, time.monotonic() - started, max(self.latencies[replies:])

    def wait_for(self, predicate: Callable[[Delivered], bool], what: str,
                 count: int = 1) -> list[Delivered]:  # fmt: skip
        """Wait until Slack has `count` messages matching `predicate`; all of them, in the
        order they arrived. DemoFailed once `keep_waiting` says there is no point."""
        began = time.monotonic()
        while True:
            found = self.standin.wait_for(predicate, 0.25)
            if len(found) >= count:
                return found
            if not self.keep_waiting(began):
                raise DemoFailed(f"{what}: {len(found)} of {count} arrived in "
                                 f"{time.monotonic() - began:.0f} s")  # fmt: skip
            time.sleep(0.05)  # some have arrived: give the rest a moment

    def keep_waiting(self, began: float) -> bool:
        """Whether a wait that began at `began` for something the scheduler sends goes on:
        while the outbox still has messages to send (up to WAIT_CAP), and WAIT more."""
        now = time.monotonic()
        if now - began >= WAIT_CAP:
            return False
        if self.summit.store.outbox_stats()["depth"]:
            self.memo["outbox_busy_at"] = now
            return True
        return now - max(began, self.memo.get("outbox_busy_at", began)) < WAIT

    def warn(self, why: str) -> None:
        self.warnings.append(why)
        self.say(f"    ⚠️ slow: {why}")

    def show_sent(self, message: Delivered, *, lines: int = SHOWN_LINES) -> None:
        """Print something the bot sent on its own: a DM, a channel post or a file."""
        name = self.names.get(message.user or "", message.user)
        where = {"post": f"#{message.channel}", "file": f"{name} (DM, file)"}.get(
            message.kind, f"{name} (DM)"
        )
        if message.kind == "file" and message.user is None:  # a file posted in a channel
            where = f"#{message.channel} (file)"
        # When Slack got it, on the conference clock (no jump since: it is this scene's).
        at = self.summit.clock.now() - timedelta(
            seconds=(time.monotonic() - message.when) * self.summit.clock.speed
        )
        self.say(f"[{at:%H:%M}] summit-bot → {where}")
        self.say(_boxed(message.render(), lines))

    def expect(self, ok: object, why: str) -> None:
        if not ok:
            raise DemoFailed(why)


def _boxed(text: str, shown: int = SHOWN_LINES, bar: str = "│") -> str:
    lines = text.splitlines() or [""]
    if len(lines) > shown:
        more = len(lines) - shown
        lines = [*lines[:shown], f"… {more} more line{'s' if more > 1 else ''}"]
    return "\n".join(f"    {bar} {line}" for line in lines)


def find_button(reply: Delivered, action_id: str) -> dict | None:
    for block in reply.blocks or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element
    return None


def about(message: Delivered) -> str | None:
    """The session a message is about (its first session block), if any."""
    for block in message.blocks or []:
        prefix = f"{ids.BLOCK_SESSION}:"
        if block.get("block_id", "").startswith(prefix):
            return block["block_id"][len(prefix) :]
    return None


def sent(kind: str, *, to: str | None = None, session: str | None = None
         ) -> Callable[[Delivered], bool]:  # fmt: skip
    """A predicate for a message the bot sends on its own: a DM (`to` a user) or a channel
    post (`to` a channel), of `kind` (a key of SIGNS), about `session`."""

    def matches(m: Delivered) -> bool:
        if m.kind not in ("dm", "post") or (to is not None and to not in (m.user, m.channel)):
            return False
        if session is not None and about(m) != session:
            return False
        return m.render().lstrip("*_= ").startswith(SIGNS[kind])

    return matches


def seat_counts(demo: Demo, sessions: Iterable[str]) -> dict[str, int]:
    return demo.summit.store.seats_taken(list(sessions))


# -- the script ----------------------------------------------------------------------


def browse_day2(demo: Demo) -> None:
    reply = demo.command(MINJI, "schedule day2")
    text = reply.render()
    demo.expect(text.startswith("== 2일차"), "the Day 2 list has no Day 2 title")
    demo.expect(find_button(reply, f"{ids.SCHEDULE_PAGE}:next"), "Day 2 has no next-page button")


def search(demo: Demo) -> None:
    reply = demo.command(JISOO, "schedule 디자인 패턴")
    demo.expect(f"`{POPULAR}`" in reply.render(), f"searching 디자인 패턴 did not find {POPULAR}")
    demo.memo["search"] = reply
    demo.command(ALEX, "lang en")
    reply = demo.command(ALEX, "schedule day2 AI")
    demo.expect("results for “AI”" in reply.render(), "a two-letter English search found nothing")
    reply = demo.command(ALEX, "schedule microservice pattern")
    star = find_button(reply, ids.for_session(ids.INTEREST, POPULAR))
    demo.expect(star, f"searching 'microservice pattern' gave no star button for {POPULAR}")
    reply = demo.click(ALEX, star)
    demo.expect(reply.render().startswith("⭐"), f"{ALEX.user_id} could not star {POPULAR}")


def first_registrations(demo: Demo) -> None:
    reply = demo.command(MINJI, f"register {POPULAR}")
    demo.expect(reply.render().startswith("✅"), f"{MINJI.user_id} could not register")
    button = find_button(demo.memo["search"], ids.for_session(ids.REGISTER, POPULAR))
    demo.expect(button, "the search result has no Register button")
    reply = demo.click(JISOO, button)
    demo.expect(reply.render().startswith("✅"), f"{JISOO.user_id}'s Register button failed")
    reply = demo.command(MINJI, f"register {CLASH}")
    demo.expect("⚠️" in reply.render(), "registering for two talks at 15:20 gave no warning")
    both = find_button(reply, ids.for_session(ids.CONFLICT_BOTH, CLASH))
    demo.expect(both, "the overlap warning offers no 'register for both' button")
    reply = demo.click(MINJI, both)
    demo.expect(reply.render().startswith("✅"), f"{MINJI.user_id} could not keep both talks")
    reply = demo.command(JISOO, f"register {GRAVITON}")
    demo.expect(reply.render().startswith("✅"), f"{JISOO.user_id} could not register for "
                f"{GRAVITON}")  # fmt: skip


def crowd_arrives(demo: Demo) -> None:
    """The first wave: most of the crowd, across the 15:20 talks and the Graviton talk;
    the popular talk gets one seat short of its "filling fast" mark (FILLING%), so the alert
    says the same every run: Hajun takes that seat by himself."""
    capacity = demo.summit.agenda().get(POPULAR).capacity
    taken = seat_counts(demo, [POPULAR]).get(POPULAR, 0)
    short = math.ceil(capacity * FILLING / 100) - 1
    wave = short - taken
    rush = capacity - short - 2 + LATE_COMERS  # Hajun and Seoyeon take a seat each
    others = CROWD - wave - rush
    demo.expect(others > 0, f"a crowd of {CROWD} is too small for {capacity} seats")
    plans = []
    for n in range(1, CROWD + 1):
        if n <= wave:
            browse = "schedule 디자인 패턴" if n % 2 else "schedule next"
            plans.append(Plan(attendee(n), browse, POPULAR, click=bool(n % 3),
                              graviton=n % GRAVITON_EVERY == 0))  # fmt: skip
        elif n > wave + rush:
            session = SAME_SLOT[n % len(SAME_SLOT)]
            plans.append(Plan(attendee(n), "schedule next", session, click=bool(n % 3),
                              graviton=n % GRAVITON_EVERY == 0))  # fmt: skip
    demo.memo["rush"] = [Plan(attendee(n), "schedule 디자인 패턴", POPULAR, click=bool(n % 2))
                         for n in range(wave + 1, wave + rush + 1)]  # fmt: skip
    graviton = sum(p.graviton for p in plans)
    demo.say(f"[{demo.now()}] {len(plans)} attendees browse (`schedule next`, `schedule 디자인 "
             f"패턴`) and register for a 15:20 talk, {CROWD_THREADS} at a time; {wave} of them "
             f"want {POPULAR}, {graviton} also pick the 17:20 Graviton talk")  # fmt: skip
    results, took, slowest = demo.crowd(plans)
    failed = [(p.who.user_id, s, text) for p, s, text in results if not text.startswith("✅")]
    demo.expect(not failed, f"{len(failed)} registrations failed, e.g. {failed[:1]}")
    demo.say(f"    → {len(results)} registrations in {took:.1f} s, slowest reply "
             f"{slowest:.2f} s. Seats now:")  # fmt: skip
    sessions = [POPULAR, *SAME_SLOT, GRAVITON]
    counts = seat_counts(demo, sessions)
    agenda = demo.summit.agenda()
    for sid in sessions:
        session = agenda.get(sid)
        title = session.title if len(session.title) <= 44 else session.title[:43] + "…"
        demo.say(f"      {sid:<13} {session.start:%H:%M} {counts.get(sid, 0):>4}/"
                 f"{session.capacity:<5} {title}")  # fmt: skip
    demo.expect(counts.get(POPULAR) == short,
                f"{counts.get(POPULAR)} seats of {POPULAR} taken after the first wave, expected "
                f"{short}")  # fmt: skip
    demo.names.update({p.who.user_id: p.who.name for p in plans + demo.memo["rush"]})


def filling_fast(demo: Demo) -> None:
    reply = demo.command(HAJUN, f"register {POPULAR}")
    demo.expect(reply.render().startswith("✅"), f"{HAJUN.user_id} could not register")
    alert = demo.wait_for(sent("filling", to=ALERTS, session=POPULAR),
                          f"no 'filling fast' alert for {POPULAR} in #{ALERTS}")[0]  # fmt: skip
    demo.show_sent(alert)
    button = find_button(alert, ids.for_session(ids.REGISTER, POPULAR))
    demo.expect(button, "the 'filling fast' alert has no Register button while seats remain")
    nudge = demo.wait_for(sent("nudge", to=ALEX.user_id, session=POPULAR),
                          f"{ALEX.user_id}, who starred {POPULAR}, got no nudge")[0]  # fmt: skip
    demo.show_sent(nudge)
    reply = demo.click(SEOYEON, button)
    demo.expect(reply.render().startswith("✅"),
                f"{SEOYEON.user_id} could not register from the alert's button")  # fmt: skip


def fill_popular_talk(demo: Demo) -> None:
    session = demo.summit.agenda().get(POPULAR)
    free = session.capacity - seat_counts(demo, [POPULAR]).get(POPULAR, 0)
    rush = demo.memo["rush"]
    demo.say(f"[{demo.now()}] {len(rush)} more attendees want {POPULAR} at the same moment "
             f"({CROWD_THREADS} at a time; half type the command, half press Register)"
             )  # fmt: skip
    results, took, slowest = demo.crowd(rush)
    texts = [text for _, _, text in results]
    seated = sum(1 for text in texts if text.startswith("✅"))
    waitlisted = sum(1 for text in texts if text.startswith("⏳"))
    taken = seat_counts(demo, [POPULAR]).get(POPULAR, 0)
    demo.say(f"    → {seated} got a seat, {waitlisted} went on the waitlist; "
             f"{taken}/{session.capacity} seats taken; {took:.1f} s in all, "
             f"slowest reply {slowest:.2f} s")  # fmt: skip
    demo.expect(taken == session.capacity,
                f"{taken} registered for {POPULAR}, expected exactly {session.capacity}"
                )  # fmt: skip
    demo.expect(seated == free, f"{seated} attendees were seated, expected {free}")
    demo.expect(waitlisted == LATE_COMERS,
                f"{waitlisted} late attendees went on the waitlist, expected {LATE_COMERS}"
                )  # fmt: skip
    store = demo.summit.store
    first = [p.who for p, _, text in results if text.startswith("⏳")
             and any(r["session_id"] == POPULAR and r["place"] == 1
                     for r in store.user_registrations(p.who.user_id))]  # fmt: skip
    demo.expect(len(first) == 1, f"{len(first)} attendees are first on the waitlist")
    demo.expect("명단 1번째로" in next(text for p, _, text in results if p.who == first[0]),
                f"{first[0].user_id}, first on the waitlist, was not told so")  # fmt: skip
    demo.memo["first_in_line"] = first[0]
    full = demo.wait_for(sent("full", to=ALERTS, session=POPULAR),
                         f"no 'full' alert for {POPULAR} in #{ALERTS}")[0]  # fmt: skip
    demo.show_sent(full)
    demo.expect(not find_button(full, ids.for_session(ids.REGISTER, POPULAR)),
                "the 'full' alert still offers a Register button")  # fmt: skip


def late_attendee(demo: Demo) -> None:
    capacity = demo.summit.agenda().get(POPULAR).capacity
    reply = demo.command(ALEX, f"register {POPULAR}")
    demo.expect(f"is full ({capacity} seats), so you're on its waitlist: #{LATE_COMERS + 1}"
                in reply.render(), f"{ALEX.user_id} was not put last on the waitlist")  # fmt: skip


def show_popular(demo: Demo) -> None:
    capacity = demo.summit.agenda().get(POPULAR).capacity
    text = demo.command(MINJI, f"show {POPULAR}").render()
    demo.expect(f"만석({capacity}석)" in text, f"show {POPULAR} does not say it's full")
    demo.expect("✅ 등록함" in text, f"show {POPULAR} does not show Minji's seat")


def my_agenda(demo: Demo) -> None:
    text = demo.command(MINJI, "my").render()
    demo.expect(f"`{POPULAR}`" in text and f"`{CLASH}`" in text, "`my` misses a registration")
    demo.expect("시간 겹침" in text, "`my` does not show the overlap")


def minji_home(demo: Demo) -> None:
    demo.say(f"[{demo.summit.clock.now():%H:%M}] 민지 opens the bot's Home tab")
    demo.local.event({"type": "app_home_opened", "user": MINJI.user_id,
                      "channel": "D" + MINJI.user_id, "tab": "home"})  # fmt: skip
    [home] = demo.wait_for(lambda m: m.kind == "home" and m.user == MINJI.user_id,
                           "Minji's Home tab")  # fmt: skip
    demo.say(_boxed(home.render(), SHOWN_LINES))
    demo.expect("내 서밋" in home.render() and "다음 세션" in home.render(),
                "the Home tab does not show Minji's next session")  # fmt: skip


def registrants(demo: Demo, sessions: Iterable[str]) -> set[tuple[str, str]]:
    rows = demo.summit.store.session_registrations(list(sessions))
    return {(r["user_id"], r["session_id"]) for r in rows}


def reminders_sent(demo: Demo, sessions: Iterable[str]) -> Counter:
    """(user, session) → how many reminder DMs Slack has for it."""
    wanted = set(sessions)
    found = demo.standin.wait_for(sent("reminder"), 0)
    return Counter((m.user, about(m)) for m in found if about(m) in wanted)


def await_reminders(demo: Demo, sessions: tuple[str, ...], what: str) -> Counter:
    """Wait until every registrant of `sessions` has had a reminder; check nobody had two."""
    expected = registrants(demo, sessions)
    began = time.monotonic()
    while not expected <= set(got := reminders_sent(demo, sessions)):
        if not demo.keep_waiting(began):
            missing = sorted(expected - set(got))
            raise DemoFailed(f"{len(missing)} of {len(expected)} registrants of {what} got no "
                             f"reminder in {time.monotonic() - began:.0f} s, e.g. "
                             f"{missing[0]}")  # fmt: skip
        time.sleep(0.05)
    twice = [key for key, n in got.items() if n > 1]
    demo.expect(not twice, f"{len(twice)} reminders went out twice, e.g. {twice[:1]}")
    return got


def seat_frees(demo: Demo) -> None:
    """Minji keeps the AI/ML talk and gives back her seat in the other one: the first on the
    waitlist gets it at once, and a DM."""
    first: Attendee = demo.memo["first_in_line"]
    places = {r["session_id"]: r["place"]
              for r in demo.summit.store.user_registrations(first.user_id)}  # fmt: skip
    demo.expect(places.get(POPULAR) == 1, f"{first.user_id} is no longer first in line")
    reply = demo.command(MINJI, f"unregister {POPULAR}")
    demo.expect("등록을 취소했어요" in reply.render(),
                f"{MINJI.user_id} could not give back her seat")  # fmt: skip
    promoted = demo.wait_for(sent("promotion", session=POPULAR),
                             f"no promotion DM after a seat of {POPULAR} freed up")  # fmt: skip
    demo.expect(len(promoted) == 1 and promoted[0].user == first.user_id,
                f"the promotion DM went to {[m.user for m in promoted]}, not to the first in "
                f"line, {first.user_id}")  # fmt: skip
    demo.show_sent(promoted[0])
    capacity = demo.summit.agenda().get(POPULAR).capacity
    taken = seat_counts(demo, [POPULAR]).get(POPULAR, 0)
    demo.expect(taken == capacity, f"{taken}/{capacity} seats of {POPULAR} after the promotion")
    waiting = demo.summit.store.waiting([POPULAR]).get(POPULAR, 0)
    places = {r["session_id"]: r["place"]
              for r in demo.summit.store.user_registrations(ALEX.user_id)}  # fmt: skip
    demo.expect(places.get(POPULAR) == waiting, f"{ALEX.user_id} is not last in line any more")
    demo.say(f"    → {first.name}, who was first in line, has Minji's seat: {taken}/{capacity} "
             f"taken, {waiting} still waiting (Alex is now #{waiting})")  # fmt: skip


def reminders(demo: Demo) -> None:
    demo.jump(REMINDERS_AT)
    slot = (POPULAR, *SAME_SLOT)
    started = time.monotonic()
    got = await_reminders(demo, slot, "the 15:20 talks")
    took = time.monotonic() - started
    shown = [(MINJI, CLASH)]
    if "first_in_line" in demo.memo:  # and the one who got Minji's seat gets one too
        shown.append((demo.memo["first_in_line"], POPULAR))
    for who, sid in shown:
        demo.show_sent(demo.standin.wait_for(sent("reminder", to=who.user_id, session=sid), 0)[0])
    seated = registrants(demo, slot)
    demo.expect(
        got[(MINJI.user_id, POPULAR)] == 0,
        f"{MINJI.user_id} got a reminder for {POPULAR}, which she gave back",
    )
    demo.say(f"    → {sum(got.values())} reminder DMs, exactly one to each of the "
             f"{len(seated)} registrants of the {len(slot)} talks at 15:20, all out in "
             f"{took:.1f} s (by {demo.now()}); none for the seat Minji gave back")  # fmt: skip


CROWD_NOTES = {  # session → a note one of its attendees takes during the talk
    POPULAR: "사가 패턴: 분산 트랜잭션 대신 보상 트랜잭션. 서킷 브레이커는 App Mesh로",
    "d2-1520-hb": "VPC Lattice로 서비스 간 네트워킹과 인증을 한 번에",
    "d2-1520-g101": "멀티리전 DR — 파일럿 라이트로 시작하면 비용이 1/10",
    "d2-1520-g103": "Athena + Glue 크롤러 = 서버 없는 분석 파이프라인",
}


def notes_during_talks(demo: Demo) -> None:
    demo.jump(NOTES_AT)
    agenda = demo.summit.agenda()
    reply = demo.command(JISOO, "note 12-factor보다 중요한 건 팀 경계: 서비스 하나 = 팀 하나")
    demo.expect(
        reply.render().startswith("📝") and agenda.get(POPULAR).title in reply.render(),
        f"{JISOO.user_id}'s note did not land on {POPULAR}, the talk she is in",
    )
    reply = demo.command(MINJI, "note SageMaker JumpStart로 PoC 2주 → 프로덕션 2달")
    demo.expect(
        agenda.get(CLASH).title in reply.render(),
        f"{MINJI.user_id}'s note did not land on {CLASH}, the talk she is in",
    )
    reply = demo.command(MINJI, "note -p 다음 주 팀 회의에 공유할 것: 비용 추정 다시")
    demo.expect("🔒" in reply.render(), f"{MINJI.user_id}'s private note is not private")
    seated = registrants(demo, CROWD_NOTES)
    writers = []
    for sid, text in CROWD_NOTES.items():
        who = min(u for u, s in seated if s == sid and u.startswith("U_A"))
        writers.append((Attendee(who, demo.names[who]), f"note {text}"))
    demo.memo["note_takers"] = {MINJI.user_id, JISOO.user_id, *(w.user_id for w, _ in writers)}
    with ThreadPoolExecutor(len(writers)) as pool:
        replies = list(pool.map(lambda w: demo.command(*w, show=False), writers))
    demo.expect(all(r.render().startswith("📝") for r in replies), "a crowd note was not saved")
    demo.say(f"[{demo.now()}] … and {len(writers)} more attendees note something in their "
             f"talks ({', '.join(w.name for w, _ in writers)})")  # fmt: skip


EXPO_NOTE = "부스에서 AWS 클라우드 기초 강연: EC2, RDS, VPC, 리전"
EXPO_PHOTO = {"id": "F_EXPO", "name": "expo-booth.jpg", "mimetype": "image/jpeg",
              "permalink": "https://summit.slack.com/files/U_JISOO/F_EXPO/expo-booth.jpg"}


def expo_note_by_dm(demo: Demo) -> None:
    """Between talks, Jisoo writes to the bot in its DM, with a photo: an off-agenda note."""
    demo.jump(EXPO_AT)
    demo.say(f"[{demo.now()}] {JISOO.name} › (DM to summit-bot) @엑스포 {EXPO_NOTE} "
             f"[📷 {EXPO_PHOTO['name']}]")  # fmt: skip
    demo.local.event({"type": "message", "subtype": "file_share", "channel_type": "im",
                      "channel": f"D{JISOO.user_id}", "user": JISOO.user_id,
                      "text": f"@엑스포 {EXPO_NOTE}", "ts": "1683184200.000100",
                      "files": [EXPO_PHOTO]})  # fmt: skip
    [reply] = demo.wait_for(lambda m: m.kind == "dm" and m.user == JISOO.user_id
                            and "📍 *엑스포*" in m.render(), "no answer to Jisoo's DM note")
    demo.memo.setdefault("dm_answers", set()).add(reply.ts)  # a reply, not an outbox message
    demo.show_sent(reply)
    demo.expect("📷" in reply.render(), "the DM note lost its photo")
    demo.command(JISOO, "note d2-1110-hb 오전 EC2 세션: Graviton3로 가격 대비 성능 최대 40%")


def graviton_reminders(demo: Demo) -> None:
    demo.jump(GRAVITON_REMINDERS_AT)
    got = await_reminders(demo, (GRAVITON,), GRAVITON)
    mine = demo.standin.wait_for(sent("reminder", to=JISOO.user_id, session=GRAVITON), 0)
    demo.show_sent(mine[0])
    demo.say(f"    → {sum(got.values())} reminder DMs for the Graviton talk, one to each of "
             f"its {len(registrants(demo, [GRAVITON]))} registrants")  # fmt: skip


def graviton_note(demo: Demo) -> None:
    demo.jump(GRAVITON_NOTE_AT)
    reply = demo.command(JISOO, f"note {GRAVITON_NOTE}")
    demo.expect(
        demo.summit.agenda().get(GRAVITON).title in reply.render(),
        f"the Graviton numbers did not land on {GRAVITON}, the talk Jisoo is in",
    )


def end_of_day_recap(demo: Demo) -> None:
    demo.jump(RECAP_AT)
    demo.wait_for(sent("recap", to=RECAP), f"no end-of-day recap in #{RECAP}")
    # Its parts are queued together, so the outbox now knows how many there are.
    parts = demo.wait_for(lambda m: m.kind == "post" and m.channel == RECAP,
                          f"the recap in #{RECAP} is incomplete",
                          count=len(demo.summit.store.outbox(kind="recap")))  # fmt: skip
    for part in parts:
        demo.show_sent(part, lines=RECAP_LINES)
    text = "\n".join(p.render() for p in parts)
    raw = "\n".join(str(p.blocks) for p in parts)
    demo.expect(GRAVITON_NOTE in text, "the recap lacks the Graviton numbers")
    demo.expect(
        f"*{JISOO.name}*: {GRAVITON_NOTE}" in raw,
        "the recap does not credit the Graviton numbers to 지수 by display name",
    )
    demo.expect("<@" not in raw, "the recap mentions (pings) someone")
    demo.expect("비용 추정 다시" not in text, "the recap shows a private note")
    takers = demo.memo.get("note_takers", {JISOO.user_id})
    offers = demo.wait_for(sent("recap_offer"), "no recap-draft offers to the note takers",
                           count=len(takers))  # fmt: skip
    demo.expect({m.user for m in offers} == takers and len(offers) == len(takers),
                f"recap-draft offers went to {sorted(m.user for m in offers)}, expected one to "
                f"each of {sorted(takers)}")  # fmt: skip
    demo.memo["recap_parts"] = len(parts)
    demo.show_sent(next(m for m in offers if m.user == JISOO.user_id))
    demo.say(f"    → the recap in {len(parts)} post(s); {len(offers)} note takers offered "
             "their draft")  # fmt: skip


def recap_draft(demo: Demo) -> None:
    reply = demo.command(JISOO, "recap day2")
    demo.expect(GRAVITON_NOTE in reply.render(), "Jisoo's recap draft lacks her Graviton note")
    parts = [line for line in reply.render().splitlines() if line in ("== 오전 ==", "== 오후 ==")]
    demo.expect(parts == ["== 오전 ==", "== 오후 =="] and "📍 *엑스포*" in reply.render(),
                f"Jisoo's draft is not told as morning and afternoon with the Expo: {parts}")
    files = demo.wait_for(lambda m: m.kind == "file" and m.user == JISOO.user_id,
                          f"no recap file in {JISOO.user_id}'s DM")  # fmt: skip
    demo.show_sent(files[0])
    markdown = (files[0].content or b"").decode()
    demo.expect(files[0].filename.endswith(".md") and GRAVITON_NOTE in markdown,
                "the recap file is not Markdown with the Graviton numbers")  # fmt: skip
    demo.say(_boxed(markdown.rstrip(), 12, bar="┊"))


def live_calendar(demo: Demo) -> None:
    """`/summit ics`: the file, and the personal subscription link a calendar app polls."""
    demo.say(f"[{demo.now()}] {MINJI.name} › /summit ics")
    replies = demo.local.command(MINJI.user_id, "ics", timeout=REPLY_LIMIT, expect=2)
    demo.expect(len(replies) == 2, "`ics` did not give both the file and the link")
    link = replies[1].render()
    demo.say(_boxed(link))
    path = re.search(r"/cal/[A-Za-z0-9_-]+\.ics", link)
    demo.expect(path and "webcal://" in link, "`ics` gives no subscription link")
    answer: list[str] = []
    feed = b"".join(FeedEndpoint(demo.summit)(
        {"REQUEST_METHOD": "GET", "PATH_INFO": path.group(0), "REMOTE_ADDR": "127.0.0.1"},
        lambda status, headers: answer.append(status)))  # fmt: skip
    events = feed.count(b"BEGIN:VEVENT")
    demo.say(f"    → a calendar app polls {PUBLIC_URL}{path.group(0)[:12]}…: {answer[0]}, "
             f"text/calendar, {events} events with reminders")  # fmt: skip
    demo.expect(answer[0].startswith("200") and events >= 2, "the live feed is not served")


def _asks_about(session_id: str) -> Callable[[Delivered], bool]:
    def matches(m: Delivered) -> bool:
        return m.kind == "dm" and m.user == MINJI.user_id and any(
            e.get("action_id", "").startswith(ids.FEEDBACK_RATE) and e.get("value") == session_id
            for b in m.blocks or [] for e in b.get("elements", []))  # fmt: skip

    return matches


def feedback(demo: Demo) -> None:
    """The talk ended at 16:00: one DM asking how it was; Minji answers with one click."""
    # Minji gave back her seat in the popular talk; she sat in the keynote hall's talk.
    [ask] = demo.wait_for(_asks_about(CLASH), "no feedback question after the talk")[:1]
    demo.show_sent(ask)
    button = find_button(ask, f"{ids.FEEDBACK_RATE}:5")
    demo.expect(button, "the feedback question has no 5-star button")
    reply = demo.click(MINJI, button)
    demo.expect("5/5" in reply.render(), "the answer is not shown on the question")
    demo.expect(demo.summit.store.feedback_of(CLASH, MINJI.user_id)["rating"] == 5,
                "the answer was not stored")  # fmt: skip


def all_questions_sent(demo: Demo) -> None:
    """Everyone in a talk that ended got one feedback question; they go after reminders."""
    store = demo.summit.store
    wanted = [r for r in store.outbox(kind="feedback_ask") if r["status"] != "dropped"]
    asks = demo.wait_for(lambda m: m.kind == "dm" and any(
        e.get("action_id", "").startswith(ids.FEEDBACK_RATE)
        for b in m.blocks or [] for e in b.get("elements", [])),
        "the feedback questions", count=len(wanted))  # fmt: skip
    people = Counter((m.user, about_rated(m)) for m in asks)
    demo.expect(all(n == 1 for n in people.values()), "someone was asked twice")
    demo.say(f"    → {len(asks)} feedback questions, one per person and talk")


def about_rated(message: Delivered) -> str | None:
    """The session a feedback question asks about (its buttons' value)."""
    for block in message.blocks or []:
        for element in block.get("elements", []):
            if element.get("action_id", "").startswith(ids.FEEDBACK_RATE):
                return element.get("value")
    return None


def fill_chart(demo: Demo) -> None:
    """After the recap's text: one picture of the day's fastest-filling sessions."""
    [chart] = demo.wait_for(lambda m: m.kind == "file" and m.channel == RECAP,
                            f"no fill-up chart in #{RECAP}")[:1]  # fmt: skip
    demo.show_sent(chart)
    demo.expect((chart.content or b"").startswith(b"\x89PNG"), "the chart is not a PNG")
    asked = [c for c in demo.standin.calls if c.method == "files.getUploadURLExternal"
             and c.params.get("filename") == chart.filename]  # fmt: skip
    demo.expect(asked and asked[-1].params.get("alt_txt"), "the chart has no alt text")
    demo.say(_boxed(f"alt: {asked[-1].params['alt_txt']}"))
    text_parts = [m for m in demo.standin.messages if m.kind == "post" and m.channel == RECAP]
    demo.expect(all(m.when < chart.when for m in text_parts), "the chart came before the text")


def morning_plan(demo: Demo) -> None:
    """What Minji's 08:30 DM (SUMMIT_DIGEST_TIME) says for the day, rendered as it would be
    sent: the same renderer the outbox uses."""
    plan = plan_for(demo.summit, MINJI.user_id, DAY, "ko")
    demo.expect(plan, "Minji has no morning plan")
    demo.say(f"[08:30] summit-bot → {MINJI.name} (DM, the morning plan)")
    demo.say(_boxed(render_text(plan["blocks"], plan["text"])))
    demo.expect(CLASH in {s.id for s in demo.summit.agenda().on_day(DAY)}
                and "15:20" in render_text(plan["blocks"], plan["text"]),
                "the morning plan does not list Minji's talk")  # fmt: skip


Step = Callable[[Demo], None]
STEPS: list[tuple[str, Step]] = [
    ("Browse Day 2", browse_day2),
    ("Search, in Korean and in English", search),
    ("The first attendees register", first_registrations),
    ("A few hundred attendees browse and register", crowd_arrives),
    ("80% full: an alert, a nudge, a Register button in the channel", filling_fast),
    ("The microservices talk fills up", fill_popular_talk),
    ("One more, too late", late_attendee),
    ("The talk in full", show_popular),
    ("Minji's agenda", my_agenda),
    ("Minji's App Home", minji_home),
    ("Minji's live calendar subscription", live_calendar),
    ("A seat frees up and the waitlist moves", seat_frees),
    ("15:10 · Reminders for the 15:20 talks", reminders),
    ("15:25 · Notes during the talks", notes_during_talks),
    ("16:10 · An Expo note by DM, with a photo", expo_note_by_dm),
    ("17:10 · Reminders for the Graviton talk", graviton_reminders),
    ("17:25 · The Graviton numbers", graviton_note),
    ("After the 15:20 talk: how was it?", feedback),
    ("18:30 · The end-of-day recap", end_of_day_recap),
    ("The recap's fill-up chart", fill_chart),
    ("Jisoo's recap draft", recap_draft),
    ("Minji's morning plan (the 08:30 DM)", morning_plan),
    ("Every attendee's feedback question", all_questions_sent),
]


# -- running it ----------------------------------------------------------------------


def shipped_agenda(path: str) -> str:
    """The agenda file; a relative path that isn't found from here is looked up in the
    source tree, so `summit-bot demo` works from any directory."""
    if Path(path).exists() or Path(path).is_absolute():
        return path
    beside_package = Path(__file__).resolve().parents[2] / path
    return str(beside_package) if beside_package.exists() else path


def standin_users() -> dict[str, dict]:
    """Everyone's Slack profile on the stand-in: the recap credits notes by display name."""
    people = [*NAMED, *(attendee(n) for n in range(1, CROWD + 1))]
    return {p.user_id: {"display_name": p.name, "real_name": p.name} for p in people}


def run_demo(settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `STEPS` and print the transcript to `out`; 0, or 1 with the reason on `err`.

    The script is written for the shipped agenda in Seoul time with Korean as the default
    language, so those are fixed here, as are the database (always a temporary one), the
    clock, the alert and recap channels, the send budget and everything Slack; other settings
    are taken as given."""
    out, err = out or sys.stdout, err or sys.stderr
    began = time.monotonic()
    with (tempfile.TemporaryDirectory(prefix="summit-demo-") as tmp,
          SlackStandIn(users=standin_users(), channel_per_sec=1.0) as standin):  # fmt: skip
        tz = ZoneInfo(TZ_NAME)
        demo_settings = settings.with_(
            bot_token=standin.token, signing_secret=SIGNING_SECRET, app_token=None,
            api_url=standin.api_url, db_path=str(Path(tmp) / "summit.db"),
            agenda_path=shipped_agenda(settings.agenda_path), tz_name=TZ_NAME, lang="ko",
            clock_start=START.replace(tzinfo=tz), clock_speed=SPEED, alert_channel=ALERTS,
            recap_channel=RECAP, recap_time=RECAP_AT, reminder_minutes=10,
            send_per_min=SEND_PER_MIN, public_url=PUBLIC_URL,
        )  # fmt: skip
        clock = Clock(tz, START.replace(tzinfo=tz), SPEED)
        runtime = build_runtime(demo_settings, clock=clock)
        demo = Demo(runtime, standin, LocalSlack(runtime.app, standin, SIGNING_SECRET), out,
                    names={p.user_id: p.name for p in NAMED})  # fmt: skip
        title = "(not started)"
        try:
            _check_agenda(demo, demo_settings.agenda_path)
            runtime.scheduler.start()
            demo.say("summit-bot demo · AWS Summit Seoul 2023, Day 2 rehearsal")
            demo.say("The real app on a temporary database, talking to an in-process Slack "
                     "stand-in: no Slack account needed.")  # fmt: skip
            demo.say(
                f"Conference clock: {runtime.summit.clock.now():%Y-%m-%d %H:%M %Z}, "
                f"running {SPEED:g}× real time and jumping ahead between scenes. "
                f"Alerts go to #{ALERTS}, the {RECAP_AT:%H:%M} recap to #{RECAP}."
            )
            for number, (title, step) in enumerate(STEPS, 1):
                demo.say(f"\n━━ {number}. {title} " + "━" * max(3, 60 - len(title)))
                step(demo)
                # Checked per step, so a failure names the step that sent the bad message.
                demo.expect(not standin.rejected,
                            f"Slack rejected {len(standin.rejected)} message(s): "
                            f"{standin.rejected[0].errors if standin.rejected else ''}"
                            )  # fmt: skip
            title = "the summary"
            summary(demo, began)
        except DemoFailed as exc:
            print(f"summit-bot demo: FAILED in “{title}”: {exc}", file=err)
            return 1
        finally:
            runtime.stop()
        return 0


def summary(demo: Demo, began: float) -> None:
    """What was sent, by kind, with the checks that hold for the whole run: every DM and
    post the bot sent on its own accounted for by exactly one outbox row, nothing queued left
    undelivered, no message rejected, no reply late."""
    # Sending stops first, so no message is between Slack having it and its row saying so.
    demo.runtime.sender.stop()
    store = demo.summit.store
    rows = store.outbox()
    by_ts = {r["slack_ts"]: r for r in rows if r["status"] == "sent"}
    messages = list(demo.standin.messages)
    answers = demo.memo.get("dm_answers", set())  # answers to a person's DM: replies
    own = [m for m in messages if m.kind in ("dm", "post") and m.ts not in answers]
    kinds = Counter(by_ts[m.ts]["kind"] if m.ts in by_ts else "unaccounted" for m in own)
    dms = Counter(by_ts[m.ts]["kind"] for m in own if m.kind == "dm" and m.ts in by_ts)
    posts = Counter(by_ts[m.ts]["kind"] for m in own if m.kind == "post" and m.ts in by_ts)
    delivered = Counter(m.kind for m in messages)
    status = Counter(r["status"] for r in rows)
    alerts = Counter((r["session_id"], r["facts"].get("threshold")) for r in rows
                     if r["kind"] == "capacity" and r["status"] == "sent")  # fmt: skip
    recap_keys = Counter(r["dedupe_key"] for r in rows if r["kind"] == "recap")
    replies = len(demo.latencies)
    slowest = max(demo.latencies, default=0.0)
    limited = demo.standin.rate_limited + demo.runtime.sender.rate_limited
    demo.say("\n━━ Summary " + "━" * 62)
    demo.say("What the bot sent, as the Slack stand-in received it:")
    slow = sum(lat >= REPLY_LIMIT for lat in demo.latencies)
    rows_out = [
        ("replies to commands and buttons", delivered["response"],
         f"slowest {slowest:.2f} s; " + (f"{slow} later than {REPLY_LIMIT:.0f} s" if slow
                                         else f"every one within {REPLY_LIMIT:.0f} s")),
        ("DMs", delivered["dm"], _counts(dms, ("reminder", "reminders"),
                                         ("promotion", "promotions"), ("nudge", "nudges"),
                                         ("recap_offer", "recap offers"),
                                         ("feedback_ask", "feedback questions"))),
        ("channel posts", delivered["post"], _counts(posts, ("capacity", f"#{ALERTS} alerts"),
                                                     ("recap", f"#{RECAP} recap parts"))),
        ("files", delivered["file"], "ics files and recap drafts into DMs, the fill-up chart"),
        ("App Home refreshes", delivered["home"], "views.publish"),
    ]  # fmt: skip
    for label, count, detail in rows_out:
        demo.say(f"  {label:<33}{count:>5}   {detail}")
    dropped = Counter(r["error"] for r in rows if r["status"] == "dropped")
    unwanted = sum(n for why, n in dropped.items() if why in ("no longer wanted",
                                                              "no longer applies"))  # fmt: skip
    late = sum(dropped.values()) - unwanted
    open_rows = status["pending"] + status["sending"]
    demo.say(f"Block Kit rejections: {len(demo.standin.rejected)} · HTTP 429s: {limited} · "
             f"queued and not sent: {unwanted} no longer wanted (a seat given back), {late} "
             f"too late, {status['failed']} failed, {open_rows} still queued")  # fmt: skip
    demo.expect(not demo.standin.rejected, "Slack rejected a message")
    reminded = Counter((by_ts[m.ts]["user_id"], by_ts[m.ts]["session_id"]) for m in own
                       if m.ts in by_ts and by_ts[m.ts]["kind"] == "reminder")  # fmt: skip
    twice = [key for key, n in reminded.items() if n > 1]
    demo.expect(not twice, f"{len(twice)} reminders went out twice, e.g. {twice[:1]}")
    demo.expect(
        not kinds["unaccounted"],
        f"{kinds['unaccounted']} DMs or posts are not one outbox row each (duplicates?)",
    )
    demo.expect(not (status["failed"] or late),
                f"of the queued messages {status['failed']} failed and {late} were dropped: "
                f"{dict(dropped)}")  # fmt: skip
    if "first_in_line" in demo.memo:  # the talk filled up: one alert at 80%, one at 100%
        demo.expect(
            alerts[(POPULAR, 80)] == 1 and alerts[(POPULAR, 100)] == 1,
            f"the alerts for {POPULAR}: {dict(alerts)}; expected 80% and 100% once each",
        )
    if "recap_parts" in demo.memo:  # the recap posted: each part once
        demo.expect(posts["recap"] == len(recap_keys) == demo.memo["recap_parts"],
                    f"the recap was not posted exactly once: {posts['recap']} posts for "
                    f"{len(recap_keys)} parts")  # fmt: skip
    if demo.warnings:
        demo.say(f"Warnings ({len(demo.warnings)}): slow, not broken — this machine was busy:")
        for why in demo.warnings[:10]:
            demo.say(f"  ⚠️ {why}")
        if len(demo.warnings) > 10:
            demo.say(f"  … and {len(demo.warnings) - 10} more")
    timing = (f"{slow} slower than {REPLY_LIMIT:.0f} s" if slow
              else f"every one within {REPLY_LIMIT:.0f} s")
    demo.say(f"Demo finished in {time.monotonic() - began:.1f} s: {replies} replies, {timing} "
             f"(slowest {slowest:.2f} s); Slack rejected no message; everything the demo "
             "expected happened.")  # fmt: skip


def _counts(counter: Counter, *labels: tuple[str, str]) -> str:
    return " · ".join(f"{label} {counter[key]}" for key, label in labels)


def _check_agenda(demo: Demo, path: str) -> None:
    agenda = demo.summit.agenda()
    session = agenda.get(POPULAR)
    demo.expect(
        session is not None and session.capacity
        and all(agenda.get(s) for s in (CLASH, GRAVITON, *SAME_SLOT)),
        f"the agenda {path} lacks {POPULAR} (with a capacity), {CLASH}, {GRAVITON} or another "
        "15:20 talk: the demo is scripted for the shipped data/agenda.csv (unset SUMMIT_AGENDA)",
    )  # fmt: skip
