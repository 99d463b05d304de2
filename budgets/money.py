"""Money arithmetic: weekly amounts, weeks held, surplus and apportioning to the penny.

Pure functions over Decimal; no database. Rules: docs/domain/money.md.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

PENNY = Decimal("0.01")
# The most one spend a person records may be (docs/domain/money.md#amounts): a typing slip of
# a few extra zeros is refused rather than emptying the budget on paper.
MAX_SPEND = Decimal("1000000.00")
WEEKS_PER_YEAR = 52

# DHSC units per week for CLD Cost_Frequency_Unit_Type (docs/domain/wellbeing.md#payment-frequency).
WEEKLY_FACTOR: dict[str, Fraction] = {
    "weekly": Fraction(1),
    "fortnightly": Fraction(1, 2),
    "4-weekly": Fraction(1, 4),
    "monthly": Fraction(12, 52),
    "quarterly": Fraction(4, 52),
    "annually": Fraction(1, 52),
}

K = TypeVar("K", bound=Hashable)


def to_pounds(value: Fraction | Decimal | int) -> Decimal:
    """Round half up to the penny: the council's statements round this way."""
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(PENNY, rounding=ROUND_HALF_UP)


def weekly_from_annual(annual_amount: Decimal) -> Decimal:
    return to_pounds(Fraction(annual_amount) / WEEKS_PER_YEAR)


def weekly_from_payment(
    payment_amount: Decimal, frequency: str, units_per_week: Decimal | None = None
) -> Decimal:
    """Weekly cost of a payment: amount × DHSC units per week; hourly/daily/per-session lines use
    the planned units per week. £50 monthly → £11.54; £130 quarterly → £10.00; £15 × 10 → £150."""
    if frequency in WEEKLY_FACTOR:
        return to_pounds(Fraction(payment_amount) * WEEKLY_FACTOR[frequency])
    if units_per_week is None:
        raise ValueError(f"a {frequency!r} cost needs planned units per week")
    return to_pounds(Fraction(payment_amount) * Fraction(units_per_week))


def weeks_held(balance: Decimal, weekly_amount: Decimal) -> Decimal:
    """Balance in weeks of payments, to one decimal place (rounded down: never overstate)."""
    if weekly_amount <= 0:
        raise ValueError("weekly amount must be positive")
    return (balance / weekly_amount).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def contingency_limit(weekly_amount: Decimal, limit_weeks: int) -> Decimal:
    return to_pounds(weekly_amount * limit_weeks)


def surplus(balance: Decimal, weekly_amount: Decimal, limit_weeks: int) -> Decimal:
    """Money above the contingency limit; zero when at or below it. £1,900, £200/wk, 8 wks → £300."""
    return max(Decimal("0.00"), to_pounds(balance - contingency_limit(weekly_amount, limit_weeks)))


def apportion(total: Decimal, weights: Mapping[K, Decimal | int | Fraction]) -> dict[K, Decimal]:
    """Split `total` across keys in proportion to `weights`, in whole pence.

    Each part is rounded down to the penny and the pennies left over go to the largest part
    (the first such key on a tie), so the parts always add up to the total exactly.
    """
    if not weights:
        raise ValueError("nothing to apportion to")
    if any(Fraction(weight) <= 0 for weight in weights.values()):
        raise ValueError("weights must be positive")
    pence = int((total / PENNY).to_integral_value())
    if Decimal(pence) * PENNY != total:
        raise ValueError("total must be in whole pence")
    weight_sum = sum(Fraction(weight) for weight in weights.values())
    parts = {key: int(Fraction(pence) * Fraction(weight) / weight_sum) for key, weight in weights.items()}
    largest = max(weights, key=lambda key: Fraction(weights[key]))
    parts[largest] += pence - sum(parts.values())
    return {key: Decimal(part) * PENNY for key, part in parts.items()}
