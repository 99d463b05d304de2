"""Shared SQL for the report sections: table names, bound choices, the cohort, dialect helpers
and a runner.

Sections are hand-written SQL where the ORM cannot say the same in one statement as fast:
windowed "first/latest in period" and penny-exact apportioning are one statement each,
identical on SQLite and PostgreSQL apart from the date helpers below. Every statement aggregates
in the database and returns a few rows per group, so the number of queries and the rows moved do
not grow with the number of people. Conventions (docs/reports.md "How sections are written"):
tables come from the models' `_meta.db_table` (the names below), choice values are bound
parameters from the models' TextChoices (`CHOICES`), money is summed as integer pence, and each
CTE is named for what one of its rows is.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection

from budgets.models import (
    BudgetHolder,
    CaseloadAssignment,
    Council,
    Funding,
    Membership,
    PersonalBudget,
    Refund,
    Spend,
    SpendCategory,
    Team,
)
from outcomes.models import Activity, Goal, GoalRating, Review, SpendGoalLink, WellbeingCheck

ALL_PEOPLE = "All people"
NO_TEAM = "No team"
NO_CATEGORY = "No category"
# Any Monday: week numbers count whole weeks from it.
EPOCH_MONDAY = "2000-01-03"

# Table names, from the models (a renamed table or a swapped model cannot leave the SQL behind).
HOLDERS = BudgetHolder._meta.db_table
BUDGETS = PersonalBudget._meta.db_table
FUNDINGS = Funding._meta.db_table
SPENDS = Spend._meta.db_table
REFUNDS = Refund._meta.db_table
SPEND_CATEGORIES = SpendCategory._meta.db_table
COUNCILS = Council._meta.db_table
TEAMS = Team._meta.db_table
MEMBERSHIPS = Membership._meta.db_table
CASELOAD_ASSIGNMENTS = CaseloadAssignment._meta.db_table
GOALS = Goal._meta.db_table
GOAL_AREAS = Goal.wellbeing_areas.through._meta.db_table
GOAL_RATINGS = GoalRating._meta.db_table
SPEND_GOAL_LINKS = SpendGoalLink._meta.db_table
REVIEWS = Review._meta.db_table
ACTIVITIES = Activity._meta.db_table
WELLBEING_CHECKS = WellbeingCheck._meta.db_table

# Choice values the SQL compares with, bound as parameters of every statement (%(name)s).
CHOICES: dict[str, str] = {
    "worker_role": Membership.Role.WORKER.value,
    "signed_off": Review.Status.SIGNED_OFF.value,
    "direct_payment": PersonalBudget.DeliveryMechanism.DIRECT_PAYMENT.value,
}
# A goal link's share has 4 decimal places: as a whole number of these, apportioning is
# integer arithmetic on both databases.
SHARE_UNITS = 10 ** SpendGoalLink._meta.get_field("share").decimal_places


@dataclass(frozen=True)
class Params:
    council_id: int
    period_start: date
    period_end: date
    breakdown: str  # ReportRun.Breakdown value

    def sql(self) -> dict[str, Any]:
        return {"council": self.council_id, "start": self.period_start, "end": self.period_end, **CHOICES}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def in_pence(expr: str) -> str:
    """A money column as whole pence. Sums of pence are exact on both databases; SQLite keeps a
    DecimalField as a float, so SUM(amount) there is a float sum that can be off in the last
    places (tests/reports/test_report_money_exact.py)."""
    return f"CAST(ROUND({expr} * 100) AS BIGINT)"


def whole(expr: str) -> str:
    """An integer expression kept integer: PostgreSQL's SUM(bigint) is numeric, so "/" on it
    would be exact division, not the whole-number division the apportioning needs."""
    return f"CAST({expr} AS BIGINT)"


def pounds(pence_total: int | Decimal | None) -> Decimal:
    """Whole pence from the database as pounds to the penny (None, from an empty sum, is 0)."""
    return Decimal(int(pence_total or 0)).scaleb(-2)


def pounds_trimmed(pence_total: int | Decimal | None) -> Decimal:
    """As pounds() but with trailing zeros dropped (47595, 13834.2): the form the apportioned
    sections (spend by area, Value) have always given. The unsuppressed view and its CSV print a
    value as it comes, so changing it would change those reports."""
    return Decimal(int(pence_total or 0)) / 100


def week_no(expr: str) -> str:
    """Whole weeks (Monday to Sunday) since EPOCH_MONDAY."""
    if is_postgres():
        return f"((CAST({expr} AS date) - DATE '{EPOCH_MONDAY}') / 7)"
    return f"CAST((julianday({expr}) - julianday('{EPOCH_MONDAY}')) / 7 AS INTEGER)"


def least(a: str, b: str) -> str:
    return f"LEAST({a}, {b})" if is_postgres() else f"MIN({a}, {b})"


def greatest(a: str, b: str) -> str:
    return f"GREATEST({a}, {b})" if is_postgres() else f"MAX({a}, {b})"


def month_of(expr: str) -> str:
    """The calendar month of a date as 'YYYY-MM' text."""
    if is_postgres():
        return f"to_char({expr}, 'YYYY-MM')"
    return f"strftime('%%Y-%%m', {expr})"


def d(name: str) -> str:
    """A date parameter, typed for PostgreSQL (SQLite keeps ISO text; a CAST there makes a number)."""
    return f"CAST(%({name})s AS date)" if is_postgres() else f"%({name})s"


def _group_expr(breakdown: str) -> str:
    """The breakdown group of holder `holder` whose latest budget in the period is `latest`."""
    if breakdown == "team":
        return f"""COALESCE((
            SELECT team.name FROM {CASELOAD_ASSIGNMENTS} caseload
            JOIN {MEMBERSHIPS} membership ON membership.user_id = caseload.worker_id
                 AND membership.council_id = caseload.council_id AND membership.role = %(worker_role)s
            JOIN {TEAMS} team ON team.id = membership.team_id
            WHERE caseload.holder_id = holder.id
            ORDER BY caseload.assigned_on, caseload.id LIMIT 1), '{NO_TEAM}')"""
    if breakdown == "delivery_mechanism":
        return "latest.delivery_mechanism"
    return f"'{ALL_PEOPLE}'"


def record_group(breakdown: str) -> str:
    """The group of a money record (funding, spend, refund) on budget `budget` of holder
    `holder`: by delivery mechanism, the mechanism of the budget the money was on, not the
    person's latest. A record's group then never depends on the period asked for, so a month's
    money is the same figure in every report that contains the month (docs/reports.md
    "Differencing")."""
    if breakdown == "delivery_mechanism":
        return "budget.delivery_mechanism"
    return _group_expr(breakdown)


def cohort_cte(p: Params) -> str:
    """`cohort`, one row per person in the report: the council's budget holders with a budget
    active at any time in the period; `mechanism` is the delivery mechanism of their latest such
    budget, `grp` their breakdown group."""
    return f"""cohort AS (
        SELECT holder.id AS holder_id, latest.delivery_mechanism AS mechanism,
            {_group_expr(p.breakdown)} AS grp
        FROM {HOLDERS} holder
        JOIN {BUDGETS} latest ON latest.id = (
            SELECT budget.id FROM {BUDGETS} budget
            WHERE budget.holder_id = holder.id
              AND budget.starts_on <= {d("end")} AND budget.ends_on >= {d("start")}
            ORDER BY budget.starts_on DESC, budget.id DESC LIMIT 1)
        WHERE holder.council_id = %(council)s
    )"""


def rows(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return list(cursor.fetchall())


def stream(sql: str, params: dict[str, Any], size: int = 2000) -> Iterator[tuple[Any, ...]]:
    """Rows in batches; a server-side cursor on PostgreSQL, so memory does not grow with rows."""
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(size):
            yield from batch
