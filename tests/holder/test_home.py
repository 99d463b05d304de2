"""The holder's home: money position, spend apportioned by goal and area, in fixed queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from budgets import services as budget_services
from budgets.models import PersonalBudget, Spend
from budgets.selectors import budget_current, budget_position
from outcomes.evidence.goals import spend_goals_link
from outcomes.holder.selectors.home import (
    UNLINKED,
    SpendRow,
    holder_home,
)
from outcomes.models import Goal
from tests.holder.conftest import TODAY
from tests.holder.helpers import first_goal

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]


def _budget(person: Any) -> PersonalBudget:
    budget = budget_current(holder=person, on=TODAY)
    assert budget is not None
    return budget


def _month_added(before: list[SpendRow], after: list[SpendRow], *, key: str) -> dict[str, Decimal]:
    """What this month's column gained per row between two summaries (rows that did not change
    are left out)."""
    was = {getattr(row, key): row.month for row in before}
    gained = {getattr(row, key): row.month - was.get(getattr(row, key), Decimal("0")) for row in after}
    return {label: amount for label, amount in gained.items() if amount}


def _goal(person: Any, **kwargs: Any) -> Goal:
    from outcomes.evidence.goals import goal_create

    return goal_create(holder=person, actor=None, **kwargs)


def test_spend_is_apportioned_by_share_then_equally_across_areas(person_a, holder_a) -> None:
    """£10.00 split 2:1 between a goal with 3 areas and a goal with 1: every part in pence,
    and the parts add up to the whole. The demo's own spend this month (if today is past its
    first spend day) stays as it was: the new spend adds exactly its parts."""
    one = _goal(person_a, own_words="Goal one", area_codes=["b", "e", "f"])
    two = _goal(person_a, own_words="Goal two", area_codes=["g"])
    budget = _budget(person_a)
    before = holder_home(holder=person_a, today=TODAY)
    spend = budget_services.spend_record(
        budget=budget, spent_on=TODAY, amount=Decimal("10.00"), payee="Gym", actor=holder_a
    )
    spend_goals_link(
        spend=spend, goals=[one, two], shares={one.pk: Decimal("0.6666"), two.pk: Decimal("0.3333")}
    )

    summary = holder_home(holder=person_a, today=TODAY)

    by_goal = _month_added(before.by_goal, summary.by_goal, key="label")
    by_area = _month_added(before.by_area, summary.by_area, key="key")
    assert by_goal == {"Goal one": Decimal("6.67"), "Goal two": Decimal("3.33")}
    assert by_area == {"b": Decimal("2.23"), "e": Decimal("2.22"), "f": Decimal("2.22"), "g": Decimal("3.33")}
    assert summary.month_total == before.month_total + Decimal("10.00")
    assert summary.year_total == before.year_total + Decimal("10.00")
    assert sum(row.year for row in summary.by_area) == summary.year_total
    assert sum(row.year for row in summary.by_goal) == summary.year_total


def test_unlinked_spend_is_shown_as_such(person_a, holder_a) -> None:
    budget = _budget(person_a)
    before = holder_home(holder=person_a, today=TODAY)
    budget_services.spend_record(
        budget=budget, spent_on=TODAY, amount=Decimal("4.20"), payee="Shop", actor=holder_a
    )

    summary = holder_home(holder=person_a, today=TODAY)

    assert _month_added(before.by_goal, summary.by_goal, key="label") == {UNLINKED: Decimal("4.20")}
    assert _month_added(before.by_area, summary.by_area, key="label") == {UNLINKED: Decimal("4.20")}


def test_home_shows_money_and_weeks_against_the_limit(client_for, holder_a, person_a) -> None:
    position = budget_position(budget=_budget(person_a))

    response = client_for(holder_a).get("/my/")

    body = response.content.decode()
    assert f"£{position.balance:,.2f}" in body
    assert f"{position.weeks_held} weeks (the council’s limit is 8 weeks)" in body
    assert 'role="img"' in body and '<title id="chart-goal-title">Spend by goal</title>' in body
    assert "Next review" in body


def test_home_warns_and_says_what_to_do_above_the_limit(client_for, holder_a, person_a, council_a) -> None:
    budget = _budget(person_a)
    budget_services.funding_record(budget=budget, received_on=TODAY, amount=Decimal("5000.00"), actor=None)
    position = budget_position(budget=budget)

    body = client_for(holder_a).get("/my/").content.decode()

    assert position.above_limit
    assert f"You hold {position.weeks_held} weeks of payments. The council’s limit is 8 weeks" in body
    assert "talk to your social worker" in body


def test_imported_spend_waiting_for_goals_is_counted(client_for, holder_a, person_a) -> None:
    budget = _budget(person_a)
    for ref in ("T1", "T2"):
        budget_services.spend_record(
            budget=budget,
            spent_on=TODAY,
            amount=Decimal("3.00"),
            payee="Card",
            actor=None,
            external_reference=ref,
            source=Spend.Source.IMPORT,
            check_funds=False,
        )

    summary = holder_home(holder=person_a, today=TODAY)
    body = client_for(holder_a).get("/my/").content.decode()

    assert summary.imports_waiting == 2
    assert "2 spends from your card or bank are waiting to be linked to your goals" in body


def test_home_query_count_does_not_grow_with_spend(person_a, holder_a, django_assert_num_queries) -> None:
    """budget · totals · spends · links · goal areas · goals · next review · activities ·
    activity goals · imports waiting = 10, at N-1 and N spends."""
    budget = _budget(person_a)
    goal = first_goal(person_a)
    holder_home(holder=person_a, today=TODAY)  # warm-up
    for _ in range(2):
        with django_assert_num_queries(10):
            holder_home(holder=person_a, today=TODAY)
        spend = budget_services.spend_record(
            budget=budget, spent_on=TODAY, amount=Decimal("1.00"), payee="Gym", actor=holder_a
        )
        spend_goals_link(spend=spend, goals=[goal])
