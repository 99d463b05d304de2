"""A model of the report's money figures over a year of whole months, for the differencing tests.

A record is one funding or spend: a person, a month (1-12), the person's team, the delivery
mechanism of the budget it was on, a category and an amount in pence. `report` builds the money
cells of one period and breakdown as outcomes.reports does (sums per group, distinct people,
"All people" rows added up from the groups) and publishes them through the real rule
(outcomes.reports.disclosure.differencing_withheld and apply_sdc). test_differencing_db checks that the
SQL gives the same published figures as this model for a real council.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import Decimal

from outcomes.reports.disclosure import (
    Cell,
    Kind,
    MonthPeople,
    Published,
    apply_sdc,
    differencing_withheld,
)
from outcomes.reports.sections.sql import ALL_PEOPLE

SECTION = "money"
BREAKDOWNS = ("none", "team", "delivery_mechanism")
MONTHS = range(1, 13)
# Every whole-month period of a year an analyst who may not see people can ask for.
PERIODS = [(first, last) for first in MONTHS for last in MONTHS if first <= last]


@dataclass(frozen=True)
class Record:
    rid: int
    person: int
    month: int
    team: str
    mechanism: str
    measure: str  # "funded" or "spent"
    category: str
    pence: int

    def measures(self) -> tuple[str, ...]:
        return ("funded",) if self.measure == "funded" else ("spent", f"category:{self.category}")

    def group(self, breakdown: str) -> str:
        return {"none": ALL_PEOPLE, "team": self.team, "delivery_mechanism": self.mechanism}[breakdown]


def month_label(month: int) -> str:
    return f"m{month:02d}"


@dataclass(frozen=True)
class Report:
    period: tuple[int, int]
    breakdown: str
    published: dict[tuple[str, str], Published]  # (measure, group) → published cell
    records: dict[tuple[str, str], frozenset[int]]  # (measure, group) → record ids behind it

    def shown(self) -> Iterable[tuple[tuple[str, str], Published]]:
        return ((key, cell) for key, cell in self.published.items() if not cell.suppressed)


def report(records: list[Record], period: tuple[int, int], breakdown: str, *, rule: bool = True) -> Report:
    """The published money cells; `rule=False` leaves out the differencing rule (to show that
    the checks in test_differencing catch what it prevents)."""
    first, last = period
    pence: dict[tuple[str, str], int] = defaultdict(int)
    people: dict[tuple[str, str], set[int]] = defaultdict(set)
    ids: dict[tuple[str, str], set[int]] = defaultdict(set)
    monthly: dict[tuple[str, str, int], set[int]] = defaultdict(set)
    for record in records:
        if not first <= record.month <= last:
            continue
        for measure in record.measures():
            groups = [record.group(breakdown)] + ([ALL_PEOPLE] if breakdown != "none" else [])
            for position, group in enumerate(groups):
                monthly[(measure, group, record.month)].add(record.person)
                ids[(measure, group)].add(record.rid)
                if position == 0:
                    pence[(measure, group)] += record.pence
                    people[(measure, group)].add(record.person)
    cells = []
    for (measure, group), total in sorted(pence.items()):
        cells.append(
            Cell(SECTION, measure, group, Kind.MONEY, Decimal(total) / 100, len(people[(measure, group)]))
        )
    if breakdown != "none":  # as outcomes.reports._with_totals: added up from the groups
        totals: dict[str, tuple[int, int]] = defaultdict(lambda: (0, 0))
        for (measure, group), total in pence.items():
            amount, n = totals[measure]
            totals[measure] = (amount + total, n + len(people[(measure, group)]))
        cells = [
            Cell(SECTION, measure, ALL_PEOPLE, Kind.MONEY, Decimal(amount) / 100, n)
            for measure, (amount, n) in sorted(totals.items())
        ] + cells
    month_people = [
        MonthPeople(SECTION, measure, group, month_label(month), len(persons))
        for (measure, group, month), persons in monthly.items()
    ]
    withheld = differencing_withheld(month_people, cells, total=ALL_PEOPLE) if rule else set()
    controlled = apply_sdc([replace(c, withheld=(c.section, c.measure, c.group) in withheld) for c in cells])
    return Report(
        period,
        breakdown,
        {(p.measure, p.group): p for p in controlled},
        {key: frozenset(value) for key, value in ids.items()},
    )


def generated_council(
    seed: int, *, people: int, teams: tuple[str, ...], mechanisms: tuple[str, ...]
) -> list[Record]:
    """A council drawn as test_differencing's strategy draws one, from a fixed seed (for the
    database test, which cannot afford many examples)."""
    rng = random.Random(seed)
    records: list[Record] = []
    for person in range(people):
        team = rng.choice(teams)
        first = rng.randint(1, 12)
        last = rng.randint(first, 12)
        mechanism = rng.choice(mechanisms)
        switch = rng.choice([None, rng.randint(first, last)])
        payment = rng.randint(20_000, 130_000)
        for month in range(first, last + 1):
            held = (
                mechanism if switch is None or month < switch else mechanisms[1 - mechanisms.index(mechanism)]
            )
            records.append(Record(len(records), person, month, team, held, "funded", "", payment))
            for _ in range(rng.randint(0, 2)):
                category = rng.choice(("gym-leisure", "transport"))
                records.append(
                    Record(
                        len(records), person, month, team, held, "spent", category, rng.randint(100, 30_000)
                    )
                )
    return records
