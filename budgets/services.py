"""Writes for councils, people, plans and money. Views, forms, the API and seeds call these."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from budgets import errors, money, receipts
from budgets.models import (
    BudgetHolder,
    CarePlan,
    CaseloadAssignment,
    Council,
    Funding,
    Membership,
    PersonalBudget,
    Refund,
    Spend,
    SpendCategory,
    Team,
    User,
    WellbeingArea,
)
from budgets.text import text_check

# Seeded per council and editable in admin: the lists are council policy, not ours
# (docs/domain/money.md#spend-categories).
DEFAULT_SPEND_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("gym-leisure", "Gym and leisure"),
    ("exercise-classes", "Exercise classes"),
    ("sport-clubs", "Sport and clubs"),
    ("equipment", "Equipment"),
    ("personal-assistant", "Personal assistant"),
    ("transport", "Transport"),
    ("short-breaks", "Short breaks"),
    ("other", "Other"),
)


@transaction.atomic
def council_create(*, name: str, slug: str, la_code: str, contingency_weeks: int = 8) -> Council:
    council = Council.objects.create(
        name=name, slug=slug, la_code=la_code, contingency_weeks=contingency_weeks
    )
    SpendCategory.objects.bulk_create(
        SpendCategory(council=council, code=code, name=label, sort_order=index)
        for index, (code, label) in enumerate(DEFAULT_SPEND_CATEGORIES)
    )
    return council


def team_create(*, council: Council, name: str) -> Team:
    return Team.objects.create(council=council, name=name)


@transaction.atomic
def membership_grant(
    *, user: User, council: Council, role: str, holder: BudgetHolder | None = None, team: Team | None = None
) -> Membership:
    if holder is not None and holder.council_id != council.pk:
        raise errors.DomainError("That person belongs to another council", field="holder")
    if team is not None and team.council_id != council.pk:
        raise errors.DomainError("That team belongs to another council", field="team")
    membership, _ = Membership.objects.get_or_create(
        user=user, council=council, role=role, holder=holder, defaults={"team": team}
    )
    return membership


def membership_revoke(*, membership: Membership) -> None:
    """Take a role away (the account stays; simple_history keeps a '-' record of the role)."""
    membership.delete()


@transaction.atomic
def caseload_assign(*, worker: User, holder: BudgetHolder, assigned_on: date) -> CaseloadAssignment:
    if not Membership.objects.filter(
        user=worker, council=holder.council, role=Membership.Role.WORKER
    ).exists():
        raise errors.DomainError("Only a social worker of the person's council can hold them on a caseload")
    assignment, _ = CaseloadAssignment.objects.get_or_create(
        worker=worker, holder=holder, defaults={"council": holder.council, "assigned_on": assigned_on}
    )
    return assignment


def caseload_unassign(*, assignment: CaseloadAssignment) -> None:
    """Take a person off a social worker's caseload (the history keeps who held them, and when)."""
    assignment.delete()


def holder_create(
    *,
    council: Council,
    council_person_id: str,
    full_name: str,
    preferred_name: str = "",
    nhs_number: str = "",
) -> BudgetHolder:
    return BudgetHolder.objects.create(
        council=council,
        council_person_id=council_person_id,
        full_name=full_name,
        preferred_name=preferred_name,
        nhs_number=nhs_number,
    )


def holder_update(
    *, holder: BudgetHolder, full_name: str, preferred_name: str, nhs_number: str
) -> BudgetHolder:
    """Correct a person's names or NHS number. Their council and council ID never change: the ID
    is how exports and card imports find them."""
    holder.full_name = full_name
    holder.preferred_name = preferred_name
    holder.nhs_number = nhs_number
    holder.save(update_fields=["full_name", "preferred_name", "nhs_number"])
    return holder


@transaction.atomic
def care_plan_start(
    *, holder: BudgetHolder, starts_on: date, needs_in_own_words: str, area_codes: list[str]
) -> CarePlan:
    """Start a new active plan; the previous active plan ends the day before."""
    current = (
        CarePlan.objects.select_for_update().filter(holder=holder, status=CarePlan.Status.ACTIVE).first()
    )
    if current is not None:
        if starts_on <= current.starts_on:
            raise errors.DomainError("A new plan must start after the current one", field="starts_on")
        current.status = CarePlan.Status.ENDED
        current.ends_on = starts_on - timedelta(days=1)
        current.save(update_fields=["status", "ends_on"])
    plan = CarePlan.objects.create(
        holder=holder,
        status=CarePlan.Status.ACTIVE,
        starts_on=starts_on,
        needs_in_own_words=needs_in_own_words,
        version=(current.version + 1) if current else 1,
    )
    plan.wellbeing_areas.set(WellbeingArea.objects.filter(code__in=area_codes))
    return plan


