"""What every listener and job needs, built once per process and passed explicitly."""

from __future__ import annotations

from dataclasses import dataclass, field

from slack_sdk import WebClient

from bot.agenda import Agenda, AgendaCache
from bot.clock import Clock
from bot.settings import Settings
from bot.store import Store


@dataclass
class Summit:
    settings: Settings
    store: Store
    clock: Clock
    client: WebClient
    agendas: AgendaCache = field(init=False)
    health: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.agendas = AgendaCache(self.store, self.clock.tz)

    def agenda(self) -> Agenda:
        return self.agendas.current()

    def lang_for(self, user_id: str) -> str:
        user = self.store.user(user_id)
        return (user or {}).get("lang") or self.settings.lang
