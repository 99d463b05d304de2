"""The social worker's caseload: people on my caseload with their flags, in a fixed number of
queries whatever the caseload's size.

Queries: the worker's councils (1); the holders, annotated with next review, last review, last
activity and the active plan's start (1); their budgets with funded/spent/refunded totals (1);
their goals with the level of each goal's latest rating (1). Flags, sorting and filtering are
done in Python on those rows: a caseload is tens of people, not thousands.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Max, OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from budgets.audit import recording as audit
from budgets.models import BudgetHolder, CarePlan, Membership, PersonalBudget
from budgets.permissions import councils_with_role, require
from budgets.selectors import BudgetPosition, budget_position_from, budgets_with_totals
from outcomes.models import Activity, Goal, GoalRating, Review
from outcomes.reviews import schedule

# "No activity logged for 6 weeks" (docs/domain/reviews.md#caseload-flags): flagged once the last
# activity is this old.
QUIET_AFTER = timedelta(weeks=6)
OPEN_REVIEW = (Review.Status.SCHEDULED, Review.Status.DRAFT)

FLAG_REVIEW = "review"
FLAG_SURPLUS = "surplus"
FLAG_QUIET = "quiet"
FLAG_GOAL = "goal"
FLAG_LABELS = {
    FLAG_REVIEW: "Review due or overdue",
    FLAG_SURPLUS: "Funds above the limit",
    FLAG_QUIET: "No activity for 6 weeks",
    FLAG_GOAL: "Goal below expected",
}
SORTS = ("name", "next_review", "weeks_held")


@dataclass(frozen=True)
class Flag:
    key: str
    label: str
    reason: str


@dataclass
class CaseloadRow:
    holder: BudgetHolder
    next_review_on: date | None
    next_review_computed: bool
    last_activity_on: date | None
    position: BudgetPosition | None
    flags: list[Flag] = field(default_factory=list)

    @property
    def weeks_held(self) -> Decimal | None:
        return self.position.weeks_held if self.position else None

    @property
    def flag_keys(self) -> set[str]:
        return {flag.key for flag in self.flags}


def _day(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def caseload_area_check(*, user: Any) -> None:
    """The caseload is for social workers: anyone who is not one in any council gets a 404, as
    for anything outside their scope (docs/security.md). The web page and the API both ask here."""
    if not councils_with_role(user, Membership.Role.WORKER):
        raise Http404("not a social worker")


def worker_holders(*, user: Any) -> QuerySet[BudgetHolder]:
    """People on this worker's caseload, inside the councils where they are a social worker."""
    return BudgetHolder.objects.visible_to(user).on_caseload_of(user)


def worker_holder_get(*, user: Any, holder_id: int) -> BudgetHolder:
    """A person on this worker's caseload; Http404 for anyone else (holders, other workers,
    admins and analysts included: the worker area is for their social workers only)."""
    holder = get_object_or_404(worker_holders(user=user).select_related("council"), pk=holder_id)
    audit.note_person(user, holder)
    return holder


