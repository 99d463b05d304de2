"""Activities, goals, ratings, ONS4 check-ins, Easy Read and the record download."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from budgets.errors import MSG_DATE_IN_FUTURE
from budgets.models import Spend
from budgets.wellbeing import WELLBEING_AREAS
from outcomes.evidence.activities import MSG_ONE_CHECK_A_WEEK
from outcomes.evidence.goals import (
    MSG_GOAL_NEEDS_AREA,
    MSG_GOAL_NOT_YOURS,
)
from outcomes.evidence.scoring import ONS4_QUESTIONS
from outcomes.holder.forms import (
    MSG_LEVEL_REQUIRED,
    MSG_WHAT_REQUIRED,
)
from outcomes.holder.goal_forms import MSG_GOAL_WORDS_REQUIRED
from outcomes.models import Activity, Goal, GoalRating, WellbeingCheck
from tests.clock import SEED_ANCHOR, at
from tests.holder.conftest import TODAY
from tests.holder.helpers import counts, date_fields, first_goal

pytestmark = [pytest.mark.usefixtures("frozen_today"), pytest.mark.dates]

# An activity done two days ago.
DONE = TODAY - timedelta(days=2)


def _activity(**overrides):
    data = {
        "what": "Swimming class",
        **date_fields("done_on", DONE),
        "how_it_went": "Swam 10 lengths",
        "score": "4",
    }
    data.update(overrides)
    return data


def test_log_an_activity_for_a_goal_and_a_spend(client_for, holder_a, person_a) -> None:
    goal = first_goal(person_a)
    spend = Spend.objects.filter(budget__holder=person_a).latest("spent_on", "id")

    response = client_for(holder_a).post("/my/activities/add/", _activity(goals=[goal.pk], spend=spend.pk))

    assert response.context is None or response.context["form"].errors == {}
    assert response.status_code == 302
    activity = Activity.objects.filter(holder=person_a).latest("id")
    assert (activity.what, activity.done_on, activity.score, activity.spend) == (
        "Swimming class",
        DONE,
        4,
        spend,
    )
    assert list(activity.goals.all()) == [goal]
    assert activity.created_by == holder_a


@pytest.mark.parametrize(
    ("_case", "overrides", "field", "message"),
    [
        ("nothing said", {"what": ""}, "what", MSG_WHAT_REQUIRED),
        ("in the future", date_fields("done_on", TODAY + timedelta(days=1)), "done_on", MSG_DATE_IN_FUTURE),
        ("score of 6", {"score": "6"}, "score", "Choose a number from 1 to 5"),
    ],
)
def test_log_an_activity_refuses_bad_input(_case, overrides, field, message, client_for, holder_a) -> None:
    before = counts()

    response = client_for(holder_a).post("/my/activities/add/", _activity(**overrides))

    assert response.context["form"].errors[field] == [message]
    assert counts() == before


def test_log_an_activity_refuses_other_peoples_goal_and_spend(client_for, holder_a, person_b) -> None:
    goal = first_goal(person_b)
    spend = Spend.objects.filter(budget__holder=person_b).latest("spent_on", "id")
    before = counts()

    response = client_for(holder_a).post("/my/activities/add/", _activity(goals=[goal.pk], spend=spend.pk))

    errors = response.context["form"].errors
    assert (errors["goals"], errors["spend"]) == ([MSG_GOAL_NOT_YOURS], ["Choose one of your own spends"])
    assert counts() == before


def test_add_a_goal_in_my_own_words(client_for, holder_a, person_a) -> None:
    data = {
        "own_words": "Walk to the shops on my own",
        "wellbeing_areas": ["b", "d"],
        "weight": "3",
        "level_minus_2": "I stay in",
        "level_0": "I walk there once a week",
        "level_plus_2": "Every day",
    }

    response = client_for(holder_a).post("/my/goals/add/", data)

    goal = Goal.objects.filter(holder=person_a).latest("id")
    assert response.url == f"/my/goals/{goal.pk}/"
    assert (goal.own_words, goal.weight, goal.level_0, goal.level_plus_1) == (
        "Walk to the shops on my own",
        3,
        "I walk there once a week",
        "",
    )
    assert sorted(goal.wellbeing_areas.values_list("code", flat=True)) == ["b", "d"]
    assert goal.created_by == holder_a


def test_goal_form_shows_plain_words_and_the_law(client_for, holder_a) -> None:
    body = client_for(holder_a).get("/my/goals/add/").content.decode()

    assert all(area.plain in body for area in WELLBEING_AREAS)
    assert "What the law says" in body
    assert "participation in work, education, training or recreation" in body


@pytest.mark.parametrize(
    ("_case", "data", "field", "message"),
    [
        (
            "no words",
            {"own_words": "", "wellbeing_areas": ["b"], "weight": "1"},
            "own_words",
            MSG_GOAL_WORDS_REQUIRED,
        ),
        ("no area", {"own_words": "Swim", "weight": "1"}, "wellbeing_areas", MSG_GOAL_NEEDS_AREA),
        (
            "area z",
            {"own_words": "Swim", "wellbeing_areas": ["z"], "weight": "1"},
            "wellbeing_areas",
            MSG_GOAL_NEEDS_AREA,
        ),
        (
            "weight 5",
            {"own_words": "Swim", "wellbeing_areas": ["b"], "weight": "5"},
            "weight",
            "Choose how important this goal is, from 1 to 4",
        ),
    ],
)
def test_add_a_goal_refuses_bad_input(_case, data, field, message, client_for, holder_a) -> None:
    before = counts()

    response = client_for(holder_a).post("/my/goals/add/", data)

    assert response.context["form"].errors[field] == [message]
    assert counts() == before


def test_rate_a_goal_shows_my_descriptors_and_records_who(client_for, nominee_a, person_a) -> None:
    goal = first_goal(person_a)
    client = client_for(nominee_a)
    client.post("/my/choose-person/", {"holder": person_a.pk})

    page = client.get(f"/my/goals/{goal.pk}/").content.decode()
    response = client.post(f"/my/goals/{goal.pk}/", {"level": "1", "note": "Going well"})

    assert goal.level_plus_1 in page
    assert response.status_code == 302
    rating = GoalRating.objects.filter(goal=goal).latest("id")
    assert (rating.level, rating.rated_on, rating.rated_by, rating.rater_role) == (
        1,
        TODAY,
        nominee_a,
        "nominee",
    )


def test_rate_a_goal_without_a_choice_is_refused(client_for, holder_a, person_a) -> None:
    goal = first_goal(person_a)
    before = counts()

    response = client_for(holder_a).post(f"/my/goals/{goal.pk}/", {"level": "3"})

    assert response.context["form"].errors["level"] == [MSG_LEVEL_REQUIRED]
    assert counts() == before


def test_someone_elses_goal_page_is_404(client_for, holder_a, person_b) -> None:
    goal = first_goal(person_b)
    before = counts()

    responses = [
        client_for(holder_a).get(f"/my/goals/{goal.pk}/"),
        client_for(holder_a).post(f"/my/goals/{goal.pk}/", {"level": "1"}),
    ]

    assert [r.status_code for r in responses] == [404, 404]
    assert counts() == before


def test_goal_page_has_ratings_table_and_chart(client_for, holder_a, person_a) -> None:
    goal = first_goal(person_a)

    body = client_for(holder_a).get(f"/my/goals/{goal.pk}/").content.decode()

    assert body.count("<polyline") == 1
    assert body.count('<tr class="govuk-table__row">') == goal.ratings.count() + 1


ONS4 = {"life_satisfaction": "7", "worthwhile": "8", "happiness": "6", "anxiety": "3"}


@pytest.fixture
def no_check_this_week(person_a) -> None:
    """The demo records a check-in each month, on the anchor day itself when it falls before the
    15th: start this week (from Monday) without one, so the questions are asked."""
    WellbeingCheck.objects.filter(
        holder=person_a, week_starting=TODAY - timedelta(days=TODAY.weekday())
    ).delete()


@pytest.mark.usefixtures("no_check_this_week")
def test_wellbeing_shows_the_exact_ons4_questions(client_for, holder_a) -> None:
    body = client_for(holder_a).get("/my/how-i-feel/").content.decode()

    from django.utils.html import escape

    assert all(escape(question) in body for question in ONS4_QUESTIONS.values())
    assert body.count('type="radio"') == 44


@pytest.mark.usefixtures("no_check_this_week")
def test_wellbeing_check_once_a_week(client_for, holder_a, person_a) -> None:
    client = client_for(holder_a)

    first = client.post("/my/how-i-feel/", ONS4)
    before = counts()
    second = client.post("/my/how-i-feel/", ONS4)

    assert first.status_code == 302
    check = WellbeingCheck.objects.filter(holder=person_a).latest("id")
    assert (check.checked_on, check.life_satisfaction, check.anxiety, check.recorded_by) == (
        TODAY,
        7,
        3,
        holder_a,
    )
    assert second.context["form"].error_list == [{"text": MSG_ONE_CHECK_A_WEEK, "href": "#main-content"}]
    assert counts() == before


def test_wellbeing_needs_every_answer(client_for, holder_a) -> None:
    before = counts()

    response = client_for(holder_a).post("/my/how-i-feel/", {**ONS4, "anxiety": "11", "happiness": ""})

    errors = response.context["form"].errors
    assert (errors["anxiety"], errors["happiness"]) == (
        ["Choose a number from 0 to 10 for how anxious you felt yesterday"],
        ["Choose a number from 0 to 10 for how happy you felt yesterday"],
    )
    assert counts() == before


def test_easy_read_switches_every_page_with_the_same_data(client_for, holder_a, person_a) -> None:
    client = client_for(holder_a)
    standard = client.get("/my/spend/")

    switch = client.post("/my/easy-read/", {"easy_read": "on", "next": "/my/spend/"})
    easy = client.get("/my/spend/")
    off = client.post("/my/easy-read/", {"easy_read": "off", "next": "https://evil.example/"})

    holder_a.refresh_from_db()
    assert (switch.url, off.url, holder_a.easy_read) == ("/my/spend/", "/my/", False)
    assert 'class="app-easy-read"' not in standard.content.decode()
    assert 'alt="Picture of a receipt"' in easy.content.decode()
    assert [s.pk for s, _ in easy.context["rows"]] == [s.pk for s, _ in standard.context["rows"]]


@pytest.mark.parametrize(
    "url",
    [
        "/my/",
        "/my/spend/",
        "/my/spend/add/",
        "/my/activities/",
        "/my/activities/add/",
        "/my/goals/",
        "/my/goals/add/",
        "/my/how-i-feel/",
    ],
)
def test_every_page_has_easy_read_pictures_with_alt_text(url, client_for, holder_a) -> None:
    holder_a.easy_read = True
    holder_a.save()

    body = client_for(holder_a).get(url).content.decode()

    assert 'class="app-easy-read__point"><img src="/static/outcomes/easy-read/' in body
    assert 'alt=""' not in body


def test_download_my_record_is_formula_safe(client_for, holder_a, person_a, council_a) -> None:
    client = client_for(holder_a)
    client.post(
        "/my/spend/add/",
        {
            **date_fields("spent_on", TODAY),
            "amount": "2.00",
            "payee": '=HYPERLINK("http://evil")',
            "category": council_a.spend_categories.first().pk,
        },
    )

    response = client.get("/my/record.csv")

    assert response["Content-Disposition"] == f'attachment; filename="my-record-{TODAY:%Y-%m-%d}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["record", "date", "what", "amount", "who_paid", "category", "goals", "detail", "score"]
    kinds = {row[0] for row in rows[1:]}
    assert kinds == {"spend", "activity", "goal", "goal rating", "wellbeing check"}
    assert ["spend", TODAY.isoformat(), "", "2.00", '\'=HYPERLINK("http://evil")'] == rows[1][:5]
    spend_rows = [row for row in rows if row[0] == "spend"]
    assert len(spend_rows) == Spend.objects.filter(budget__holder=person_a).count()


def test_my_record_dates_a_goal_by_the_uk_day_it_was_set(client_for, holder_a, person_a) -> None:
    """A goal set at 00:30 on a summer night (23:30 the day before in UTC) was set on that UK day."""
    # The last 1 July on or before the anchor: British Summer Time.
    summer_day = date(SEED_ANCHOR.year - (SEED_ANCHOR.month < 7), 7, 1)
    goal = first_goal(person_a)
    Goal.objects.filter(pk=goal.pk).update(created_at=at(0, 30, on=summer_day))

    response = client_for(holder_a).get("/my/record.csv")

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[1] for row in rows if row[0] == "goal" and row[2] == goal.own_words] == [
        summer_day.isoformat()
    ]


def test_other_council_cannot_download_holder_a_record(client_for, holder_b, person_a) -> None:
    response = client_for(holder_b).get("/my/record.csv")

    assert response.status_code == 200
    assert "Amira" not in response.content.decode()
