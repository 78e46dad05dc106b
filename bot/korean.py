"""Korean particles (조사) in the form the word before them takes, through tossi.

은/는, 이/가, 을/를, 와/과, (으)로, (이)라… depend on the word's last sound: `책을`, `사과를`,
`서울로` (ㄹ takes 로), `책으로`. tossi reads Hangul and reads digits as Korean numbers
(`12` → 십이 → `12를`, `메모 #3` → 삼 → `메모 #3을`); a word it cannot read (a Latin name such
as `EKS`, an id, anything a user typed) gets no particle: the messages are phrased so that none
follows such words, and asking for one is a bug, so it raises rather than print `을(를)`.
"""

from __future__ import annotations

import tossi

# Slack mrkdwn markers: `*제목*을` shows raw asterisks, so a particle never follows a span.
_MRKDWN_MARKERS = ("*", "_", "~", "`")


def readable(word: str) -> bool:
    """Whether tossi can tell the last sound of `word` (it ends in Hangul or a digit)."""
    return not word.endswith(_MRKDWN_MARKERS) and tossi.guess_coda(word) is not None


def josa(word: str, particle: str) -> str:
    """`word` followed by `particle` (either form: 을 or 를, 으로 or 로) in the form it takes:
    josa("메모 #12", "을") == "메모 #12를"."""
    if not readable(word):
        raise ValueError(f"no Korean particle can follow {word!r}")
    return tossi.postfix(word, particle)
