"""Writes for reviews: schedule, record, sign off (then frozen) and correct (a new version)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from budgets import errors
from budgets.models import BudgetHolder, CarePlan, CaseloadAssignment, Membership, PersonalBudget, User
from outcomes.evidence.activities import wellbeing_check_record
from outcomes.models import Goal, Review, ReviewGoalOutcome, ReviewReminder
from outcomes.models.evidence import GAS_LEVELS
from outcomes.reviews import schedule

# Open reviews are due; a correction draft (supersedes set) is not a review that falls due.
OPEN_STATUSES = (Review.Status.SCHEDULED, Review.Status.DRAFT)
REMINDER_SUBJECT = "Reviews due on your caseload"

MSG_REVIEW_FROZEN = "This review has been signed off and cannot be changed. Make a correction instead"
MSG_UNPLANNED_NEEDS_REASON = "Enter the reason for an unplanned review"
MSG_GOAL_OUTSIDE_PLAN = "That goal is not part of this person's plan"
MSG_NO_ACTIVE_PLAN = "This person has no active care plan to review"
MSG_HELD_IN_FUTURE = "The date of the review must be today or in the past"
MSG_NEXT_DUE_BEFORE_HELD = "The next review must be after the date of this review"
MSG_ACHIEVED_CHOICE = "Select whether the goal was fully, partly or not achieved"
MSG_LEVEL_RANGE = "Choose a rating from -2 to +2"
MSG_NOT_RECORDED = "Record the review before signing it off"
MSG_ONLY_SIGNED_OFF_CORRECTED = "Only a signed-off review can be corrected; edit the draft instead"
MSG_ALREADY_CORRECTED = "This review already has a correction; correct the latest version"


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


def review_open_get(*, holder: BudgetHolder) -> Review | None:
    """The review to record next: the earliest one scheduled or in draft, if any."""
    return (
        Review.objects.filter(holder=holder, status__in=OPEN_STATUSES, supersedes__isnull=True)
        .order_by("due_on", "version", "id")
        .first()
    )


def review_open_get_or_schedule(*, holder: BudgetHolder, actor: User, today: date) -> Review:
    """The open review, or a new one due today for a review nobody scheduled (unplanned)."""
    review = review_open_get(holder=holder)
    if review is not None:
        return review
    plan = CarePlan.objects.filter(holder=holder, status=CarePlan.Status.ACTIVE).first()
    if plan is None:
        raise errors.DomainError(MSG_NO_ACTIVE_PLAN)
    return review_schedule(plan=plan, due_on=today, actor=actor)


def review_next_due_propose(*, review: Review, held_on: date) -> date:
    """The statutory next review date after a review held on `held_on` (outcomes/reviews/schedule.py):
    12 months on, or sooner when a direct payment still needs its first 6-month review."""
    plan = review.care_plan
    budget = plan.budgets.order_by("starts_on", "id").first()
    is_dp = (
        budget is not None and budget.delivery_mechanism == PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT
    )
    last_dp: date | None = held_on if review.covers_direct_payment else None
    if last_dp is None:
        last_dp = (
            Review.objects.filter(
                holder=review.holder, status=Review.Status.SIGNED_OFF, covers_direct_payment=True
            )
            .order_by("-held_on")
            .values_list("held_on", flat=True)
            .first()
        )
    return schedule.next_review_due(
        plan_starts_on=plan.starts_on,
        last_review_on=held_on,
        first_payment_on=budget.first_payment_on if is_dp and budget is not None else None,
        last_dp_review_on=last_dp,
    )


def _check_record_input(
    *, review: Review, held_on: date, kind: str, unplanned_reason: str, outcomes: list[GoalOutcomeInput]
) -> None:
    if review.status == Review.Status.SIGNED_OFF:
        raise errors.DomainError(MSG_REVIEW_FROZEN)
    if held_on > timezone.localdate():
        raise errors.DomainError(MSG_HELD_IN_FUTURE, field="held_on")
    if kind == Review.Kind.UNPLANNED and not unplanned_reason.strip():
        raise errors.DomainError(MSG_UNPLANNED_NEEDS_REASON, field="unplanned_reason")
    for item in outcomes:
        if item.goal.holder_id != review.holder_id:
            raise errors.DomainError(MSG_GOAL_OUTSIDE_PLAN, field="goals")
        if item.achieved not in ReviewGoalOutcome.Achieved.values:
            raise errors.DomainError(MSG_ACHIEVED_CHOICE, field="goals")
        if item.level is not None and item.level not in GAS_LEVELS:
            raise errors.DomainError(MSG_LEVEL_RANGE, field="goals")


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
    ons4: dict[str, int] | None = None,
) -> Review:
    """Save what happened at a review as a draft; sign-off is a separate step. The optional
    ONS4 answers are saved as a wellbeing check on the review date, in the same transaction:
    if anything is refused, nothing is saved."""
    review = Review.objects.select_for_update().select_related("care_plan", "holder").get(pk=review.pk)
    _check_record_input(
        review=review, held_on=held_on, kind=kind, unplanned_reason=unplanned_reason, outcomes=outcomes
    )
    if next_due_on is not None and next_due_on <= held_on:
        raise errors.DomainError(MSG_NEXT_DUE_BEFORE_HELD, field="next_due_on")
    if ons4 is not None:
        wellbeing_check_record(holder=review.holder, checked_on=held_on, scores=ons4, actor=actor)
    review.held_on = held_on
    review.kind = kind
    review.unplanned_reason = unplanned_reason if kind == Review.Kind.UNPLANNED else ""
    review.budget_sufficient = budget_sufficient
    review.actions_agreed = actions_agreed
    review.next_due_on = next_due_on or review_next_due_propose(review=review, held_on=held_on)
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
        raise errors.DomainError(MSG_NOT_RECORDED)
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
        raise errors.DomainError(MSG_ONLY_SIGNED_OFF_CORRECTED)
    if Review.objects.filter(supersedes=original).exists():
        raise errors.DomainError(MSG_ALREADY_CORRECTED)
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


def _reminder_line(review: Review, stage: str, today: date) -> str:
    holder = review.holder
    url = settings.SITE_URL.rstrip("/") + reverse("worker:person", kwargs={"holder_id": holder.pk})
    first_name = holder.preferred_name or holder.full_name.split(" ")[0]
    if stage == ReviewReminder.Stage.OVERDUE:
        days = (today - review.due_on).days
        when = f"overdue since {review.due_on:%d %B %Y} ({days} day{'' if days == 1 else 's'})"
    else:
        when = f"due on {review.due_on:%d %B %Y}"
    # Council person id and first name only: email is not a place for a full record.
    return f"- {first_name} ({holder.council_person_id}): review {when}. {url}"


def review_reminders_send(*, today: date) -> int:
    """Email each social worker the reviews on their caseload due within 28 days or overdue,
    once per review per stage (the ReviewReminder unique key). Returns the emails sent.

    Rows and email go together per worker: if sending fails the rows roll back, and the next
    day's run tries again."""
    horizon = today + timedelta(days=schedule.DUE_SOON_DAYS)
    due = (
        Review.objects.filter(status__in=OPEN_STATUSES, supersedes__isnull=True, due_on__lte=horizon)
        .select_related("holder")
        .order_by("due_on", "id")
    )
    by_holder: dict[int, list[Review]] = {}
    for review in due:
        by_holder.setdefault(review.holder_id, []).append(review)
    assignments = CaseloadAssignment.objects.filter(
        holder_id__in=by_holder,
        council_id=F("holder__council_id"),
        worker__memberships__role=Membership.Role.WORKER,
        worker__memberships__council_id=F("council_id"),
    ).select_related("worker")
    per_worker: dict[User, list[Review]] = {}
    for assignment in assignments.distinct():
        per_worker.setdefault(assignment.worker, []).extend(by_holder[assignment.holder_id])
    sent = 0
    for worker, reviews in per_worker.items():
        if worker.email and _remind_worker(worker=worker, reviews=reviews, today=today):
            sent += 1
    return sent


@transaction.atomic
def _remind_worker(*, worker: User, reviews: list[Review], today: date) -> bool:
    lines = []
    for review in reviews:
        stage = schedule.review_status(due_on=review.due_on, today=today)
        _, created = ReviewReminder.objects.get_or_create(review=review, worker=worker, stage=stage)
        if created:
            lines.append(_reminder_line(review, stage, today))
    if not lines:
        return False
    body = "These reviews on your caseload need attention:\n\n" + "\n".join(lines) + "\n"
    send_mail(REMINDER_SUBJECT, body, settings.DEFAULT_FROM_EMAIL, [worker.email])
    return True
