"""`manage.py seed` on a demo seeded months ago brings it up to today (seeds/catch_up.py)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from budgets import services
from budgets.models import BudgetHolder, Funding, PersonalBudget, Spend
from budgets.selectors import budget_current
from outcomes.models import Activity, WellbeingCheck
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR, at

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# Two months on, the demo's budget period (the 12 months to the end of the anchor's month) has
# ended and two monthly payments are missing.
LATER = add_months(SEED_ANCHOR, 2)
PEOPLE = 12  # six story holders in each demo council


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (PersonalBudget, Funding, Spend, Activity, WellbeingCheck)
    }


def _seed() -> str:
    out = StringIO()
    call_command("seed", "--force", stdout=out)
    return out.getvalue()


def test_a_stale_demo_is_brought_up_to_today_and_keeps_what_people_added(person_a, holder_a):
    budget = budget_current(holder=person_a, on=SEED_ANCHOR)
    assert budget is not None
    with time_machine.travel(at(12), tick=False):
        by_hand = services.spend_record(
            budget=budget, spent_on=SEED_ANCHOR, amount=Decimal("3.10"), payee="Added by hand", actor=holder_a
        )
    before = _counts()

    with time_machine.travel(at(12, on=LATER), tick=False):
        output = _seed()
        after = _counts()
        # Today's spend is accepted again: the demo has a budget, and money, for today.
        later_budget = budget_current(holder=person_a, on=LATER)
        assert later_budget is not None
        today_spend = services.spend_record(
            budget=later_budget,
            spent_on=LATER,
            amount=Decimal("1.00"),
            payee="Pool",
            actor=holder_a,
        )

    assert "Brought the demo up to date for 12 people" in output
    assert after["PersonalBudget"] - before["PersonalBudget"] == PEOPLE  # one new period each
    assert after["Funding"] - before["Funding"] == PEOPLE * 2  # two monthly payments each
    for holder in BudgetHolder.objects.all():
        current = budget_current(holder=holder, on=LATER)
        assert current is not None, holder.council_person_id
        first = PersonalBudget.objects.filter(holder=holder).order_by("starts_on").first()
        assert first is not None
        assert (current.starts_on, current.annual_amount) == (
            add_months(SEED_ANCHOR.replace(day=1), 1),
            first.annual_amount,
        )
        assert Funding.objects.filter(budget__holder=holder, received_on=LATER.replace(day=1)).count() == 1
    # What the person added is untouched, and the catch-up starts after it.
    by_hand.refresh_from_db()
    assert (by_hand.spent_on, by_hand.amount, by_hand.payee) == (
        SEED_ANCHOR,
        Decimal("3.10"),
        "Added by hand",
    )
    added_later = Spend.objects.filter(budget__holder=person_a, pk__gt=by_hand.pk).exclude(pk=today_spend.pk)
    assert not added_later.filter(spent_on__lte=SEED_ANCHOR).exists()
    assert added_later.exists()
    # The person with no activity for 8 weeks is still quiet.
    quiet = BudgetHolder.objects.get(council_person_id="NS-0004")
    assert not Activity.objects.filter(holder=quiet, done_on__gt=LATER - timedelta(weeks=8)).exists()
    assert Activity.objects.filter(holder=person_a, done_on__gt=SEED_ANCHOR).exists()


def test_seeding_again_the_same_day_adds_nothing():
    with time_machine.travel(at(12, on=LATER), tick=False):
        _seed()
        before = _counts()
        output = _seed()

    assert "The demo is up to date: nothing to add." in output
    assert _counts() == before


def test_a_fresh_demo_needs_no_catching_up():
    before = _counts()

    with time_machine.travel(at(12), tick=False):
        output = _seed()

    assert "The demo is up to date: nothing to add." in output
    assert _counts() == before
