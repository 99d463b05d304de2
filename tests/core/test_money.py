from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from budgets import money

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)


@pytest.mark.parametrize(
    ("payment", "frequency", "units", "weekly"),
    [
        ("50", "monthly", None, "11.54"),
        ("130", "quarterly", None, "10.00"),
        ("15", "hourly", "10", "150.00"),
        ("400", "4-weekly", None, "100.00"),
        ("200", "fortnightly", None, "100.00"),
        ("5200", "annually", None, "100.00"),
    ],
)
def test_weekly_from_payment_matches_domain_worked_values(payment, frequency, units, weekly):
    units_per_week = Decimal(units) if units else None

    assert money.weekly_from_payment(Decimal(payment), frequency, units_per_week) == Decimal(weekly)


def test_hourly_cost_without_units_is_refused():
    with pytest.raises(ValueError, match="planned units per week"):
        money.weekly_from_payment(Decimal("15"), "hourly")


def test_weekly_from_annual_divides_by_52():
    assert money.weekly_from_annual(Decimal("10400.00")) == Decimal("200.00")
    assert money.weekly_from_annual(Decimal("1000.00")) == Decimal("19.23")


def test_weeks_held_and_surplus_match_domain_worked_values():
    balance, weekly = Decimal("1900.00"), Decimal("200.00")

    assert money.weeks_held(balance, weekly) == Decimal("9.5")
    assert money.surplus(balance, weekly, 8) == Decimal("300.00")


def test_no_surplus_at_or_below_the_limit():
    assert money.surplus(Decimal("1600.00"), Decimal("200.00"), 8) == Decimal("0.00")
    assert money.surplus(Decimal("-50.00"), Decimal("200.00"), 8) == Decimal("0.00")


def test_apportion_gives_the_remainder_to_the_largest_part():
    parts = money.apportion(Decimal("10.00"), {"swim": 1, "friends": 1, "gym": 1})

    assert parts == {"swim": Decimal("3.34"), "friends": Decimal("3.33"), "gym": Decimal("3.33")}


def test_apportion_by_weights():
    parts = money.apportion(Decimal("100.01"), {"a": Decimal("0.75"), "b": Decimal("0.25")})

    assert parts == {"a": Decimal("75.01"), "b": Decimal("25.00")}


def test_apportion_refuses_fractions_of_a_penny_and_empty_weights():
    with pytest.raises(ValueError, match="whole pence"):
        money.apportion(Decimal("1.005"), {"a": 1})
    with pytest.raises(ValueError, match="nothing to apportion"):
        money.apportion(Decimal("1.00"), {})
    with pytest.raises(ValueError, match="positive"):
        money.apportion(Decimal("1.00"), {"a": 0})


@given(
    total=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2),
    weights=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=9),
)
def test_apportioned_parts_always_add_up_exactly(total, weights):
    parts = money.apportion(total, dict(enumerate(weights)))

    assert sum(parts.values()) == total
    assert all(part >= 0 and part == part.quantize(Decimal("0.01")) for part in parts.values())
