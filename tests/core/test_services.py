from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import IntegrityError, transaction

from budgets import errors, services
from budgets.models import Funding, PersonalBudget, Spend
from budgets.selectors import budget_current, budget_position
from tests.clock import MONTH_START, PERIOD_START, SEED_ANCHOR, at

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


@pytest.fixture
def budget_a(person_a):
    return budget_current(holder=person_a, on=SEED_ANCHOR)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(at(12), tick=False):
        yield


def test_balance_is_funding_minus_spend_plus_refunds(budget_a, worker_a):
    before = budget_position(budget=budget_a)

    spend = services.spend_record(
        budget=budget_a, spent_on=SEED_ANCHOR, amount=Decimal("12.50"), payee="Pool", actor=worker_a
    )
    services.refund_record(
        budget=budget_a,
        refunded_on=SEED_ANCHOR,
        amount=Decimal("2.50"),
        payer="Pool",
        actor=worker_a,
        spend=spend,
    )
    after = budget_position(budget=budget_a)

    assert after.balance == before.balance - Decimal("10.00")
    assert after.spent == before.spent + Decimal("12.50")
    assert after.refunded == before.refunded + Decimal("2.50")


def test_position_of_the_seeded_budget(budget_a):
    position = budget_position(budget=budget_a)

    assert position.weekly_amount == Decimal("100.00")
    assert position.limit_weeks == 8
    assert position.limit_amount == Decimal("800.00")
    assert position.balance == position.funded - position.spent + position.refunded
    assert position.funded == Decimal("5199.96")  # 12 monthly payments of £433.33


def test_spend_over_the_balance_is_refused_and_nothing_written(budget_a, worker_a):
    balance = budget_position(budget=budget_a).balance
    count = Spend.objects.count()

    with pytest.raises(errors.InsufficientFunds) as raised:
        services.spend_record(
            budget=budget_a,
            spent_on=SEED_ANCHOR,
            amount=balance + Decimal("0.01"),
            payee="Shop",
            actor=worker_a,
        )

    assert raised.value.message == errors.MSG_INSUFFICIENT_FUNDS
    assert Spend.objects.count() == count


def test_spend_of_exactly_the_balance_is_allowed(budget_a, worker_a):
    balance = budget_position(budget=budget_a).balance

    services.spend_record(budget=budget_a, spent_on=SEED_ANCHOR, amount=balance, payee="Shop", actor=worker_a)

    assert budget_position(budget=budget_a).balance == Decimal("0.00")


@pytest.mark.parametrize(
    ("spent_on", "message"),
    [
        (SEED_ANCHOR + timedelta(days=1), errors.MSG_DATE_IN_FUTURE),
        (PERIOD_START - timedelta(days=1), errors.MSG_SPEND_BEFORE_PLAN),  # the day before the plan starts
    ],
)
def test_spend_dates_outside_the_plan_or_in_the_future_are_refused(budget_a, worker_a, spent_on, message):
    count = Spend.objects.count()

    with pytest.raises(errors.DomainError) as raised:
        services.spend_record(
            budget=budget_a, spent_on=spent_on, amount=Decimal("1.00"), payee="X", actor=worker_a
        )

    assert (raised.value.message, raised.value.field) == (message, "spent_on")
    assert Spend.objects.count() == count


def test_category_from_another_council_is_refused(budget_a, worker_a, council_b):
    other = council_b.spend_categories.first()
    with pytest.raises(errors.DomainError, match="category"):
        services.spend_record(
            budget=budget_a,
            spent_on=SEED_ANCHOR,
            amount=Decimal("1.00"),
            payee="X",
            actor=worker_a,
            category=other,
        )


@pytest.mark.parametrize(
    ("model", "values"),
    [
        (Spend, {"amount": Decimal("0.00")}),
        (Spend, {"amount": Decimal("-5.00")}),
        (Funding, {"amount": Decimal("0.00")}),
    ],
)
def test_database_refuses_non_positive_money(budget_a, model, values):
    fields = {"budget": budget_a, **values}
    fields.update({"spent_on": SEED_ANCHOR, "payee": "X"} if model is Spend else {"received_on": SEED_ANCHOR})
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_database_refuses_the_same_import_reference_twice(budget_a):
    Spend.objects.create(
        budget=budget_a, spent_on=SEED_ANCHOR, amount=Decimal("1"), payee="X", external_reference="TX-1"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Spend.objects.create(
            budget=budget_a, spent_on=SEED_ANCHOR, amount=Decimal("1"), payee="X", external_reference="TX-1"
        )


def test_database_refuses_a_second_active_plan(person_a):
    plan = person_a.care_plans.get(status="active")
    plan.pk = None
    plan.starts_on = plan.starts_on + timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


def test_history_keeps_who_changed_what(budget_a, nominee_a):
    spend = services.spend_record(
        budget=budget_a, spent_on=SEED_ANCHOR, amount=Decimal("5.00"), payee="Gym", actor=nominee_a
    )
    spend._history_user = nominee_a  # type: ignore[attr-defined]  # as the history middleware does
    spend.payee = "Riverside Gym"
    spend.save()

    history = list(spend.history.order_by("history_id").values_list("history_type", "payee"))
    assert history == [("+", "Gym"), ("~", "Riverside Gym")]
    assert spend.history.latest().history_user == nominee_a
    assert spend.history.earliest().instance.payee == "Gym"


def test_starting_a_new_plan_ends_the_old_one(person_a):
    old = person_a.care_plans.get(status="active")

    new = services.care_plan_start(
        holder=person_a, starts_on=MONTH_START, needs_in_own_words="New plan", area_codes=["b"]
    )

    old.refresh_from_db()
    assert (old.status, old.ends_on) == ("ended", MONTH_START - timedelta(days=1))
    assert (new.status, new.version, list(new.wellbeing_areas.values_list("code", flat=True))) == (
        "active",
        2,
        ["b"],
    )


def test_budget_current_is_the_active_one(person_a):
    assert budget_current(holder=person_a, on=SEED_ANCHOR) == PersonalBudget.objects.get(holder=person_a)
