"""Money: funded, spent and refunded in the period; spend by category; people above the
contingency limit at the period end and the money above it."""

from __future__ import annotations

from decimal import Decimal

from budgets.money import to_pounds
from outcomes.disclosure import Cell, Kind
from outcomes.reports._sql import Params, cohort_cte, d, rows

SECTION = "money"


def _pounds(value: object) -> Decimal:
    return to_pounds(Decimal(str(value or 0)))


def _flows_sql(p: Params) -> str:
    parts = []
    for measure, table, day in (
        ("funded", "budgets_funding", "received_on"),
        ("spent", "budgets_spend", "spent_on"),
        ("refunded", "budgets_refund", "refunded_on"),
    ):
        parts.append(f"""SELECT c.grp, '{measure}', SUM(x.amount), COUNT(DISTINCT c.holder_id)
            FROM {table} x JOIN budgets_personalbudget b ON b.id = x.budget_id
            JOIN cohort c ON c.holder_id = b.holder_id
            WHERE x.{day} BETWEEN {d("start")} AND {d("end")} GROUP BY c.grp""")
    parts.append(f"""SELECT c.grp, 'category:' || COALESCE(cat.name, 'No category'), SUM(x.amount),
            COUNT(DISTINCT c.holder_id)
            FROM budgets_spend x JOIN budgets_personalbudget b ON b.id = x.budget_id
            JOIN cohort c ON c.holder_id = b.holder_id
            LEFT JOIN budgets_spendcategory cat ON cat.id = x.category_id
            WHERE x.spent_on BETWEEN {d("start")} AND {d("end")}
            GROUP BY c.grp, COALESCE(cat.name, 'No category')""")
    return f"WITH {cohort_cte(p)} " + " UNION ALL ".join(parts)


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
