"""One person's evidence for their social worker's page and the review pack.

Spend by goal and by wellbeing area comes from the holder home selector (holder_home), so the
worker, the pack and the person see the same apportioned figures. Everything else is a handful
of queries per section, none per row.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from budgets import money
from budgets.models import BudgetHolder, CarePlan, Funding, Refund, Spend
from budgets.selectors import BudgetPosition, budget_current, budget_position
from budgets.wellbeing import AREA_BY_CODE
from outcomes.evidence.scoring import (
    ONS4_ITEMS,
    RatedGoal,
    gas_t_score,
)
from outcomes.holder.selectors.home import (
    SpendRow,
    holder_home,
)
from outcomes.models import Activity, Goal, GoalRating, Review, ReviewGoalOutcome, WellbeingCheck
from outcomes.reviews.schedule import add_months

ZERO = Decimal("0.00")
MONTHS_SHOWN = 12


@dataclass
class MoneyMonth:
    month: date
    money_in: Decimal = ZERO
    money_out: Decimal = ZERO


@dataclass
class SpendShare:
    key: str
    label: str
    amount: Decimal
    receipts: int


@dataclass
class GoalEvidence:
    goal: Goal
    ratings: list[GoalRating]
    latest: GoalRating | None
    activities_by_month: dict[date, int] = field(default_factory=dict)

    @property
    def areas(self) -> list[str]:
        return [AREA_BY_CODE[area.code].plain for area in self.goal.wellbeing_areas.all()]

    @property
    def history(self) -> list[tuple[GoalRating, str]]:
        """Each rating with what that level looks like, in the person's words."""
        return [(rating, self.goal.descriptor(rating.level)) for rating in self.ratings]


@dataclass
class PersonEvidence:
    holder: BudgetHolder
    today: date
    plan: CarePlan | None
    position: BudgetPosition | None
    spend_total: Decimal
    money_months: list[MoneyMonth]
    by_goal: list[SpendShare]
    by_area: list[SpendShare]
    goals: list[GoalEvidence]
    t_score: float | None
    checks: list[WellbeingCheck]
    months: list[date]
    activities_by_month: dict[date, int]
    reviews: list[Review]
    plan_areas: list[str] = field(default_factory=list)

    @property
    def activity_rows(self) -> list[tuple[date, list[int], int]]:
        """Per month: activities linked to each goal (in goal order), and all activities logged."""
        return [
            (month, [item.activities_by_month.get(month, 0) for item in self.goals], total)
            for month, total in self.activities_by_month.items()
        ]

    @property
    def last_signed_off(self) -> Review | None:
        done = [review for review in self.reviews if review.status == Review.Status.SIGNED_OFF]
        return max(done, key=lambda review: (review.held_on or date.min, review.version), default=None)


def _months(today: date) -> list[date]:
    first = today.replace(day=1)
    return [add_months(first, -offset) for offset in range(MONTHS_SHOWN - 1, -1, -1)]


def _money_months(holder: BudgetHolder, months: list[date]) -> list[MoneyMonth]:
    rows = {month: MoneyMonth(month=month) for month in months}
    since = months[0]
    sources: list[tuple[Any, str, str]] = [
        (Funding, "received_on", "money_in"),
        (Refund, "refunded_on", "money_in"),
        (Spend, "spent_on", "money_out"),
    ]
    for model, date_field, column in sources:
        filters = {"budget__holder": holder, f"{date_field}__gte": since}
        for day, amount in model.objects.filter(**filters).values_list(date_field, "amount"):
            row = rows.get(day.replace(day=1))
            if row is not None:
                setattr(row, column, getattr(row, column) + money.to_pounds(amount))
    return list(rows.values())


def _receipt_counts(holder: BudgetHolder, budget_id: int | None) -> tuple[Counter[str], Counter[str]]:
    """Spends with a receipt, counted once for each goal (and wellbeing area) they served."""
    by_goal: Counter[str] = Counter()
    by_area: Counter[str] = Counter()
    spends = (
        Spend.objects.filter(budget_id=budget_id)
        .exclude(receipt="")
        .prefetch_related(Prefetch("goal_links__goal__wellbeing_areas"))
    )
    for spend in spends:
        links = list(spend.goal_links.all())
        if not links:
            by_goal["unlinked"] += 1
            by_area["unlinked"] += 1
        areas: set[str] = set()
        for link in links:
            by_goal[str(link.goal_id)] += 1
            areas.update(area.code for area in link.goal.wellbeing_areas.all())
        for code in areas:
            by_area[code] += 1
    return by_goal, by_area


