"""Logging an operator can read: the process's log setup, and quieting what libraries say
that is not news."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

# APScheduler logs "Running job" and "executed successfully" at INFO for every run of the
# one-second jobs; only its warnings (missed runs, failed jobs) are worth an operator's eye.
# slack_sdk's retry notes ("A retry handler found", "Going to retry") are INFO, per call.
CHATTY = ("apscheduler.executors", "apscheduler.scheduler", "slack_sdk.web.base_client")


def configure(level: str) -> None:
    """The process's logging: `level` for our own lines; the chatty libraries at WARNING
    unless DEBUG is asked for."""
    number = logging.getLevelName(level.upper())
    if not isinstance(number, int):
        raise ValueError(f"SUMMIT_LOG_LEVEL: expected DEBUG, INFO, WARNING or ERROR, got {level!r}")
    logging.basicConfig(level=number, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if number > logging.DEBUG:
        for name in CHATTY:
            logging.getLogger(name).setLevel(logging.WARNING)


def add_filter_to_handlers(log_filter: logging.Filter) -> Callable[[], None]:
    """Put `log_filter` on every handler of the root logger; returns what takes it off."""
    handlers = list(logging.getLogger().handlers)
    for handler in handlers:
        handler.addFilter(log_filter)

    def remove() -> None:
        for handler in handlers:
            handler.removeFilter(log_filter)

    return remove


@contextmanager
def dropping(logger: logging.Logger, message: str) -> Iterator[None]:
    """While inside, `logger` drops records whose text is exactly `message`."""

    def keep(record: logging.LogRecord) -> bool:
        return record.getMessage() != message

    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)
