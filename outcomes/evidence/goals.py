"""Writes for goals, ratings and the links between spend and goals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from budgets import errors
from budgets.models import BudgetHolder, Spend, User, WellbeingArea
from budgets.services import check_not_in_future
from outcomes.models import Goal, GoalRating, SpendGoalLink

MSG_GOAL_NEEDS_AREA = "Choose at least one part of your life this goal is about"
MSG_GOAL_NOT_YOURS = "Choose one of your own goals"
MSG_NO_ACTIVE_PLAN = "There is no active care plan to add a goal to"
MSG_GOAL_STATUS = "Choose whether you are still working on this goal"
MSG_GOAL_WEIGHT = "Choose how important this goal is, from 1 to 4"


@transaction.atomic
def goal_create(
    *,
    holder: BudgetHolder,
    own_words: str,
    area_codes: list[str],
    actor: User | None,
    descriptors: dict[int, str] | None = None,
    weight: int = 1,
    baseline_level: int = -1,
) -> Goal:
    plan = holder.care_plans.filter(status="active").first()
    if plan is None:
        raise errors.DomainError(MSG_NO_ACTIVE_PLAN)
    areas = list(WellbeingArea.objects.filter(code__in=area_codes))
    if not areas:
        raise errors.DomainError(MSG_GOAL_NEEDS_AREA, field="wellbeing_areas")
    descriptors = descriptors or {}
    goal = Goal.objects.create(
        care_plan=plan,
        holder=holder,
        own_words=own_words,
        weight=weight,
        baseline_level=baseline_level,
        level_minus_2=descriptors.get(-2, ""),
        level_minus_1=descriptors.get(-1, ""),
        level_0=descriptors.get(0, ""),
        level_plus_1=descriptors.get(1, ""),
        level_plus_2=descriptors.get(2, ""),
        created_by=actor,
    )
    goal.wellbeing_areas.set(areas)
    return goal


@transaction.atomic
def goal_update(
    *,
    goal: Goal,
    own_words: str,
    area_codes: list[str],
    descriptors: dict[int, str],
    weight: int,
    status: str,
    actor: User | None,
) -> Goal:
    """Change a goal's words, areas, level descriptions, weight and status. simple_history keeps
    every earlier version (areas included) with `actor` as history_user, so a review can see how
    a goal was first put. Ratings stay with the goal: they were given against the words then."""
    areas = list(WellbeingArea.objects.filter(code__in=area_codes))
    if not areas:
        raise errors.DomainError(MSG_GOAL_NEEDS_AREA, field="wellbeing_areas")
    if status not in Goal.Status.values:
        raise errors.DomainError(MSG_GOAL_STATUS, field="status")
    if not 1 <= weight <= 4:
        raise errors.DomainError(MSG_GOAL_WEIGHT, field="weight")
    current = Goal.objects.select_for_update().get(pk=goal.pk)
    current.own_words = own_words
    current.weight = weight
    current.status = status
    current.level_minus_2 = descriptors.get(-2, "")
    current.level_minus_1 = descriptors.get(-1, "")
    current.level_0 = descriptors.get(0, "")
    current.level_plus_1 = descriptors.get(1, "")
    current.level_plus_2 = descriptors.get(2, "")
    current._history_user = actor  # type: ignore[attr-defined]  # read by simple_history
    current.save()
    if {area.pk for area in areas} != set(current.wellbeing_areas.values_list("pk", flat=True)):
        current.wellbeing_areas.set(areas)
    return current


def goal_rate(
    *, goal: Goal, level: int, rated_on: date, actor: User, rater_role: str, note: str = ""
) -> GoalRating:
    if level not in (-2, -1, 0, 1, 2):
        raise errors.DomainError("Choose a rating from -2 to +2", field="level")
    check_not_in_future(day=rated_on, field="rated_on")
    return GoalRating.objects.create(
        goal=goal, level=level, rated_on=rated_on, rated_by=actor, rater_role=rater_role, note=note
    )


def goals_of_holder(*, holder: BudgetHolder, goal_ids: list[int], field: str = "goals") -> list[Goal]:
    """The person's own goals with these ids, in the order given (repeats once); any id that is
    not one of their goals refuses the whole list with MSG_GOAL_NOT_YOURS on `field`."""
    found = {goal.pk: goal for goal in Goal.objects.filter(holder=holder, pk__in=goal_ids)}
    if len(found) != len(set(goal_ids)):
        raise errors.DomainError(MSG_GOAL_NOT_YOURS, field=field)
    return [found[goal_id] for goal_id in dict.fromkeys(goal_ids)]


@transaction.atomic
def spend_goals_link(
    *, spend: Spend, goals: list[Goal], shares: dict[int, Decimal] | None = None
) -> list[SpendGoalLink]:
    """Replace the spend's goal links. Shares are optional weights; missing ones mean equal
    shares (stored as 1/n to 4 places; apportioning treats them as weights, so parts stay exact)."""
    holder_id = spend.budget.holder_id
    if any(goal.holder_id != holder_id for goal in goals):
        raise errors.DomainError(MSG_GOAL_NOT_YOURS, field="goals")
    SpendGoalLink.objects.filter(spend=spend).delete()
    if not goals:
        return []
    shares = shares or {}
    equal = (Decimal(1) / len(goals)).quantize(Decimal("0.0001"))
    links = [
        SpendGoalLink(spend=spend, goal=goal, share=shares.get(goal.pk, equal) or equal) for goal in goals
    ]
    for link in links:
        link.save()  # save() (not bulk_create) so history records each link
    return links
