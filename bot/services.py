"""What every listener and job needs, built once per process and passed explicitly.

`Summit` holds frozen dependencies only. What changes while the process runs lives in small
named objects, each guarding itself with its own lock: `Health` (written by the tick, the
sender and the server, read by /healthz), the `AckFirst` gate and the locale cache in
`bot.people.People`. Events already handled are recorded in the database (`Store.first_delivery`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.agenda import Agenda, AgendaCache
from bot.clock import Clock
from bot.people import People
from bot.settings import Settings
from bot.store import Store


class Health(MutableMapping):
    """The process's health record: several threads write entries, /healthz reads them all
    (`{**health}`); each access is atomic."""

    def __init__(self) -> None:
        self._entries: dict = {}
        self._lock = threading.Lock()

    def __getitem__(self, key):
        with self._lock:
            return self._entries[key]

    def __setitem__(self, key, value) -> None:
        with self._lock:
            self._entries[key] = value

    def __delitem__(self, key) -> None:
        with self._lock:
            del self._entries[key]

    def __iter__(self):
        with self._lock:
            return iter(list(self._entries))

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def update(self, other=(), /, **entries) -> None:  # one lock for the whole batch
        with self._lock:
            self._entries.update(other, **entries)


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


@dataclass(frozen=True)
class Summit:
    settings: Settings
    store: Store
    clock: Clock
    client: WebClient
    agendas: AgendaCache = field(init=False)
    health: Health = field(default_factory=Health, init=False, repr=False)
    ack_first: AckFirst = field(init=False, repr=False)
    people: People = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The parts built from other fields; frozen means set once, here.
        object.__setattr__(self, "agendas", AgendaCache(self.store, self.clock.tz))
        object.__setattr__(self, "ack_first", AckFirst(self.settings.compose_threads))
        object.__setattr__(self, "people", People(self.store, self.client, self.settings.lang))

    def agenda(self) -> Agenda:
        return self.agendas.current()

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.settings.admins

    def lang_for(self, user_id: str, ask_slack: bool = True) -> str:
        """See `People.lang_for`."""
        return self.people.lang_for(user_id, ask_slack=ask_slack)

    def known_lang(self, user_id: str) -> str:
        """`lang_for` from what the bot already knows, without asking Slack."""
        return self.people.lang_for(user_id, ask_slack=False)
