"""The README's demo excerpt against a demo transcript: every excerpt line must appear, in
order. Only what the demo's pace changes is normalised: the demo runs the conference clock at
60x real time, so the clock minutes a line is stamped with (`[14:54]`, `(14:56)`) and the
minutes something took (`2분`) depend on the machine's speed."""

from __future__ import annotations

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"
ELISION = "…"
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_MINUTES = re.compile(r"\b\d+분")


def demo_excerpt(readme: Path = README) -> list[str]:
    """The lines of the first fenced block after "From `summit-bot demo`", without "…"."""
    text = readme.read_text(encoding="utf-8")
    after = text[text.index("From `summit-bot demo`"):]
    block = after.split("```\n", 2)[1]
    return [line for line in block.splitlines() if line.strip() and line.strip() != ELISION]


def normalise(line: str) -> str:
    if line.startswith("["):  # "[14:54] summit-bot → …": the stamp only
        line = _CLOCK.sub("HH:MM", line, count=1)
    line = re.sub(r"\((\d{1,2}:\d{2})\)", "(HH:MM)", line)
    return _MINUTES.sub("N분", line).rstrip()


def missing_lines(transcript: str, excerpt: list[str]) -> list[str]:
    """Excerpt lines not found in the transcript in order ([] = the excerpt is true)."""
    lines = [normalise(line) for line in transcript.splitlines()]
    missing, at = [], 0
    for wanted in excerpt:
        target = normalise(wanted)
        try:
            at = lines.index(target, at) + 1
        except ValueError:
            missing.append(wanted)
    return missing
