"""Changing a goal: words, areas, level descriptions, weight and status, with every earlier
version kept by simple_history; bad input and other people change nothing."""

from __future__ import annotations

from typing import Any

import pytest

from budgets import errors
from outcomes.evidence.goals import (
    MSG_GOAL_NEEDS_AREA,
    MSG_GOAL_STATUS,
    goal_update,
)
from outcomes.holder.goal_forms import MSG_GOAL_WORDS_REQUIRED
from outcomes.models import Goal
from tests.holder.helpers import counts, first_goal

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]


def _post(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "own_words": "Swim 30 lengths without stopping",
        "wellbeing_areas": ["b", "g"],
        "weight": "3",
        "status": "achieved",
        "level_minus_2": "I stop swimming",
        "level_minus_1": "",
        "level_0": "30 lengths",
        "level_plus_1": "",
        "level_plus_2": "40 lengths",
    }
    data.update(overrides)
    return data


def _snapshot(goal: Goal) -> tuple:
    goal.refresh_from_db()
    return (
        goal.own_words,
        goal.status,
        goal.weight,
        goal.level_0,
        sorted(goal.wellbeing_areas.values_list("pk", flat=True)),
        goal.history.count(),
    )


def test_holder_changes_a_goal_and_the_old_version_is_kept(client_for, holder_a, person_a) -> None:
    goal = first_goal(person_a)
    old_words = goal.own_words
    old_history = goal.history.count()

    response = client_for(holder_a).post(f"/my/goals/{goal.pk}/change/", _post())

    assert (response.status_code, response["Location"]) == (302, f"/my/goals/{goal.pk}/")
    goal.refresh_from_db()
    assert (goal.own_words, goal.status, goal.weight) == ("Swim 30 lengths without stopping", "achieved", 3)
    assert [goal.descriptor(level) for level in (-2, -1, 0, 1, 2)] == [
        "I stop swimming",
        "",
        "30 lengths",
        "",
        "40 lengths",
    ]
    assert sorted(goal.wellbeing_areas.values_list("pk", flat=True)) == ["b", "g"]
    versions = list(goal.history.order_by("history_id"))
    assert len(versions) > old_history
    assert versions[old_history - 1].own_words == old_words
    assert versions[-1].own_words == "Swim 30 lengths without stopping"
    assert {v.history_user for v in versions[old_history:]} == {holder_a}
    assert sorted(area.wellbeingarea_id for area in versions[-1].wellbeing_areas.all()) == ["b", "g"]


def test_change_page_starts_from_the_goal_and_is_linked(client_for, holder_a, person_a) -> None:
    goal = first_goal(person_a)
    client = client_for(holder_a)

    form = client.get(f"/my/goals/{goal.pk}/change/").context["form"]
    detail = client.get(f"/my/goals/{goal.pk}/").content.decode()
    listing = client.get("/my/goals/").content.decode()

    assert form["own_words"].value() == goal.own_words
    assert form["status"].value() == "active"
    assert form["weight"].value() == str(goal.weight)
    assert sorted(form["wellbeing_areas"].value()) == sorted(
        goal.wellbeing_areas.values_list("pk", flat=True)
    )
    assert f'href="/my/goals/{goal.pk}/change/"' in detail
    assert f'href="/my/goals/{goal.pk}/change/"' in listing


def test_goal_no_longer_wanted_shows_its_status(client_for, nominee_a, person_a) -> None:
    goal = first_goal(person_a)
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})

    client.post(f"/my/goals/{goal.pk}/change/", _post(status="stopped", own_words=goal.own_words))

    goal.refresh_from_db()
    assert goal.status == "stopped"
    assert goal.history.latest("history_id").history_user == nominee_a
    assert "No longer a goal" in client.get("/my/goals/").content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"own_words": "  "}, "own_words", MSG_GOAL_WORDS_REQUIRED),
        ({"wellbeing_areas": []}, "wellbeing_areas", MSG_GOAL_NEEDS_AREA),
        ({"status": "done"}, "status", MSG_GOAL_STATUS),
        ({"status": ""}, "status", MSG_GOAL_STATUS),
    ],
    ids=["no-words", "no-area", "unknown-status", "no-status"],
)
def test_bad_change_is_refused_and_nothing_changes(
    overrides, field, message, client_for, holder_a, person_a
) -> None:
    goal = first_goal(person_a)
    before = (_snapshot(goal), counts())

    response = client_for(holder_a).post(f"/my/goals/{goal.pk}/change/", _post(**overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert (_snapshot(goal), counts()) == before


def test_service_refuses_an_unknown_status(person_a, holder_a) -> None:
    goal = first_goal(person_a)
    before = _snapshot(goal)

    with pytest.raises(errors.DomainError) as refused:
        goal_update(
            goal=goal,
            own_words="x",
            area_codes=["b"],
            descriptors={},
            weight=1,
            status="finished",
            actor=holder_a,
        )

    assert (refused.value.message, refused.value.field) == (MSG_GOAL_STATUS, "status")
    assert _snapshot(goal) == before


@pytest.mark.parametrize("persona", ["holder_b", "worker_b", "worker_a2"])
def test_other_people_get_404_on_changing_a_goal(persona, request, client_for, person_a) -> None:
    goal = first_goal(person_a)
    before = (_snapshot(goal), counts())
    client = client_for(request.getfixturevalue(persona))

    shown = client.get(f"/my/goals/{goal.pk}/change/")
    posted = client.post(f"/my/goals/{goal.pk}/change/", _post())

    assert (shown.status_code, posted.status_code) == (404, 404)
    assert (_snapshot(goal), counts()) == before
