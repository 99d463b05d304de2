"""Statistical disclosure control for aggregate reports (docs/domain/disclosure.md). Pure functions.

NHS Digital's sub-national rule: a count of people 0 stays 0, 1–7 becomes "*", anything else is
rounded to the nearest 5; a mean or median is shown only over 8 or more people; a percentage is
computed from the *rounded* numerator and denominator (1 decimal place only when the rounded
denominator is 4,000 or more); totals are summed from unrounded values and then rounded on their
own (report builders pass totals as their own rows). Money totals over fewer than 8 people are
suppressed too, as a sum over one or two people discloses what they spent, and money is rounded
to the nearest £100.

Differencing (docs/reports.md "Differencing"): two reports whose periods differ a little would
give the money of the few people in the difference. So people who may not see people ask for
whole calendar months only, and `differencing_withheld` withholds a money figure of a report
wherever one of its months holds a small group (or is the one that would reveal it), the same
decision in every report that contains that month.

`apply_sdc` runs in the report job before anything is written or shown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

SUPPRESSED = "*"
MIN_PEOPLE = 8
ROUND_TO = 5
ONE_DP_FROM = 4000
# Money is published to the nearest £100: about one transaction (they run £50-£325 a time) and
# at most 3% of the smallest figure a month can publish (8 people spend £1,700 or more).
MONEY_ROUND_TO = Decimal(100)


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
    # Withheld by the differencing rule (differencing_withheld): shown as "*" like a small number.
    withheld: bool = False


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


def round_money(amount: Decimal) -> Decimal:
    """To the nearest MONEY_ROUND_TO (halves up), kept to pence: 1,249.99 → 1,200.00."""
    units = (Decimal(amount) / MONEY_ROUND_TO).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return (units * MONEY_ROUND_TO).quantize(Decimal("0.01"))


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
        value = SUPPRESSED if 0 < people < MIN_PEOPLE else round_money(Decimal(cell.value))
        denominator = round_count(people)
    else:  # pragma: no cover - Kind is closed
        raise ValueError(cell.kind)
    if cell.withheld:
        value = SUPPRESSED
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


@dataclass(frozen=True)
class MonthPeople:
    """The people behind one money measure of one group in one calendar month ('YYYY-MM')."""

    section: str
    measure: str
    group: str
    month: str
    people: int


def small_groups(people: dict[str, int], *, total: str) -> set[str]:
    """The groups of one measure (one month, or one report) to withhold: each about 1-7 people,
    then, while the withheld groups together are about 1-7 people and the `total` row is
    shown, the next smallest group too, so that the total less the shown groups is about 8 or
    more people. With no group left to add, the total goes too."""
    withheld = {group for group, n in people.items() if 0 < n < MIN_PEOPLE}
    if total not in people or total in withheld:
        return withheld
    parts = {group: n for group, n in people.items() if group != total}
    while 0 < sum(parts[group] for group in withheld) < MIN_PEOPLE:
        shown = sorted((n, group) for group, n in parts.items() if group not in withheld and n > 0)
        if not shown:
            withheld.add(total)
            break
        withheld.add(shown[0][1])
    return withheld


def differencing_withheld(
    monthly: Iterable[MonthPeople], table: Iterable[Cell], *, total: str
) -> set[tuple[str, str, str]]:
    """(section, measure, group) of the money cells to withhold from a report.

    A money figure of a period is the sum of its months' figures (each record is in one month
    and one group whatever period is asked for), so it is withheld when any of its months
    withholds that group (`small_groups` on that month's people). Every report containing the
    month then withholds the same groups, and no difference or sum of published figures, from
    any reports, isolates a month's small group: it only ever adds whole months of shown groups
    and, within a month, the withheld groups together (8 or more people). Money cells that are
    not sums over months (the Value section, money above the limit) get `small_groups` on the
    report's own figures, so a total less its shown groups is never a small group either."""
    by_month: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for row in monthly:
        by_month[(row.section, row.measure, row.month)][row.group] = row.people
    withheld = {
        (section, measure, group)
        for (section, measure, _month), people in by_month.items()
        for group in small_groups(people, total=total)
    }
    by_report: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)
    for cell in table:
        if cell.kind is Kind.MONEY:
            by_report[(cell.section, cell.measure)][cell.group] = int(cell.denominator or 0)
    withheld.update(
        (section, measure, group)
        for (section, measure), people in by_report.items()
        for group in small_groups(people, total=total)
    )
    return withheld
