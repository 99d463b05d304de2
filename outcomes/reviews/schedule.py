"""Statutory review dates (docs/domain/reviews.md): pure date arithmetic, no database.

Care-plan review (Care Act s.27 guidance): 6–8 weeks after a new plan starts, then at most
12 months after the last review. Direct-payment review (DP Regulations 2014 reg 7): within the
first 6 months of payments, then at most 12-monthly. We hold them together where we can: the
next review is due at the earlier of the two dates.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

# Guidance asks for a first review 6–8 weeks after a new plan; take the later bound
# (docs/domain/reviews.md#plan-review).
FIRST_PLAN_REVIEW_AFTER = timedelta(weeks=8)
DP_FIRST_REVIEW_MONTHS = 6
REVIEW_INTERVAL_MONTHS = 12
# A review due within this many days is flagged on the caseload.
DUE_SOON_DAYS = 28


def add_months(day: date, months: int) -> date:
    """Same day of the month `months` later, clamped to the month's last day (31 Aug + 6 → 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def plan_review_due(*, plan_starts_on: date, last_review_on: date | None) -> date:
    if last_review_on is None:
        return plan_starts_on + FIRST_PLAN_REVIEW_AFTER
    return add_months(last_review_on, REVIEW_INTERVAL_MONTHS)


def dp_review_due(*, first_payment_on: date, last_dp_review_on: date | None) -> date:
    if last_dp_review_on is None:
        return add_months(first_payment_on, DP_FIRST_REVIEW_MONTHS)
    return add_months(last_dp_review_on, REVIEW_INTERVAL_MONTHS)


def next_review_due(
    *,
    plan_starts_on: date,
    last_review_on: date | None,
    first_payment_on: date | None = None,
    last_dp_review_on: date | None = None,
) -> date:
    """The earlier of the care-plan and (for a direct payment) the DP review due dates."""
    due = plan_review_due(plan_starts_on=plan_starts_on, last_review_on=last_review_on)
    if first_payment_on is not None:
        due = min(due, dp_review_due(first_payment_on=first_payment_on, last_dp_review_on=last_dp_review_on))
    return due


def review_status(*, due_on: date, today: date) -> str:
    """'overdue' after the due date, 'due_soon' within 28 days (inclusive), else 'not_due'."""
    if today > due_on:
        return "overdue"
    if (due_on - today).days <= DUE_SOON_DAYS:
        return "due_soon"
    return "not_due"
