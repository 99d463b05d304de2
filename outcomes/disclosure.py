"""Statistical disclosure control for aggregate reports (domain.md §13, §19.2). Pure functions.

NHS Digital's sub-national rule: a count of people 0 stays 0, 1–7 becomes "*", anything else is
rounded to the nearest 5; a mean or median is shown only over 8 or more people; a percentage is
computed from the *rounded* numerator and denominator (1 decimal place only when the rounded
denominator is 4,000 or more); totals are summed from unrounded values and then rounded on their
own (report builders pass totals as their own rows). Money totals over fewer than 8 people are
suppressed too, as a sum over one or two people discloses what they spent.

`apply_sdc` runs in the report job before anything is written or shown.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

SUPPRESSED = "*"
MIN_PEOPLE = 8
ROUND_TO = 5
ONE_DP_FROM = 4000


class Kind(StrEnum):
    COUNT = "count"  # a count of people (or of their goals, activities, reviews)
    MONEY = "money"  # a sum of money over `denominator` people
    MEAN = "mean"  # a mean over `denominator` people
    PERCENT = "percent"  # value = numerator count, denominator = denominator count


@dataclass(frozen=True)
class Cell:
    """One measure before control. `denominator` is the people behind it (for MONEY and MEAN),
    or the denominator count (for PERCENT); None for plain counts."""

    section: str
    measure: str
    group: str
    kind: Kind
    value: Decimal | int | float
    denominator: int | None = None
    unit: str = ""


@dataclass(frozen=True)
class Published:
    """One measure after control: `value` and `denominator` are what may be shown or written."""

    section: str
    measure: str
    group: str
    kind: Kind
    value: str | int | Decimal
    denominator: str | int | None
    unit: str
    suppressed: bool

    def as_dict(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "measure": self.measure,
            "group": self.group,
            "kind": str(self.kind),
            "value": self.value,
            "denominator": self.denominator,
            "unit": self.unit,
            "suppressed": self.suppressed,
        }


def round_count(count: int) -> int | str:
    """0 → 0; 1–7 → "*"; otherwise the nearest multiple of 5 (halves up: 12.5 never occurs)."""
    if count < 0:
        raise ValueError("a count cannot be negative")
    if count == 0:
        return 0
    if count < MIN_PEOPLE:
        return SUPPRESSED
    return int((Decimal(count) / ROUND_TO).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * ROUND_TO


def percent(numerator: int, denominator: int) -> str:
    """Percentage from the rounded figures: 23 of 118 → 25 / 120 → "21%" (whole number below
    4,000), "*" when either rounded figure is suppressed, "0%" for 0 of n."""
    num, den = round_count(numerator), round_count(denominator)
    if num == SUPPRESSED or den == SUPPRESSED or den == 0:
        return SUPPRESSED
    assert isinstance(num, int) and isinstance(den, int)
    places = Decimal("0.1") if den >= ONE_DP_FROM else Decimal(1)
    return f"{(Decimal(num) * 100 / den).quantize(places, rounding=ROUND_HALF_UP)}%"


def control(cell: Cell) -> Published:
    """Apply the rule to one cell."""
    value: str | int | Decimal
    denominator: str | int | None = cell.denominator
    if cell.kind is Kind.COUNT:
        value = round_count(int(cell.value))
        denominator = None
    elif cell.kind is Kind.PERCENT:
        den = int(cell.denominator or 0)
        value = percent(int(cell.value), den)
        denominator = round_count(den)
    elif cell.kind is Kind.MEAN:
        people = int(cell.denominator or 0)
        value = SUPPRESSED if people < MIN_PEOPLE else Decimal(str(cell.value)).quantize(Decimal("0.01"))
        denominator = round_count(people)
    elif cell.kind is Kind.MONEY:
        people = int(cell.denominator or 0)
        money = Decimal(cell.value).quantize(Decimal("0.01"))
        value = SUPPRESSED if 0 < people < MIN_PEOPLE else money
        denominator = round_count(people)
    else:  # pragma: no cover - Kind is closed
        raise ValueError(cell.kind)
    return Published(
        section=cell.section,
        measure=cell.measure,
        group=cell.group,
        kind=cell.kind,
        value=value,
        denominator=denominator,
        unit=cell.unit,
        suppressed=value == SUPPRESSED,
    )


def apply_sdc(table: list[Cell]) -> list[Published]:
    """The published table: every cell controlled on its own, order kept."""
    return [control(cell) for cell in table]


def unsuppressed(table: list[Cell]) -> list[Published]:
    """The same shape without control: only for the on-screen view a council has allowed
    (Council.unsuppressed_view_allowed); never written to a file."""
    published = []
    for cell in table:
        value: str | int | Decimal = (
            cell.value if not isinstance(cell.value, float) else Decimal(str(round(cell.value, 2)))
        )
        if cell.kind is Kind.PERCENT:
            den = int(cell.denominator or 0)
            value = f"{Decimal(int(cell.value)) * 100 / den:.1f}%" if den else "0%"
        published.append(replace(control(cell), value=value, denominator=cell.denominator, suppressed=False))
    return published
