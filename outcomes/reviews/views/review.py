"""Recording, signing off and correcting a review. The services hold the rules; a refused
change shows its message in the GOV.UK error summary and saves nothing."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from budgets import errors
from budgets.models import BudgetHolder, User
from budgets.permissions import require
from outcomes.models import Review
from outcomes.reviews import services as reviews
from outcomes.reviews.forms import (
    GoalOutcomeForm,
    ReviewForm,
    goal_forms,
)
from outcomes.reviews.selectors.caseload import review_goals, review_of_person_get, worker_holder_get
from outcomes.reviews.selectors.person import person_reviews


def _actor(request: HttpRequest) -> User:
    """The signed-in user (every view here is behind login_required)."""
    return cast(User, request.user)


def _review_get(holder: BudgetHolder, review_id: int) -> Review:
    return review_of_person_get(holder=holder, review_id=review_id)


def _initial(review: Review | None, today: Any) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    if review is None or review.held_on is None:
        proposed = reviews.review_next_due_propose(review=review, held_on=today) if review else None
        return {"kind": review.kind if review else "planned", "next_due_on": proposed}, {}
    main = {
        "kind": review.kind,
        "unplanned_reason": review.unplanned_reason,
        "held_on": review.held_on,
        "budget_sufficient": {True: "yes", False: "no"}.get(review.budget_sufficient),  # type: ignore[arg-type]
        "actions_agreed": review.actions_agreed,
        "next_due_on": review.next_due_on,
    }
    per_goal = {
        outcome.goal_id: {"achieved": outcome.achieved, "level": outcome.level, "comment": outcome.comment}
        for outcome in review.goal_outcomes.all()
    }
    return main, per_goal


def _save(
    request: HttpRequest,
    holder: BudgetHolder,
    review: Review | None,
    form: ReviewForm,
    outcome_forms: list[GoalOutcomeForm],
) -> Review:
    data = form.cleaned_data
    with transaction.atomic():
        if review is None:
            review = reviews.review_open_get_or_schedule(
                holder=holder, actor=_actor(request), today=timezone.localdate()
            )
        return reviews.review_record(
            review=review,
            held_on=data["held_on"],
            kind=data["kind"],
            unplanned_reason=data["unplanned_reason"],
            budget_sufficient=data["budget_sufficient"] == "yes",
            actions_agreed=data["actions_agreed"],
            next_due_on=data["next_due_on"],
            ons4=form.ons4(),
            actor=_actor(request),
            outcomes=[
                reviews.GoalOutcomeInput(
                    goal=item.goal,
                    achieved=item.cleaned_data["achieved"],
                    level=int(item.cleaned_data["level"]),
                    comment=item.cleaned_data["comment"],
                )
                for item in outcome_forms
            ],
        )


@login_required
def review_record(request: HttpRequest, holder_id: int, review_id: int | None = None) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.record_review", holder)
    review = (
        _review_get(holder, review_id) if review_id is not None else reviews.review_open_get(holder=holder)
    )
    goals = review_goals(holder=holder)
    if request.method == "POST":
        form = ReviewForm(request.POST)
        outcome_forms = goal_forms(goals=goals, data=request.POST)
        if form.is_valid() and all(item.is_valid() for item in outcome_forms):
            try:
                saved = _save(request, holder, review, form, outcome_forms)
            except errors.DomainError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
            else:
                messages.success(request, "Review saved as a draft. Check it, then sign it off.")
                return redirect("worker:review-detail", holder_id=holder.pk, review_id=saved.pk)
    else:
        main, per_goal = _initial(review, timezone.localdate())
        form = ReviewForm(initial=main)
        outcome_forms = goal_forms(goals=goals, initial=per_goal)
    frozen = review is not None and review.status == Review.Status.SIGNED_OFF
    has_errors = bool(form.errors) or any(item.errors for item in outcome_forms)
    return render(
        request,
        "outcomes/worker/review_form.html",
        {
            "holder": holder,
            "review": review,
            "form": form,
            "outcome_forms": outcome_forms,
            "frozen": frozen,
            "has_errors": has_errors,
            "frozen_message": reviews.MSG_REVIEW_FROZEN,
        },
        status=400 if has_errors else 200,
    )


@login_required
def review_detail(request: HttpRequest, holder_id: int, review_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.view_person_evidence", holder)
    all_reviews = person_reviews(holder=holder)
    review = next((item for item in all_reviews if item.pk == review_id), None)
    if review is None:
        review = _review_get(holder, review_id)  # raises Http404
    versions = _versions(all_reviews, review)
    return render(
        request,
        "outcomes/worker/review_detail.html",
        {"holder": holder, "review": review, "versions": versions, "latest": versions[-1]},
    )


def _versions(all_reviews: list[Review], review: Review) -> list[Review]:
    """Every version of this review, oldest first, following `supersedes` both ways."""
    by_id = {item.pk: item for item in all_reviews}
    by_parent = {item.supersedes_id: item for item in all_reviews if item.supersedes_id}
    first = review
    while first.supersedes_id and first.supersedes_id in by_id:
        first = by_id[first.supersedes_id]
    chain = [first]
    while chain[-1].pk in by_parent:
        chain.append(by_parent[chain[-1].pk])
    return chain


@require_POST
@login_required
def review_sign_off(request: HttpRequest, holder_id: int, review_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.sign_off_review", holder)
    review = _review_get(holder, review_id)
    try:
        reviews.review_sign_off(review=review, actor=_actor(request))
    except errors.DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Review signed off. It can no longer be changed.")
    return redirect("worker:review-detail", holder_id=holder.pk, review_id=review.pk)


@require_POST
@login_required
def review_correct(request: HttpRequest, holder_id: int, review_id: int) -> HttpResponse:
    holder = worker_holder_get(user=request.user, holder_id=holder_id)
    require(request.user, "outcomes.record_review", holder)
    review = _review_get(holder, review_id)
    try:
        correction = reviews.review_correct(review=review, actor=_actor(request))
    except errors.DomainError as exc:
        messages.error(request, exc.message)
        return redirect("worker:review-detail", holder_id=holder.pk, review_id=review.pk)
    return redirect("worker:review-record", holder_id=holder.pk, review_id=correction.pk)
