"""`AgendaCache` keeps one parsed snapshot per agenda version, so a search is in-process
work over a few thousand rows and a reload or capacity change is seen by the next request."""

from __future__ import annotations

import threading
from datetime import tzinfo

from bot.agenda.model import Agenda, session_from_row
from bot.store import Store


class AgendaCache:
    """The current `Agenda`, re-read from the store when its version changes."""

    def __init__(self, store: Store, tz: tzinfo):
        self.store = store
        self.tz = tz
        self._lock = threading.Lock()
        self._version = -1
        self._agenda = Agenda([])

    def current(self) -> Agenda:
        version = self.store.agenda_version()
        if version != self._version:
            with self._lock:
                if version != self._version:
                    rows = self.store.sessions()
                    self._agenda = Agenda([session_from_row(r, self.tz) for r in rows])
                    self._version = version
        return self._agenda
