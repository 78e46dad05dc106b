"""`summit-bot demo`: a scripted rehearsal of Day 2 against an in-process Slack stand-in.

The real app (`build_runtime`: store, agenda, listeners through Bolt, scheduler) on a temporary
database, with the conference clock started at 2023-05-04 14:50 KST and running 60 times as
fast. Simulated attendees type `/summit …` and press buttons through `LocalSlack` (signed
requests, exactly as Slack sends them); replies come back from the stand-in and are printed as
a readable transcript. The demo checks what it expects at every step — and that every reply
came within Slack's 3 seconds and that Slack accepted every message — and exits 1 with the
reason when something did not happen.

`STEPS` is the script: add a `(title, function)` to show a new feature.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from bot.local import LocalSlack
from bot.server import Runtime, build_runtime
from bot.services import Summit
from bot.settings import Settings
from bot.standin import Delivered, SlackStandIn
from bot.views import ids

SIGNING_SECRET = "demo-signing-secret"
TZ_NAME = "Asia/Seoul"
START = datetime(2023, 5, 4, 14, 50)  # event-local: 30 minutes before the popular talk
SPEED = 60.0  # one conference minute per real second
POPULAR = "d2-1520-a202"  # 12가지 디자인 패턴으로 알아보는 클라우드 네이티브 마이크로서비스 …
CLASH = "d2-1520-aud"  # same slot, another room: registering for both shows a conflict
REPLY_LIMIT = 3.0  # Slack's: a reply later than this is an error to the user
LATE_COMERS = 20  # how many of the crowd find the talk full
CROWD_THREADS = 16  # attendees pressing Register at the same moment
SHOWN_LINES = 20  # a reply longer than this is cut in the transcript


class DemoFailed(Exception):
    """Something the demo expects did not happen."""


@dataclass(frozen=True)
class Attendee:
    user_id: str
    name: str


MINJI = Attendee("U_MINJI", "민지")
JISOO = Attendee("U_JISOO", "지수")
ALEX = Attendee("U_ALEX", "Alex")


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

    @property
    def summit(self) -> Summit:
        return self.runtime.summit

    def say(self, line: str = "") -> None:
        print(line, file=self.out, flush=True)

    def now(self) -> str:
        return f"{self.summit.clock.now():%H:%M}"

    def command(self, who: Attendee, text: str, *, show: bool = True) -> Delivered:
        """`who` types `/summit text`; returns the reply, printed unless `show` is False."""
        if show:
            self.say(f"[{self.now()}] {who.name} › /summit {text}")
        what = f"/summit {text} from {who.user_id}"
        started = time.monotonic()
        try:
            replies = self.local.command(who.user_id, text, timeout=REPLY_LIMIT)
        except RuntimeError as exc:  # the app answered Slack's request with an error status
            raise DemoFailed(f"{what}: {exc}") from exc
        return self._reply(replies, started, what, show)

    def click(self, who: Attendee, button: dict, *, show: bool = True) -> Delivered:
        """`who` presses `button` (an element of a reply's blocks)."""
        if show:
            self.say(f"[{self.now()}] {who.name} › [{button['text']['text']}] "
                     f"({button['value']})")  # fmt: skip
        what = f"button {button['action_id']} from {who.user_id}"
        started = time.monotonic()
        try:
            replies = self.local.click(who.user_id, button["action_id"], button["value"],
                                       timeout=REPLY_LIMIT)  # fmt: skip
        except RuntimeError as exc:
            raise DemoFailed(f"{what}: {exc}") from exc
        return self._reply(replies, started, what, show)

    def _reply(self, replies: list[Delivered], started: float, what: str,
               show: bool) -> Delivered:  # fmt: skip
        self.expect(replies, f"no reply to {what} within {REPLY_LIMIT:.0f} s")
        reply = replies[0]
        latency = reply.when - started
        self.latencies.append(latency)
        self.expect(latency < REPLY_LIMIT, f"the reply to {what} took {latency:.2f} s")
        if show:
            self.say(_boxed(reply.render()))
        return reply

    def expect(self, ok: object, why: str) -> None:
        if not ok:
            raise DemoFailed(why)


def _boxed(text: str) -> str:
    lines = text.splitlines() or [""]
    if len(lines) > SHOWN_LINES:
        more = len(lines) - SHOWN_LINES
        lines = [*lines[:SHOWN_LINES], f"… {more} more line{'s' if more > 1 else ''}"]
    return "\n".join(f"    │ {line}" for line in lines)


def find_button(reply: Delivered, action_id: str) -> dict | None:
    for block in reply.blocks or []:
        for element in block.get("elements", []) if block.get("type") == "actions" else []:
            if element.get("action_id") == action_id:
                return element
    return None


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


def fill_popular_talk(demo: Demo) -> None:
    session = demo.summit.agenda().get(POPULAR)
    free = session.capacity - demo.summit.store.seats_taken([POPULAR]).get(POPULAR, 0)
    crowd = [Attendee(f"U_A{n:04d}", f"attendee {n}") for n in range(1, free + LATE_COMERS + 1)]
    button = find_button(demo.memo["search"], ids.for_session(ids.REGISTER, POPULAR))
    demo.say(f"[{demo.now()}] {len(crowd)} more attendees want {POPULAR} at the same moment "
             f"({CROWD_THREADS} at a time; half type the command, half press Register)"
             )  # fmt: skip

    def attempt(pair: tuple[int, Attendee]) -> str:
        n, who = pair
        if n % 2:
            return demo.command(who, f"register {POPULAR}", show=False).text or ""
        return demo.click(who, button, show=False).text or ""

    started = time.monotonic()
    with ThreadPoolExecutor(CROWD_THREADS) as pool:
        texts = list(pool.map(attempt, enumerate(crowd)))
    took = time.monotonic() - started
    seated = sum(1 for text in texts if text.startswith("✅"))
    waitlisted = sum(1 for text in texts if text.startswith("⏳"))
    taken = demo.summit.store.seats_taken([POPULAR]).get(POPULAR, 0)
    slowest = max(demo.latencies[-len(crowd):])
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


def late_attendee(demo: Demo) -> None:
    capacity = demo.summit.agenda().get(POPULAR).capacity
    reply = demo.command(ALEX, f"register {POPULAR}")
    demo.expect(f"is full ({capacity} seats), so you're on its waitlist: #{LATE_COMERS + 1}"
                in reply.render(), f"{ALEX.user_id} was not put last on the waitlist")  # fmt: skip


def show_popular(demo: Demo) -> None:
    capacity = demo.summit.agenda().get(POPULAR).capacity
    text = demo.command(MINJI, f"show {POPULAR}").render()
    demo.expect(f"만석 ({capacity}석)" in text, f"show {POPULAR} does not say it's full")
    demo.expect("✅ 등록함" in text, f"show {POPULAR} does not show Minji's seat")


def my_agenda(demo: Demo) -> None:
    text = demo.command(MINJI, "my").render()
    demo.expect(f"`{POPULAR}`" in text and f"`{CLASH}`" in text, "`my` misses a registration")
    demo.expect("시간 겹침" in text, "`my` does not show the overlap")


Step = Callable[[Demo], None]
STEPS: list[tuple[str, Step]] = [
    ("Browse Day 2", browse_day2),
    ("Search, in Korean and in English", search),
    ("The first attendees register", first_registrations),
    ("The microservices talk fills up", fill_popular_talk),
    ("One more, too late", late_attendee),
    ("The talk in full", show_popular),
    ("Minji's agenda", my_agenda),
]


# -- running it ----------------------------------------------------------------------


def shipped_agenda(path: str) -> str:
    """The agenda file; a relative path that isn't found from here is looked up in the
    source tree, so `summit-bot demo` works from any directory."""
    if Path(path).exists() or Path(path).is_absolute():
        return path
    beside_package = Path(__file__).resolve().parent.parent / path
    return str(beside_package) if beside_package.exists() else path


def run_demo(settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `STEPS` and print the transcript to `out`; 0, or 1 with the reason on `err`.

    The script is written for the shipped agenda in Seoul time with Korean as the default
    language, so those are fixed here, as are the database (always a temporary one), the clock
    and everything Slack; other settings are taken as given."""
    out, err = out or sys.stdout, err or sys.stderr
    with tempfile.TemporaryDirectory(prefix="summit-demo-") as tmp, SlackStandIn() as standin:
        demo_settings = settings.with_(
            bot_token=standin.token, signing_secret=SIGNING_SECRET, app_token=None,
            api_url=standin.api_url, db_path=str(Path(tmp) / "summit.db"),
            agenda_path=shipped_agenda(settings.agenda_path), tz_name=TZ_NAME, lang="ko",
            clock_start=START.replace(tzinfo=ZoneInfo(TZ_NAME)), clock_speed=SPEED,
        )  # fmt: skip
        runtime = build_runtime(demo_settings)
        runtime.scheduler.start()
        demo = Demo(runtime, standin, LocalSlack(runtime.app, standin, SIGNING_SECRET), out)
        title = "(not started)"
        try:
            _check_agenda(demo, demo_settings.agenda_path)
            demo.say("summit-bot demo · AWS Summit Seoul 2023, Day 2 rehearsal")
            demo.say("The real app on a temporary database, talking to an in-process Slack "
                     "stand-in: no Slack account needed.")  # fmt: skip
            demo.say(f"Conference clock: {runtime.summit.clock.now():%Y-%m-%d %H:%M %Z}, "
                     f"running {SPEED:g}× real time.")  # fmt: skip
            for number, (title, step) in enumerate(STEPS, 1):
                demo.say(f"\n━━ {number}. {title} " + "━" * max(3, 60 - len(title)))
                step(demo)
                # Checked per step, so a failure names the step that sent the bad message.
                demo.expect(not standin.rejected,
                            f"Slack rejected {len(standin.rejected)} message(s): "
                            f"{standin.rejected[0].errors if standin.rejected else ''}"
                            )  # fmt: skip
        except DemoFailed as exc:
            print(f"summit-bot demo: FAILED in “{title}”: {exc}", file=err)
            return 1
        finally:
            runtime.stop()
        demo.say(f"\nDemo finished: {len(demo.latencies)} replies, every one within "
                 f"{REPLY_LIMIT:.0f} s (slowest {max(demo.latencies):.2f} s); Slack rejected "
                 "no message.")  # fmt: skip
        return 0


def _check_agenda(demo: Demo, path: str) -> None:
    session = demo.summit.agenda().get(POPULAR)
    demo.expect(
        session is not None and session.capacity and demo.summit.agenda().get(CLASH),
        f"the agenda {path} lacks {POPULAR} (with a capacity) or {CLASH}: the demo is "
        "scripted for the shipped data/agenda.csv (unset SUMMIT_AGENDA)",
    )
