"""The pacer: spaced by answers, so no rolling window holds more than the cap."""

from schedules.pacing import Pacer, burst_and_window


class FakeTime:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def send(pacer: Pacer, now: FakeTime, channel: str, latency: float) -> float:
    """Wait as told, send; returns the send time. The answer comes `latency` later."""
    now.t += pacer.wait_time(channel)
    sent = now.t
    now.t += latency
    pacer.answered(channel)
    return sent


def test_the_cap_is_read_as_a_whole_burst_per_window():
    assert burst_and_window(600) == (10, 1.0)
    assert burst_and_window(50) == (1, 1.2)
    assert Pacer(600).interval == 0.1


def test_no_one_second_window_holds_more_than_the_cap_whatever_the_latency():
    now = FakeTime()
    pacer = Pacer(600, now=now)
    latencies = [0.0, 0.05, 0.01, 0.04, 0.0, 0.03] * 20
    # Worst case for a limiter: each request arrives as late as it can, just before its answer.
    arrivals = [send(pacer, now, f"D{i}", lat) + lat for i, lat in enumerate(latencies)]
    assert all(b - a >= 1.0 for a, b in zip(arrivals, arrivals[10:], strict=False))
    span = arrivals[-1] - arrivals[0]
    assert span <= 1.05 * len(arrivals) / 10  # and it keeps close to the cap


def test_a_429_slows_down_obeys_retry_after_then_creeps_back():
    now = FakeTime()
    pacer = Pacer(600, now=now)
    pacer.answered("D1", limited=True, retry_after=2.0)
    assert pacer.wait_time("D2") == 2.0
    assert pacer.stretch > 0
    for i in range(200):
        send(pacer, now, f"D{i}", 0.0)
    assert pacer.stretch == 0.0


def test_a_channel_gets_one_message_a_second():
    now = FakeTime()
    pacer = Pacer(600, now=now)
    pacer.answered("C1")
    assert pacer.busy_channels() == ["C1"]
    assert pacer.wait_time("C1") == 1.0 and pacer.wait_time("C2") == 0.0
