"""Memory and start-up of the served process, as an operator would run it.

    .venv/bin/python bench/process.py [--attendees 20000] [--starts 5]

1. Cold start: `python -m bot serve` on a fresh temporary database (migrations, loading the
   92-session agenda, Bolt, APScheduler, waitress) until `GET /healthz` answers 200, several
   times; target ≤ 2 s.
2. Memory: a database with N attendees registered (each for one session of every Day-2
   slot, open seating so nobody is turned away; written in one transaction to keep the
   bench short), then `serve` on it with the conference clock at 15:12 on Day 2, so the
   planning tick queues the 15:20 reminders of thousands of people and the sender drains
   them into the Slack stand-in; meanwhile 200 signed `/summit my` and `schedule` requests.
   Reports the peak resident set (VmHWM) of the bot process; target ≤ 150 MB.
3. The tick at that size: its p50/p99 and the runs APScheduler skipped (the tick still
   running when the next was due), from /healthz over the whole run; targets p99 < 200 ms
   and no skipped run.

The Slack Web API is the local stand-in (no network); the bot runs in its own process, so
its memory is its own. Not run in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda.readers import read_agenda
from bot.devtools.local import command_body, signed_headers
from bot.devtools.standin import SlackStandIn
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
AGENDA = ROOT / "data" / "agenda.csv"
TZ = ZoneInfo("Asia/Seoul")
SECRET = "bench-secret"
START_TARGET_S = 2.0
RSS_TARGET_MB = 150.0
TICK_P99_TARGET_MS = 200.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(db: str, standin: SlackStandIn, port: int, **env: str) -> subprocess.Popen:
    environ = {
        **os.environ,
        "SLACK_BOT_TOKEN": standin.token,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": standin.api_url,
        "PORT": str(port),
        "SUMMIT_DB": db,
        "SUMMIT_AGENDA": str(AGENDA),
        "SUMMIT_LOG_LEVEL": "WARNING",
        "SUMMIT_ENV_FILE": os.devnull,
        **env,
    }
    return subprocess.Popen([sys.executable, "-m", "bot", "serve"], env=environ, cwd=ROOT)


def wait_healthy(port: int, limit: float = 30.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < limit:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                if r.status == 200:
                    return time.monotonic() - started
        except OSError:
            time.sleep(0.01)
    raise RuntimeError("the bot did not become healthy")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


def cold_starts(standin: SlackStandIn, starts: int) -> list[float]:
    times = []
    for _ in range(starts):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            began = time.monotonic()
            process = serve(f"{tmp}/summit.db", standin, port)
            try:
                wait_healthy(port)
                times.append(time.monotonic() - began)
            finally:
                stop(process)
    return times


def seed(db: str, attendees: int) -> int:
    store = Store(db)
    store.migrate()
    agenda = read_agenda(AGENDA, TZ)
    rows = [dict(r, capacity=None) for r in agenda.rows]
    store.apply_agenda(rows, cancel_missing=False, dry_run=False)
    day2 = [r["id"] for r in rows if r["day"] == "2023-05-04" and r["kind"] != "keynote"]
    slots: dict[str, list[str]] = {}
    for sid in day2:
        slots.setdefault(sid.split("-")[1], []).append(sid)
    at = datetime(2023, 5, 4, 9, 0, tzinfo=TZ).timestamp()
    seats = [(sessions[n % len(sessions)], f"U{n:06d}", "registered", at + n * 0.001)
             for n in range(attendees) for sessions in slots.values()]  # fmt: skip
    users = [(f"U{n:06d}", at) for n in range(attendees)]
    with store.transaction() as database:  # seeding only: the product writes via Store methods
        database.conn.executemany("INSERT INTO users (id, created_at) VALUES (?, ?)", users)
        database.conn.executemany(
            "INSERT INTO registrations (session_id, user_id, status, registered_at) "
            "VALUES (?, ?, ?, ?)", seats)  # fmt: skip
    return len(seats)


def rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM")


def memory(standin: SlackStandIn, attendees: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        db = f"{tmp}/summit.db"
        began = time.monotonic()
        registrations = seed(db, attendees)
        seeded = time.monotonic() - began
        port = free_port()
        process = serve(db, standin, port, SUMMIT_CLOCK="2023-05-04T15:12",
                        SUMMIT_SEND_PER_MIN="100000")  # fmt: skip
        try:
            wait_healthy(port)

            def ask(n: int) -> int:
                url = standin.new_response_url(user=f"U{n:06d}")
                text = "my" if n % 2 else "schedule day2"
                body = command_body(f"U{n:06d}", text, url)
                request = urllib.request.Request(f"http://127.0.0.1:{port}/slack/events",
                                                 data=body.encode(), method="POST",
                                                 headers=signed_headers(SECRET, body))  # fmt: skip
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status

            with ThreadPoolExecutor(20) as pool:
                statuses = list(pool.map(ask, range(200)))
            # Every attendee holds a 15:20 seat: wait until each reminder is in Slack.
            sending = time.monotonic()
            deadline = sending + 300
            while time.monotonic() < deadline:
                if sum(1 for m in standin.messages if m.kind == "dm") >= attendees:
                    break
                time.sleep(0.2)
            send_s = time.monotonic() - sending
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz") as r:
                health = json.loads(r.read())
            peak = rss_peak_mb(process.pid)
        finally:
            stop(process)
    dms = sum(1 for m in standin.messages if m.kind == "dm")
    return {"registrations": registrations, "seeded_s": seeded,
            "requests_ok": statuses.count(200), "reminder_dms": dms, "send_s": send_s,
            "outbox_depth": health.get("outbox_depth"), "peak_mb": peak,
            "tick_p50": health.get("tick_ms_p50"), "tick_p99": health.get("tick_ms_p99"),
            "ticks": health.get("ticks"), "skipped": health.get("ticks_skipped")}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attendees", type=int, default=20_000)
    parser.add_argument("--starts", type=int, default=5)
    args = parser.parse_args()
    with SlackStandIn() as standin:
        starts = cold_starts(standin, args.starts)
        standin.clear()
        mem = memory(standin, args.attendees)
    slowest = max(starts)
    print(f"| measure | value | target |\n|---|---|---|\n"
          f"| cold start to /healthz, median of {len(starts)} | {statistics.median(starts):.2f} s"
          f" | ≤ {START_TARGET_S:.0f} s |\n"
          f"| cold start, slowest | {slowest:.2f} s | ≤ {START_TARGET_S:.0f} s |\n"
          f"| attendees / registrations | {args.attendees:,} / {mem['registrations']:,} | |\n"
          f"| 15:20 reminder DMs delivered while measured | {mem['reminder_dms']:,} in "
          f"{mem['send_s']:.0f} s (later slots still queued: {mem['outbox_depth']:,}) | |\n"
          f"| requests answered | {mem['requests_ok']}/200 | |\n"
          f"| peak RSS of the bot process | {mem['peak_mb']:.1f} MB | ≤ {RSS_TARGET_MB:.0f} MB |\n"
          f"| tick p50 / p99 ({mem['ticks']} ticks) | {mem['tick_p50']} / {mem['tick_p99']} ms"
          f" | p99 < {TICK_P99_TARGET_MS:.0f} ms |\n"
          f"| tick runs skipped | {mem['skipped']} | 0 |")
    ok = (slowest <= START_TARGET_S and mem["peak_mb"] <= RSS_TARGET_MB
          and mem["tick_p99"] is not None and mem["tick_p99"] < TICK_P99_TARGET_MS
          and mem["skipped"] == 0)  # fmt: skip
    print("all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
