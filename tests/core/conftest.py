"""Fixtures for the core tests."""

from typing import Any

import pytest

# The browser fixtures (Debian Chromium, phone viewport) live with the browser tests; share them.
from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401
from tests.core.admin_world import Side, make_sides


@pytest.fixture
def sides(db: Any) -> dict[str, Side]:
    """Both councils' admins and records to aim at (tests/core/admin_world.py)."""
    return make_sides()
