"""The report's SQL and budgets.money agree on the two money rules both implement, on generated
data: apportioning spend to wellbeing areas (sections/apportion.py vs money.apportion applied by
share, then equally by area code) and money above the contingency limit (sections/money.py vs
money.surplus, as the budget page shows it)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgets import money
from budgets import services as bs
from budgets.models import BudgetHolder, Council, PersonalBudget
from outcomes.evidence import goals as goal_services
from outcomes.models import Goal
from outcomes.reports.sections import apportion
from outcomes.reports.sections import money as money_section
from outcomes.reports.sections.sql import Params, rows

pytestmark = pytest.mark.django_db
# A quarter well in the past, whatever the session's anchor.
START, END = date(2024, 1, 1), date(2024, 3, 31)
AREAS = tuple("abcdefghi")
# Examples write to the database inside one test: each runs in a savepoint rolled back after it.
DB_EXAMPLES = settings(suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)


@contextmanager
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _council(contingency_weeks: int = 8) -> Council:
    return bs.council_create(
        name="Rules", slug="rules", la_code="E00000077", contingency_weeks=contingency_weeks
    )


def _holder(council: Council, n: int) -> BudgetHolder:
    holder = bs.holder_create(council=council, council_person_id=f"R-{n}", full_name=f"Person {n}")
    bs.care_plan_start(holder=holder, starts_on=START, needs_in_own_words="x", area_codes=["a"])
    return holder


def _budget(holder: BudgetHolder, annual: Decimal, weeks: int | None = None) -> PersonalBudget:
    return bs.budget_create(
        care_plan=holder.care_plans.get(),
        starts_on=START,
        ends_on=END + timedelta(days=90),
        annual_amount=annual,
        delivery_mechanism=PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT,
        payment_amount=Decimal("100.00"),
        payment_frequency="monthly",
        contingency_weeks=weeks,
    )


def _pounds(pence: int) -> Decimal:
    return Decimal(pence) / 100


goal_areas = st.lists(st.sets(st.sampled_from(AREAS), min_size=1, max_size=4), min_size=1, max_size=4)
# A spend: its pence and its links as (goal index, share in ten-thousandths); no links = unlinked.
spends = st.lists(
    st.tuples(
        st.one_of(st.integers(1, 500), st.integers(1, 10**9)),
        st.lists(st.tuples(st.integers(0, 3), st.integers(1, 10_000)), max_size=4, unique_by=lambda t: t[0]),
    ),
    min_size=1,
    max_size=5,
)


@DB_EXAMPLES
@given(areas_of_goals=goal_areas, spend_links=spends)
def test_apportioning_in_sql_is_money_apportion(
    areas_of_goals: list[set[str]], spend_links: list[tuple[int, list[tuple[int, int]]]]
) -> None:
    with rolled_back():
        council = _council()
        holder = _holder(council, 1)
        budget = _budget(holder, Decimal("5200.00"))
        goals = [
            goal_services.goal_create(
                holder=holder, own_words=f"Goal {n}", area_codes=sorted(codes), actor=None
            )
            for n, codes in enumerate(areas_of_goals)
        ]
        expected: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        by_area: dict[str, Decimal] = defaultdict(Decimal)
        for n, (amount, links) in enumerate(spend_links):
            spend = bs.spend_record(
                budget=budget,
                spent_on=START + timedelta(days=n),
                amount=_pounds(amount),
                payee="Shop",
                actor=None,
                check_funds=False,
            )
            linked = {goals[i % len(goals)].pk: Decimal(units) / 10_000 for i, units in links}
            goal_services.spend_goals_link(
                spend=spend, goals=list(Goal.objects.filter(pk__in=linked)), shares=linked
            )
            if not linked:
                by_area[apportion.UNLINKED] += _pounds(amount)
                continue
            # Ties go to the lower goal id and to the first area by code: keys in that order.
            by_goal = money.apportion(_pounds(amount), {goal: linked[goal] for goal in sorted(linked)})
            for goal_id, part in by_goal.items():
                codes = sorted(Goal.objects.get(pk=goal_id).wellbeing_areas.values_list("code", flat=True))
                for code, area_part in money.apportion(part, dict.fromkeys(codes, 1)).items():
                    expected[(spend.pk, code)] += area_part
                    by_area[code] += area_part

        p = Params(council.pk, START, END, "none")
        parts = rows(f"WITH {apportion.parts_ctes(p)} SELECT spend_id, area, pence FROM area_parts", p.sql())
        in_sql: dict[tuple[int, str], Decimal] = defaultdict(Decimal)
        for spend_id, area, pence in parts:
            in_sql[(spend_id, area)] += _pounds(int(pence))
        assert in_sql == expected
        cells = {c.measure.removeprefix("spend_by_area:"): c.value for c in apportion.cells(p)}
        assert cells == {area: total for area, total in by_area.items()}
        assert sum(cells.values()) == sum(_pounds(amount) for amount, _links in spend_links)


# Money on one budget, in pence, as (kind, pence, days after the period end: <= 0 counts).
entries = st.lists(
    st.tuples(st.sampled_from(("funding", "spend", "refund")), st.integers(1, 10**8), st.integers(-80, 10)),
    max_size=6,
)
budgets = st.lists(
    st.tuples(
        st.integers(0, 2),  # whose budget: people 0 to 2
        st.one_of(st.integers(1, 60), st.integers(5200, 10**9)),  # annual amount in pence
        st.one_of(st.none(), st.integers(1, 52)),  # the budget's own limit in weeks
        entries,
        st.one_of(st.integers(-3, 3), st.integers(-(10**6), 10**6)),  # balance less limit, topped up
    ),
    min_size=1,
    max_size=4,
)


@DB_EXAMPLES
@given(council_weeks=st.integers(1, 52), budget_specs=budgets)
def test_money_above_the_limit_in_sql_is_money_surplus(
    council_weeks: int,
    budget_specs: list[tuple[int, int, int | None, list[tuple[str, int, int]], int]],
) -> None:
    with rolled_back():
        council = _council(council_weeks)
        holders: dict[int, BudgetHolder] = {}
        above_people: set[int] = set()
        above_money = Decimal("0.00")
        for person, annual, weeks, money_entries, top_up in budget_specs:
            holder = holders.get(person) or holders.setdefault(person, _holder(council, person))
            budget = _budget(holder, _pounds(annual), weeks)
            balance = 0
            for kind, pence, after_end in money_entries:
                day = END + timedelta(days=after_end)
                _record(budget, kind, pence, day)
                balance += (-pence if kind == "spend" else pence) if after_end <= 0 else 0
            weekly = money.weekly_from_annual(budget.annual_amount)
            limit_weeks = council_weeks if weeks is None else weeks
            # Bring the balance to the limit plus `top_up` pence, so balances at, just over and
            # just under the limit are common.
            missing = int(money.contingency_limit(weekly, limit_weeks) * 100) + top_up - balance
            if missing:
                _record(budget, "funding" if missing > 0 else "spend", abs(missing), END)
                balance += missing
            surplus = money.surplus(_pounds(balance), weekly, limit_weeks)
            if surplus > 0:
                above_people.add(holder.pk)
                above_money += surplus

        p = Params(council.pk, START, END, "none")
        cells = {c.measure: c for c in money_section.cells(p) if "above_limit" in c.measure}
        if not above_people:
            assert cells == {}
            return
        assert cells["people_above_limit"].value == len(above_people)
        assert cells["money_above_limit"].value == above_money
        assert cells["money_above_limit"].denominator == len(above_people)


def _record(budget: PersonalBudget, kind: str, pence: int, day: date) -> None:
    amount = _pounds(pence)
    if kind == "funding":
        bs.funding_record(budget=budget, received_on=day, amount=amount, actor=None)
    elif kind == "spend":
        bs.spend_record(
            budget=budget, spent_on=day, amount=amount, payee="Shop", actor=None, check_funds=False
        )
    else:
        bs.refund_record(budget=budget, refunded_on=day, amount=amount, payer="Shop", actor=None)