def _annotated_holders(*, user: Any) -> QuerySet[BudgetHolder]:
    open_reviews = Review.objects.filter(
        holder=OuterRef("pk"), status__in=OPEN_REVIEW, supersedes__isnull=True
    ).order_by("due_on", "id")
    signed_off = (
        Review.objects.filter(holder=OuterRef("pk"), status=Review.Status.SIGNED_OFF)
        .order_by()
        .values("holder")
    )
    active_plan = CarePlan.objects.filter(holder=OuterRef("pk"), status=CarePlan.Status.ACTIVE)
    last_activity = Activity.objects.filter(holder=OuterRef("pk")).order_by().values("holder")
    latest_rating = GoalRating.objects.filter(goal=OuterRef("pk")).order_by("-rated_on", "-id")
    goals = (
        Goal.objects.filter(status=Goal.Status.ACTIVE)
        .annotate(
            latest_level=Subquery(latest_rating.values("level")[:1]),
            latest_rated_on=Subquery(latest_rating.values("rated_on")[:1]),
        )
        .only("id", "holder_id", "own_words")
        .order_by("created_at", "id")
    )
    budgets = budgets_with_totals(PersonalBudget.objects.select_related("care_plan")).order_by(
        "-starts_on", "-id"
    )
    return (
        worker_holders(user=user)
        .select_related("council")
        .annotate(
            next_review_on=Subquery(open_reviews.values("due_on")[:1]),
            last_review_on=Subquery(signed_off.annotate(last=Max("held_on")).values("last")),
            last_dp_review_on=Subquery(
                signed_off.filter(covers_direct_payment=True).annotate(last=Max("held_on")).values("last")
            ),
            plan_starts_on=Subquery(active_plan.values("starts_on")[:1]),
            last_activity_on=Subquery(last_activity.annotate(last=Max("done_on")).values("last")),
        )
        .prefetch_related(
            Prefetch("budgets", queryset=budgets, to_attr="all_budgets"),
            Prefetch("goals", queryset=goals, to_attr="active_goals"),
        )
    )


def _current_budget(holder: BudgetHolder, today: date) -> PersonalBudget | None:
    """As budgets.selectors.budget_current, but over the prefetched budgets (no query)."""
    budgets: list[PersonalBudget] = holder.all_budgets  # type: ignore[attr-defined]
    for budget in budgets:
        if budget.starts_on <= today <= budget.ends_on and budget.care_plan.status == CarePlan.Status.ACTIVE:
            return budget
    return budgets[0] if budgets else None


def _next_review(holder: Any, budget: PersonalBudget | None) -> tuple[date | None, bool]:
    """The earliest open review; without one, the statutory date (computed=True)."""
    if holder.next_review_on is not None:
        return holder.next_review_on, False
    if holder.plan_starts_on is None:
        return None, False
    is_dp = (
        budget is not None and budget.delivery_mechanism == PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT
    )
    due = schedule.next_review_due(
        plan_starts_on=holder.plan_starts_on,
        last_review_on=holder.last_review_on,
        first_payment_on=budget.first_payment_on if is_dp and budget else None,
        last_dp_review_on=holder.last_dp_review_on if is_dp else None,
    )
    return due, True


def review_flag(*, due_on: date | None, today: date) -> Flag | None:
    if due_on is None:
        return None
    status = schedule.review_status(due_on=due_on, today=today)
    days = abs((due_on - today).days)
    if status == "overdue":
        reason = f"Review overdue: it was due on {_day(due_on)}, {_plural(days, 'day')} ago"
    elif status == "due_soon":
        when = "today" if days == 0 else f"in {_plural(days, 'day')}"
        reason = f"Review due on {_day(due_on)}, {when}"
    else:
        return None
    return Flag(FLAG_REVIEW, FLAG_LABELS[FLAG_REVIEW], reason)


def surplus_flag(*, position: BudgetPosition | None) -> Flag | None:
    if position is None or not position.above_limit:
        return None
    reason = (
        f"Holds {position.weeks_held} weeks of payments (£{position.balance:,}), above the "
        f"{position.limit_weeks}-week limit by £{position.surplus:,}"
    )
    return Flag(FLAG_SURPLUS, FLAG_LABELS[FLAG_SURPLUS], reason)


def quiet_flag(*, last_activity_on: date | None, today: date) -> Flag | None:
    if last_activity_on is None:
        return Flag(FLAG_QUIET, FLAG_LABELS[FLAG_QUIET], "No activity logged yet")
    if today - last_activity_on < QUIET_AFTER:
        return None
    weeks = (today - last_activity_on).days // 7
    reason = f"No activity logged for {_plural(weeks, 'week')}: the last was on {_day(last_activity_on)}"
    return Flag(FLAG_QUIET, FLAG_LABELS[FLAG_QUIET], reason)


