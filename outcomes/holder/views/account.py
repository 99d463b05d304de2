"""Choosing whom to act for, the Easy Read switch and downloading my record."""

from __future__ import annotations

import csv
from typing import Any

import defusedcsv.csv as safe_csv
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from budgets.files import csv_download
from budgets.models import BudgetHolder
from budgets.selectors import holders_acted_for
from outcomes.evidence.scoring import ONS4_ITEMS
from outcomes.holder.forms import ChoosePersonForm
from outcomes.holder.selectors.acting import ACTING_SESSION_KEY
from outcomes.holder.selectors.records import (
    holder_activities,
    holder_checks,
    holder_goals,
    holder_spends,
)
from outcomes.holder.views.common import (
    form_data,
    holder_page,
)

RECORD_HEADER = ["record", "date", "what", "amount", "who_paid", "category", "goals", "detail", "score"]


@login_required
def choose_person(request: HttpRequest) -> HttpResponse:
    holders = holders_acted_for(user=request.user)
    if not holders.exists():
        raise Http404("not acting for anyone")
    if request.method == "POST":
        chosen = request.POST.get("holder", "")
        # An id the user does not act for is someone else's record: 404, as for any other lookup.
        if chosen and (not chosen.isdigit() or not holders.filter(pk=int(chosen)).exists()):
            raise Http404("not acting for that person")
    form = ChoosePersonForm(form_data(request), holders=holders)
    if request.method == "POST" and form.is_valid():
        request.session[ACTING_SESSION_KEY] = form.cleaned_data["holder"].pk
        return redirect("holder:home")
    context = {"form": form, "easy_read": bool(getattr(request.user, "easy_read", False))}
    return render(request, "outcomes/holder/choose_person.html", context)


@login_required
@require_POST
def easy_read_toggle(request: HttpRequest) -> HttpResponse:
    """Turn Easy Read on or off for the signed-in user, then go back to the page they were on."""
    user: Any = request.user
    user.easy_read = request.POST.get("easy_read") == "on"
    user.save(update_fields=["easy_read"])
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=False):
        back = ""
    return redirect(back or "holder:home")


def _goal_names(goals: Any) -> str:
    return "; ".join(goal.own_words for goal in goals)


def _record_rows(holder: BudgetHolder) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for spend in holder_spends(holder=holder):
        linked = [link.goal for link in spend.goal_links.all()]
        category = spend.category.name if spend.category else ""
        rows.append(
            ["spend", spend.spent_on, "", spend.amount, spend.payee, category, _goal_names(linked), "", ""]
        )
    for activity in holder_activities(holder=holder):
        rows.append(
            [
                "activity",
                activity.done_on,
                activity.what,
                "",
                "",
                "",
                _goal_names(activity.goals.all()),
                activity.how_it_went,
                "" if activity.score is None else activity.score,
            ]
        )
    for goal in holder_goals(holder=holder):
        areas = ", ".join(area.plain_words for area in goal.wellbeing_areas.all())
        # The UK date the goal was set: created_at is stored in UTC, an hour behind in summer.
        set_on = timezone.localdate(goal.created_at)
        rows.append(["goal", set_on, goal.own_words, "", "", "", "", areas, goal.weight])
        for rating in goal.ratings.all():
            rows.append(
                ["goal rating", rating.rated_on, goal.own_words, "", "", "", "", rating.note, rating.level]
            )
    for check in holder_checks(holder=holder):
        for item in ONS4_ITEMS:
            rows.append(["wellbeing check", check.checked_on, item, "", "", "", "", "", getattr(check, item)])
    return rows


@holder_page("outcomes.download_own_record")
def record_download(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    """CSV of everything recorded for the person. defusedcsv escapes cells that a spreadsheet
    would run as a formula (a payee typed as '=HYPERLINK(...)')."""
    response = csv_download(f"my-record-{timezone.localdate():%Y-%m-%d}.csv")
    writer = safe_csv.writer(response, quoting=csv.QUOTE_MINIMAL)
    writer.writerow(RECORD_HEADER)
    writer.writerows(_record_rows(holder))
    return response
