"""Rows that migrations create, re-creatable after a transactional test flushes the tables."""

from __future__ import annotations

from budgets.models import WellbeingArea
from budgets.wellbeing import WELLBEING_AREAS


def ensure_wellbeing_areas() -> None:
    for area in WELLBEING_AREAS:
        WellbeingArea.objects.update_or_create(
            code=area.code, defaults={"statutory_wording": area.statutory, "plain_words": area.plain}
        )