def _shares(rows: list[SpendRow], receipts: Counter[str]) -> list[SpendShare]:
    return [SpendShare(row.key, row.label, row.year, receipts[row.key]) for row in rows]


def _goals(holder: BudgetHolder, months: list[date]) -> tuple[list[GoalEvidence], float | None]:
    ratings = GoalRating.objects.select_related("rated_by").order_by("rated_on", "id")
    goals = (
        Goal.objects.filter(holder=holder)
        .prefetch_related("wellbeing_areas", Prefetch("ratings", queryset=ratings))
        .order_by("created_at", "id")
    )
    per_goal_month: dict[int, Counter[date]] = defaultdict(Counter)
    links = Activity.goals.through.objects.filter(
        goal__holder=holder, activity__done_on__gte=months[0]
    ).values_list("goal_id", "activity__done_on")
    for goal_id, done_on in links:
        per_goal_month[goal_id][done_on.replace(day=1)] += 1
    evidence = []
    for goal in goals:
        history = list(goal.ratings.all())
        counts = per_goal_month[goal.pk]
        evidence.append(
            GoalEvidence(
                goal=goal,
                ratings=history,
                latest=history[-1] if history else None,
                activities_by_month={month: counts[month] for month in months},
            )
        )
    rated = [
        RatedGoal(level=item.latest.level, weight=item.goal.weight)
        for item in evidence
        if item.latest is not None and item.goal.status != Goal.Status.STOPPED
    ]
    return evidence, gas_t_score(rated)


def person_reviews(*, holder: BudgetHolder) -> list[Review]:
    """Every review and every version, newest first, with per-goal outcomes."""
    outcomes = ReviewGoalOutcome.objects.select_related("goal").order_by("goal__created_at", "goal_id")
    return list(
        Review.objects.filter(holder=holder)
        .select_related("signed_off_by", "created_by", "supersedes")
        .prefetch_related(Prefetch("goal_outcomes", queryset=outcomes))
        .order_by("-due_on", "-version", "-id")
    )


def person_evidence(*, holder: BudgetHolder, today: date) -> PersonEvidence:
    home = holder_home(holder=holder, today=today)
    months = _months(today)
    receipts_goal, receipts_area = _receipt_counts(holder, home.budget.pk if home.budget else None)
    goals, t_score = _goals(holder, months)
    plan = (
        CarePlan.objects.filter(holder=holder, status=CarePlan.Status.ACTIVE)
        .prefetch_related("wellbeing_areas")
        .first()
    )
    activity_months: Counter[date] = Counter(
        day.replace(day=1)
        for day in Activity.objects.filter(holder=holder, done_on__gte=months[0]).values_list(
            "done_on", flat=True
        )
    )
    return PersonEvidence(
        holder=holder,
        today=today,
        plan=plan,
        position=home.position,
        spend_total=home.year_total,
        money_months=_money_months(holder, months),
        by_goal=_shares(home.by_goal, receipts_goal),
        by_area=_shares(home.by_area, receipts_area),
        goals=goals,
        t_score=t_score,
        checks=list(WellbeingCheck.objects.filter(holder=holder).order_by("checked_on", "id")),
        months=months,
        activities_by_month={month: activity_months[month] for month in months},
        reviews=person_reviews(holder=holder),
        plan_areas=[AREA_BY_CODE[area.code].plain for area in plan.wellbeing_areas.all()] if plan else [],
    )


def ons4_series(checks: list[WellbeingCheck]) -> dict[str, list[tuple[date, int]]]:
    return {item: [(check.checked_on, getattr(check, item)) for check in checks] for item in ONS4_ITEMS}


def person_summary(*, holder: BudgetHolder, today: date) -> dict[str, Any]:
    """A person at a glance (the API's summary): the budget's position today, active goals,
    imported spends still waiting for a goal, the next open review and the latest check-in.
    `holder` has been fetched through the door (scoped_holder)."""
    budget = budget_current(holder=holder, on=today)
    next_review = (
        Review.objects.filter(holder=holder, status__in=[Review.Status.SCHEDULED, Review.Status.DRAFT])
        .order_by("due_on")
        .first()
    )
    return {
        "holder": holder,
        "budget": budget_position(budget=budget) if budget else None,
        "active_goals": Goal.objects.filter(holder=holder, status=Goal.Status.ACTIVE).count(),
        "imported_waiting": Spend.objects.filter(
            budget__holder=holder, source=Spend.Source.IMPORT, goal_links__isnull=True
        ).count(),
        "next_review_on": next_review.due_on if next_review else None,
        "latest_wellbeing_check": WellbeingCheck.objects.filter(holder=holder)
        .order_by("-checked_on", "-id")
        .first(),
    }
