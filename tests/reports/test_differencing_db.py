"""The report's SQL publishes the money figures the differencing model does (test_differencing),
for a council generated into the database: every whole-month period of a year, every breakdown.
So the property proved on the model holds for the real reports."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from budgets import services as bs
from budgets.models import BudgetHolder, SpendCategory, User
from outcomes.reports import report_cells
from outcomes.reports.disclosure import apply_sdc
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR
from tests.reports.differencing_model import BREAKDOWNS, PERIODS, Record, generated_council, report

TEAMS = ("North team", "South team", "No team")
MECHANISMS = ("Direct payment", "CASSR managed personal budget")
YEAR = SEED_ANCHOR.year - 1  # a whole year that has ended


def _month(month: int) -> date:
    return date(YEAR, month, 1)


def _month_end(month: int) -> date:
    return add_months(_month(month), 1) - timedelta(days=1)


def _build(records: list[Record]) -> tuple[Any, dict[str, str]]:
    council = bs.council_create(name="Differencing Council", slug="differencing", la_code="E00000099")
    workers = {}
    for name in TEAMS:
        worker = User.objects.create_user(username=f"diff-{name.split()[0].lower()}", password="x")
        team = bs.team_create(council=council, name=name) if name != "No team" else None
        bs.membership_grant(user=worker, council=council, role="worker", team=team)
        workers[name] = worker
    categories = {c.code: c for c in SpendCategory.objects.filter(council=council)}
    people: dict[int, list[Record]] = {}
    for record in records:
        people.setdefault(record.person, []).append(record)
    for person, own in people.items():
        holder: BudgetHolder = bs.holder_create(
            council=council, council_person_id=f"D-{person}", full_name=f"Person {person}"
        )
        first = min(r.month for r in own)
        bs.caseload_assign(worker=workers[own[0].team], holder=holder, assigned_on=_month(first))
        plan = bs.care_plan_start(
            holder=holder, starts_on=_month(first), needs_in_own_words="x", area_codes=["a"]
        )
        budgets = {}
        spans: list[tuple[str, int, int]] = []
        for record in sorted(own, key=lambda r: r.month):
            if not spans or spans[-1][0] != record.mechanism:
                spans.append((record.mechanism, record.month, record.month))
            spans[-1] = (spans[-1][0], spans[-1][1], record.month)
        for mechanism, start, end in spans:
            budget = bs.budget_create(
                care_plan=plan,
                starts_on=_month(start),
                ends_on=_month_end(end),
                annual_amount=Decimal("5200"),
                delivery_mechanism=mechanism,
                payment_amount=Decimal("433.33"),
                payment_frequency="monthly",
            )
            budgets.update({month: budget for month in range(start, end + 1)})
        for record in own:
            budget, amount = budgets[record.month], Decimal(record.pence) / 100
            if record.measure == "funded":
                bs.funding_record(budget=budget, received_on=_month(record.month), amount=amount, actor=None)
            else:
                bs.spend_record(
                    budget=budget,
                    spent_on=_month(record.month) + timedelta(days=9),
                    amount=amount,
                    payee="Shop",
                    actor=None,
                    category=categories[record.category],
                    check_funds=False,
                )
    return council, {c.name: c.code for c in categories.values()}


def _measure(measure: str, codes: dict[str, str]) -> str:
    if measure.startswith("category:"):
        return "category:" + codes[measure.removeprefix("category:")]
    return measure


@pytest.mark.django_db
def test_the_sql_publishes_what_the_model_does() -> None:
    records = generated_council(11, people=16, teams=TEAMS, mechanisms=MECHANISMS)
    with time_machine.travel(SEED_ANCHOR, tick=False):
        council, codes = _build(records)
    compared = withheld = 0
    for breakdown in BREAKDOWNS:
        # Every period by team (the richest groups); from January or to December otherwise, to
        # keep the test quick (the model test covers every period of every breakdown).
        periods = PERIODS if breakdown == "team" else [(f, t) for f, t in PERIODS if f == 1 or t == 12]
        for first, last in periods:
            cells = report_cells(
                council_id=council.pk,
                period_start=_month(first),
                period_end=_month_end(last),
                breakdown=breakdown,
            )
            published = {
                (_measure(p.measure, codes), p.group): (p.value, p.suppressed)
                for p in apply_sdc(cells)
                if p.section == "money"
                and (p.measure in ("funded", "spent") or p.measure.startswith("category:"))
            }
            expected = {
                key: (cell.value, cell.suppressed)
                for key, cell in report(records, (first, last), breakdown).published.items()
            }
            assert published == expected, (breakdown, first, last)
            compared += len(expected)
            withheld += sum(1 for _value, suppressed in expected.values() if suppressed)
    assert compared > 1000 and withheld > 50  # the data exercise both outcomes
