"""Data the tests build: hostile text, synthetic sessions, agenda files and rows."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from bot.agenda import Session
from bot.store import SESSION_COLUMNS
from tests.support.paths import AGENDA

# Everything Slack would act on or that breaks markup, long enough to hit every length cap.
HOSTILE = "<!channel> <@U123> & *bold* 🎉" * 200

# Slash-command texts as people (and attackers) type them.
HOSTILE_COMMANDS = [
    "",
    "   ",
    "x" * 5000,
    "schedule " + "가" * 3000,
    "schedule \x00\x07\x1b[31m",
    "register 🎉🎉🎉",
    "show '; DROP TABLE sessions; --",
    'schedule "unterminated',
    "schedule <!channel> <@U999> &amp;",
    "register d2-1520-a202 extra words",
    "unregister",
    "SHOW D2-1520-A202",
]


def make_sessions(clock, n: int, per_slot: int = 8, title: str = "Talk") -> list[Session]:
    base = clock.now().replace(hour=9, minute=0)
    sessions = []
    for i in range(n):
        start = base + timedelta(minutes=40 * (i // per_slot))
        sessions.append(
            Session(id=f"s-{i}", day=start.date(), start=start, end=start + timedelta(minutes=30),
                    title=f"{title} {i}", room=f"Room {i % per_slot}", level="L200",
                    capacity=100)  # fmt: skip
        )
    return sessions


def file_rows(store):
    """The rows an agenda file with exactly the stored sessions would give."""
    return [{c: r[c] for c in SESSION_COLUMNS} for r in store.sessions()]


def write_agenda(path, change=None, drop=()):
    """The shipped agenda with `change(row)` applied and the ids in `drop` left out."""
    with open(AGENDA, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        if row["id"] in drop:
            continue
        writer.writerow(change(row) if change else row)
    path.write_text(out.getvalue(), "utf-8")
    return path
