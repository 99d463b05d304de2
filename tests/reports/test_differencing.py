"""Differencing: no set of reports an analyst who may not see people can ask for (whole months of
one year, any breakdown) publishes money that, taken apart, is about 1-7 people.

Property-tested on generated councils through the real rule (outcomes.reports.disclosure) with the model
in differencing_model.py; test_differencing_db shows the SQL publishes what the model does.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from itertools import combinations_with_replacement

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from outcomes.reports.disclosure import (
    MIN_PEOPLE,
    MONEY_ROUND_TO,
    small_groups,
)
from outcomes.reports.sections.sql import ALL_PEOPLE
from tests import hypothesis_profiles
from tests.reports.differencing_model import BREAKDOWNS, MONTHS, PERIODS, Record, Report, report

TEAMS = ("North team", "South team", "No team")
MECHANISMS = ("Direct payment", "CASSR managed personal budget")
CATEGORIES = ("gym-leisure", "transport")


@st.composite
def councils(draw: st.DrawFn) -> list[Record]:
    """8-20 people, each with a budget over some months (some change delivery mechanism part way),
    a monthly payment, and 0-12 spends of £1-£300 in the months they hold the budget."""
    records: list[Record] = []
    for person in range(draw(st.integers(min_value=8, max_value=20))):
        team = draw(st.sampled_from(TEAMS))
        first = draw(st.integers(min_value=1, max_value=12))
        last = draw(st.integers(min_value=first, max_value=12))
        mechanism = draw(st.sampled_from(MECHANISMS))
        switch = draw(st.one_of(st.none(), st.integers(min_value=first, max_value=last)))
        payment = draw(st.integers(min_value=20_000, max_value=130_000))

        def mechanism_in(month: int, mechanism: str = mechanism, switch: int | None = switch) -> str:
            return (
                mechanism if switch is None or month < switch else MECHANISMS[1 - MECHANISMS.index(mechanism)]
            )

        for month in range(first, last + 1):
            records.append(
                Record(len(records), person, month, team, mechanism_in(month), "funded", "", payment)
            )
        spends = st.tuples(
            st.integers(min_value=first, max_value=last),
            st.sampled_from(CATEGORIES),
            st.integers(min_value=100, max_value=30_000),
        )
        for month, category, pence in draw(st.lists(spends, max_size=12)):
            records.append(
                Record(len(records), person, month, team, mechanism_in(month), "spent", category, pence)
            )
    return records


def _reports(records: list[Record], *, rule: bool = True) -> list[Report]:
    return [report(records, period, breakdown, rule=rule) for breakdown in BREAKDOWNS for period in PERIODS]


def _people_by_month(records: list[Record]) -> dict[tuple[str, str, str, int], set[int]]:
    """(breakdown, measure, group, month) → the people behind that month's figure."""
    found: dict[tuple[str, str, str, int], set[int]] = defaultdict(set)
    for record in records:
        for breakdown in BREAKDOWNS:
            for measure in record.measures():
                for group in {record.group(breakdown), ALL_PEOPLE}:
                    found[(breakdown, measure, group, record.month)].add(record.person)
    return found


def _small(people: set[int]) -> bool:
    return 0 < len(people) < MIN_PEOPLE


def pair_violations(records: list[Record], reports: list[Report]) -> list[str]:
    """Pairs of published money figures whose difference is about 1-7 people: the same measure
    and group in two periods (any breakdown: "All people" is the same figure in each), and a
    group against "All people" in the same report. Also checks the published difference is the
    true one within the rounding (±£100, two figures each within £50)."""
    by_month = _people_by_month(records)
    records_by_id = {r.rid: r for r in records}
    found = []
    shown: dict[tuple[str, str, str], dict[tuple[int, int], Decimal]] = defaultdict(dict)
    truth: dict[tuple[str, str, str], dict[tuple[int, int], Decimal]] = defaultdict(dict)
    for rep in reports:
        for (measure, group), cell in rep.shown():
            key = ("any" if group == ALL_PEOPLE else rep.breakdown, measure, group)
            shown[key][rep.period] = Decimal(cell.value)
            pence = sum(records_by_id[rid].pence for rid in rep.records[(measure, group)])
            truth[key][rep.period] = Decimal(pence) / 100
        for measure, group in [key for key, _cell in rep.shown()]:
            total = rep.published.get((measure, ALL_PEOPLE))
            if group == ALL_PEOPLE or total is None or total.suppressed:
                continue
            others = rep.records[(measure, ALL_PEOPLE)] - rep.records[(measure, group)]
            if _small({records_by_id[rid].person for rid in others}):
                found.append(f"{rep.breakdown} {rep.period} {measure}: All people less {group}")
    for (breakdown, measure, group), periods in shown.items():
        source = "none" if breakdown == "any" else breakdown
        for p1, p2 in combinations_with_replacement(sorted(periods), 2):
            months = set(range(p1[0], p1[1] + 1)) ^ set(range(p2[0], p2[1] + 1))
            people = set().union(*(by_month.get((source, measure, group, m), set()) for m in months))
            if _small(people):
                found.append(f"{breakdown} {measure} {group}: {p1} less {p2} is about {len(people)} people")
            error = (periods[p1] - periods[p2]) - (
                truth[(breakdown, measure, group)][p1] - truth[(breakdown, measure, group)][p2]
            )
            assert abs(error) <= MONEY_ROUND_TO
    return found


