"""Each report measure against the hand-computed tiny council (tests/reports/tiny.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.evidence.scoring import (
    RatedGoal,
    gas_t_score,
)
from outcomes.reports import report_cells
from outcomes.reports.disclosure import (
    Cell,
    Kind,
)
from tests.reports.tiny import END, START, Tiny, build_tiny

pytestmark = [pytest.mark.django_db, pytest.mark.dates]
ALL = "All people"


@pytest.fixture
def tiny() -> Tiny:
    return build_tiny()


def _table(tiny: Tiny, breakdown: str = "none") -> dict[tuple[str, str], Cell]:
    cells = report_cells(council_id=tiny.council.pk, period_start=START, period_end=END, breakdown=breakdown)
    return {(c.measure, c.group): c for c in cells}


def _v(table: dict[tuple[str, str], Cell], measure: str, group: str = ALL) -> tuple[object, object]:
    cell = table[(measure, group)]
    return cell.value, cell.denominator


def test_people_by_delivery_mechanism(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "people") == (2, None)
    assert _v(t, "people_by_delivery:Direct payment") == (1, None)
    assert _v(t, "people_by_delivery:CASSR managed personal budget") == (1, None)


def test_money_flows_and_categories(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "funded") == (Decimal("1866.66"), 2)
    assert _v(t, "spent") == (Decimal("130.11"), 1)
    assert _v(t, "refunded") == (Decimal("5.00"), 1)
    assert _v(t, "category:Gym and leisure") == (Decimal("110.01"), 1)
    assert _v(t, "category:Transport") == (Decimal("20.00"), 1)
    assert _v(t, "category:Other") == (Decimal("0.10"), 1)


def test_spend_by_area_apportioned_to_the_penny(tiny: Tiny) -> None:
    t = _table(tiny)
    # £100 → G1 £50 (b £25, e £25) + G2 £50 (f £16.68, g £16.66, h £16.66);
    # £10.01 → G1 (b £5.01, e £5.00); £0.10 → G1 5p (b 3p, e 2p) + G2 5p (f 3p, g 1p, h 1p).
    expected = {
        "b": "30.04",
        "e": "30.02",
        "f": "16.71",
        "g": "16.67",
        "h": "16.67",
        "unlinked": "20.00",
    }
    got = {m.split(":")[1]: c.value for (m, g), c in t.items() if m.startswith("spend_by_area:")}
    assert got == {k: Decimal(v) for k, v in expected.items()}
    assert sum(got.values()) == t[("spent", ALL)].value


def test_people_and_money_above_limit(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "people_above_limit") == (1, None)
    assert _v(t, "money_above_limit") == (Decimal("600.00"), 1)


def test_goals(tiny: Tiny) -> None:
    t = _table(tiny)
    by_area = {m.split(":")[1]: c.value for (m, g), c in t.items() if m.startswith("goals_by_area:")}
    assert by_area == {"a": 3, "b": 1, "e": 1, "f": 1, "g": 1, "h": 1}
    assert _v(t, "goals_at_or_above_expected") == (4, 5)
    # docs/domain/goals.md#gas-worked-values: +1, +1, +1 → 63.69; H1 is +1 (weight 1) and −1 (weight 2).
    h2 = gas_t_score([RatedGoal(1), RatedGoal(1), RatedGoal(1)])
    h1 = gas_t_score([RatedGoal(1, 1), RatedGoal(-1, 2)])
    assert h2 is not None and h1 is not None
    assert round(h2, 2) == 63.69
    value, n = _v(t, "mean_gas_t_score")
    assert n == 2
    assert value == pytest.approx((h1 + h2) / 2)


def test_wellbeing_first_and_latest(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "people_with_two_checks") == (1, None)
    assert _v(t, "life_satisfaction:mean_first") == (4.0, 1)
    assert _v(t, "life_satisfaction:mean_latest") == (6.0, 1)
    assert _v(t, "life_satisfaction:improved") == (1, 1)
    assert _v(t, "happiness:mean_change") == (-1.0, 1)
    assert _v(t, "worthwhile:improved") == (0, 1)
    # Anxiety 8 → 6 is better: change +2, improved.
    assert _v(t, "anxiety:mean_change") == (2.0, 1)
    assert _v(t, "anxiety:improved") == (1, 1)


def test_activity(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "people_active_half_the_weeks") == (1, 2)
    assert _v(t, "activities_by_category:Gym and leisure") == (6, None)
    assert _v(t, "activities_by_category:No category") == (7, None)


def test_reviews(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "reviews_due") == (2, None)
    assert _v(t, "reviews_on_time") == (1, 2)
    assert _v(t, "people_overdue_at_end") == (1, None)


def test_value(tiny: Tiny) -> None:
    t = _table(tiny)
    assert _v(t, "spend:b:improved") == (Decimal("30.04"), 1)
    assert _v(t, "spend:e:improved") == (Decimal("30.02"), 1)
    assert _v(t, "spend:f:not_improved") == (Decimal("16.71"), 1)
    assert _v(t, "spend:a:not_improved") == (Decimal("0.00"), 1)
    assert _v(t, "mean_spend_per_person:b:improved") == (30.04, 1)
    assert ("spend:b:not_improved", ALL) not in t


def test_breakdown_by_team_with_totals(tiny: Tiny) -> None:
    t = _table(tiny, "team")
    assert _v(t, "people", "North team") == (1, None)
    assert _v(t, "people", "No team") == (1, None)
    assert _v(t, "people", ALL) == (2, None)
    assert _v(t, "funded", ALL) == (Decimal("1866.66"), 2)
    value, n = _v(t, "mean_gas_t_score", ALL)
    assert n == 2 and value == pytest.approx(_v(_table(tiny), "mean_gas_t_score")[0])


def test_breakdown_by_delivery_mechanism(tiny: Tiny) -> None:
    t = _table(tiny, "delivery_mechanism")
    assert _v(t, "spent", "Direct payment") == (Decimal("130.11"), 1)
    assert _v(t, "people_above_limit", "CASSR managed personal budget") == (1, None)


def test_query_count_is_fixed(tiny: Tiny) -> None:
    with CaptureQueriesContext(connection) as few:
        _table(tiny, "team")
    build_tiny_more(tiny)
    with CaptureQueriesContext(connection) as more:
        _table(tiny, "team")
    # 12 for the figures, 2 for the people behind each month's money (the differencing rule)
    assert len(few) == len(more) == 14
    assert all(c.kind in Kind for c in _table(tiny).values())


def build_tiny_more(tiny: Tiny) -> None:
    from seeds.bulk import seed_holders
    from tests.clock import SEED_ANCHOR

    seed_holders(count=6, anchor=SEED_ANCHOR)
