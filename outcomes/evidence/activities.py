"""Writes for activities and ONS4 wellbeing check-ins."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction

from budgets import errors
from budgets.models import BudgetHolder, Spend, SpendCategory, User
from budgets.services import check_not_in_future
from outcomes.evidence.scoring import ONS4_ITEMS
from outcomes.models import Activity, Goal, WellbeingCheck

MSG_ONE_CHECK_A_WEEK = "You have already answered these questions this week. You can answer again next week"
MSG_ONS4_RANGE = "Choose a number from 0 to 10"


def week_starting(day: date) -> date:
    return day - timedelta(days=day.weekday())


def check_in_done_this_week(*, checks: list[WellbeingCheck], today: date) -> bool:
    """Whether one of these check-ins is in today's week (the once-a-week rule below)."""
    return any(check.week_starting == week_starting(today) for check in checks)


@transaction.atomic
def activity_log(
    *,
    holder: BudgetHolder,
    done_on: date,
    what: str,
    actor: User | None,
    goals: list[Goal] | None = None,
    category: SpendCategory | None = None,
    spend: Spend | None = None,
    how_it_went: str = "",
    score: int | None = None,
) -> Activity:
    goals = goals or []
    check_not_in_future(day=done_on, field="done_on")
    if any(goal.holder_id != holder.pk for goal in goals):
        raise errors.DomainError("Choose one of your own goals", field="goals")
    if spend is not None and spend.budget.holder_id != holder.pk:
        raise errors.DomainError("Choose one of your own spends", field="spend")
    if score is not None and not 1 <= score <= 5:
        raise errors.DomainError("Choose a number from 1 to 5", field="score")
    activity = Activity.objects.create(
        holder=holder,
        done_on=done_on,
        what=what,
        category=category,
        spend=spend,
        how_it_went=how_it_went,
        score=score,
        created_by=actor,
    )
    activity.goals.set(goals)
    return activity


def wellbeing_check_record(
    *, holder: BudgetHolder, checked_on: date, scores: dict[str, int], actor: User | None
) -> WellbeingCheck:
    check_not_in_future(day=checked_on, field="checked_on")
    for item in ONS4_ITEMS:
        if not 0 <= scores[item] <= 10:
            raise errors.DomainError(MSG_ONS4_RANGE, field=item)
    try:
        with transaction.atomic():
            return WellbeingCheck.objects.create(
                holder=holder,
                checked_on=checked_on,
                week_starting=week_starting(checked_on),
                recorded_by=actor,
                **{item: scores[item] for item in ONS4_ITEMS},
            )
    except IntegrityError as exc:
        raise errors.DomainError(MSG_ONE_CHECK_A_WEEK) from exc