def budget_create(
    *,
    care_plan: CarePlan,
    starts_on: date,
    ends_on: date,
    annual_amount: Decimal,
    delivery_mechanism: str,
    payment_amount: Decimal,
    payment_frequency: str,
    first_payment_on: date | None = None,
    contingency_weeks: int | None = None,
    indicative_amount: Decimal | None = None,
) -> PersonalBudget:
    return PersonalBudget.objects.create(
        care_plan=care_plan,
        holder=care_plan.holder,
        starts_on=starts_on,
        ends_on=ends_on,
        annual_amount=annual_amount,
        delivery_mechanism=delivery_mechanism,
        payment_amount=payment_amount,
        payment_frequency=payment_frequency,
        first_payment_on=first_payment_on,
        contingency_weeks=contingency_weeks,
        indicative_amount=indicative_amount,
    )


def funding_record(
    *,
    budget: PersonalBudget,
    received_on: date,
    amount: Decimal,
    actor: User | None,
    source: str = "council",
    reference: str = "",
) -> Funding:
    if amount <= 0:
        raise errors.DomainError(errors.MSG_AMOUNT_NOT_POSITIVE, field="amount")
    return Funding.objects.create(
        budget=budget,
        received_on=received_on,
        amount=amount,
        source=source,
        reference=reference,
        created_by=actor,
    )


def _balance_locked(budget_id: int) -> Decimal:
    """Balance of a budget whose row the caller has locked (SELECT … FOR UPDATE)."""

    def total(model: Any) -> Decimal:
        return model.objects.filter(budget_id=budget_id).aggregate(total=Sum("amount"))["total"] or Decimal(
            "0"
        )

    return total(Funding) - total(Spend) + total(Refund)


def check_not_in_future(*, day: date, field: str) -> None:
    """THE "today or earlier" rule for anything that happened (a spend, an activity, a rating, a
    check-in, a review): today is the UK date (timezone.localdate)."""
    if day > timezone.localdate():
        raise errors.DomainError(errors.MSG_DATE_IN_FUTURE, field=field)


def _check_typed_amount(amount: Decimal) -> None:
    """A spend a person types is at most money.MAX_SPEND. Imported spends record what the card or
    bank already paid and are not limited."""
    if amount > money.MAX_SPEND:
        raise errors.DomainError(errors.MSG_AMOUNT_TOO_BIG, field="amount")


def _check_spend_date(*, budget: PersonalBudget, spent_on: date) -> None:
    check_not_in_future(day=spent_on, field="spent_on")
    if spent_on < budget.care_plan.starts_on:
        raise errors.DomainError(errors.MSG_SPEND_BEFORE_PLAN, field="spent_on")
    # Never put a spend on a budget whose period does not cover it: it would distort that
    # budget's balance and weeks held.
    if not budget.starts_on <= spent_on <= budget.ends_on:
        raise errors.DomainError(errors.MSG_NO_ACTIVE_BUDGET, field="spent_on")


@transaction.atomic
def spend_record(
    *,
    budget: PersonalBudget,
    spent_on: date,
    amount: Decimal,
    payee: str,
    actor: User | None,
    category: SpendCategory | None = None,
    note: str = "",
    external_reference: str | None = None,
    source: str = Spend.Source.MANUAL,
    check_funds: bool = True,
) -> Spend:
    """Record money out. The budget row is locked first, so concurrent spends are serialised and
    the balance can never be spent twice. Imports pass check_funds=False: they record what the
    card or bank already paid."""
    if amount <= 0:
        raise errors.DomainError(errors.MSG_AMOUNT_NOT_POSITIVE, field="amount")
    if source == Spend.Source.MANUAL:
        _check_typed_amount(amount)
    text_check(field="payee", value=payee)
    text_check(field="note", value=note)
    locked = (
        PersonalBudget.objects.select_for_update().select_related("care_plan", "holder").get(pk=budget.pk)
    )
    _check_spend_date(budget=locked, spent_on=spent_on)
    if category is not None and category.council_id != locked.holder.council_id:
        raise errors.DomainError("Choose a category from the list", field="category")
    if check_funds and amount > _balance_locked(locked.pk):
        raise errors.InsufficientFunds(errors.MSG_INSUFFICIENT_FUNDS, field="amount")
    return Spend.objects.create(
        budget=locked,
        spent_on=spent_on,
        amount=amount,
        payee=payee,
        category=category,
        note=note,
        external_reference=external_reference,
        source=source,
        created_by=actor,
    )


def spend_editable(*, spend: Spend, today: date) -> bool:
    """Holders may change a spend within the council's edit window; after it, only staff can."""
    window = spend.budget.holder.council.spend_edit_days
    return (today - spend.spent_on).days <= window


