"""API test helpers: today is the seed anchor; throttle counters start empty for every test."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.cache import cache

from tests.clock import SEED_ANCHOR


@pytest.fixture(autouse=True)
def _today_is_the_anchor() -> Iterator[None]:
    with time_machine.travel(SEED_ANCHOR.isoformat() + " 12:00 +00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def error_code(response: Any) -> str:
    return str(response.json()["error"]["code"])


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many calls schemathesis made per role and status (no test depends on the order)."""
    fuzz = sys.modules.get("tests.api.test_schema_fuzz")  # only if the fuzz tests were collected
    for line in fuzz.calls_summary() if fuzz else []:
        terminalreporter.write_line(line)
