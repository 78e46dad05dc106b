"""The check that keeps the README's demo excerpt true: what it normalises, what it catches."""

from tests.support.readme_demo import demo_excerpt, missing_lines, normalise

TRANSCRIPT = """[14:54] summit-bot → #C_ALERTS
    │ 50%에서 80%까지 2분 걸렸어요.
    │ • *Talk* — 200석, 5분 만에 만석 (14:56)
[15:10] 민지 › /summit my
"""


def test_only_clock_minutes_are_normalised():
    assert normalise("[14:55] summit-bot → #C_ALERTS") == "[HH:MM] summit-bot → #C_ALERTS"
    assert normalise("    │ 200석, 7분 만에 만석 (14:57)") == "    │ 200석, N분 만에 만석 (HH:MM)"
    # Times inside a message (a session's span) are facts, not pace: they must match.
    assert normalise("    │ 15:20 ~ 16:00") == "    │ 15:20 ~ 16:00"


def test_the_excerpt_must_appear_in_order_with_the_same_words():
    assert missing_lines(TRANSCRIPT, ["[14:55] summit-bot → #C_ALERTS",
                                      "    │ 50%에서 80%까지 3분 걸렸어요."]) == []  # fmt: skip
    assert missing_lines(TRANSCRIPT, ["    │ 5월 4일(목) 15:20–16:00"]) == [
        "    │ 5월 4일(목) 15:20–16:00"
    ]
    out_of_order = ["[15:10] 민지 › /summit my", "[14:54] summit-bot → #C_ALERTS"]
    assert missing_lines(TRANSCRIPT, out_of_order) == ["[14:54] summit-bot → #C_ALERTS"]


def test_the_readme_has_an_excerpt_to_check():
    lines = demo_excerpt()
    assert any("#C_RECAP" in line for line in lines)
    assert "…" not in lines
