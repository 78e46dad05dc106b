"""Session feedback, the domain part: when to ask, what a valid answer is, and the numbers.

An attendee rates a session 1-5 with an optional comment, once per session, and may change the
answer later (the latest answer counts). Organisers see per-session counts, means and
distributions; the public recap shows only the best-rated sessions, with no names and no
comments, and only where enough people answered that a score says something.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

RATINGS = (1, 2, 3, 4, 5)
COMMENT_MAX_CHARS = 1000
# Asking about a session that ended long ago (the bot was down) is noise; skip those.
ASK_WINDOW = timedelta(hours=3)
BEST_MIN_COUNT = 3
BEST_LIMIT = 3


class InvalidFeedback(ValueError):
    """An answer that can't be stored; the message is for the log, the user gets a short reply."""


@dataclass(frozen=True)
class Answer:
    session_id: str
    user_id: str
    rating: int
    comment: str | None
    answered_at: datetime


@dataclass(frozen=True)
class SessionRatings:
    session_id: str
    count: int
    mean: float
    distribution: tuple[int, int, int, int, int]  # how many gave 1, 2, 3, 4, 5


def parse_rating(value: object) -> int:
    """A rating from a button value or a form field: an integer 1-5, as int or digits."""
    if isinstance(value, bool):
        raise InvalidFeedback(f"not a rating: {value!r}")
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise InvalidFeedback(f"not a rating: {value!r}")
        value = int(text)
    if not isinstance(value, int) or value not in RATINGS:
        raise InvalidFeedback(f"a rating is 1 to 5, got {value!r}")
    return value


def clean_comment(text: str | None) -> str | None:
    """The optional comment, trimmed; None when blank. Too long is an error, not a silent cut,
    so the modal can say so (its input also caps the length)."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    if len(text) > COMMENT_MAX_CHARS:
        raise InvalidFeedback(f"a comment is at most {COMMENT_MAX_CHARS} characters")
    return text


def ask_due(session_end: datetime, now: datetime, window: timedelta = ASK_WINDOW) -> bool:
    """Whether to ask about a session now: it has ended, and not more than `window` ago."""
    return session_end <= now < session_end + window


def latest_answers(rows: Iterable[Answer]) -> list[Answer]:
    """One answer per person and session, the most recent, in case the rows hold history."""
    latest: dict[tuple[str, str], Answer] = {}
    for row in rows:
        key = (row.session_id, row.user_id)
        if key not in latest or row.answered_at >= latest[key].answered_at:
            latest[key] = row
    return list(latest.values())


def summarize(rows: Iterable[Answer]) -> dict[str, SessionRatings]:
    """Per session: how many answered, the mean rating and the 1-5 distribution."""
    counts: dict[str, list[int]] = {}
    for row in latest_answers(rows):
        counts.setdefault(row.session_id, [0] * len(RATINGS))[row.rating - 1] += 1
    summaries = {}
    for session_id, dist in counts.items():
        count = sum(dist)
        total = sum(rating * n for rating, n in zip(RATINGS, dist, strict=True))
        summaries[session_id] = SessionRatings(
            session_id, count, total / count, (dist[0], dist[1], dist[2], dist[3], dist[4])
        )
    return summaries


def best_rated(
    summaries: Iterable[SessionRatings],
    min_count: int = BEST_MIN_COUNT,
    limit: int = BEST_LIMIT,
) -> list[SessionRatings]:
    """The recap's best-rated sessions: highest mean among those with at least `min_count`
    answers (fewer would single people out and say little), more answers breaking ties."""
    eligible = [s for s in summaries if s.count >= min_count]
    return sorted(eligible, key=lambda s: (-s.mean, -s.count, s.session_id))[:limit]
