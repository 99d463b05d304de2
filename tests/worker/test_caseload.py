"""The caseload: flags with reasons at their boundaries, sorting, filtering, constant queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from budgets import services as budget_services
from budgets.models import BudgetHolder, CaseloadAssignment
from outcomes.evidence import activities as evidence
from outcomes.evidence import goals
from outcomes.models import Activity, GoalRating, Review
from outcomes.reviews.schedule import DUE_SOON_DAYS
from outcomes.reviews.selectors.caseload import (
    FLAG_GOAL,
    FLAG_QUIET,
    FLAG_REVIEW,
    FLAG_SURPLUS,
    caseload_list,
    quiet_flag,
    review_flag,
)
from tests.clock import PERIOD_END, PERIOD_START, SEED_ANCHOR, at

pytestmark = [pytest.mark.django_db, pytest.mark.dates]


def _flags(rows, ref):
    row = next(row for row in rows if row.holder.council_person_id == ref)
    return {flag.key: flag.reason for flag in row.flags}


def test_seeded_caseload_of_worker_a_has_its_three_people_and_their_flags(worker_a):
    rows = caseload_list(user=worker_a, today=SEED_ANCHOR)

    assert [row.holder.council_person_id for row in rows] == ["NS-0001", "NS-0002", "NS-0003"]
    assert set(_flags(rows, "NS-0001")) == set()
    assert set(_flags(rows, "NS-0002")) == {FLAG_SURPLUS}
    # The demo makes NS-0003's review 14 days overdue (seeds/stories.py overdue_days).
    due = SEED_ANCHOR - timedelta(days=14)
    assert _flags(rows, "NS-0003") == {
        FLAG_REVIEW: f"Review overdue: it was due on {due.day} {due:%B %Y}, 14 days ago",
    }


def test_worker_a2_sees_quiet_and_goal_flags(worker_a2):
    rows = caseload_list(user=worker_a2, today=SEED_ANCHOR)

    # The demo rates goals 20 days into each month (on the 21st), or on the anchor if that is sooner.
    rated = min(SEED_ANCHOR.replace(day=21), SEED_ANCHOR)

    assert sorted(row.holder.council_person_id for row in rows) == ["NS-0004", "NS-0005", "NS-0006"]
    assert set(_flags(rows, "NS-0004")) == {FLAG_QUIET}
    assert _flags(rows, "NS-0005")[FLAG_GOAL] == (
        "Below expected at the latest rating: “Play walking football with the club and make new friends”"
        f" rated -1 on {rated.day} {rated:%B %Y}"
    )


def test_surplus_reason_gives_weeks_held_and_money_over(worker_a):
    reason = _flags(caseload_list(user=worker_a, today=SEED_ANCHOR), "NS-0002")[FLAG_SURPLUS]

    assert reason.startswith("Holds ")
    assert "above the 8-week limit by £" in reason


@pytest.mark.parametrize(
    ("days_before_due", "expected"),
    [
        (DUE_SOON_DAYS + 1, None),  # the day before it becomes due soon
        (DUE_SOON_DAYS, "Review due on 30 November 2026, in 28 days"),
        (DUE_SOON_DAYS - 1, "Review due on 30 November 2026, in 27 days"),
        (0, "Review due on 30 November 2026, today"),
        (-1, "Review overdue: it was due on 30 November 2026, 1 day ago"),
    ],
)
def test_review_flag_boundaries(days_before_due, expected):
    due = date(2026, 11, 30)

    flag = review_flag(due_on=due, today=due - timedelta(days=days_before_due))

    assert (flag.reason if flag else None) == expected


@pytest.mark.parametrize(("days_since", "flagged"), [(41, False), (42, True), (43, True)])
def test_quiet_flag_boundaries(days_since, flagged):
    today = date(2026, 11, 30)

    flag = quiet_flag(last_activity_on=today - timedelta(days=days_since), today=today)

    assert (flag is not None) is flagged


@pytest.mark.parametrize(("travel_days", "flagged"), [(-1, False), (0, True), (1, True)])
def test_overdue_flag_moves_with_the_clock_on_the_page(travel_days, flagged, client_for, worker_a, person_a):
    """person_a's next review is scheduled; 28 days before it the flag appears (time-machine)."""
    due = Review.objects.get(holder=person_a, status="scheduled").due_on
    today = due - timedelta(days=DUE_SOON_DAYS) + timedelta(days=travel_days)

    with time_machine.travel(at(12, on=today), tick=False):
        response = client_for(worker_a).get(reverse("worker:caseload"), {"flag": FLAG_REVIEW})

    names = [row.holder.council_person_id for row in response.context["rows"]]
    assert ("NS-0001" in names) is flagged