def spend_changeable(*, spend: Spend, today: date) -> bool:
    """Whether the person may change or delete the spend itself (its goals always can be): not an
    imported spend (the bank's evidence), and inside the edit window."""
    if spend.source == Spend.Source.IMPORT:
        return False
    return spend_editable(spend=spend, today=today)


@transaction.atomic
def refund_record(
    *,
    budget: PersonalBudget,
    refunded_on: date,
    amount: Decimal,
    payer: str,
    actor: User | None,
    spend: Spend | None = None,
    reason: str = "",
) -> Refund:
    if amount <= 0:
        raise errors.DomainError(errors.MSG_AMOUNT_NOT_POSITIVE, field="amount")
    if spend is not None and spend.budget_id != budget.pk:
        raise errors.DomainError("That spend belongs to another budget", field="spend")
    return Refund.objects.create(
        budget=budget,
        refunded_on=refunded_on,
        amount=amount,
        payer=payer,
        spend=spend,
        reason=reason,
        created_by=actor,
    )


def _check_imported_unchanged(*, spend: Spend, spent_on: date, amount: Decimal, payee: str) -> None:
    """The bank's record is the evidence: an imported spend keeps its amount, date and payee
    (a re-import matches on them too). Same values are fine, so a receipt can still be attached."""
    if spend.source != Spend.Source.IMPORT:
        return
    if (spent_on, amount, payee) != (spend.spent_on, spend.amount, spend.payee):
        raise errors.ImportedSpendFixed(errors.MSG_IMPORTED_SPEND_FIXED)


def _check_editable(*, spend: Spend) -> None:
    if not spend_editable(spend=spend, today=timezone.localdate()):
        raise errors.EditWindowClosed(errors.MSG_EDIT_WINDOW_CLOSED)


@transaction.atomic
def spend_update(
    *,
    spend: Spend,
    spent_on: date,
    amount: Decimal,
    payee: str,
    actor: User | None,
    category: SpendCategory | None = None,
    note: str | None = None,
    receipt_name: str | None = None,
    receipt_content_type: str = "",
    receipt_bytes: int = 0,
) -> Spend:
    """Change a spend inside the council's edit window; an imported spend keeps its amount, date
    and payee. The budget row is locked as in spend_record; the funds check counts the spend's
    old amount as available again. History (simple_history) keeps the previous version, with the
    signed-in user as history_user. A replaced receipt's file is removed once this commits."""
    if amount <= 0:
        raise errors.DomainError(errors.MSG_AMOUNT_NOT_POSITIVE, field="amount")
    text_check(field="payee", value=payee)
    text_check(field="note", value=note)
    # The same rows locked as in spend_record (budget, plan, person), in one statement, so the
    # receipt quota's lock on the person (budgets.receipts) can never deadlock with it.
    locked = (
        PersonalBudget.objects.select_for_update()
        .select_related("care_plan", "holder")
        .get(pk=spend.budget_id)
    )
    current = Spend.objects.select_related("budget__holder__council").get(pk=spend.pk)
    _check_imported_unchanged(spend=current, spent_on=spent_on, amount=amount, payee=payee)
    if current.source == Spend.Source.MANUAL:
        _check_typed_amount(amount)
    _check_editable(spend=current)
    _check_spend_date(budget=locked, spent_on=spent_on)
    if category is not None and category.council_id != locked.holder.council_id:
        raise errors.DomainError("Choose a category from the list", field="category")
    if amount > current.amount and amount - current.amount > _balance_locked(locked.pk):
        raise errors.InsufficientFunds(errors.MSG_INSUFFICIENT_FUNDS, field="amount")
    current.spent_on = spent_on
    current.amount = amount
    current.payee = payee
    current.category = category
    if note is not None:
        current.note = note
    if receipt_name is not None:
        if current.receipt.name != receipt_name:
            receipts.receipt_delete_after_commit(name=current.receipt.name)
        current.receipt.name = receipt_name
        current.receipt_content_type = receipt_content_type
        current.receipt_bytes = receipt_bytes
    current.save()
    return current


@transaction.atomic
def spend_delete(*, spend: Spend, actor: User | None) -> None:
    """Delete a hand-entered spend inside the council's edit window (an imported one happened at
    the bank, so it stays). simple_history keeps a '-' record of it (the receipt's name and
    type, not the file); the receipt file is removed from storage once this commits, so a
    deleted spend leaves no personal data behind in a file nothing points at."""
    PersonalBudget.objects.select_for_update().filter(pk=spend.budget_id).first()
    current = Spend.objects.select_related("budget__holder__council").get(pk=spend.pk)
    if current.source == Spend.Source.IMPORT:
        raise errors.ImportedSpendFixed(errors.MSG_IMPORTED_SPEND_NOT_DELETABLE)
    _check_editable(spend=current)
    current.delete()
    receipts.receipt_delete_after_commit(name=current.receipt.name)
