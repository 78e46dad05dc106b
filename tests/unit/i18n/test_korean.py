"""Korean particles follow the word before them, through tossi (bot.korean)."""

from __future__ import annotations

import pytest

from bot.korean import josa, readable


@pytest.mark.parametrize(
    ("word", "particle", "expected"),
    [
        # Hangul without a final consonant, and with one
        ("사과", "을", "사과를"), ("사과", "은", "사과는"), ("사과", "이", "사과가"),
        ("사과", "과", "사과와"), ("세션", "를", "세션을"), ("세션", "는", "세션은"),
        ("세션", "가", "세션이"), ("세션", "와", "세션과"),
        # (으)로: a vowel and ㄹ take 로, other finals 으로
        ("서울", "으로", "서울로"), ("회의", "으로", "회의로"), ("세션", "로", "세션으로"),
        # digits are read as Korean numbers: 1 일, 2 이, 3 삼, 6 육, 10 십, 12 십이, 2023 … 삼
        ("메모 #1", "을", "메모 #1을"), ("메모 #2", "을", "메모 #2를"), ("#3", "를", "#3을"),
        ("6", "로", "6으로"), ("1", "으로", "1로"), ("10", "는", "10은"), ("#12", "을", "#12를"),
        ("2023", "와", "2023과"),
        # a Latin title that ends in a digit is read by the digit
        ("Amazon EC2", "을", "Amazon EC2를"),
    ],
)  # fmt: skip
def test_particles_take_the_form_of_the_word_before(word, particle, expected):
    assert josa(word, particle) == expected


@pytest.mark.parametrize("word", ["EKS", "AI", "Amazon Aurora", "d2-1520-aud", "*제목*",
                                  "`code`", "_기울임_", "~취소~", "", "🎉"])  # fmt: skip
def test_no_particle_after_words_it_cannot_read_or_formatted_spans(word):
    """User text, Latin names and ids get no particle: the messages are phrased around them."""
    assert not readable(word)
    with pytest.raises(ValueError):
        josa(word, "을")
