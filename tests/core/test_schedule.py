from datetime import date

import pytest

from outcomes.reviews.schedule import (
    add_months,
    dp_review_due,
    next_review_due,
    plan_review_due,
    review_status,
)

pytestmark = pytest.mark.dates  # runs in the date sweep (tests/sweep.py)


def test_first_plan_review_is_eight_weeks_after_the_plan_starts():
    assert plan_review_due(plan_starts_on=date(2026, 1, 5), last_review_on=None) == date(2026, 3, 2)


def test_later_plan_reviews_are_at_most_twelve_months_after_the_last():
    assert plan_review_due(plan_starts_on=date(2025, 1, 5), last_review_on=date(2025, 3, 2)) == date(
        2026, 3, 2
    )


def test_dp_reviews_within_six_months_then_twelve():
    assert dp_review_due(first_payment_on=date(2026, 8, 31), last_dp_review_on=None) == date(2027, 2, 28)
    assert dp_review_due(first_payment_on=date(2026, 1, 1), last_dp_review_on=date(2026, 5, 1)) == date(
        2027, 5, 1
    )


def test_next_review_is_the_earlier_of_plan_and_dp():
    # Plan reviewed 1 Mar 2026 → plan due 1 Mar 2027; DP first paid 1 Feb 2026, never reviewed → 1 Aug 2026.
    due = next_review_due(
        plan_starts_on=date(2026, 1, 1), last_review_on=date(2026, 3, 1), first_payment_on=date(2026, 2, 1)
    )

    assert due == date(2026, 8, 1)


def test_add_months_clamps_to_the_end_of_the_month():
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert add_months(date(2026, 3, 15), -12) == date(2025, 3, 15)


@pytest.mark.parametrize(
    ("today", "status"),
    [
        (date(2026, 5, 3), "not_due"),  # 29 days before
        (date(2026, 5, 4), "due_soon"),  # 28 days before
        (date(2026, 6, 1), "due_soon"),  # the due date itself
        (date(2026, 6, 2), "overdue"),  # the day after
    ],
)
def test_review_status_boundaries(today, status):
    assert review_status(due_on=date(2026, 6, 1), today=today) == status
