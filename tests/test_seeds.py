from datetime import timedelta
from decimal import Decimal

import pytest

from budgets.models import BudgetHolder, Membership, PersonalBudget, Spend
from budgets.selectors import budget_position_from, budgets_with_totals
from outcomes.models import Activity, GoalRating, Review, WellbeingCheck
from seeds.personas import PERSONAS
from seeds.world import seed_world
from tests.clock import SEED_ANCHOR

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _table_counts() -> dict[str, int]:
    models = [BudgetHolder, Membership, PersonalBudget, Spend, Activity, GoalRating, WellbeingCheck, Review]
    return {model.__name__: model._default_manager.count() for model in models}


def test_seed_twice_changes_nothing():
    before = _table_counts()

    seed_world(anchor=SEED_ANCHOR + timedelta(days=18))  # any later day: the councils exist

    assert _table_counts() == before


def test_every_persona_exists_with_its_role():
    for persona in PERSONAS:
        assert Membership.objects.filter(user__username=persona.username, role=persona.role).count() == 1


def test_each_council_has_six_holders_and_one_above_the_limit():
    for prefix in ("NS", "SV"):
        holders = BudgetHolder.objects.filter(council_person_id__startswith=prefix)
        assert holders.count() == 6
        budgets = budgets_with_totals(
            PersonalBudget.objects.filter(holder__in=holders).select_related("holder__council")
        )
        above = sorted(b.holder.council_person_id for b in budgets if budget_position_from(b).above_limit)
        assert above == [f"{prefix}-0002"]


def test_one_overdue_review_per_council():
    overdue = Review.objects.filter(status=Review.Status.SCHEDULED, due_on__lt=SEED_ANCHOR)
    assert sorted(overdue.values_list("holder__council_person_id", flat=True)) == ["NS-0003", "SV-0003"]


def test_seeded_money_is_in_pence():
    assert all(
        amount == amount.quantize(Decimal("0.01"))
        for amount in Spend.objects.values_list("amount", flat=True)
    )
