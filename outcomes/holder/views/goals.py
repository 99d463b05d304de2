"""My goals: list, add in my own words, rate progress, see ratings over time."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from budgets.errors import DomainError
from budgets.models import BudgetHolder
from budgets.permissions import acting_role, require
from budgets.wellbeing import WELLBEING_AREAS
from outcomes.charts import holder_line_chart
from outcomes.evidence.goals import (
    goal_create,
    goal_rate,
    goal_update,
)
from outcomes.holder.forms import (
    LEVEL_FIELDS_WORDS,
    RatingForm,
)
from outcomes.holder.goal_forms import (
    GoalEditForm,
    GoalForm,
)
from outcomes.holder.selectors.records import (
    holder_goal_get,
    holder_goals,
)
from outcomes.holder.views.common import (
    add_domain_error,
    form_data,
    holder_page,
    page,
)
from outcomes.models import Goal

LEVEL_WORDS = dict(LEVEL_FIELDS_WORDS)


@holder_page("outcomes.view_person_evidence")
def goal_list(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    goals = list(holder_goals(holder=holder))
    rows = []
    for goal in goals:
        ratings = list(goal.ratings.all())
        rows.append((goal, ratings[-1] if ratings else None))
    return page(request, "outcomes/holder/goal_list.html", holder, {"rows": rows, "level_words": LEVEL_WORDS})


@holder_page("outcomes.manage_goals")
def goal_add(request: HttpRequest, holder: BudgetHolder) -> HttpResponse:
    form = GoalForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal = goal_create(
                holder=holder,
                own_words=data["own_words"].strip(),
                area_codes=data["wellbeing_areas"],
                actor=request.user,  # type: ignore[arg-type]
                descriptors=form.descriptors(),
                weight=data["weight"],
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Goal added")
            return redirect("holder:goal-detail", goal_id=goal.pk)
    context = {"form": form, "areas": WELLBEING_AREAS}
    return page(request, "outcomes/holder/goal_form.html", holder, context)


@holder_page("outcomes.manage_goals")
def goal_edit(request: HttpRequest, holder: BudgetHolder, goal_id: int) -> HttpResponse:
    goal = holder_goal_get(holder=holder, goal_id=goal_id)
    form = GoalEditForm(form_data(request), goal=goal)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            goal_update(
                goal=goal,
                own_words=data["own_words"].strip(),
                area_codes=data["wellbeing_areas"],
                descriptors=form.descriptors(),
                weight=data["weight"],
                status=data["status"],
                actor=request.user,  # type: ignore[arg-type]
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Goal changed")
            return redirect("holder:goal-detail", goal_id=goal.pk)
    context = {"form": form, "areas": WELLBEING_AREAS, "goal": goal, "editing": True}
    return page(request, "outcomes/holder/goal_form.html", holder, context)


def _rating_chart(goal: Goal) -> dict:
    ratings = list(goal.ratings.all())
    return holder_line_chart(
        title=f"Ratings over time for: {goal.own_words[:60]}",
        desc="Each rating from −2 (much less than hoped) to +2 (much more than hoped): "
        + "; ".join(f"{r.rated_on:%-d %b %Y}: {r.level:+d}" for r in ratings)
        if ratings
        else "No ratings yet.",
        x_labels=[f"{r.rated_on:%b %Y}" for r in ratings],
        series=[("Rating", [r.level for r in ratings])],
        y_min=-2,
        y_max=2,
    )


@holder_page("outcomes.view_person_evidence")
def goal_detail(request: HttpRequest, holder: BudgetHolder, goal_id: int) -> HttpResponse:
    goal = holder_goal_get(holder=holder, goal_id=goal_id)
    form = RatingForm(form_data(request), goal=goal)
    if request.method == "POST":
        return _rate(request, holder, goal, form)
    return _detail_page(request, holder, goal, form)


def _detail_page(request: HttpRequest, holder: BudgetHolder, goal: Goal, form: RatingForm) -> HttpResponse:
    ratings = list(goal.ratings.all())
    context = {
        "goal": goal,
        "form": form,
        "ratings": ratings,
        "chart": _rating_chart(goal),
        "level_words": LEVEL_WORDS,
        "descriptors": [(level, LEVEL_WORDS[level], goal.descriptor(level)) for level in (-2, -1, 0, 1, 2)],
    }
    return page(request, "outcomes/holder/goal_detail.html", holder, context)


def _rate(request: HttpRequest, holder: BudgetHolder, goal: Goal, form: RatingForm) -> HttpResponse:
    require(request.user, "outcomes.rate_goal", holder)
    if form.is_valid():
        try:
            goal_rate(
                goal=goal,
                level=form.cleaned_data["level"],
                rated_on=timezone.localdate(),
                actor=request.user,  # type: ignore[arg-type]
                rater_role=acting_role(request.user, holder),
                note=form.cleaned_data["note"].strip(),
            )
        except DomainError as error:
            add_domain_error(form, error)
        else:
            messages.success(request, "Rating saved")
            return redirect("holder:goal-detail", goal_id=goal.pk)
    return _detail_page(request, holder, goal, form)
