"""Upload tests: today is the seed anchor; helpers to count rows and stored receipt files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.storage import default_storage

from budgets.models import SpendCategory
from tests.clock import SEED_ANCHOR

SPENT_ON = SEED_ANCHOR - timedelta(days=1)


@pytest.fixture(autouse=True)
def _today_is_the_anchor() -> Iterator[None]:
    with time_machine.travel(SEED_ANCHOR.isoformat() + " 12:00 +00:00", tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def category_a(council_a: Any) -> SpendCategory:
    return SpendCategory.objects.get(council=council_a, code="gym-leisure")


def stored_receipts() -> set[str]:
    """Every receipt file in storage (saved flat as receipts/<random name>)."""
    if not default_storage.exists("receipts"):
        return set()
    return {f"receipts/{name}" for name in default_storage.listdir("receipts")[1]}


def form_post(category: SpendCategory, **overrides: Any) -> dict[str, Any]:
    """The web spend form, paid yesterday (the anchor's day before)."""
    data: dict[str, Any] = {
        "spent_on_day": str(SPENT_ON.day),
        "spent_on_month": str(SPENT_ON.month),
        "spent_on_year": str(SPENT_ON.year),
        "amount": "12.50",
        "payee": "Riverside Leisure Centre",
        "category": category.pk,
        "goals": [],
    }
    data.update(overrides)
    return data


def api_body(**overrides: Any) -> dict[str, Any]:
    return {"spent_on": SPENT_ON.isoformat(), "amount": "4.00", "payee": "Cafe", **overrides}
