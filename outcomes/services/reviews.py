"""Writes for reviews: schedule, record, sign off (then frozen) and correct (a new version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone

from budgets import errors
from budgets.models import CarePlan, User
from outcomes import schedule
from outcomes.models import Goal, Review, ReviewGoalOutcome

MSG_REVIEW_FROZEN = "This review has been signed off and cannot be changed. Make a correction instead"
MSG_UNPLANNED_NEEDS_REASON = "Enter the reason for an unplanned review"
MSG_GOAL_OUTSIDE_PLAN = "That goal is not part of this person's plan"


@dataclass(frozen=True)
class GoalOutcomeInput:
    goal: Goal
    achieved: str
    level: int | None = None
    comment: str = ""


def review_schedule(
    *, plan: CarePlan, due_on: date, actor: User | None, covers_direct_payment: bool = True
) -> Review:
    return Review.objects.create(
        care_plan=plan,
        holder=plan.holder,
        due_on=due_on,
        covers_direct_payment=covers_direct_payment,
        created_by=actor,
    )


def review_first_schedule(*, plan: CarePlan, actor: User | None) -> Review:
    """The first review of a new plan: 8 weeks after it starts, or sooner for a direct payment."""
    budget = plan.budgets.order_by("starts_on").first()
    first_payment_on = budget.first_payment_on if budget is not None else None
    due = schedule.next_review_due(
        plan_starts_on=plan.starts_on, last_review_on=None, first_payment_on=first_payment_on
    )
    return review_schedule(plan=plan, due_on=due, actor=actor)


@transaction.atomic
def review_record(
    *,
    review: Review,
    held_on: date,
    kind: str,
    outcomes: list[GoalOutcomeInput],
    actor: User,
    unplanned_reason: str = "",
    budget_sufficient: bool | None = None,
    actions_agreed: str = "",
    next_due_on: date | None = None,
) -> Review:
    """Save what happened at a review as a draft; sign-off is a separate step."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == Review.Status.SIGNED_OFF:
        raise errors.DomainError(MSG_REVIEW_FROZEN)
    if kind == Review.Kind.UNPLANNED and not unplanned_reason.strip():
        raise errors.DomainError(MSG_UNPLANNED_NEEDS_REASON, field="unplanned_reason")
    if any(item.goal.holder_id != review.holder_id for item in outcomes):
        raise errors.DomainError(MSG_GOAL_OUTSIDE_PLAN, field="goals")
    review.held_on = held_on
    review.kind = kind
    review.unplanned_reason = unplanned_reason
    review.budget_sufficient = budget_sufficient
    review.actions_agreed = actions_agreed
    review.next_due_on = next_due_on or schedule.add_months(held_on, schedule.REVIEW_INTERVAL_MONTHS)
    review.status = Review.Status.DRAFT
    review.save()
    ReviewGoalOutcome.objects.filter(review=review).delete()
    for item in outcomes:
        ReviewGoalOutcome.objects.create(
            review=review, goal=item.goal, achieved=item.achieved, level=item.level, comment=item.comment
        )
    return review


@transaction.atomic
def review_sign_off(*, review: Review, actor: User) -> Review:
    """Freeze the review and schedule the next one (unless a later one is already scheduled)."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if review.status == Review.Status.SIGNED_OFF:
        raise errors.DomainError(MSG_REVIEW_FROZEN)
    if review.held_on is None:
        raise errors.DomainError("Record the review before signing it off")
    review.status = Review.Status.SIGNED_OFF
    review.signed_off_at = timezone.now()
    review.signed_off_by = actor
    # Only the sign-off fields: the notes may be open in another tab.
    review.save(update_fields=["status", "signed_off_at", "signed_off_by"])
    already = Review.objects.filter(holder=review.holder, status=Review.Status.SCHEDULED).exists()
    if review.next_due_on and not already and review.supersedes_id is None:
        review_schedule(plan=review.care_plan, due_on=review.next_due_on, actor=actor)
    return review


@transaction.atomic
def review_correct(*, review: Review, actor: User) -> Review:
    """Start a correction of a signed-off review: a new draft version; the original stays."""
    original = Review.objects.select_for_update().get(pk=review.pk)
    if original.status != Review.Status.SIGNED_OFF:
        raise errors.DomainError("Only a signed-off review can be corrected; edit the draft instead")
    if Review.objects.filter(supersedes=original).exists():
        raise errors.DomainError("This review already has a correction; correct the latest version")
    correction = Review.objects.create(
        care_plan=original.care_plan,
        holder=original.holder,
        kind=original.kind,
        unplanned_reason=original.unplanned_reason,
        covers_direct_payment=original.covers_direct_payment,
        due_on=original.due_on,
        held_on=original.held_on,
        status=Review.Status.DRAFT,
        budget_sufficient=original.budget_sufficient,
        actions_agreed=original.actions_agreed,
        next_due_on=original.next_due_on,
        version=original.version + 1,
        supersedes=original,
        created_by=actor,
    )
    for outcome in original.goal_outcomes.all():
        ReviewGoalOutcome.objects.create(
            review=correction,
            goal_id=outcome.goal_id,
            achieved=outcome.achieved,
            level=outcome.level,
            comment=outcome.comment,
        )
    return correction
