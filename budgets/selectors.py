"""Reads. Every lookup by id starts from the council and the user (404 outside scope)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from budgets import money
from budgets.audit import recording as audit
from budgets.models import BudgetHolder, Funding, PersonalBudget, Refund, Spend

ZERO = Decimal("0.00")
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=14, decimal_places=2)


def holder_get(*, user: Any, holder_id: int) -> BudgetHolder:
    """The holder, if this user may see them; Http404 otherwise. The read goes on the access
    audit trail (written when the response succeeds)."""
    holders = BudgetHolder.objects.visible_to(user).select_related("council")
    holder = get_object_or_404(holders, pk=holder_id)
    audit.note_person(user, holder)
    return holder


def holders_acted_for(*, user: Any) -> QuerySet[BudgetHolder]:
    """People this user signs in as or acts for (holder or nominated person), through the one
    door: visible_to, narrowed."""
    return (
        BudgetHolder.objects.visible_to(user)
        .acted_for_by(user)
        .select_related("council")
        .order_by("full_name", "id")
    )


def _sum_subquery(model: Any, amount_field: str = "amount") -> Coalesce:
    total = (
        model.objects.filter(budget=OuterRef("pk"))
        .order_by()
        .values("budget")
        .annotate(total=Sum(amount_field))
        .values("total")
    )
    return Coalesce(Subquery(total, output_field=_MONEY), Value(ZERO), output_field=_MONEY)


def budgets_with_totals(queryset: QuerySet[PersonalBudget] | None = None) -> QuerySet[PersonalBudget]:
    """Budgets annotated with funded, spent and refunded totals, one query for any number."""
    queryset = PersonalBudget.objects.all() if queryset is None else queryset
    return queryset.annotate(
        funded_total=_sum_subquery(Funding),
        spent_total=_sum_subquery(Spend),
        refunded_total=_sum_subquery(Refund),
    )


@dataclass(frozen=True)
class BudgetPosition:
    budget: PersonalBudget
    funded: Decimal
    spent: Decimal
    refunded: Decimal
    balance: Decimal
    weekly_amount: Decimal
    weeks_held: Decimal
    limit_weeks: int
    limit_amount: Decimal
    surplus: Decimal

    @property
    def above_limit(self) -> bool:
        return self.surplus > 0


def budget_position_from(budget: PersonalBudget) -> BudgetPosition:
    """Position of a budget already annotated by budgets_with_totals() (no further query
    beyond the council, which callers select_related)."""
    # SQLite returns sums with extra places; money is always shown and compared in pence.
    funded = money.to_pounds(budget.funded_total)  # type: ignore[attr-defined]
    spent = money.to_pounds(budget.spent_total)  # type: ignore[attr-defined]
    refunded = money.to_pounds(budget.refunded_total)  # type: ignore[attr-defined]
    balance = funded - spent + refunded
    weekly = money.weekly_from_annual(budget.annual_amount)
    limit_weeks = (
        budget.holder.council.contingency_weeks
        if budget.contingency_weeks is None
        else budget.contingency_weeks
    )
    return BudgetPosition(
        budget=budget,
        funded=funded,
        spent=spent,
        refunded=refunded,
        balance=balance,
        weekly_amount=weekly,
        weeks_held=money.weeks_held(balance, weekly),
        limit_weeks=limit_weeks,
        limit_amount=money.contingency_limit(weekly, limit_weeks),
        surplus=money.surplus(balance, weekly, limit_weeks),
    )


def budget_current(*, holder: BudgetHolder, on: date) -> PersonalBudget | None:
    """The budget covering `on` under the holder's active plan, else their latest one."""
    budgets = PersonalBudget.objects.filter(holder=holder).select_related("holder__council", "care_plan")
    return (
        budgets.filter(starts_on__lte=on, ends_on__gte=on, care_plan__status="active").first()
        or budgets.order_by("-starts_on", "-id").first()
    )


def budget_position(*, budget: PersonalBudget) -> BudgetPosition:
    annotated = budgets_with_totals(
        PersonalBudget.objects.filter(pk=budget.pk).select_related("holder__council")
    )
    return budget_position_from(annotated.get())


def spend_list(*, holder: BudgetHolder) -> QuerySet[Spend]:
    """Spend of a holder already fetched through holder_get, newest first."""
    return (
        Spend.objects.filter(budget__holder=holder)
        .select_related("category", "budget")
        .order_by("-spent_on", "-id")
    )
