"""Shared SQL for the report sections: the cohort, dialect helpers and a runner.

Sections are hand-written SQL on purpose: windowed "first/latest in period" and penny-exact
apportioning are one statement each, identical on SQLite and PostgreSQL apart from the date and
floor helpers below. Every statement aggregates in the database and returns a few rows per
group, so the number of queries and the rows moved do not grow with the number of people.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

ALL_PEOPLE = "All people"
NO_TEAM = "No team"
# Any Monday: week numbers count whole weeks from it.
EPOCH_MONDAY = "2000-01-03"


@dataclass(frozen=True)
class Params:
    council_id: int
    period_start: date
    period_end: date
    breakdown: str  # ReportRun.Breakdown value

    def sql(self) -> dict[str, Any]:
        return {"council": self.council_id, "start": self.period_start, "end": self.period_end}


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def floor_int(expr: str) -> str:
    """Floor of a non-negative number as an integer (PostgreSQL CAST rounds; SQLite truncates;
    the tiny nudge stops a float like 99.9999999 from losing a penny on SQLite)."""
    if is_postgres():
        return f"FLOOR({expr})::bigint"
    return f"CAST(({expr}) + 0.000000001 AS INTEGER)"


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
    if breakdown == "team":
        return f"""COALESCE((
            SELECT t.name FROM budgets_caseloadassignment ca
            JOIN budgets_membership m ON m.user_id = ca.worker_id AND m.council_id = ca.council_id
                 AND m.role = 'worker'
            JOIN budgets_team t ON t.id = m.team_id
            WHERE ca.holder_id = h.id ORDER BY ca.assigned_on, ca.id LIMIT 1), '{NO_TEAM}')"""
    if breakdown == "delivery_mechanism":
        return "pb.delivery_mechanism"
    return f"'{ALL_PEOPLE}'"


def record_group(breakdown: str) -> str:
    """The group of a money record (funding, spend, refund) on budget `b` of holder `h`: by
    delivery mechanism, the mechanism of the budget the money was on, not the person's latest.
    A record's group then never depends on the period asked for, so a month's money is the same
    figure in every report that contains the month (docs/reports.md "Differencing")."""
    if breakdown == "delivery_mechanism":
        return "b.delivery_mechanism"
    return _group_expr(breakdown)


def cohort_cte(p: Params) -> str:
    """People in the report: the council's budget holders with a budget active at any time in the
    period; `mech` is the delivery mechanism of their latest such budget, `grp` the breakdown."""
    return f"""cohort AS (
        SELECT h.id AS holder_id, pb.delivery_mechanism AS mech, {_group_expr(p.breakdown)} AS grp
        FROM budgets_budgetholder h
        JOIN budgets_personalbudget pb ON pb.id = (
            SELECT b.id FROM budgets_personalbudget b
            WHERE b.holder_id = h.id AND b.starts_on <= {d("end")} AND b.ends_on >= {d("start")}
            ORDER BY b.starts_on DESC, b.id DESC LIMIT 1)
        WHERE h.council_id = %(council)s
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
