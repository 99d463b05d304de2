"""Recording a review, signing it off (then frozen) and correcting it (a new version)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from budgets import errors
from outcomes.evidence.activities import MSG_ONE_CHECK_A_WEEK
from outcomes.models import Review, ReviewGoalOutcome, WellbeingCheck
from outcomes.reviews import services as reviews
from outcomes.reviews.schedule import add_months
from tests.clock import SEED_ANCHOR, at

pytestmark = [pytest.mark.django_db, pytest.mark.dates]

# The review is held two days before "today" and agrees the next one a year on (clamped to the
# month's end: 29 February 2028 gives 28 February 2029).
HELD = SEED_ANCHOR - timedelta(days=2)
NEXT = add_months(HELD, 12)


def _post_data(person, **overrides):
    data = {
        "kind": "planned",
        "unplanned_reason": "",
        "held_on_day": str(HELD.day),
        "held_on_month": str(HELD.month),
        "held_on_year": str(HELD.year),
        "budget_sufficient": "yes",
        "actions_agreed": "Book swimming lessons for the spring",
        "next_due_on_day": str(NEXT.day),
        "next_due_on_month": str(NEXT.month),
        "next_due_on_year": str(NEXT.year),
    }
    for goal in person.goals.order_by("created_at", "id"):
        data[f"goal-{goal.pk}-achieved"] = "partly"
        data[f"goal-{goal.pk}-level"] = "1"
        data[f"goal-{goal.pk}-comment"] = "Going well"
    data.update(overrides)
    return data


def _snapshot(person):
    return (
        list(Review.objects.filter(holder=person).order_by("id").values()),
        list(ReviewGoalOutcome.objects.filter(review__holder=person).order_by("id").values()),
        WellbeingCheck.objects.filter(holder=person).count(),
    )


def test_record_sign_off_freeze_and_correct(client_for, worker_a, person_a):
    # One moment for the whole story: the sign-in too (a session lasts 8 hours).
    with time_machine.travel(at(12), tick=False):
        client = client_for(worker_a)
        open_review = Review.objects.get(holder=person_a, status="scheduled")

        response = client.post(reverse("worker:review-record", args=[person_a.pk]), _post_data(person_a))
        assert response.status_code == 302
        review = Review.objects.get(pk=open_review.pk)
        assert (review.status, review.held_on, review.next_due_on) == ("draft", HELD, NEXT)
        assert sorted(review.goal_outcomes.values_list("achieved", "level")) == [("partly", 1), ("partly", 1)]

        client.post(reverse("worker:review-sign-off", args=[person_a.pk, review.pk]))
        review.refresh_from_db()
        assert review.status == "signed_off"
        # The next review was scheduled from the agreed date.
        assert Review.objects.get(holder=person_a, status="scheduled").due_on == NEXT

        before = _snapshot(person_a)
        with pytest.raises(errors.DomainError) as refused:
            reviews.review_record(
                review=review,
                held_on=SEED_ANCHOR,
                kind="planned",
                outcomes=[],
                actor=worker_a,
                actions_agreed="edited",
            )
        assert refused.value.message == reviews.MSG_REVIEW_FROZEN
        frozen_post = client.post(
            reverse("worker:review-record", args=[person_a.pk, review.pk]),
            _post_data(person_a, actions_agreed="edited"),
        )
        assert frozen_post.status_code == 400
        assert reviews.MSG_REVIEW_FROZEN in frozen_post.content.decode()
        assert _snapshot(person_a) == before

        response = client.post(reverse("worker:review-correct", args=[person_a.pk, review.pk]))
        correction = Review.objects.get(supersedes=review)
        assert response.url == reverse("worker:review-record", args=[person_a.pk, correction.pk])
        assert (correction.version, correction.status) == (2, "draft")
        client.post(
            reverse("worker:review-record", args=[person_a.pk, correction.pk]),
            _post_data(person_a, actions_agreed="Book swimming lessons for the summer"),
        )
        client.post(reverse("worker:review-sign-off", args=[person_a.pk, correction.pk]))

        first = client.get(reverse("worker:review-detail", args=[person_a.pk, review.pk]))
        second = client.get(reverse("worker:review-detail", args=[person_a.pk, correction.pk]))
        assert "Book swimming lessons for the spring" in first.content.decode()
        assert "This version was corrected. The latest is version 2." in first.content.decode()
        assert "Book swimming lessons for the summer" in second.content.decode()
        assert [v.version for v in second.context["versions"]] == [1, 2]
        assert Review.objects.get(pk=review.pk).actions_agreed == "Book swimming lessons for the spring"
        assert Review.objects.get(pk=correction.pk).status == "signed_off"
        # A correction does not schedule a second next review.
        assert Review.objects.filter(holder=person_a, status="scheduled").count() == 1


def test_unplanned_without_reason_shows_error_and_saves_nothing(client_for, worker_a, person_a):
    before = _snapshot(person_a)

    with time_machine.travel(at(12), tick=False):
        response = client_for(worker_a).post(
            reverse("worker:review-record", args=[person_a.pk]), _post_data(person_a, kind="unplanned")
        )

    assert response.status_code == 400
    assert response.context["form"].errors["unplanned_reason"] == [reviews.MSG_UNPLANNED_NEEDS_REASON]
    assert "There is a problem" in response.content.decode()
    assert _snapshot(person_a) == before


def test_ons4_refused_rolls_back_the_whole_review(client_for, worker_a, person_a):
    """A second check-in the same week is refused: the review itself is not half-saved."""
    ons4 = {"life_satisfaction": "7", "worthwhile": "7", "happiness": "6", "anxiety": "3"}
    with time_machine.travel(at(12), tick=False):
        client = client_for(worker_a)
        data = _post_data(person_a, **ons4)
        # A check already exists in the week of the review (the demo may have one there).
        week_starting = HELD - timedelta(days=HELD.weekday())
        WellbeingCheck.objects.get_or_create(
            holder=person_a,
            week_starting=week_starting,
            defaults={
                "checked_on": week_starting,
                "life_satisfaction": 5,
                "worthwhile": 5,
                "happiness": 5,
                "anxiety": 5,
            },
        )
        before = _snapshot(person_a)

        response = client.post(reverse("worker:review-record", args=[person_a.pk]), data)

    assert response.status_code == 400
    assert MSG_ONE_CHECK_A_WEEK in response.content.decode()
    assert _snapshot(person_a) == before


def test_partial_ons4_is_refused(client_for, worker_a, person_a):
    with time_machine.travel(at(12), tick=False):
        response = client_for(worker_a).post(
            reverse("worker:review-record", args=[person_a.pk]), _post_data(person_a, happiness="6")
        )

    assert response.status_code == 400
    assert "Answer all four wellbeing questions, or leave them all empty" in response.content.decode()


def test_next_review_is_proposed_from_the_statutory_rules(person_a):
    review = Review.objects.get(holder=person_a, status="scheduled")

    assert reviews.review_next_due_propose(review=review, held_on=date(2026, 11, 18)) == date(2027, 11, 18)
    assert reviews.review_next_due_propose(review=review, held_on=date(2028, 2, 29)) == date(2029, 2, 28)


def test_form_prefills_the_proposed_next_date(client_for, worker_a, person_a):
    with time_machine.travel(at(12), tick=False):
        response = client_for(worker_a).get(reverse("worker:review-record", args=[person_a.pk]))

    assert response.status_code == 200
    assert response.context["form"].initial["next_due_on"] == add_months(SEED_ANCHOR, 12)
