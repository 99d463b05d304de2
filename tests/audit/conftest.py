"""Audit tests: today is a fixed day after the demo world's anchor; files go to a temp folder."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import time_machine

from tests.browser.conftest import browser_type_launch_args, phone_page  # noqa: F401
from tests.clock import SEED_ANCHOR

# Eight days after the anchor, as the holder tests: October's spend is still in the edit window.
NOW = datetime.combine(SEED_ANCHOR + timedelta(days=8), datetime.min.time(), tzinfo=UTC).replace(hour=12)


@pytest.fixture
def frozen_now() -> Iterator[datetime]:
    with time_machine.travel(NOW, tick=False):
        yield NOW


@pytest.fixture
def private_media(settings: Any, tmp_path: Path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return Path(settings.PRIVATE_MEDIA_ROOT)


def new_events(since_pk: int, **filters: Any) -> list[Any]:
    from budgets.models import AccessEvent

    return list(AccessEvent.objects.filter(pk__gt=since_pk, **filters).order_by("pk"))


def last_pk() -> int:
    from budgets.models import AccessEvent

    return AccessEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
