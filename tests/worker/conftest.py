"""Fixtures for the social worker's side: Celery's in-thread worker on Redis, pack storage."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

# The browser fixtures (Debian Chromium, phone viewport) live with the browser tests; share them.
from tests import redis_dbs
from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401

# celery.contrib.pytest is loaded by tests/conftest.py (pytest allows pytest_plugins only there).


@pytest.fixture(autouse=True)
def private_media(settings: Any, tmp_path: Path) -> Path:
    """Each test writes packs into its own private folder."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)


@pytest.fixture(scope="session")
def celery_config() -> dict[str, Any]:
    # The same Redis the `redis_url` fixture checks (tests using the worker request it too,
    # so they skip locally without Redis and fail in CI).
    url = redis_dbs.worker_url()
    return {
        "broker_url": url,
        "result_backend": url,
        "task_acks_late": True,
        "worker_prefetch_multiplier": 1,
    }


@pytest.fixture(scope="session")
def celery_includes() -> list[str]:
    return ["outcomes.tasks"]


@pytest.fixture(scope="session")
def celery_worker_parameters() -> dict[str, Any]:
    # The pack task is routed to the "reports" queue; celery.ping is not registered here.
    return {"queues": ["default", "reports"], "perform_ping_check": False}
