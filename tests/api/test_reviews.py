"""Recording a review through the API: one outcome per goal, refused clearly, nothing written."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from budgets.api.errors import MSG_CHECK_FIELDS
from outcomes.api.serializers import MSG_GOAL_TWICE
from outcomes.models import Goal, Review, ReviewGoalOutcome
from tests.clock import SEED_ANCHOR

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)


def _state(review: Review) -> tuple[Any, ...]:
    fresh = Review.objects.get(pk=review.pk)
    return (
        fresh.status,
        fresh.held_on,
        fresh.kind,
        fresh.actions_agreed,
        fresh.version,
        Review.objects.filter(holder=review.holder).count(),
        ReviewGoalOutcome.objects.count(),
    )


def test_the_same_goal_twice_is_a_400_and_writes_nothing(
    api_client_for: Any, worker_a: Any, person_a: Any
) -> None:
    review = Review.objects.filter(holder=person_a, status="scheduled").order_by("due_on").first()
    goal = Goal.objects.filter(holder=person_a).order_by("id").first()
    assert review is not None and goal is not None
    before = _state(review)
    response = api_client_for(worker_a).post(
        f"/api/v1/reviews/{review.pk}/record/",
        {
            "held_on": (SEED_ANCHOR - timedelta(days=1)).isoformat(),
            "kind": "planned",
            "actions_agreed": "Keep swimming",
            "outcomes": [
                {"goal": goal.pk, "achieved": "fully"},
                {"goal": goal.pk, "achieved": "not"},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "error": {
            "code": "invalid",
            "message": MSG_CHECK_FIELDS,
            "fields": {"outcomes": [MSG_GOAL_TWICE.format(goal=goal.pk)]},
        }
    }
    assert _state(review) == before


def test_different_goals_are_recorded(api_client_for: Any, worker_a: Any, person_a: Any) -> None:
    review = Review.objects.filter(holder=person_a, status="scheduled").order_by("due_on").first()
    goals = list(Goal.objects.filter(holder=person_a, status="active").order_by("id")[:2])
    assert review is not None and len(goals) == 2
    response = api_client_for(worker_a).post(
        f"/api/v1/reviews/{review.pk}/record/",
        {
            "held_on": (SEED_ANCHOR - timedelta(days=1)).isoformat(),
            "kind": "planned",
            "outcomes": [{"goal": g.pk, "achieved": "partly"} for g in goals],
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert sorted(o["goal"] for o in response.json()["outcomes"]) == [g.pk for g in goals]
