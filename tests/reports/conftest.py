"""Celery's pytest plugin (in-thread worker) for the report-run worker tests."""

from __future__ import annotations

from typing import Any

import pytest

# The browser fixtures (Debian Chromium, phone viewport) live with the browser tests; share them.
from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401

# celery.contrib.pytest is loaded by tests/conftest.py (pytest allows pytest_plugins only there).


@pytest.fixture
def celery_config(redis_url: str) -> dict[str, Any]:
    # Function-scoped on purpose: the broker is the `redis_url` fixture (required in CI).
    return {
        "broker_url": redis_url,
        "result_backend": redis_url,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
    }


@pytest.fixture
def celery_includes() -> list[str]:
    return ["outcomes.tasks"]


@pytest.fixture
def celery_worker_parameters() -> dict[str, Any]:
    return {"queues": ("reports", "default"), "perform_ping_check": False}


@pytest.fixture
def restore_current_celery_app() -> Any:
    """The plugin's test app leaves itself (or nothing) as Celery's current app; put the
    project's app back so later `task.delay` calls and mocks resolve as they do in production."""
    yield
    from config.celery_app import app

    app.set_current()
    app.set_default()
