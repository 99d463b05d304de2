"""Money: funded, spent and refunded in the period; spend by category; people above the
contingency limit at the period end and the money above it.

Money in and out is every record dated in the period on a budget of the council's people, in
the group of the record (its budget's delivery mechanism), so a month's figure is the same in
every report that contains the month: the differencing rule (outcomes.reports.disclosure) relies on it."""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind, MonthPeople
from outcomes.reports.sections.sql import (
    ALL_PEOPLE,
    BUDGETS,
    COUNCILS,
    FUNDINGS,
    HOLDERS,
    NO_CATEGORY,
    REFUNDS,
    SPEND_CATEGORIES,
    SPENDS,
    Params,
    cohort_cte,
    d,
    in_pence,
    month_of,
    pounds,
    record_group,
    rows,
)

SECTION = "money"


def _records_cte(p: Params) -> str:
    """`money_records`: every funding, spend and refund dated in the period on a budget of the
    council's people, in pence, with its measure, group, person and month (spends twice: as
    "spent" and under their category). Not limited to the cohort and grouped by the record
    itself, so each month's money is the same in every report containing it."""
    grp = record_group(p.breakdown)
    parts = []
    for measure, table, day in (
        ("'funded'", FUNDINGS, "received_on"),
        ("'spent'", SPENDS, "spent_on"),
        ("'refunded'", REFUNDS, "refunded_on"),
        (f"'category:' || COALESCE(category.name, '{NO_CATEGORY}')", SPENDS, "spent_on"),
    ):
        by_category = (
            f"LEFT JOIN {SPEND_CATEGORIES} category ON category.id = entry.category_id"
            if "category." in measure
            else ""
        )
        parts.append(f"""SELECT {grp} AS grp, {measure} AS measure, holder.id AS holder_id,
                {in_pence("entry.amount")} AS pence, {month_of(f"entry.{day}")} AS month
            FROM {table} entry JOIN {BUDGETS} budget ON budget.id = entry.budget_id
            JOIN {HOLDERS} holder ON holder.id = budget.holder_id {by_category}
            WHERE holder.council_id = %(council)s AND entry.{day} BETWEEN {d("start")} AND {d("end")}""")
    return "money_records AS (" + " UNION ALL ".join(parts) + ")"


def _flows_sql(p: Params) -> str:
    # SQL, not the ORM: the four flows are one UNION ALL grouped once (and shared with
    # month_people); the ORM would need four statements and a merge in Python.
    return f"""WITH {_records_cte(p)}
        SELECT grp, measure, SUM(pence), COUNT(DISTINCT holder_id) FROM money_records GROUP BY grp, measure"""


def month_people(p: Params) -> list[MonthPeople]:
    """People behind each money flow in each calendar month of the period, per group and (with a
    breakdown) in all (distinct people, not a sum of the groups)."""
    sql = f"""WITH {_records_cte(p)}
        SELECT grp, measure, month, COUNT(DISTINCT holder_id) FROM money_records GROUP BY grp, measure, month"""
    if p.breakdown != "none":
        sql += f""" UNION ALL SELECT '{ALL_PEOPLE}', measure, month, COUNT(DISTINCT holder_id)
            FROM money_records GROUP BY measure, month"""
    return [
        MonthPeople(SECTION, measure, grp, month, people)
        for grp, measure, month, people in rows(sql, p.sql())
    ]


def _surplus_sql(p: Params) -> str:
    """Balance at the period end of each budget running at the period end, against its limit, in
    pence: the rule of budgets.money.surplus (weekly amount = annual / 52 rounded half up to the
    penny, times the budget's or council's limit weeks), checked against it by
    tests/reports/test_report_rules_agree.py."""

    def total(table: str, day: str) -> str:
        return f"""COALESCE((SELECT SUM({in_pence("entry.amount")}) FROM {table} entry
            WHERE entry.budget_id = budget.id AND entry.{day} <= {d("end")}), 0)"""

    weekly_pence = f"({in_pence('budget.annual_amount')} + 26) / 52"  # half up: floor(x / 52 + 1/2)
    return f"""WITH {cohort_cte(p)},
    budget_balances AS (
        SELECT cohort.grp, cohort.holder_id,
            {total(FUNDINGS, "received_on")} - {total(SPENDS, "spent_on")}
                + {total(REFUNDS, "refunded_on")} AS balance_pence,
            {weekly_pence} * COALESCE(budget.contingency_weeks, council.contingency_weeks) AS limit_pence
        FROM cohort
        JOIN {BUDGETS} budget ON budget.holder_id = cohort.holder_id
            AND budget.starts_on <= {d("end")} AND budget.ends_on >= {d("end")}
        JOIN {COUNCILS} council ON council.id = %(council)s
    )
    SELECT grp, COUNT(DISTINCT holder_id), SUM(balance_pence - limit_pence)
    FROM budget_balances WHERE balance_pence > limit_pence GROUP BY grp"""


def cells(p: Params) -> list[Cell]:
    out = []
    for grp, measure, total, people in rows(_flows_sql(p), p.sql()):
        out.append(Cell(SECTION, measure, grp, Kind.MONEY, pounds(total), people, "GBP"))
    for grp, people, above in rows(_surplus_sql(p), p.sql()):
        out.append(Cell(SECTION, "people_above_limit", grp, Kind.COUNT, people, unit="people"))
        out.append(Cell(SECTION, "money_above_limit", grp, Kind.MONEY, pounds(above), people, "GBP"))
    return out