def test_quiet_flag_on_the_page_at_six_weeks(worker_a, person_a):
    latest = Activity.objects.filter(holder=person_a).order_by("-done_on").first()
    assert latest is not None
    last = latest.done_on

    before = caseload_list(user=worker_a, today=last + timedelta(days=41))
    on = caseload_list(user=worker_a, today=last + timedelta(days=42))

    assert FLAG_QUIET not in _flags(before, "NS-0001")
    assert _flags(on, "NS-0001")[FLAG_QUIET] == (
        f"No activity logged for 6 weeks: the last was on {last.day} {last:%B %Y}"
    )


def test_a_new_rating_at_expected_clears_the_goal_flag(worker_a2):
    holder = BudgetHolder.objects.get(council_person_id="NS-0005")
    goal = holder.goals.get()
    goals.goal_rate(goal=goal, level=0, rated_on=SEED_ANCHOR, actor=worker_a2, rater_role="worker")

    rows = caseload_list(user=worker_a2, today=SEED_ANCHOR)

    assert FLAG_GOAL not in _flags(rows, "NS-0005")
    assert GoalRating.objects.filter(goal=goal).count() == 5


def test_sort_and_filter_by_get_params(client_for, worker_a):
    client = client_for(worker_a)

    by_weeks = client.get(reverse("worker:caseload"), {"sort": "weeks_held"}).context["rows"]
    by_review = client.get(reverse("worker:caseload"), {"sort": "next_review"}).context["rows"]
    surplus_only = client.get(reverse("worker:caseload"), {"flag": FLAG_SURPLUS}).context["rows"]

    assert by_weeks[0].holder.council_person_id == "NS-0002"
    assert by_review[0].holder.council_person_id == "NS-0003"
    assert [row.holder.council_person_id for row in surplus_only] == ["NS-0002"]


def _add_person(council, worker, index: int) -> None:
    holder = budget_services.holder_create(
        council=council, council_person_id=f"QC-{index}", full_name=f"Q {index}"
    )
    budget_services.caseload_assign(worker=worker, holder=holder, assigned_on=SEED_ANCHOR)
    plan = budget_services.care_plan_start(
        holder=holder, starts_on=PERIOD_START, needs_in_own_words="More time outdoors", area_codes=["b"]
    )
    budget = budget_services.budget_create(
        care_plan=plan,
        starts_on=PERIOD_START,
        ends_on=PERIOD_END,
        annual_amount=Decimal("5200.00"),
        delivery_mechanism="Direct payment",
        payment_amount=Decimal("433.33"),
        payment_frequency="monthly",
        first_payment_on=PERIOD_START,
    )
    budget_services.funding_record(
        budget=budget, received_on=PERIOD_START, amount=Decimal("433.33"), actor=None
    )
    budget_services.spend_record(
        budget=budget,
        spent_on=PERIOD_START + timedelta(days=4),
        amount=Decimal("20.00"),
        payee="Pool",
        actor=None,
    )
    goal = goals.goal_create(holder=holder, own_words="Walk in the park", area_codes=["b"], actor=worker)
    goals.goal_rate(
        goal=goal, level=-1, rated_on=PERIOD_START + timedelta(days=31), actor=worker, rater_role="worker"
    )
    evidence.activity_log(
        holder=holder, done_on=PERIOD_START + timedelta(days=32), what="Walk", actor=None, goals=[goal]
    )


def test_caseload_page_runs_a_constant_number_of_queries(
    client_for, worker_a, council_a, django_assert_num_queries
):
    client = client_for(worker_a)
    client.get(reverse("worker:caseload"))  # warm-up, not counted
    _add_person(council_a, worker_a, 1)
    for index in (2, 3):  # N-1 people, then N
        # 1 session · 2 user · 3 the worker's councils (the caseload area check)
        # · 4 holders with next review, last reviews, last activity, plan start (annotated; the
        #   caseload is visible_to narrowed inside this query, no separate councils lookup)
        # · 5 their budgets with funded/spent/refunded totals · 6 their goals with latest ratings
        # · 7 the council's name for the page header
        with django_assert_num_queries(7):
            response = client.get(reverse("worker:caseload"))
        assert response.status_code == 200
        _add_person(council_a, worker_a, index)
    assert CaseloadAssignment.objects.filter(worker=worker_a).count() == 6
