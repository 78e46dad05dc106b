"""Time-to-ack for a burst of slash commands: summit-bot as served against a bare Bolt app.

    .venv/bin/python bench/ack_latency.py [--rounds 20] [--concurrency 40]

Both apps run in a child process (as served: `HttpServer` on waitress, the same thread count,
loopback ports); this process is Slack: the load and a `SlackStandIn` as the Web API and the
response_url target, so neither's CPU is charged to the apps. Each round fires
`--concurrency` signed `/summit schedule day2` requests at once (one thread and one connection
each, as Slack does) at one app, then the other. Reported: p50/p95/p99 time-to-ack for both,
the p99 ratio (target ≤ 1.3), and for summit-bot the time until each reply is visible at its
response_url (target: every one within 3 s). Exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk import WebClient

from bot.devtools.local import command_body, signed_headers
from bot.devtools.standin import SlackStandIn
from bot.server import EVENTS_PATH, HTTP_THREADS, HttpServer, build_runtime, wsgi_app
from bot.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "xoxb-bench"
SECRET = "bench-signing-secret"
TEXT = "schedule day2"
ACK_RATIO_TARGET = 1.3
REPLY_TARGET = 3.0
REQUEST_TIMEOUT = 10.0


def bare_bolt(settings: Settings, client: WebClient) -> App:
    """The baseline: Bolt with the same listener pool, acking and doing nothing else."""
    app = App(client=client, signing_secret=SECRET, token_verification_enabled=False,
              listener_executor=ThreadPoolExecutor(settings.listener_threads))  # fmt: skip

    @app.command("/summit")
    def only_ack(ack):
        ack()

    return app


def bolt_wsgi(app: App):
    handler = SlackRequestHandler(app, EVENTS_PATH)
    return lambda environ, start_response: handler(environ, start_response)


def fire(port: int, standin: SlackStandIn, concurrency: int, round_no: int) -> list[dict]:
    """`concurrency` signed requests released together; one dict per request."""
    gate = threading.Barrier(concurrency)
    results: list[dict] = [{} for _ in range(concurrency)]

    def one(i: int) -> None:
        user = f"U{round_no:03d}{i:03d}"
        url = standin.new_response_url(user=user)
        body = command_body(user, TEXT, url)
        headers = signed_headers(SECRET, body)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
        gate.wait(timeout=REQUEST_TIMEOUT)
        started = time.monotonic()
        try:
            conn.request("POST", EVENTS_PATH, body=body.encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            status = response.status
        except OSError as exc:
            status = f"error: {exc}"
        acked = time.monotonic()
        conn.close()
        results[i] = {"started": started, "ack": acked - started, "status": status,
                      "url_id": url.rsplit("/", 1)[-1]}  # fmt: skip

    threads = [threading.Thread(target=one, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(REQUEST_TIMEOUT * 2)
    return results


def reply_times(standin: SlackStandIn, results: list[dict], timeout: float) -> list[float | None]:
    """Seconds from each request until its reply reached the response_url (None: never)."""
    wanted = {r["url_id"]: r for r in results}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        seen = {m.meta.get("url_id") for m in list(standin.messages) if m.kind == "response"}
        if set(wanted) <= seen:
            break
        time.sleep(0.02)
    delivered = {m.meta["url_id"]: m.when for m in list(standin.messages)
                 if m.kind == "response" and m.meta.get("url_id") in wanted}  # fmt: skip
    return [delivered[k] - r["started"] if k in delivered else None for k, r in wanted.items()]


def pct(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def row(name: str, values: list[float]) -> str:
    ms = [v * 1000 for v in values] or [float("nan")]
    return (f"{name:<24}{len(ms):>6}{pct(ms, 50):>9.1f}{pct(ms, 95):>9.1f}{pct(ms, 99):>9.1f}"
            f"{max(ms):>9.1f}")  # fmt: skip


def serve_both(api_url: str) -> None:
    """The child process: both apps on free loopback ports, until stdin closes."""
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(
            bot_token=TOKEN, signing_secret=SECRET, api_url=api_url,
            db_path=str(Path(tmp) / "bench.db"), agenda_path=str(ROOT / "data" / "agenda.csv"),
            clock_start=datetime.fromisoformat("2023-05-04T10:00+09:00"),
        )  # fmt: skip
        runtime = build_runtime(settings)
        runtime.scheduler.start()
        ours = HttpServer(wsgi_app(runtime), 0, host="127.0.0.1").start()
        client = WebClient(token=TOKEN, base_url=api_url)
        bare = HttpServer(bolt_wsgi(bare_bolt(settings, client)), 0, host="127.0.0.1").start()
        print(json.dumps({"ours": ours.port, "bare": bare.port}), flush=True)
        sys.stdin.read()
        ours.stop()
        bare.stop()
        runtime.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)  # fewer: a noisy p99
    parser.add_argument("--concurrency", type=int, default=40)
    parser.add_argument("--serve", metavar="API_URL", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve_both(args.serve)
        return 0

    acks: dict[str, list[float]] = {"bare": [], "ours": []}
    replies: list[float | None] = []
    failures: list[str] = []
    with SlackStandIn(token=TOKEN) as standin:
        child = subprocess.Popen([sys.executable, __file__, "--serve", standin.api_url],
                                 stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            ports = json.loads(child.stdout.readline())
            for round_no in range(args.rounds + 1):  # round 0 warms both up, uncounted
                for name in ("bare", "ours"):
                    results = fire(ports[name], standin, args.concurrency, round_no)
                    failures += [f"{name}: {r.get('status')}" for r in results
                                 if r.get("status") != 200]  # fmt: skip
                    if name == "ours":
                        times = reply_times(standin, results, timeout=REPLY_TARGET + 5)
                    if round_no:
                        acks[name] += [r["ack"] for r in results if "ack" in r]
                        if name == "ours":
                            replies += times
                    standin.clear()
        finally:
            child.stdin.close()
            child.wait(timeout=30)

    print(f"{args.rounds} rounds × {args.concurrency} concurrent `/summit {TEXT}`, "
          f"waitress with {HTTP_THREADS} threads each, loopback\n")  # fmt: skip
    print(f"{'time to ack':<24}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    print(row("bare Bolt (ack only)", acks["bare"]))
    print(row("summit-bot", acks["ours"]))
    arrived = [r for r in replies if r is not None]
    print(row("summit-bot reply visible", arrived))
    ratio = pct(acks["ours"], 99) / pct(acks["bare"], 99)
    within = sum(1 for r in arrived if r <= REPLY_TARGET)
    ratio_ok = ratio <= ACK_RATIO_TARGET
    replies_ok = within == len(replies) and not failures
    print(f"\np99 ack ratio summit-bot / bare: {ratio:.2f} (target ≤ {ACK_RATIO_TARGET})"
          f"  {'ok' if ratio_ok else 'MISSED'}")  # fmt: skip
    print(f"replies at response_url within {REPLY_TARGET:.0f} s: {within}/{len(replies)}"
          f"  {'ok' if replies_ok else 'MISSED'}")  # fmt: skip
    if failures:
        print(f"failed requests: {len(failures)}, e.g. {failures[:3]}")
    return 0 if ratio_ok and replies_ok else 1


if __name__ == "__main__":
    sys.exit(main())
