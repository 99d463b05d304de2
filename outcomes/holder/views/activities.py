"""Activities: what the person did, for which goals, and how it went."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from budgets.errors import DomainError
from budgets.models import BudgetHolder
from outcomes.evidence.activities import activity_log
from outcomes.holder.forms import ActivityForm
from outcomes.holder.selectors.records import holder_activities
from outcomes.holder.views.common import (
    add_domain_error,
    form_data,
    holder_page,
    page,
)


@holder_page("outcomes.view_person_evidence")
def activity_list(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    activities = list(holder_activities(holder=holder)[:100])
    return page(request, "outcomes/holder/activity_list.html", holder, {"activities": activities})


@holder_page("outcomes.log_activity")
def activity_add(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    form = ActivityForm(form_data(request), holder=holder)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            activity_log(
                holder=holder,
                done_on=data["done_on"],
                what=data["what"].strip(),
                actor=request.user,  # type: ignore[arg-type]
                goals=list(data["goals"]),
                spend=data["spend"],
                how_it_went=data["how_it_went"].strip(),
                score=data["score"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Activity saved")
            return redirect("holder:activity-list")
    return page(request, "outcomes/holder/activity_form.html", holder, {"form": form})
