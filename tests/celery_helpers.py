"""Point the project's Celery app at a real broker for one test, and run an in-thread worker."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from celery.contrib.testing.worker import start_worker

from config.celery_app import app


def _reset_connections() -> None:
    # The app caches its broker pool, producer pool and result backend; drop them so the next
    # use connects with the current configuration.
    app._pool = None
    app.amqp._producer_pool = None
    app._local = threading.local()


@contextmanager
def celery_using(broker_url: str, result_backend: str | None = None) -> Iterator[None]:
    saved = {"broker_url": app.conf.broker_url, "result_backend": app.conf.result_backend}
    app.conf.update(broker_url=broker_url, result_backend=result_backend or broker_url)
    _reset_connections()
    try:
        yield
    finally:
        app.conf.update(**saved)
        _reset_connections()


@contextmanager
def running_worker(**kwargs: Any) -> Iterator[Any]:
    """An in-thread worker consuming the default and reports queues of the project's app."""
    with start_worker(
        app,
        pool="solo",
        perform_ping_check=False,
        queues=["default", "reports"],
        shutdown_timeout=10,
        **kwargs,
    ) as worker:
        yield worker
