"""Money: funded, spent and refunded in the period; spend by category; people above the
contingency limit at the period end and the money above it.

Money in and out is every record dated in the period on a budget of the council's people, in
the group of the record (its budget's delivery mechanism), so a month's figure is the same in
every report that contains the month: the differencing rule (outcomes.disclosure) relies on it."""

from __future__ import annotations

from decimal import Decimal

from budgets.money import to_pounds
from outcomes.disclosure import Cell, Kind, MonthPeople
from outcomes.reports.sections.sql import ALL_PEOPLE, Params, cohort_cte, d, month_of, record_group, rows

SECTION = "money"


def _pounds(value: object) -> Decimal:
    return to_pounds(Decimal(str(value or 0)))


def _records_cte(p: Params) -> str:
    """`mr`: every funding, spend and refund dated in the period on a budget of the council's
    people, with its measure, group, person and month. Not limited to the cohort and grouped by
    the record itself, so each month's money is the same in every report containing it."""
    grp = record_group(p.breakdown)
    parts = []
    for measure, table, day in (
        ("'funded'", "budgets_funding", "received_on"),
        ("'spent'", "budgets_spend", "spent_on"),
        ("'refunded'", "budgets_refund", "refunded_on"),
        ("'category:' || COALESCE(cat.name, 'No category')", "budgets_spend", "spent_on"),
    ):
        category = (
            "LEFT JOIN budgets_spendcategory cat ON cat.id = x.category_id" if "cat." in measure else ""
        )
        parts.append(f"""SELECT {grp} AS grp, {measure} AS measure, h.id AS holder_id, x.amount,
                {month_of(f"x.{day}")} AS month
            FROM {table} x JOIN budgets_personalbudget b ON b.id = x.budget_id
            JOIN budgets_budgetholder h ON h.id = b.holder_id {category}
            WHERE h.council_id = %(council)s AND x.{day} BETWEEN {d("start")} AND {d("end")}""")
    return "mr AS (" + " UNION ALL ".join(parts) + ")"


def _flows_sql(p: Params) -> str:
    return f"""WITH {_records_cte(p)}
        SELECT grp, measure, SUM(amount), COUNT(DISTINCT holder_id) FROM mr GROUP BY grp, measure"""


def month_people(p: Params) -> list[MonthPeople]:
    """People behind each money flow in each calendar month of the period, per group and (with a
    breakdown) in all (distinct people, not a sum of the groups)."""
    sql = f"""WITH {_records_cte(p)}
        SELECT grp, measure, month, COUNT(DISTINCT holder_id) FROM mr GROUP BY grp, measure, month"""
    if p.breakdown != "none":
        sql += f""" UNION ALL SELECT '{ALL_PEOPLE}', measure, month, COUNT(DISTINCT holder_id)
            FROM mr GROUP BY measure, month"""
    return [
        MonthPeople(SECTION, measure, grp, month, people)
        for grp, measure, month, people in rows(sql, p.sql())
    ]


def _surplus_sql(p: Params) -> str:
    """Balance at the period end of each budget running at the period end, against the limit
    (weekly amount = annual / 52 to the penny, × the budget's or council's limit weeks)."""

    def total(table: str, day: str) -> str:
        return f"""COALESCE((SELECT SUM(x.amount) FROM {table} x
            WHERE x.budget_id = b.id AND x.{day} <= {d("end")}), 0)"""

    return f"""WITH {cohort_cte(p)},
    bal AS (
        SELECT c.grp, c.holder_id,
            {total("budgets_funding", "received_on")} - {total("budgets_spend", "spent_on")}
                + {total("budgets_refund", "refunded_on")} AS balance,
            ROUND(ROUND(b.annual_amount / 52.0, 2) * COALESCE(b.contingency_weeks, co.contingency_weeks), 2)
                AS limit_amount
        FROM cohort c
        JOIN budgets_personalbudget b ON b.holder_id = c.holder_id
            AND b.starts_on <= {d("end")} AND b.ends_on >= {d("end")}
        JOIN budgets_council co ON co.id = %(council)s
    )
    SELECT grp, COUNT(DISTINCT holder_id),
        SUM(balance - limit_amount)
    FROM bal WHERE balance > limit_amount GROUP BY grp"""


def cells(p: Params) -> list[Cell]:
    out = []
    for grp, measure, amount, people in rows(_flows_sql(p), p.sql()):
        out.append(Cell(SECTION, measure, grp, Kind.MONEY, _pounds(amount), people, "GBP"))
    for grp, people, above in rows(_surplus_sql(p), p.sql()):
        out.append(Cell(SECTION, "people_above_limit", grp, Kind.COUNT, people, unit="people"))
        out.append(Cell(SECTION, "money_above_limit", grp, Kind.MONEY, _pounds(above), people, "GBP"))
    return out
