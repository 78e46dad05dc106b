"""`AckFirst`: replies are composed only once no request is waiting for its ack (or after
`max_wait`), and by a bounded number of threads."""

from __future__ import annotations

import threading
import time

from bot.services import AckFirst


def test_composing_waits_for_pending_acks():
    gate = AckFirst(slots=2, max_wait=5)
    events: list[str] = []
    composed = threading.Event()

    def compose() -> None:
        with gate.composing():
            events.append("composed")
        composed.set()

    with gate.acking():
        worker = threading.Thread(target=compose)
        worker.start()
        assert not composed.wait(0.1), "composed while a request was still being acked"
        events.append("acked")
    assert composed.wait(2)
    worker.join()
    assert events == ["acked", "composed"]


def test_a_steady_stream_of_acks_cannot_starve_replies():
    gate = AckFirst(slots=1, max_wait=0.05)
    with gate.acking():
        started = time.monotonic()
        with gate.composing():
            waited = time.monotonic() - started
    assert 0.04 <= waited < 1


def test_at_most_slots_compose_at_once():
    gate = AckFirst(slots=2, max_wait=0)
    inside, peak, lock = 0, 0, threading.Lock()

    def compose() -> None:
        nonlocal inside, peak
        with gate.composing():
            with lock:
                inside += 1
                peak = max(peak, inside)
            time.sleep(0.02)
            with lock:
                inside -= 1

    threads = [threading.Thread(target=compose) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert peak == 2
