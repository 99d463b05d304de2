"""API test helpers: today is the seed anchor; throttle counters start empty for every test."""

from __future__ import annotations

import sys
from collections import Counter
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


def _calls() -> list[tuple[str, int, int]]:
    fuzz = sys.modules.get("tests.api.test_schema_fuzz")  # only if the fuzz tests were collected
    return [(role, status, n) for (role, status), n in fuzz.CALLS.items()] if fuzz else []


def pytest_sessionfinish(session: pytest.Session) -> None:
    """An xdist worker hands its schemathesis call counts to the controller, which prints them."""
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:
        workeroutput["schemathesis_calls"] = _calls()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    for role, status, n in getattr(node, "workeroutput", {}).get("schemathesis_calls", []):
        _WORKER_CALLS[(role, status)] += n


_WORKER_CALLS: Counter[tuple[str, int]] = Counter()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """How many calls schemathesis made per role and status (no test depends on the order)."""
    calls = Counter({(role, status): n for role, status, n in _calls()}) + _WORKER_CALLS
    if not calls:
        return
    from tests.api.test_schema_fuzz import calls_summary

    for line in calls_summary(calls):
        terminalreporter.write_line(line)
