"""Bulk synthetic seeding: `manage.py seed --holders N` (seeds/bulk.py)."""

from __future__ import annotations

from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from budgets.models import BudgetHolder, CaseloadAssignment, Funding, PersonalBudget, Refund, Spend
from outcomes.models import Goal, GoalRating, Review, SpendGoalLink, WellbeingCheck
from seeds.bulk import seed_holders
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _bulk_holders() -> Any:
    return BudgetHolder.objects.filter(council_person_id__startswith="BULK-")


def test_seed_holders_adds_exact_rows() -> None:
    added = seed_holders(count=20, anchor=SEED_ANCHOR)

    assert sorted(added.values()) == [10, 10]
    holders = _bulk_holders()
    assert holders.count() == 20
    assert PersonalBudget.objects.filter(holder__in=holders).count() == 20
    # 12 monthly payments each; spends on the 4th, 11th, 18th and 25th of each month up to the
    # anchor: 11 full months × 4, and the anchor's month so far (none on the default 2 November).
    this_month = sum(1 for day in (4, 11, 18, 25) if day <= SEED_ANCHOR.day)
    assert Funding.objects.filter(budget__holder__in=holders).count() == 240
    assert Spend.objects.filter(budget__holder__in=holders).count() == 20 * (11 * 4 + this_month)
    assert WellbeingCheck.objects.filter(holder__in=holders).count() == 240
    assert Review.objects.filter(holder__in=holders, status="signed_off").count() == 20
    assert Review.objects.filter(holder__in=holders, status="scheduled").count() == 20
    goals = Goal.objects.filter(holder__in=holders)
    assert 20 <= goals.count() <= 60
    # Quarterly ratings (months 3, 6, 9, 12): 4 per goal.
    assert GoalRating.objects.filter(goal__in=goals).count() == goals.count() * 4
    assert all(goal.wellbeing_areas.exists() for goal in goals)
    assert CaseloadAssignment.objects.filter(holder__in=holders).count() == 20


def test_seed_balances_never_negative() -> None:
    seed_holders(count=20, anchor=SEED_ANCHOR)

    for budget in PersonalBudget.objects.filter(holder__in=_bulk_holders()):
        funded = Funding.objects.filter(budget=budget).aggregate(t=Sum("amount"))["t"]
        spent = Spend.objects.filter(budget=budget).aggregate(t=Sum("amount"))["t"] or Decimal(0)
        refunded = Refund.objects.filter(budget=budget).aggregate(t=Sum("amount"))["t"] or Decimal(0)
        assert funded - spent + refunded >= 0


def test_seed_links_stay_within_the_holder() -> None:
    seed_holders(count=20, anchor=SEED_ANCHOR)

    links = SpendGoalLink.objects.filter(spend__budget__holder__in=_bulk_holders())
    assert links.exists()
    assert not links.exclude(goal__holder_id=F("spend__budget__holder_id")).exists()


def test_seed_again_adds_new_ids_and_is_deterministic() -> None:
    seed_holders(count=4, anchor=SEED_ANCHOR)
    first = list(_bulk_holders().order_by("council_person_id").values_list("council_person_id", "full_name"))
    call_command("seed", "--holders", "4", "--anchor", SEED_ANCHOR.isoformat(), "--force", stdout=StringIO())

    ids = list(_bulk_holders().order_by("council_person_id").values_list("council_person_id", flat=True))
    assert len(ids) == len(set(ids)) == 8
    assert [i for i, _ in first] == [
        "BULK-E07000999-000001",
        "BULK-E07000999-000002",
        "BULK-E10000099-000001",
        "BULK-E10000099-000002",
    ]
    # Same council and number → same random stream → same name.
    assert first == sorted(first)


def test_seed_refuses_to_run_with_debug_off_unless_forced():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="published password"):
        call_command("seed", stdout=StringIO())


def test_ensure_holders_tops_up_once_and_then_changes_nothing():
    from budgets.models import BudgetHolder

    for _ in range(2):
        call_command(
            "seed", "--ensure-holders", "6", "--anchor", SEED_ANCHOR.isoformat(), "--force", stdout=StringIO()
        )

    assert BudgetHolder.objects.filter(council_person_id__startswith="BULK-").count() == 6
