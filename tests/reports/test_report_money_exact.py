"""Money sums in the report are exact decimals on SQLite as on PostgreSQL.

SQLite keeps a DecimalField as a float, so SUM(amount) there adds floats: 0.10 + 0.20 is
0.30000000000000004, and a balance of exactly the contingency limit can come out a hair above
it (the person was then counted above the limit with £0.00 over it). The sections sum whole
pence instead (sections/sql.py in_pence)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from budgets import services as bs
from budgets.models import Council, Funding, PersonalBudget
from outcomes.reports.sections import money as money_section
from outcomes.reports.sections.sql import Params

pytestmark = pytest.mark.django_db
START, END = date(2024, 1, 1), date(2024, 3, 31)
# 200 payments of 10p and 20p: £30.00 exactly, which floats add up to 30.000000000000004.
PAYMENTS = [Decimal("0.10"), Decimal("0.20")] * 100
LIMIT = Decimal("30.00")  # £1,560 a year is £30.00 a week; a limit of 1 week


def _budget_funded(council: Council, n: int, payments: list[Decimal]) -> PersonalBudget:
    holder = bs.holder_create(council=council, council_person_id=f"X-{n}", full_name=f"Person {n}")
    plan = bs.care_plan_start(holder=holder, starts_on=START, needs_in_own_words="x", area_codes=["a"])
    budget = bs.budget_create(
        care_plan=plan,
        starts_on=START,
        ends_on=END,
        annual_amount=Decimal("1560.00"),
        delivery_mechanism=PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT,
        payment_amount=Decimal("100.00"),
        payment_frequency="monthly",
        contingency_weeks=1,
    )
    Funding.objects.bulk_create(
        Funding(budget=budget, received_on=START + timedelta(days=i % 90), amount=amount)
        for i, amount in enumerate(payments)
    )
    return budget


def test_money_sums_are_exact_where_floats_are_not() -> None:
    assert sum(float(p) for p in PAYMENTS) != float(sum(PAYMENTS))  # the data is a float trap
    council = bs.council_create(name="Exact", slug="exact", la_code="E00000078")
    _budget_funded(council, 1, PAYMENTS)  # exactly at the limit: not above it
    _budget_funded(council, 2, [*PAYMENTS, Decimal("0.01")])  # one penny above

    cells = {c.measure: c for c in money_section.cells(Params(council.pk, START, END, "none"))}

    funded = cells["funded"].value
    assert isinstance(funded, Decimal) and funded == Decimal("60.01") and str(funded) == "60.01"
    assert (cells["people_above_limit"].value, cells["money_above_limit"].value) == (1, Decimal("0.01"))
    assert cells["money_above_limit"].denominator == 1
    assert sum(PAYMENTS) == LIMIT
