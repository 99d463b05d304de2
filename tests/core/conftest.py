from typing import Any

import pytest

from tests.core.admin_world import Side, make_sides


@pytest.fixture
def sides(db: Any) -> dict[str, Side]:
    """Both councils' admins and records to aim at (tests/core/admin_world.py)."""
    return make_sides()
