"""What every listener and job needs, built once per process and passed explicitly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.agenda import Agenda, AgendaCache
from bot.clock import Clock
from bot.settings import Settings
from bot.store import Store


class AckFirst:
    """Acks before replies. Composing a reply (database, render) is CPU work under the GIL;
    in a burst of 40 commands, 40 listener threads composing at once starved the threads
    still parsing and acking the later requests: p99 time-to-ack was 3.3x a bare Bolt app's
    (bench/ack_latency.py). So a reply is composed only while no HTTP request is between
    arriving and its ack (or after `max_wait`, so a steady stream can't starve replies), and
    by at most `slots` threads at once. Sending replies is IO and stays concurrent."""

    def __init__(self, slots: int, max_wait: float = 0.25) -> None:
        self.max_wait = max_wait
        self._slots = threading.BoundedSemaphore(slots)
        self._quiet = threading.Condition()
        self._acking = 0

    @contextmanager
    def acking(self) -> Iterator[None]:
        """Around handling one request up to its ack."""
        with self._quiet:
            self._acking += 1
        try:
            yield
        finally:
            with self._quiet:
                self._acking -= 1
                if not self._acking:
                    self._quiet.notify_all()

    @contextmanager
    def composing(self) -> Iterator[None]:
        """Around composing one reply, after the ack."""
        with self._quiet:
            self._quiet.wait_for(lambda: not self._acking, timeout=self.max_wait)
        with self._slots:
            yield


@dataclass
class Summit:
    settings: Settings
    store: Store
    clock: Clock
    client: WebClient
    agendas: AgendaCache = field(init=False)
    health: dict = field(default_factory=dict)
    ack_first: AckFirst = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.agendas = AgendaCache(self.store, self.clock.tz)
        self.ack_first = AckFirst(self.settings.compose_threads)

    def agenda(self) -> Agenda:
        return self.agendas.current()

    def lang_for(self, user_id: str) -> str:
        user = self.store.user(user_id)
        return (user or {}).get("lang") or self.settings.lang