def block_violations(records: list[Record], reports: list[Report]) -> list[str]:
    """Any combination of published money figures, from any of the reports of one breakdown and
    the reports with no breakdown, adds up month figures of groups. In a month, a group shown in
    some report can be taken apart from the rest; the groups shown in none come only together
    (inside "All people"). So every shown group, every month's "All people" that is shown, and
    every month's never-shown groups together must each be about 0 or 8 or more people."""
    by_month = _people_by_month(records)
    found = []
    for breakdown in BREAKDOWNS[1:]:
        for measure in {m for r in records for m in r.measures()}:
            for month in MONTHS:
                covering = [r for r in reports if r.period[0] <= month <= r.period[1]]
                shown_groups = {
                    group
                    for r in covering
                    if r.breakdown == breakdown
                    for (m, group), cell in r.shown()
                    if m == measure and group != ALL_PEOPLE
                }
                all_shown = any(
                    not cell.suppressed
                    for r in covering
                    for (m, group), cell in r.published.items()
                    if m == measure and group == ALL_PEOPLE
                )
                groups = {g for (b, m, g, mo) in by_month if (b, m, mo) == (breakdown, measure, month)}
                groups.discard(ALL_PEOPLE)
                for group in shown_groups:
                    if _small(by_month[(breakdown, measure, group, month)]):
                        found.append(f"{breakdown} {measure} {group} in month {month}")
                if all_shown:
                    hidden = set().union(
                        *(by_month[(breakdown, measure, g, month)] for g in groups - shown_groups)
                    )
                    if _small(hidden) or _small(by_month[(breakdown, measure, ALL_PEOPLE, month)]):
                        found.append(f"{breakdown} {measure}: hidden groups of month {month}")
    return found


@settings(
    max_examples=hypothesis_profiles.examples(20),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(councils())
def test_no_set_of_whole_month_reports_reveals_a_small_group(records: list[Record]) -> None:
    reports = _reports(records)
    assert pair_violations(records, reports) == []
    assert block_violations(records, reports) == []


def _attack_council() -> list[Record]:
    """Ten people spend every month; in December only three of them do."""
    records: list[Record] = []
    for person in range(10):
        for month in MONTHS:
            if month < 12 or person < 3:
                records.append(
                    Record(
                        len(records),
                        person,
                        month,
                        TEAMS[person % 2],
                        MECHANISMS[0],
                        "spent",
                        "gym-leisure",
                        5_014,
                    )
                )
    return records


def test_the_checks_catch_what_the_rule_prevents() -> None:
    """Without the rule, January-December less January-November is December's three people."""
    records = _attack_council()
    unprotected = _reports(records, rule=False)
    assert "any spent All people: (1, 11) less (1, 12) is about 3 people" in pair_violations(
        records, unprotected
    )
    assert block_violations(records, unprotected)
    protected = _reports(records)
    assert pair_violations(records, protected) == block_violations(records, protected) == []
    year = report(records, (1, 12), "none").published[("spent", ALL_PEOPLE)]
    to_november = report(records, (1, 11), "none").published[("spent", ALL_PEOPLE)]
    assert (year.value, year.suppressed) == ("*", True)
    assert (to_november.value, to_november.suppressed) == (Decimal("5500.00"), False)  # £5,515.40


def test_small_groups_withholds_a_second_group_beside_a_small_one() -> None:
    people = {ALL_PEOPLE: 30, "North team": 3, "South team": 12, "East team": 15}
    assert small_groups(people, total=ALL_PEOPLE) == {"North team", "South team"}
    assert small_groups({ALL_PEOPLE: 9, "North team": 3, "South team": 6}, total=ALL_PEOPLE) == {
        "North team",
        "South team",
    }
    assert small_groups({ALL_PEOPLE: 7, "North team": 3, "South team": 4}, total=ALL_PEOPLE) == {
        "North team",
        "South team",
        ALL_PEOPLE,
    }
    assert small_groups({ALL_PEOPLE: 10, "North team": 3, "South team": 4, "East": 3}, total=ALL_PEOPLE) == {
        "North team",
        "South team",
        "East",
    }
    assert small_groups({ALL_PEOPLE: 5}, total=ALL_PEOPLE) == {ALL_PEOPLE}
    assert small_groups({ALL_PEOPLE: 20, "North team": 8, "South team": 12}, total=ALL_PEOPLE) == set()
