"""Holder tests: the browser harness of tests/browser, and a fixed "today" for view tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
import time_machine

from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401

# Eight days after the demo world's anchor: November has no spend yet, October is in the window.
TODAY = date(2026, 11, 10)


@pytest.fixture
def frozen_today() -> Iterator[date]:
    with time_machine.travel(datetime(2026, 11, 10, 12, 0, tzinfo=UTC), tick=False):
        yield TODAY
