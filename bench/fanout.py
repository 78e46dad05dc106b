"""Reminder fan-out benchmark: N registrants of one session, the real scheduler and sender,
against the Slack stand-in in two modes (not run in CI: 5,000 at 600/min takes over eight
minutes a run):

- lenient: the workspace cap as a per-minute token bucket;
- strict: the cap over every rolling second (at most cap/60 in any 1-second window), and up
  to 50 ms of random latency per call.

Both keep Slack's per-channel 1/s with short bursts.

    python bench/fanout.py --n 1000
    python bench/fanout.py --n 1000 --n 5000 --mode strict --mode lenient

The conference clock runs at real speed and the session starts N/cap x 1.3 + 2 minutes after
the bench begins. By default every reminder is due at once (the lead time covers the whole
wait), which measures pure sending; `--lead MINUTES` makes them fall due later instead, so
the sender has to start early on its own to meet the start. Reports first-to-last delivery
against N / cap (target within 5%), 429s (target at most 1% of sends) and whether every
reminder arrived before the session started.
"""

from __future__ import annotations

import argparse
import logging
import math
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from slack_sdk import WebClient

from bot.agenda.readers import read_agenda
from bot.clock import Clock
from bot.devtools.standin import SlackStandIn
from bot.server import build_runtime
from bot.settings import Settings
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
AGENDA = ROOT / "data" / "agenda.csv"
SESSION = "d2-0930-key"  # the Day 2 keynote: open seating, everyone can register


LATENCY = 0.05  # strict mode: up to 50 ms per call


def run(n: int, cap: int, lead: int | None, mode: str = "strict") -> dict:
    settings = Settings(tz_name="Asia/Seoul")
    tz = settings.tz
    with tempfile.TemporaryDirectory() as tmp, \
            SlackStandIn(workspace_per_min=cap, channel_per_sec=1, strict=mode == "strict",
                         latency=LATENCY if mode == "strict" else 0.0) as slack:  # fmt: skip
        store = Store(Path(tmp) / "bench.db")
        store.migrate()
        store.apply_agenda(read_agenda(AGENDA, tz).rows, cancel_missing=False, dry_run=False)
        start = next(r for r in store.sessions() if r["id"] == SESSION)["start_ts"]
        ahead = n / cap * 60 * 1.3 + 120
        begin_ts = start - ahead
        for i in range(n):
            store.take_seat(SESSION, f"U{i:05d}", begin_ts - 3600)
        settings = settings.with_(
            bot_token=slack.token, signing_secret="bench", api_url=slack.api_url,
            db_path=store.path, agenda_path=str(AGENDA), send_per_min=cap, lang="en",
            reminder_minutes=lead or math.ceil(ahead / 60) + 1,
        )  # fmt: skip
        clock = Clock(tz, datetime.fromtimestamp(begin_ts, tz), 1.0)
        client = WebClient(token=slack.token, base_url=slack.api_url)
        runtime = build_runtime(settings, clock=clock, client=client)
        clock.set(datetime.fromtimestamp(begin_ts, tz))  # the bench starts now, not at build
        began = time.monotonic()
        runtime.scheduler.start()
        try:
            while time.monotonic() - began < ahead + 5:
                if len(slack.messages) >= n:
                    break
                time.sleep(0.2)
        finally:
            runtime.stop()
        dms = [m for m in slack.messages if m.kind == "dm"]
        sent = store.outbox(kind="reminder", status="sent")
    spread = dms[-1].when - dms[0].when if dms else float("nan")
    ideal = n / cap * 60
    return {
        "mode": mode,
        "n": n,
        "cap": cap,
        "delivered": len(dms),
        "unique": len({m.user for m in dms}),
        "spread": spread,
        "ideal": ideal,
        "ratio": spread / ideal,
        "rate_limited": slack.rate_limited,
        "before_start": len(sent) == n and all(r["sent_at"] < start for r in sent),
        "slack_after_last": start - max(r["sent_at"] for r in sent) if sent else None,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, action="append", help="registrants (repeatable)")
    parser.add_argument("--cap", type=int, default=600, help="messages/min, Slack and ours")
    parser.add_argument("--mode", action="append", choices=("strict", "lenient"),
                        help="stand-in limiter (repeatable; default both)")
    parser.add_argument("--lead", type=int,
                        help="reminder lead time in minutes (default: all due at once)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    rows = [run(n, args.cap, args.lead, mode) for mode in args.mode or ["lenient", "strict"]
            for n in args.n or [1000]]  # fmt: skip
    print(f"{'mode':>7} {'N':>6} {'cap/min':>7} {'first→last s':>12} {'N÷cap s':>8} {'ratio':>6} "
          f"{'429s':>5} {'429 %':>6} {'delivered':>9} {'before start':>12} {'spare s':>8}")
    for r in rows:
        print(f"{r['mode']:>7} {r['n']:>6} {r['cap']:>7} {r['spread']:>12.1f} {r['ideal']:>8.1f} "
              f"{r['ratio']:>6.3f} {r['rate_limited']:>5} "
              f"{100 * r['rate_limited'] / max(1, r['delivered']):>5.2f}% "
              f"{r['delivered']:>9} {'yes' if r['before_start'] else 'NO':>12} "
              f"{r['slack_after_last'] or 0:>8.0f}")  # fmt: skip
    ok = all(
        r["before_start"] and abs(r["ratio"] - 1) <= 0.05
        and r["rate_limited"] <= 0.01 * r["n"] and r["unique"] == r["n"]
        for r in rows
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
