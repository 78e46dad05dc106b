"""The fill-up chart core: which sessions are drawn (golden data), the PNG itself, the Korean
font, the alt text and the one exception a caller has to catch."""

from __future__ import annotations

import io
import logging
import warnings
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import matplotlib.image
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot import charts
from bot.charts import (
    HEIGHT_PX,
    WIDTH_PX,
    ChartError,
    FillHistory,
    alt_text,
    draw_fill_chart,
    fastest_filling,
    history_from_deltas,
    korean_font,
    korean_font_path,
)

SEOUL = ZoneInfo("Asia/Seoul")
NINE = datetime(2023, 5, 4, 9, 0, tzinfo=SEOUL)


def at(minutes: float) -> datetime:
    return NINE + timedelta(minutes=minutes)


def takes(*minutes: float) -> list[tuple[datetime, int]]:
    return [(at(m), +1) for m in minutes]


# Day 2 as the recap would see it: the microservices talk fills 4 seats in 12 minutes, the data
# talk fills 3 seats in 30, the serverless talk gets to 4 of 5 seats, the quiet one to 1 of 10.
MICROSERVICES = history_from_deltas("D2-MSA", "마이크로서비스로의 여정", 4, takes(0, 2, 5, 12))
DATA = history_from_deltas("D2-DATA", "Data lakes", 3, takes(10, 20, 40))
SERVERLESS = history_from_deltas("D2-SLS", "서버리스 실전", 5, takes(1, 3, 4, 6, 8) + [(at(9), -1)])
QUIET = history_from_deltas("D2-QUIET", "Quiet talk", 10, takes(30))
EMPTY = FillHistory("D2-EMPTY", "Nobody came", 10, ())
DAY = [QUIET, SERVERLESS, EMPTY, DATA, MICROSERVICES]


def test_history_from_deltas_accumulates_in_time_order():
    fill = history_from_deltas("S", "t", 2, [(at(5), -1), (at(1), 1), (at(3), 1), (at(4), 1)])
    assert fill.changes == ((at(1), 1), (at(3), 2), (at(4), 3), (at(5), 2))
    assert fill.peak == 3
    assert history_from_deltas("S", "t", 2, [(at(1), -1)]).changes == ((at(1), 0),)


def test_minutes_to_full_counts_from_the_first_seat():
    assert MICROSERVICES.minutes_to_full() == 12
    assert DATA.minutes_to_full() == 30
    assert SERVERLESS.minutes_to_full() == 7  # full at 9:08, seat released after
    assert QUIET.minutes_to_full() is None
    assert EMPTY.minutes_to_full() is None


def test_fastest_filling_golden_selection():
    chosen = fastest_filling(DAY)
    assert [f.session_id for f in chosen] == ["D2-SLS", "D2-MSA", "D2-DATA", "D2-QUIET"]
    assert [f.session_id for f in fastest_filling(DAY, limit=2)] == ["D2-SLS", "D2-MSA"]
    # Without full sessions, the fullest come first.
    half = history_from_deltas("H", "half", 4, takes(0, 1))
    assert [f.session_id for f in fastest_filling([QUIET, half, EMPTY])] == ["H", "D2-QUIET"]
    assert fastest_filling([EMPTY, FillHistory("Z", "no seats", 0, ((at(0), 1),))]) == []


def test_chart_is_a_png_of_the_expected_size():
    png = draw_fill_chart(fastest_filling(DAY), SEOUL, "ko")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    pixels = matplotlib.image.imread(io.BytesIO(png), format="png")
    assert pixels.shape[:2] == (HEIGHT_PX, WIDTH_PX)
    assert pixels.std() > 0  # something was drawn, not a blank canvas


def test_korean_text_has_glyphs(caplog):
    with warnings.catch_warnings(record=True) as caught, caplog.at_level(logging.WARNING):
        warnings.simplefilter("always")
        draw_fill_chart([MICROSERVICES, SERVERLESS], SEOUL, "ko")
    messages = [str(w.message) for w in caught] + [r.getMessage() for r in caplog.records]
    assert not [m for m in messages if "missing from font" in m or "findfont" in m], messages


def test_the_glyph_check_would_catch_a_font_without_hangul():
    # The check above means something only if matplotlib does warn for a font lacking Hangul.
    fig = Figure()
    FigureCanvasAgg(fig)
    fig.text(0.5, 0.5, "마이크로서비스", family="DejaVu Sans")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(io.BytesIO(), format="png")
    assert any("missing from font" in str(w.message) for w in caught)


def test_font_comes_from_the_installed_package():
    path = korean_font_path()
    assert path.name == "NanumGothic.ttf" and path.is_file()
    assert korean_font().get_family()[0] == "NanumGothic"


def test_nothing_to_draw_is_a_chart_error():
    with pytest.raises(ChartError):
        draw_fill_chart([], SEOUL, "ko")
    with pytest.raises(ChartError):
        draw_fill_chart([EMPTY], SEOUL, "en")


def test_drawing_failure_is_a_chart_error(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("renderer exploded")

    monkeypatch.setattr(Figure, "savefig", broken)
    with pytest.raises(ChartError, match="renderer exploded"):
        draw_fill_chart([MICROSERVICES], SEOUL, "ko")


def test_missing_font_package_is_a_chart_error(monkeypatch):
    monkeypatch.setattr(charts, "FONT_PACKAGE", "no_such_font_package")
    with pytest.raises(ChartError, match="not installed"):
        korean_font_path()


def test_alt_text_in_both_languages():
    chosen = fastest_filling([MICROSERVICES, QUIET])
    assert alt_text(chosen, "ko") == (
        "시간대별 좌석 추이 차트. 「마이크로서비스로의 여정」 12분 만에 정원 4석 마감, "
        "「Quiet talk」 정원 10석 중 최대 1석."
    )
    assert alt_text(chosen, "en") == (
        "Chart of seats taken over time. “마이크로서비스로의 여정” filled its 4 seats in 12 min; "
        "“Quiet talk” reached 1 of 10 seats."
    )


def test_alt_text_stays_short_with_long_titles():
    long = [history_from_deltas(f"S{n}", "아주 긴 제목 " * 40, 2, takes(0, 1)) for n in range(30)]
    text = alt_text(long, "ko")
    assert len(text) <= charts.ALT_TEXT_CHARS
    assert text.endswith("…")
