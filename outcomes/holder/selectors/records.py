"""Reads for the holder's lists: spend, activities, goals with ratings, wellbeing checks."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from budgets import errors
from budgets.models import BudgetHolder, Spend, SpendCategory
from budgets.selectors import spend_list
from outcomes.models import Activity, Goal, GoalRating, ReviewPack, WellbeingCheck


def holder_spends(*, holder: BudgetHolder) -> QuerySet[Spend]:
    """Newest first, with goal links: three queries for any number of spends."""
    return spend_list(holder=holder).prefetch_related("goal_links__goal")


def holder_spends_to_link(*, holder: BudgetHolder) -> QuerySet[Spend]:
    """Card or bank spends with no goal yet: the home page's "waiting to be linked" list."""
    return holder_spends(holder=holder).filter(source=Spend.Source.IMPORT, goal_links__isnull=True)


def holder_spend_get(*, holder: BudgetHolder, spend_id: int) -> Spend:
    """A spend of this holder; Http404 for anyone else's."""
    return get_object_or_404(
        Spend.objects.select_related("budget__holder__council", "category").prefetch_related("goal_links"),
        pk=spend_id,
        budget__holder=holder,
    )


def holder_goals(*, holder: BudgetHolder) -> QuerySet[Goal]:
    ratings = GoalRating.objects.order_by("rated_on", "id")
    return (
        Goal.objects.filter(holder=holder)
        .prefetch_related("wellbeing_areas", Prefetch("ratings", queryset=ratings))
        .order_by("created_at", "id")
    )


def holder_goal_get(*, holder: BudgetHolder, goal_id: int) -> Goal:
    return get_object_or_404(holder_goals(holder=holder), pk=goal_id)


def holder_activities(*, holder: BudgetHolder) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(holder=holder)
        .select_related("spend")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("id", "own_words")))
        .order_by("-done_on", "-id")
    )


def holder_checks(*, holder: BudgetHolder) -> QuerySet[WellbeingCheck]:
    return WellbeingCheck.objects.filter(holder=holder).order_by("checked_on", "id")


def holder_categories(*, holder: BudgetHolder) -> QuerySet[SpendCategory]:
    return SpendCategory.objects.filter(council_id=holder.council_id, is_active=True).order_by(
        "sort_order", "name"
    )


def holder_review_packs(*, holder: BudgetHolder, limit: int = 5) -> list[ReviewPack]:
    """The person's most recent review packs (Easy Read or standard), newest first."""
    return list(ReviewPack.objects.filter(holder=holder).order_by("-as_of", "-id")[:limit])


MSG_CHOOSE_CATEGORY = "Choose a category from the list"
MSG_CHOOSE_OWN_SPEND = "Choose one of your own spends"


def holder_category_choice(*, holder: BudgetHolder, category_id: int | None) -> SpendCategory | None:
    """The category with this id among the person's council's active ones (the list the spend
    form offers); any other id is refused on the `category` field."""
    if category_id is None:
        return None
    category = holder_categories(holder=holder).filter(pk=category_id).first()
    if category is None:
        raise errors.DomainError(MSG_CHOOSE_CATEGORY, field="category")
    return category


def holder_spend_choice(*, holder: BudgetHolder, spend_id: int | None) -> Spend | None:
    """One of the person's own spends, for an activity to point at; any other id is refused on
    the `spend` field."""
    if spend_id is None:
        return None
    spend = Spend.objects.filter(pk=spend_id, budget__holder=holder).select_related("budget").first()
    if spend is None:
        raise errors.DomainError(MSG_CHOOSE_OWN_SPEND, field="spend")
    return spend
