"""Holder tests: the browser harness of tests/browser, and a fixed "today" for view tests."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
import time_machine

from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401
from tests.clock import SEED_ANCHOR, SESSION_NOW

# The day the demo world was seeded: its spends, activities and check-ins run up to it.
TODAY = SEED_ANCHOR


@pytest.fixture
def frozen_today() -> Iterator[date]:
    """Stop the clock at the session's moment (on the date sweep, the awkward hour too)."""
    with time_machine.travel(SESSION_NOW, tick=False):
        yield TODAY