def goal_flag(*, goals: list[Any]) -> Flag | None:
    below = [goal for goal in goals if goal.latest_level is not None and goal.latest_level < 0]
    if not below:
        return None
    reason = "; ".join(
        f"“{goal.own_words}” rated {goal.latest_level:+d} on {_day(goal.latest_rated_on)}" for goal in below
    )
    return Flag(FLAG_GOAL, FLAG_LABELS[FLAG_GOAL], f"Below expected at the latest rating: {reason}")


def _row(holder: Any, today: date) -> CaseloadRow:
    budget = _current_budget(holder, today)
    position = budget_position_from(budget) if budget is not None else None
    next_on, computed = _next_review(holder, budget)
    row = CaseloadRow(
        holder=holder,
        next_review_on=next_on,
        next_review_computed=computed,
        last_activity_on=holder.last_activity_on,
        position=position,
    )
    candidates = [
        review_flag(due_on=next_on, today=today),
        surplus_flag(position=position),
        quiet_flag(last_activity_on=holder.last_activity_on, today=today),
        goal_flag(goals=holder.active_goals),
    ]
    row.flags = [flag for flag in candidates if flag is not None]
    return row


def _sort_key(sort: str) -> Any:
    if sort == "next_review":
        return lambda row: (row.next_review_on or date.max, row.holder.full_name, row.holder.pk)
    if sort == "weeks_held":
        # Most weeks held first: the people nearest to a clawback come to the top.
        return lambda row: (
            -(row.weeks_held if row.weeks_held is not None else Decimal("-1")),
            row.holder.full_name,
        )
    return lambda row: (row.holder.full_name, row.holder.pk)


def caseload_list(*, user: Any, today: date, sort: str = "name", flag: str = "") -> list[CaseloadRow]:
    """The worker's caseload with flags; `sort` is one of SORTS, `flag` one of FLAG_LABELS or ""."""
    rows = [_row(holder, today) for holder in _annotated_holders(user=user)]
    if flag in FLAG_LABELS:
        rows = [row for row in rows if flag in row.flag_keys]
    return sorted(rows, key=_sort_key(sort if sort in SORTS else "name"))


def reviews_visible(*, user: Any) -> QuerySet[Review]:
    """Reviews of the people whose evidence this user may see: the person, their nominated
    person, their social worker (visible_to, narrowed). A council admin sees the person but not
    their reviews: left out here, 403 on one (review_visible_get)."""
    people = BudgetHolder.objects.visible_to(user).with_evidence_visible_to(user)
    return (
        Review.objects.filter(holder__in=people)
        .prefetch_related("goal_outcomes")
        .order_by("due_on", "version", "id")
    )


def review_visible_get(*, user: Any, review_id: int, perm: str = "outcomes.view_person_evidence") -> Review:
    """One review: 404 unless its person is visible to the user, then `perm` on that person
    (403: a council admin may see the person, not their reviews). The read joins the audit trail."""
    people = BudgetHolder.objects.visible_to(user)
    review = get_object_or_404(
        Review.objects.filter(holder__in=people)
        .select_related("holder__council")
        .prefetch_related("goal_outcomes"),
        pk=review_id,
    )
    require(user, perm, review.holder)
    audit.note_person(user, review.holder)
    return review


def review_of_person_get(*, holder: BudgetHolder, review_id: int) -> Review:
    """A review of a person already fetched through the door (worker_holder_get); Http404 for
    any other person's review."""
    return get_object_or_404(Review.objects.select_related("care_plan"), pk=review_id, holder=holder)


def review_goals(*, holder: BudgetHolder) -> list[Goal]:
    """The goals a review records an outcome for: every goal of the person but the stopped ones,
    oldest first."""
    return list(
        Goal.objects.filter(holder=holder).exclude(status=Goal.Status.STOPPED).order_by("created_at", "id")
    )
