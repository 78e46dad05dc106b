"""Search and schedule rendering on a synthetic 10,000-session agenda.

    .venv/bin/python bench/search.py [--sessions 10000] [--queries 500] [--seed 7]

The agenda is made by recombining the words of data/agenda.csv (Korean and English titles,
tracks, rooms, levels, speakers, tags) into new sessions over two days, written as an agenda
CSV and loaded through the real importer, `Store` and `AgendaCache`. Then, for random 1–3
word queries (short ones like `AI` and Korean like `패턴` included, a third of them narrowed
to a day), it times in-process: the search (`parse_schedule_query` + `select_sessions`),
rendering the schedule view (`schedule_message`), and the whole `/summit schedule <words>`
handler (`bot.listeners.commands.run_command`: agenda cache, seats and user from SQLite,
render). Prints p50/p95/p99/max in ms; target p99 ≤ 20 ms for the search.

Side by side, on the same day-narrowed pools and words, it times the search rules
(`Agenda.search`: aliases, 초성, word-boundary short words) against a bare substring scan over
the pre-lowered text (`bare_scan`, the rule before them), each query the best of a few
tries, and prints the ratio; target ≤ 2×. Exits 1 on a miss of either target.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.agenda import parse_schedule_query, select_sessions
from bot.agenda.readers import read_agenda
from bot.agenda.readers.csv import read as read_csv_text
from bot.clock import ManualClock
from bot.listeners.commands import run_command
from bot.services import Summit
from bot.settings import Settings
from bot.store import Store
from bot.views.sessions import SeatView, schedule_message

ROOT = Path(__file__).resolve().parent.parent
TZ = ZoneInfo("Asia/Seoul")
DAYS = ("2023-05-03", "2023-05-04")
SEARCH_TARGET_MS = 20.0
RATIO_TARGET = 2.0
ROUNDS = 5
ALWAYS_ASKED = ["AI", "패턴", "ML", "EKS", "서버리스", "serverless", "데이터", "보안", "L200",
                "그래비톤", "ㅁㅇㅋㄹㅅㅂㅅ", "쿠버네티스", "EC2"]  # fmt: skip


def vocabulary(rows: list[dict]) -> dict[str, list[str]]:
    def words(field: str) -> list[str]:
        return [w for r in rows for w in r[field].replace(",", " ").split() if len(w) > 1]

    def items(field: str) -> list[str]:
        return sorted({x for r in rows for x in r[field].split(";") if x})

    return {
        "ko": words("title"), "en": words("title_en"), "tags": items("tags"),
        "speakers": items("speakers") or ["김민지", "Alex Kim"],
        "tracks": sorted({r["track"] for r in rows if r["track"]}),
        "rooms": sorted({r["room"] for r in rows if r["room"]}),
        "levels": sorted({r["level"] for r in rows if r["level"]}),
    }  # fmt: skip


def synthetic_csv(vocab: dict[str, list[str]], count: int, rng: random.Random) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "date", "start", "end", "title", "title_en", "track", "room",
                     "level", "speakers", "capacity", "tags", "kind", "description"])  # fmt: skip
    rooms = vocab["rooms"] + [f"Room {n} (룸 {n})" for n in range(1, 41)]
    for n in range(count):
        start = datetime(2023, 5, 3, 9, 0) + timedelta(minutes=30 * rng.randrange(18))
        title = " ".join(rng.sample(vocab["ko"], rng.randint(4, 9)))
        writer.writerow([
            f"s{n:05d}", rng.choice(DAYS), f"{start:%H:%M}",
            f"{start + timedelta(minutes=40):%H:%M}", title,
            " ".join(rng.sample(vocab["en"], rng.randint(4, 9))), rng.choice(vocab["tracks"]),
            rng.choice(rooms), rng.choice(vocab["levels"]),
            ";".join(rng.sample(vocab["speakers"], rng.randint(0, 2))),
            rng.choice(["", "50", "100", "200", "500"]),
            ";".join(rng.sample(vocab["tags"], rng.randint(1, 5))), "breakout",
            f"{title}. " + " ".join(rng.sample(vocab["en"], 12)),
        ])  # fmt: skip
    return out.getvalue()


def queries(vocab: dict[str, list[str]], count: int, rng: random.Random) -> list[str]:
    pool = vocab["ko"] + vocab["en"] + vocab["tags"] + ALWAYS_ASKED * 20
    made = []
    for n in range(count):
        words = [ALWAYS_ASKED[n % len(ALWAYS_ASKED)]] if n % 5 == 0 else []
        words += rng.sample(pool, rng.randint(1, 3) - len(words) or 1)
        day = rng.choice(["day1 ", "day2 ", "", ""]) if n % 3 == 0 else ""
        made.append(day + " ".join(words[:3]))
    return made


def timed(call: Callable[[str], object], asked: list[str]) -> list[float]:
    """Milliseconds for `call(q)`, each query once."""
    samples = []
    for q in asked:
        started = time.perf_counter()
        call(q)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def bare_scan(pool: list, words: list[str]) -> list:
    """The baseline: every casefolded word a substring of the pre-lowered text, one tight
    pass per word over what the words before it left."""
    for needle in (w.casefold() for w in words if w):
        pool = [s for s in pool if needle in s.haystack]
    return list(pool)


def side_by_side(agenda, parsed: list) -> tuple[float, float]:
    """Total ms over every (pool, words) for the search rules and for the bare scan: for each
    query the best of `ROUNDS` tries, the two taking turns so that both see the same load."""
    cases = [(agenda.on_day(q.day) if q.day else agenda.active, q.words) for q in parsed]
    rules = bare = 0.0
    for pool, words in cases:
        best = {"rules": float("inf"), "bare": float("inf")}
        for _ in range(ROUNDS):
            for name, call in (("rules", agenda.search), ("bare", lambda w, p: bare_scan(p, w))):
                started = time.perf_counter()
                call(words, pool)
                best[name] = min(best[name], time.perf_counter() - started)
        rules += best["rules"] * 1000
        bare += best["bare"] * 1000
    return rules, bare


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)

    shipped = read_agenda(ROOT / "data" / "agenda.csv", TZ)
    vocab = vocabulary(shipped.rows)
    with tempfile.TemporaryDirectory() as tmp:
        agenda_file = read_csv_text("synthetic.csv", synthetic_csv(vocab, args.sessions, rng), TZ)
        assert agenda_file.ok, agenda_file.problems[:3]
        store = Store(Path(tmp) / "bench.db")
        store.migrate()
        store.apply_agenda(agenda_file.rows, cancel_missing=False, dry_run=False)
        settings = Settings(db_path=str(Path(tmp) / "bench.db"), lang="ko")
        clock = ManualClock(TZ, datetime(2023, 5, 4, 10, 0, tzinfo=TZ))
        summit = Summit(settings, store, clock, client=None)
        started = time.perf_counter()
        agenda = summit.agenda()
        load_ms = (time.perf_counter() - started) * 1000
        for n, session in enumerate(rng.sample(agenda.active, 300)):  # some seats taken
            for user in range(n % 7):
                store.take_seat(session.id, f"U{user:03d}", clock.now().timestamp())
        asked = queries(vocab, args.queries, rng)
        now = clock.now()

        def search(q: str):
            return select_sessions(agenda, parse_schedule_query(q, agenda, now), now)

        found = {q: search(q) for q in asked}
        parsed = [parse_schedule_query(q, agenda, now) for q in asked]
        rules_ms, bare_ms = side_by_side(agenda, parsed)

        def render(q: str):
            return schedule_message(found[q], title=q, lang="ko", now=now, seats=SeatView(),
                                    pager_state={"q": q, "day": None})  # fmt: skip

        results = {
            "search": timed(search, asked),
            "render view": timed(render, asked),
            "run_command": timed(lambda q: run_command(summit, "U001", f"schedule {q}"), asked),
        }  # fmt: skip

    sizes = sorted(len(v) for v in found.values())
    print(f"{len(agenda.active):,} sessions (loaded and parsed in {load_ms:.0f} ms), "
          f"{len(asked)} queries; results per query: median {statistics.median(sizes):.0f}, "
          f"max {sizes[-1]:,}\n")  # fmt: skip
    print(f"{'in-process, ms':<22}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}")
    for name, samples in results.items():
        print(f"{name:<22}{pct(samples, 50):>8.2f}{pct(samples, 95):>8.2f}"
              f"{pct(samples, 99):>8.2f}{max(samples):>8.2f}")  # fmt: skip
    worst = max(zip(results["search"], asked, strict=True))
    print(f"\nslowest search: {worst[0]:.2f} ms for `{worst[1]}`")
    ok = pct(results["search"], 99) <= SEARCH_TARGET_MS
    print(f"search p99 ≤ {SEARCH_TARGET_MS:.0f} ms: {'ok' if ok else 'MISSED'}")
    ratio = rules_ms / bare_ms
    print(f"\nside by side, {len(parsed)} queries, best of {ROUNDS} each: search rules "
          f"{rules_ms:.1f} ms, bare substring scan {bare_ms:.1f} ms, ratio {ratio:.2f}×")
    within = ratio <= RATIO_TARGET
    print(f"search rules ≤ {RATIO_TARGET:.0f}× bare scan: {'ok' if within else 'MISSED'}")
    return 0 if ok and within else 1


if __name__ == "__main__":
    sys.exit(main())
