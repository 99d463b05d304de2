"""One rule, one place: the web pages and the API refuse the same things with the service's
message, and a refused write leaves nothing behind (today is the seed anchor: tests/api/conftest)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from budgets import errors
from budgets.models import SpendCategory
from budgets.permissions import acting_role
from outcomes.evidence.goals import goal_rate
from outcomes.models import GoalRating
from tests.clock import SEED_ANCHOR
from tests.holder.helpers import counts, date_fields, first_goal, spend_post

TOMORROW = SEED_ANCHOR + timedelta(days=1)
TOO_MUCH = "1000000.01"

# Every test reads the seeded world (pytest-django runs unmarked tests last, after the
# committed-database tests have emptied it).
pytestmark = pytest.mark.django_db


def _refused(message: str, field: str) -> dict[str, Any]:
    return {"error": {"code": "invalid", "message": message, "fields": {field: [message]}}}


def test_the_web_refuses_a_spend_over_one_million(client_for: Any, holder_a: Any, council_a: Any) -> None:
    category = SpendCategory.objects.get(council=council_a, code="gym-leisure")
    before = counts()

    response = client_for(holder_a).post("/my/spend/add/", spend_post(category=category.pk, amount=TOO_MUCH))

    assert response.status_code == 200
    assert response.context["form"].errors == {"amount": [errors.MSG_AMOUNT_TOO_BIG]}
    assert counts() == before


@pytest.mark.parametrize("amount", [TOO_MUCH, "99999999999.99"])
def test_the_api_refuses_a_spend_over_one_million(
    amount: str, api_client_for: Any, holder_a: Any, person_a: Any
) -> None:
    before = counts()

    response = api_client_for(holder_a).post(
        f"/api/v1/holders/{person_a.pk}/spends/",
        {"spent_on": str(SEED_ANCHOR), "amount": amount, "payee": "Gym"},
        format="json",
    )

    assert response.status_code == 400
    if amount == TOO_MUCH:  # the service's refusal
        assert response.json() == _refused(errors.MSG_AMOUNT_TOO_BIG, "amount")
    else:  # too long to be a number of pounds at all: the same message, on the field
        assert response.json()["error"]["fields"] == {"amount": [errors.MSG_AMOUNT_TOO_BIG]}
    assert counts() == before


def test_exactly_one_million_passes_the_limit_and_meets_the_balance(
    api_client_for: Any, holder_a: Any, person_a: Any
) -> None:
    response = api_client_for(holder_a).post(
        f"/api/v1/holders/{person_a.pk}/spends/",
        {"spent_on": str(SEED_ANCHOR), "amount": "1000000.00", "payee": "Gym"},
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "insufficient_funds"


def test_the_web_refuses_an_activity_in_the_future(client_for: Any, holder_a: Any) -> None:
    before = counts()

    response = client_for(holder_a).post(
        "/my/activities/add/", {"what": "Swimming", **date_fields("done_on", TOMORROW), "score": "4"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"done_on": [errors.MSG_DATE_IN_FUTURE]}
    assert counts() == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("activities/", {"done_on": str(TOMORROW), "what": "Swimming"}, "done_on"),
        (
            "wellbeing-checks/",
            {
                "checked_on": str(TOMORROW),
                "life_satisfaction": 7,
                "worthwhile": 7,
                "happiness": 7,
                "anxiety": 3,
            },
            "checked_on",
        ),
        ("goals/{goal}/ratings/", {"level": 1, "rated_on": str(TOMORROW)}, "rated_on"),
        ("spends/", {"spent_on": str(TOMORROW), "amount": "5.00", "payee": "Gym"}, "spent_on"),
    ],
)
def test_the_api_refuses_a_date_in_the_future(
    path: str, body: dict[str, Any], field: str, api_client_for: Any, holder_a: Any, person_a: Any
) -> None:
    url = f"/api/v1/holders/{person_a.pk}/" + path.format(goal=first_goal(person_a).pk)
    before = counts()

    response = api_client_for(holder_a).post(url, body, format="json")

    assert response.status_code == 400
    assert response.json() == _refused(errors.MSG_DATE_IN_FUTURE, field)
    assert counts() == before


def test_the_rating_service_refuses_a_date_in_the_future(holder_a: Any, person_a: Any) -> None:
    """The web page rates today; the rule is the service's all the same."""
    before = counts()

    with pytest.raises(errors.DomainError) as refused:
        goal_rate(goal=first_goal(person_a), level=1, rated_on=TOMORROW, actor=holder_a, rater_role="holder")

    assert (refused.value.message, refused.value.field) == (errors.MSG_DATE_IN_FUTURE, "rated_on")
    assert counts() == before


@pytest.mark.parametrize(
    ("who", "role"), [("holder_a", "holder"), ("nominee_a", "nominee"), ("worker_a", "worker")]
)
def test_one_acting_role_rule_for_the_api_and_the_pages(
    who: str, role: str, api_client_for: Any, person_a: Any, request: Any
) -> None:
    user = request.getfixturevalue(who)
    goal = first_goal(person_a)

    response = api_client_for(user).post(
        f"/api/v1/holders/{person_a.pk}/goals/{goal.pk}/ratings/",
        {"level": 1, "rated_on": str(SEED_ANCHOR)},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["rater_role"] == role
    assert GoalRating.objects.get(pk=response.json()["id"]).rater_role == role
    assert acting_role(user, person_a) == role


def test_the_holder_page_records_the_holder_as_rater(client_for: Any, holder_a: Any, person_a: Any) -> None:
    goal = first_goal(person_a)

    response = client_for(holder_a).post(f"/my/goals/{goal.pk}/", {"level": "1", "note": ""})

    assert response.status_code == 302
    assert goal.ratings.latest("id").rater_role == "holder"
