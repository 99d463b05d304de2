"""Spend: list, add, change and delete, with goal links and a receipt. Card and bank spends
(imported) keep their amount, date and payee; every spend can have its goals changed."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from budgets.errors import DomainError
from budgets.models import BudgetHolder, Spend
from budgets.services import spend_changeable
from outcomes.evidence.goals import spend_goals_link
from outcomes.holder.forms import (
    DeleteForm,
    SpendForm,
)
from outcomes.holder.goal_forms import (
    SpendGoalsForm,
    goal_shares_initial,
)
from outcomes.holder.selectors.records import (
    holder_spend_get,
    holder_spends,
    holder_spends_to_link,
)
from outcomes.holder.services import (
    SpendInput,
    holder_spend_add,
    holder_spend_change,
    holder_spend_remove,
)
from outcomes.holder.views.common import (
    add_domain_error,
    form_data,
    holder_page,
    page,
)

PERM = "budgets.record_spend"
# ?show=to-link: only the card or bank spends still waiting for a goal.
SHOW_TO_LINK = "to-link"


def _input(form: SpendForm) -> SpendInput:
    data = form.cleaned_data
    return SpendInput(
        spent_on=data["spent_on"],
        amount=data["amount"],
        payee=data["payee"].strip(),
        category=data["category"],
        goals=list(data["goals"]),
        shares=form.shares(),
        receipt=data.get("receipt"),
    )


def _changeable(spend: Spend) -> bool:
    return spend_changeable(spend=spend, today=timezone.localdate())


@holder_page("budgets.view_holder")
def spend_list(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    to_link = request.GET.get("show") == SHOW_TO_LINK
    spends = holder_spends_to_link(holder=holder) if to_link else holder_spends(holder=holder)
    rows = [(spend, _changeable(spend)) for spend in spends[:200]]
    context = {"rows": rows, "window": holder.council.spend_edit_days, "to_link": to_link}
    return page(request, "outcomes/holder/spend_list.html", holder, context)


@holder_page(PERM)
def spend_add(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    form = SpendForm(form_data(request), request.FILES if request.method == "POST" else None, holder=holder)
    if request.method == "POST" and form.is_valid():
        try:
            holder_spend_add(holder=holder, data=_input(form), actor=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Spend added")
            return redirect("holder:spend-list")
    return page(request, "outcomes/holder/spend_form.html", holder, {"form": form, "adding": True})


def _initial(spend: Spend) -> dict:
    return {
        "spent_on": spend.spent_on,
        "amount": spend.amount,
        "payee": spend.payee,
        "category": spend.category_id,
        **goal_shares_initial(spend),
    }


@holder_page(PERM)
def spend_edit(request: HttpRequest, holder: BudgetHolder, spend_id: int) -> HttpResponse:
    spend = holder_spend_get(holder=holder, spend_id=spend_id)
    editable = _changeable(spend)
    form = SpendForm(
        form_data(request),
        request.FILES if request.method == "POST" else None,
        holder=holder,
        initial=_initial(spend),
    )
    if request.method == "POST" and editable and form.is_valid():
        try:
            holder_spend_change(spend=spend, data=_input(form), actor=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Spend changed")
            return redirect("holder:spend-list")
    status = 403 if request.method == "POST" and not editable else 200
    context = {"form": form, "adding": False, "spend": spend, "editable": editable}
    return page(request, "outcomes/holder/spend_form.html", holder, context, status)


@holder_page(PERM)
def spend_delete(request: HttpRequest, holder: BudgetHolder, spend_id: int) -> HttpResponse:
    spend = holder_spend_get(holder=holder, spend_id=spend_id)
    editable = _changeable(spend)
    form = DeleteForm(form_data(request))
    if request.method == "POST" and editable:
        try:
            with transaction.atomic():
                holder_spend_remove(spend=spend, actor=request.user)  # type: ignore[arg-type]
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Spend deleted")
            return redirect("holder:spend-list")
    status = 403 if request.method == "POST" and not editable else 200
    context = {"form": form, "spend": spend, "editable": editable}
    return page(request, "outcomes/holder/spend_delete.html", holder, context, status)


@holder_page(PERM)
def spend_goals(request: HttpRequest, holder: BudgetHolder, spend_id: int) -> HttpResponse:
    """Which goals a spend was for: the only change open for card spends and old spends."""
    spend = holder_spend_get(holder=holder, spend_id=spend_id)
    form = SpendGoalsForm(form_data(request), holder=holder, initial=goal_shares_initial(spend))
    if request.method == "POST" and form.is_valid():
        try:
            spend_goals_link(spend=spend, goals=list(form.cleaned_data["goals"]), shares=form.shares())
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Goals saved")
            # Working through the card spends: back to what is left of that list.
            if spend.source == Spend.Source.IMPORT and holder_spends_to_link(holder=holder).exists():
                return redirect(f"{reverse('holder:spend-list')}?show={SHOW_TO_LINK}")
            return redirect("holder:spend-list")
    return page(request, "outcomes/holder/spend_goals.html", holder, {"form": form, "spend": spend})
