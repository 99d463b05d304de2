"""The holder's home page in a fixed number of queries, whatever the number of spends.

Queries: budget (1), its totals (1), spends of the plan year (1), their goal links (1),
goal areas (1), goals (1), next review (1), recent activities and their goals (2),
imported spends waiting for goals (1).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch

from budgets import money
from budgets.models import BudgetHolder, PersonalBudget, Spend
from budgets.selectors import BudgetPosition, budget_current, budget_position
from budgets.wellbeing import AREA_BY_CODE, AREA_CODES
from outcomes.models import Activity, Goal, Review, SpendGoalLink

ZERO = Decimal("0.00")
UNLINKED = "Not linked to a goal"
RECENT_ACTIVITIES = 5


@dataclass
class SpendRow:
    key: str
    label: str
    month: Decimal = ZERO
    year: Decimal = ZERO


@dataclass
class HomeSummary:
    holder: BudgetHolder
    today: date
    budget: PersonalBudget | None
    position: BudgetPosition | None
    by_goal: list[SpendRow] = field(default_factory=list)
    by_area: list[SpendRow] = field(default_factory=list)
    month_total: Decimal = ZERO
    year_total: Decimal = ZERO
    next_review: Review | None = None
    recent_activities: list[Activity] = field(default_factory=list)
    imports_waiting: int = 0


def _split_spend(
    amount: Decimal, links: list[tuple[int, Decimal]], goal_areas: dict[int, list[str]]
) -> tuple[dict[int | None, Decimal], dict[str | None, Decimal]]:
    """One spend's parts by goal (by link share) and by area (a goal's part equally across its
    areas), in pence; both add up to the amount. None is 'not linked'."""
    if not links:
        return {None: amount}, {None: amount}
    by_goal: dict[int | None, Decimal] = dict(money.apportion(amount, dict(links)))
    by_area: dict[str | None, Decimal] = defaultdict(lambda: ZERO)
    for goal_id, part in by_goal.items():
        areas = goal_areas.get(goal_id or 0) or []
        if not areas:
            by_area[None] += part
            continue
        for code, area_part in money.apportion(part, {code: 1 for code in areas}).items():
            by_area[code] += area_part
    return by_goal, dict(by_area)


def _spend_breakdown(summary: HomeSummary, budget: PersonalBudget) -> None:
    spends = list(
        Spend.objects.filter(budget=budget, spent_on__lte=summary.today).values_list(
            "id", "amount", "spent_on"
        )
    )
    links: dict[int, list[tuple[int, Decimal]]] = defaultdict(list)
    for spend_id, goal_id, share in SpendGoalLink.objects.filter(spend__budget=budget).values_list(
        "spend_id", "goal_id", "share"
    ):
        links[spend_id].append((goal_id, share))
    goal_areas: dict[int, list[str]] = defaultdict(list)
    # Ordered, so the penny left over goes to the same area on every database.
    area_rows_db = (
        Goal.wellbeing_areas.through.objects.filter(goal__holder=summary.holder)
        .order_by("goal_id", "wellbeingarea_id")
        .values_list("goal_id", "wellbeingarea_id")
    )
    for goal_id, code in area_rows_db:
        goal_areas[goal_id].append(code)
    goals = {goal.pk: goal for goal in Goal.objects.filter(holder=summary.holder).only("id", "own_words")}
    goal_rows = {key: SpendRow(key=str(key), label=goal.own_words) for key, goal in goals.items()}
    area_rows = {code: SpendRow(key=code, label=AREA_BY_CODE[code].plain) for code in AREA_CODES}
    unlinked_goal = SpendRow(key="unlinked", label=UNLINKED)
    unlinked_area = SpendRow(key="unlinked", label=UNLINKED)
    month_start = summary.today.replace(day=1)
    for spend_id, amount, spent_on in spends:
        amount = money.to_pounds(amount)
        in_month = spent_on >= month_start
        by_goal, by_area = _split_spend(amount, links.get(spend_id, []), goal_areas)
        for goal_key, part in by_goal.items():
            row = goal_rows.get(goal_key) if goal_key is not None else None
            _add(row or unlinked_goal, part, in_month)
        for area_key, area_part in by_area.items():
            _add(area_rows[area_key] if area_key is not None else unlinked_area, area_part, in_month)
        summary.year_total += amount
        if in_month:
            summary.month_total += amount
    summary.by_goal = [row for row in goal_rows.values() if row.year] + (
        [unlinked_goal] if unlinked_goal.year else []
    )
    summary.by_area = [row for row in area_rows.values() if row.year] + (
        [unlinked_area] if unlinked_area.year else []
    )


def _add(row: SpendRow, part: Decimal, in_month: bool) -> None:
    row.year += part
    if in_month:
        row.month += part


def holder_home(*, holder: BudgetHolder, today: date) -> HomeSummary:
    budget = budget_current(holder=holder, on=today)
    summary = HomeSummary(holder=holder, today=today, budget=budget, position=None)
    if budget is not None:
        summary.position = budget_position(budget=budget)
        _spend_breakdown(summary, budget)
    summary.next_review = (
        Review.objects.filter(holder=holder, status=Review.Status.SCHEDULED).order_by("due_on", "id").first()
    )
    summary.recent_activities = list(
        Activity.objects.filter(holder=holder)
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("id", "own_words")))
        .order_by("-done_on", "-id")[:RECENT_ACTIVITIES]
    )
    summary.imports_waiting = Spend.objects.filter(
        budget__holder=holder, source=Spend.Source.IMPORT, goal_links__isnull=True
    ).count()
    return summary
