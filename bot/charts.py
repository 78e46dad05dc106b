"""The recap's fill-up chart: seats taken over time for the day's fastest-filling sessions.

Drawn with matplotlib's object API on the Agg canvas (`Figure` + `FigureCanvasAgg`), never
pyplot, so no global figure state is involved and it is safe off the main thread. Korean titles
need a Hangul font that a fresh machine may not have, so the NanumGothic file that the
`koreanize-matplotlib` wheel ships is registered with matplotlib's font manager and passed to
every piece of text explicitly (not through rcParams, which are global).
"""

from __future__ import annotations

import importlib.util
import io
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path

from matplotlib import dates as mdates
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.i18n import t

FONT_PACKAGE = "koreanize_matplotlib"
FONT_FILE = "fonts/NanumGothic.ttf"
WIDTH_PX, HEIGHT_PX, DPI = 1200, 675, 100
LEGEND_TITLE_CHARS = 32
ALT_TEXT_CHARS = 1000  # well inside Slack's limit for a file's alt text
DEFAULT_LIMIT = 4


class ChartError(Exception):
    """Drawing the chart failed; the caller posts the text recap without it."""


@dataclass(frozen=True)
class FillHistory:
    """One session's seats over a day: `changes` are (instant, seats taken just after it)."""

    session_id: str
    title: str
    capacity: int
    changes: tuple[tuple[datetime, int], ...]

    @property
    def peak(self) -> int:
        return max((taken for _, taken in self.changes), default=0)

    @property
    def first_seat_at(self) -> datetime | None:
        return next((at for at, taken in self.changes if taken > 0), None)

    @property
    def full_at(self) -> datetime | None:
        if self.capacity <= 0:
            return None
        return next((at for at, taken in self.changes if taken >= self.capacity), None)

    def minutes_to_full(self) -> float | None:
        """Minutes from the first seat taken to the session first being full, or None."""
        first, full = self.first_seat_at, self.full_at
        if first is None or full is None:
            return None
        return (full - first).total_seconds() / 60


def history_from_deltas(
    session_id: str,
    title: str,
    capacity: int,
    deltas: Iterable[tuple[datetime, int]],
) -> FillHistory:
    """A history from the seat-change record: each (instant, +1 take / -1 release)."""
    taken = 0
    changes = []
    for at, delta in sorted(deltas, key=lambda d: d[0]):
        taken = max(0, taken + delta)
        changes.append((at, taken))
    return FillHistory(session_id, title, capacity, tuple(changes))


def fastest_filling(fills: Iterable[FillHistory], limit: int = DEFAULT_LIMIT) -> list[FillHistory]:
    """The sessions worth drawing: those that filled, quickest first, then those that didn't,
    by how full they got. Sessions nobody took a seat in are left out."""
    candidates = [f for f in fills if f.capacity > 0 and f.peak > 0]

    def rank(fill: FillHistory):
        minutes = fill.minutes_to_full()
        if minutes is not None:
            return (0, minutes, fill.session_id)
        return (1, -fill.peak / fill.capacity, fill.session_id)

    return sorted(candidates, key=rank)[:limit]


def korean_font_path() -> Path:
    """Where the wheel put its font file. Found by spec, not by import: importing
    koreanize_matplotlib rewrites matplotlib's global rcParams (and imports the deprecated
    distutils), which a library must not do behind the app's back."""
    spec = importlib.util.find_spec(FONT_PACKAGE)
    if spec is None or spec.origin is None:
        raise ChartError(f"the {FONT_PACKAGE} package (the chart's Korean font) is not installed")
    path = Path(spec.origin).parent / FONT_FILE
    if not path.is_file():
        raise ChartError(f"{FONT_FILE} is missing from {FONT_PACKAGE}")
    return path


_font_lock = threading.Lock()
_font: font_manager.FontProperties | None = None


def korean_font() -> font_manager.FontProperties:
    """The packaged Hangul font (DejaVu Sans behind it for anything it lacks), registered with
    matplotlib once per process."""
    global _font
    with _font_lock:
        if _font is None:
            path = str(korean_font_path())
            font_manager.fontManager.addfont(path)
            name = font_manager.FontProperties(fname=path).get_name()
            _font = font_manager.FontProperties(family=[name, "DejaVu Sans"])
        return _font


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw_fill_chart(fills: list[FillHistory], tz: tzinfo, lang: str) -> bytes:
    """A PNG (WIDTH_PX x HEIGHT_PX) of seats taken over event-local time, one step line per
    session with its capacity dashed in the same colour. Raises ChartError on any failure."""
    if not fills or not any(f.changes for f in fills):
        raise ChartError("no seat changes to draw")
    try:
        labels = {part: t(lang, f"chart_{part}") for part in ("title", "y", "x")}
        return _draw(fills, tz, labels)
    except ChartError:
        raise
    except Exception as exc:  # matplotlib raises many kinds; the caller needs one
        raise ChartError(f"drawing the fill-up chart failed: {exc}") from exc


def _draw(fills: list[FillHistory], tz: tzinfo, labels: dict[str, str]) -> bytes:
    font = korean_font()
    fig = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    end = max(at for f in fills for at, _ in f.changes)
    for fill in fills:
        if not fill.changes:
            continue
        times = [fill.changes[0][0]] + [at for at, _ in fill.changes] + [end]
        seats = [0] + [taken for _, taken in fill.changes] + [fill.changes[-1][1]]
        label = f"{_clip(fill.title, LEGEND_TITLE_CHARS)} ({fill.peak}/{fill.capacity})"
        (line,) = ax.step(times, seats, where="post", label=label, linewidth=2)
        ax.axhline(fill.capacity, color=line.get_color(), linestyle="--", linewidth=1, alpha=0.6)
    locator = mdates.AutoDateLocator(tz=tz, minticks=4, maxticks=10)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=tz))
    ax.set_ylim(bottom=0, top=max(max(f.capacity, f.peak) for f in fills) * 1.1)
    ax.set_title(labels["title"], fontproperties=font, fontsize=14)
    ax.set_ylabel(labels["y"], fontproperties=font)
    ax.set_xlabel(labels["x"], fontproperties=font)
    for tick in ax.get_xticklabels() + ax.get_yticklabels():
        tick.set_fontproperties(font)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", prop=font, fontsize=9)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def alt_text(fills: list[FillHistory], lang: str) -> str:
    """What the chart shows, in words, for the upload's alt text."""
    parts = []
    for fill in fills:
        minutes = fill.minutes_to_full()
        title = _clip(fill.title, 80)
        if minutes is not None:
            parts.append(
                t(lang, "chart_alt_filled", title=title, minutes=round(minutes),
                  capacity=fill.capacity)
            )
        else:
            parts.append(
                t(lang, "chart_alt_partial", title=title, peak=fill.peak, capacity=fill.capacity)
            )
    sep = ", " if lang == "ko" else "; "
    return _clip(f"{t(lang, 'chart_alt_intro')} {sep.join(parts)}.", ALT_TEXT_CHARS)
