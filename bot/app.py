"""The Bolt app factory. Nothing here reads the environment or touches the network at import."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

from slack_bolt import App, BoltResponse
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient

from bot import listeners, logs
from bot.clock import Clock
from bot.services import Summit
from bot.settings import Settings
from bot.store import Store
from bot.store.connection import LISTENER_BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)


class UnitOfWorkExecutor(ThreadPoolExecutor):
    """The listener pool, where every listener runs as one unit of work: a command or a click
    reads and writes through one SQLite connection, its follow-ups included."""

    def __init__(self, store: Store, threads: int, name: str):
        super().__init__(threads, name)
        self.store = store

    def submit(self, fn, /, *args, **kwargs):
        def in_unit_of_work():
            with self.store.unit_of_work(LISTENER_BUSY_TIMEOUT_MS):
                return fn(*args, **kwargs)

        return super().submit(in_unit_of_work)


def create_app(settings: Settings, store: Store, clock: Clock, client: WebClient,
               summit: Summit | None = None) -> App:  # fmt: skip
    """Build the Bolt app with every listener registered and `summit` in each context."""
    summit = summit or Summit(settings, store, clock, client)
    # Acks wait for a free listener thread, so the pool is sized for bursts of clicks.
    executor = UnitOfWorkExecutor(summit.store, settings.listener_threads, "listener")
    bolt_log = logging.getLogger("bolt")
    # Bolt reads SLACK_BOT_TOKEN itself and, given `client` too, warns that it will not use
    # that token: it is the one `client` already holds, so the warning is no news.
    with logs.dropping(bolt_log, warning_client_prioritized_and_token_skipped()):
        app = App(
            client=client,
            signing_secret=settings.signing_secret or "",
            # Socket Mode has no signed HTTP requests; HTTP mode always verifies them.
            request_verification_enabled=not settings.socket_mode,
            # auth.test at construction would need the network; the token is checked at start.
            token_verification_enabled=False,
            listener_executor=executor,
            logger=bolt_log,
        )

    @app.middleware
    def provide_summit(context, next):  # noqa: A002 - Bolt's parameter name
        context["summit"] = summit
        return next()

    @app.error
    def on_error(error, body, logger):
        logger.exception("unhandled error in a listener: %s", error)
        return BoltResponse(status=200, body="")

    listeners.register(app)
    app.summit = summit  # the served process and tests reach the same services
    app.listener_executor = executor  # stopping lets listeners finish their follow-ups
    return app
