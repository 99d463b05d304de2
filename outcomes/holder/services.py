"""A holder's spend with its goal links and receipt, saved whole or not at all.

budgets.services records the money (locking the budget row); this module adds the outcomes
half (goal links) in the same transaction, so a bad goal leaves no spend behind. The receipt
file is written before the rows and removed again if the transaction fails, so a refused
spend leaves neither a row nor a file; a replaced or deleted receipt's file is removed after
the commit (budgets.services). Each person's receipts fit RECEIPT_QUOTA_BYTES_PER_PERSON.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction

from budgets import errors, receipts
from budgets import services as budget_services
from budgets.models import BudgetHolder, Spend, SpendCategory, User
from budgets.selectors import budget_current
from outcomes.evidence.goals import (
    MSG_GOAL_NOT_YOURS,
    spend_goals_link,
)
from outcomes.models import Goal


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
def _stored_receipt(
    receipt: receipts.CleanReceipt | None, *, holder: BudgetHolder, replacing: Spend | None = None
) -> Iterator[str | None]:
    """Check the person's quota, store the receipt file, and remove it again if the block fails,
    so a refused spend leaves no file behind. Yields the stored name, or None without a receipt.
    The block re-checks the quota under a lock (_keep_within_quota) once its rows are written."""
    if receipt is None:
        yield None
        return
    receipts.receipt_quota_check(holder=holder, adding=receipt.size, replacing=replacing)
    name = receipts.receipt_store(receipt=receipt)
    try:
        yield name
    except BaseException:
        receipts.receipt_delete(name=name)
        raise


def _keep_within_quota(holder: BudgetHolder) -> None:
    """After the receipt's row is saved: the total with it, counted under the person's lock."""
    receipts.receipt_quota_check(holder=holder, lock=True)


def holder_spend_add(*, holder: BudgetHolder, data: SpendInput, actor: User) -> Spend:
    _check_goals(holder=holder, goals=data.goals)
    budget = budget_current(holder=holder, on=data.spent_on)
    if budget is None:
        raise errors.NoActiveBudget(errors.MSG_NO_ACTIVE_BUDGET, field="spent_on")
    with _stored_receipt(data.receipt, holder=holder) as receipt_name, transaction.atomic():
        spend = budget_services.spend_record(
            budget=budget,
            spent_on=data.spent_on,
            amount=data.amount,
            payee=data.payee,
            category=data.category,
            actor=actor,
        )
        if receipt_name and data.receipt:
            spend.receipt.name = receipt_name
            spend.receipt_content_type = data.receipt.content_type
            spend.receipt_bytes = data.receipt.size
            spend.save(update_fields=["receipt", "receipt_content_type", "receipt_bytes"])
            _keep_within_quota(holder)
        spend_goals_link(spend=spend, goals=data.goals, shares=data.shares)
    return spend


def _receipt_fields(receipt: receipts.CleanReceipt | None, name: str | None) -> dict[str, Any]:
    if receipt is None or name is None:
        return {}
    return {"receipt_name": name, "receipt_content_type": receipt.content_type, "receipt_bytes": receipt.size}


def holder_spend_change(*, spend: Spend, data: SpendInput, actor: User) -> Spend:
    """Change a spend; a new receipt replaces the old one, whose file goes once this commits."""
    holder = spend.budget.holder
    _check_goals(holder=holder, goals=data.goals)
    with (
        _stored_receipt(data.receipt, holder=holder, replacing=spend) as receipt_name,
        transaction.atomic(),
    ):
        updated = budget_services.spend_update(
            spend=spend,
            spent_on=data.spent_on,
            amount=data.amount,
            payee=data.payee,
            category=data.category,
            actor=actor,
            **_receipt_fields(data.receipt, receipt_name),
        )
        if receipt_name:
            _keep_within_quota(holder)
        spend_goals_link(spend=updated, goals=data.goals, shares=data.shares)
    return updated


def holder_spend_receipt_attach(*, spend: Spend, receipt: receipts.CleanReceipt, actor: User) -> Spend:
    """Attach or replace only the receipt (the API's receipt upload): the same rules as a change
    (edit window, quota), the spend's own date, amount and payee kept."""
    holder = spend.budget.holder
    with _stored_receipt(receipt, holder=holder, replacing=spend) as receipt_name, transaction.atomic():
        updated = budget_services.spend_update(
            spend=spend,
            spent_on=spend.spent_on,
            amount=spend.amount,
            payee=spend.payee,
            category=spend.category,
            actor=actor,
            **_receipt_fields(receipt, receipt_name),
        )
        _keep_within_quota(holder)
    return updated


def holder_spend_remove(*, spend: Spend, actor: User) -> None:
    """Delete a spend; its receipt file goes once this commits."""
    budget_services.spend_delete(spend=spend, actor=actor)
