"""The Care Act wellbeing report: one module per section, each a few aggregate SQL statements.

`report_cells` returns the unrounded table (never stored); callers pass it through
outcomes.reports.disclosure.apply_sdc before anything is written or shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

from outcomes.reports.disclosure import (
    Cell,
    Kind,
    MonthPeople,
    differencing_withheld,
)
from outcomes.reports.sections import activity, apportion, goals, money, people, reviews, value, wellbeing
from outcomes.reports.sections.sql import ALL_PEOPLE, Params

# Section key, title, and the builders that fill it, in report order.
SECTIONS: tuple[tuple[str, str, tuple[Callable[[Params], list[Cell]], ...]], ...] = (
    ("people", "People", (people.cells,)),
    ("money", "Money", (money.cells, apportion.cells)),
    ("goals", "Goals", (goals.cells,)),
    ("wellbeing", "Wellbeing (ONS4)", (wellbeing.cells,)),
    ("activity", "Activity", (activity.cells,)),
    ("reviews", "Reviews", (reviews.cells,)),
    ("value", "Value", (value.cells,)),
)
SECTION_TITLES = {key: title for key, title, _ in SECTIONS}
# The people behind each money measure month by month, for the differencing rule.
MONTHLY: tuple[Callable[[Params], list[MonthPeople]], ...] = (money.month_people, apportion.month_people)


def report_cells(*, council_id: int, period_start: date, period_end: date, breakdown: str) -> list[Cell]:
    params = Params(council_id, period_start, period_end, breakdown)
    table: list[Cell] = []
    for _key, _title, builders in SECTIONS:
        section: list[Cell] = []
        for build in builders:
            section.extend(build(params))
        if breakdown != "none":
            section = _with_totals(section)
        table.extend(section)
    monthly = [row for people_by_month in MONTHLY for row in people_by_month(params)]
    withheld = differencing_withheld(monthly, table, total=ALL_PEOPLE)
    return [
        _finalise(
            replace(cell, withheld=True) if (cell.section, cell.measure, cell.group) in withheld else cell
        )
        for cell in table
    ]


def _with_totals(cells: list[Cell]) -> list[Cell]:
    """Add an "All people" row per measure, summed from the unrounded group values (people sit in
    exactly one group), so SDC rounds each total on its own."""
    totals: dict[tuple[str, str], Cell] = {}
    for cell in cells:
        key = (cell.section, cell.measure)
        seen = totals.get(key)
        if seen is None:
            totals[key] = replace(cell, group=ALL_PEOPLE)
        else:
            den = None if seen.denominator is None else seen.denominator + (cell.denominator or 0)
            totals[key] = replace(seen, value=seen.value + cell.value, denominator=den)  # type: ignore[operator]
    return list(totals.values()) + cells


def _finalise(cell: Cell) -> Cell:
    """MEAN cells carry a sum while groups are combined; divide once at the end."""
    if cell.kind is not Kind.MEAN:
        return cell
    n = cell.denominator or 0
    mean = float(Decimal(str(cell.value)) / n) if n else 0.0
    return replace(cell, value=mean)
