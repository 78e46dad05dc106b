"""When the sender may post next: right up to Slack's cap, never across it.

Slack counts a message when it arrives, and an arrival is somewhere between the moment the
request left and the moment its answer came back. Even slots booked by send time therefore
land two sends closer than a slot apart whenever latency jitters, and a limiter that checks
every rolling second answers 429. So the pacer spaces by arrival: the cap is read as `burst`
messages per `window` seconds (10 per second at 600/min), and a send may start only
`window` after the *answer* to the send `burst` places before it. Whatever the latency, no
window then holds more than `burst` arrivals; the cost is the measured round trip, not a
guessed margin. On top of that a small headroom (`HEADROOM`, 0.3%) stretches the window; each
429 stretches it more (`SLOW_DOWN`), and every clean send creeps it back (`CREEP_BACK`).
A 429's Retry-After is obeyed as it is: nothing goes out before it has passed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

HEADROOM = 0.003  # the window stretched by 0.3%: clock granularity, a scheduling hiccup
SLOW_DOWN = 0.10  # each 429 stretches the window by another 10%...
MAX_STRETCH = 1.0  # ...up to twice the window
CREEP_BACK = 0.005  # and every clean send takes 0.5% of it back
CHANNEL_GAP = 1.0  # Slack allows about one message per second per channel


def burst_and_window(per_min: float) -> tuple[int, float]:
    """The cap as `burst` messages per `window` seconds, the burst a whole number: 600/min
    is 10 per second, 50/min is 1 per 1.2 s."""
    burst = max(1, int(per_min // 60))
    return burst, burst * 60 / per_min


class Pacer:
    """Books sends on time.monotonic() (or `now`): `wait_time` before a send, `answered`
    when its answer is back."""

    def __init__(self, per_min: float, *, headroom: float = HEADROOM,
                 now: Callable[[], float] = time.monotonic) -> None:  # fmt: skip
        self.burst, self.window = burst_and_window(per_min)
        self.now = now
        self.headroom = headroom
        self.stretch = 0.0  # added by 429s, taken back by clean sends
        self._answers: deque[float] = deque(maxlen=self.burst)  # the last `burst` answers
        self._not_before = 0.0  # a Retry-After, or the answer to the last send
        self._channel_free: dict[str, float] = {}

    @property
    def interval(self) -> float:
        """Seconds per message at the cap, for planning deadlines."""
        return self.window / self.burst

    def ready_at(self, channel: str | None = None) -> float:
        """The earliest monotonic time the next send (to `channel`) may start."""
        ready = self._not_before
        if len(self._answers) == self.burst:
            ready = max(ready, self._answers[0] + self.window * (1 + self.headroom + self.stretch))
        if channel is not None:
            ready = max(ready, self._channel_free.get(channel, 0.0))
        return ready

    def wait_time(self, channel: str | None = None) -> float:
        return max(0.0, self.ready_at(channel) - self.now())

    def busy_channels(self) -> list[str]:
        """Channels still in their per-channel gap when the budget's next slot comes."""
        soon = max(self.ready_at(), self.now())
        return [channel for channel, free in self._channel_free.items() if free > soon]

    def answered(self, channel: str, *, limited: bool = False,
                 retry_after: float = 0.0) -> None:  # fmt: skip
        """A send's answer came back (now): it counts against the window either way."""
        now = self.now()
        self._answers.append(now)
        self._not_before = max(self._not_before, now)
        self._channel_free[channel] = now + CHANNEL_GAP
        if limited:
            self.stretch = min(MAX_STRETCH, self.stretch + SLOW_DOWN)
            self._not_before = max(self._not_before, now + retry_after)
        else:
            self.stretch = max(0.0, self.stretch - CREEP_BACK)
        if len(self._channel_free) > 1000:
            self._channel_free = {c: t for c, t in self._channel_free.items() if t > now}

    def failed(self) -> None:
        """No answer (connection refused, timeout): nothing reached Slack's counter."""
        self._not_before = max(self._not_before, self.now())
