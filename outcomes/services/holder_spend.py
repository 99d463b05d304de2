"""A holder's spend with its goal links and receipt, saved whole or not at all.

budgets.services records the money (locking the budget row); this module adds the outcomes
half (goal links) in the same transaction, so a bad goal leaves no spend behind. The receipt
file is written before the rows and removed again if the transaction fails, so a refused
spend leaves neither a row nor a file.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from budgets import errors, receipts
from budgets import services as budget_services
from budgets.models import BudgetHolder, Spend, SpendCategory, User
from budgets.selectors import budget_current
from outcomes.models import Goal
from outcomes.services.goals import MSG_GOAL_NOT_YOURS, spend_goals_link


@dataclass(frozen=True)
class SpendInput:
    spent_on: date
    amount: Decimal
    payee: str
    category: SpendCategory | None
    goals: list[Goal]
    shares: dict[int, Decimal]
    # Already sniffed and re-encoded by budgets.receipts.receipt_clean (the form does it).
    receipt: receipts.CleanReceipt | None = None


def _check_goals(*, holder: BudgetHolder, goals: list[Goal]) -> None:
    if any(goal.holder_id != holder.pk for goal in goals):
        raise errors.DomainError(MSG_GOAL_NOT_YOURS, field="goals")


@contextmanager
def _stored_receipt(receipt: receipts.CleanReceipt | None) -> Iterator[tuple[str | None, str]]:
    """Store the receipt file first; remove it again if the block fails, so a refused spend
    leaves no file behind. Yields (stored name or None, content type)."""
    if receipt is None:
        yield None, ""
        return
    name = receipts.receipt_store(receipt=receipt)
    try:
        yield name, receipt.content_type
    except BaseException:
        receipts.receipt_delete(name=name)
        raise


def holder_spend_add(*, holder: BudgetHolder, data: SpendInput, actor: User) -> Spend:
    _check_goals(holder=holder, goals=data.goals)
    budget = budget_current(holder=holder, on=data.spent_on)
    if budget is None:
        raise errors.NoActiveBudget(errors.MSG_NO_ACTIVE_BUDGET, field="spent_on")
    with _stored_receipt(data.receipt) as (receipt_name, content_type), transaction.atomic():
        spend = budget_services.spend_record(
            budget=budget,
            spent_on=data.spent_on,
            amount=data.amount,
            payee=data.payee,
            category=data.category,
            actor=actor,
        )
        if receipt_name:
            spend.receipt.name = receipt_name
            spend.receipt_content_type = content_type
            spend.save(update_fields=["receipt", "receipt_content_type"])
        spend_goals_link(spend=spend, goals=data.goals, shares=data.shares)
    return spend


def holder_spend_change(*, spend: Spend, data: SpendInput, actor: User) -> Spend:
    holder = spend.budget.holder
    _check_goals(holder=holder, goals=data.goals)
    with _stored_receipt(data.receipt) as (receipt_name, content_type), transaction.atomic():
        updated = budget_services.spend_update(
            spend=spend,
            spent_on=data.spent_on,
            amount=data.amount,
            payee=data.payee,
            category=data.category,
            actor=actor,
            receipt_name=receipt_name,
            receipt_content_type=content_type,
        )
        spend_goals_link(spend=updated, goals=data.goals, shares=data.shares)
    return updated


def holder_spend_remove(*, spend: Spend, actor: User) -> None:
    budget_services.spend_delete(spend=spend, actor=actor)
