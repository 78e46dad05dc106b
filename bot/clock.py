"""Conference time: the one source of "now" for the whole app.

Real time, or a rehearsal that starts at `SUMMIT_CLOCK` and runs `SUMMIT_CLOCK_SPEED` times as
fast. Tests use `ManualClock` and move it by hand instead of sleeping.
"""

from __future__ import annotations

import threading
import time as _time
from datetime import datetime, timedelta, tzinfo


class Clock:
    """Conference clock: `now()` is an aware datetime in the event's zone."""

    def __init__(self, tz: tzinfo, start: datetime | None = None, speed: float = 1.0):
        self.tz = tz
        self.speed = speed
        self._anchor = (start.astimezone(tz) if start else None, _time.monotonic())

    def now(self) -> datetime:
        origin, real_origin = self._anchor  # one read: `set` may run on another thread
        if origin is None:
            return datetime.now(self.tz)
        return origin + timedelta(seconds=(_time.monotonic() - real_origin) * self.speed)

    def set(self, when: datetime) -> None:
        """Jump to `when` (event-local if naive) and run on from there at the same speed."""
        when = when if when.tzinfo else when.replace(tzinfo=self.tz)
        # The time and its real-time anchor change together, in one assignment.
        self._anchor = (when.astimezone(self.tz), _time.monotonic())

    def real_seconds(self, conference_seconds: float) -> float:
        """How long `conference_seconds` of event time take in real time."""
        return conference_seconds / self.speed


class ManualClock(Clock):
    """A clock that only moves when told to (tests, the console's `:time`)."""

    def __init__(self, tz: tzinfo, start: datetime):
        super().__init__(tz, start, speed=1.0)
        self._now = start.astimezone(tz)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, when: datetime) -> None:
        with self._lock:
            self._now = when if when.tzinfo else when.replace(tzinfo=self.tz)
            self._now = self._now.astimezone(self.tz)

    def advance(self, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(**delta)
            return self._now
