"""Spend: list, add, change and delete, with goal links and a receipt."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from budgets.errors import DomainError
from budgets.models import BudgetHolder, Spend
from budgets.services import spend_editable
from outcomes.forms.holder import DeleteForm, SpendForm
from outcomes.selectors.holder_records import holder_spend_get, holder_spends
from outcomes.services.holder_spend import (
    SpendInput,
    holder_spend_add,
    holder_spend_change,
    holder_spend_remove,
)
from outcomes.views.holder.common import add_domain_error, form_data, holder_page, page

PERM = "budgets.record_spend"


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


@holder_page("budgets.view_holder")
def spend_list(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    today = timezone.localdate()
    spends = list(holder_spends(holder=holder)[:200])
    window = holder.council.spend_edit_days
    rows = [(spend, (today - spend.spent_on).days <= window) for spend in spends]
    return page(request, "outcomes/holder/spend_list.html", holder, {"rows": rows, "window": window})


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
        "goals": [link.goal_id for link in spend.goal_links.all()],
        **{f"share_{link.goal_id}": round(link.share * 100) for link in spend.goal_links.all()},
    }


@holder_page(PERM)
def spend_edit(request: HttpRequest, holder: BudgetHolder, spend_id: int) -> HttpResponse:
    spend = holder_spend_get(holder=holder, spend_id=spend_id)
    editable = spend_editable(spend=spend, today=timezone.localdate())
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
    editable = spend_editable(spend=spend, today=timezone.localdate())
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
