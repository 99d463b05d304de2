"""Spend by wellbeing area, apportioned to the penny in one SQL statement.

A spend is split across the goals it served by link share (each part floored to the penny, the
pennies left over to the largest share, the lower goal id on a tie); each goal's part is split
equally across the goal's wellbeing areas (floored, the remainder to the first area by code).
Spend linked to no goal is "unlinked". The parts plus unlinked spend equal the total spent
exactly, as budgets.money.apportion does in Python.
"""

from __future__ import annotations

from decimal import Decimal

from outcomes.disclosure import Cell, Kind, MonthPeople
from outcomes.reports.sections.sql import (
    ALL_PEOPLE,
    Params,
    cohort_cte,
    d,
    floor_int,
    month_of,
    record_group,
    rows,
)

SECTION = "money"
UNLINKED = "unlinked"


def parts_ctes(p: Params) -> str:
    """CTEs `cohort`, `sp` (each spend in pence, with its person, group and month) and `ap`
    (apportioned pence per spend part and area). As for money in and out, every spend dated in
    the period on a budget of the council's people, in the group of the spend itself."""
    return f"""{cohort_cte(p)},
    sp AS (
        SELECT s.id AS spend_id, h.id AS holder_id, {record_group(p.breakdown)} AS grp,
            {month_of("s.spent_on")} AS month, CAST(ROUND(s.amount * 100) AS INTEGER) AS pence
        FROM budgets_spend s JOIN budgets_personalbudget b ON b.id = s.budget_id
        JOIN budgets_budgetholder h ON h.id = b.holder_id
        WHERE h.council_id = %(council)s AND s.spent_on BETWEEN {d("start")} AND {d("end")}
    ),
    lk AS (
        SELECT sp.spend_id, sp.holder_id, sp.grp, sp.month, sp.pence, l.goal_id,
            {floor_int("sp.pence * l.share / SUM(l.share) OVER (PARTITION BY sp.spend_id)")} AS base,
            ROW_NUMBER() OVER (PARTITION BY sp.spend_id ORDER BY l.share DESC, l.goal_id) AS rn
        FROM sp JOIN outcomes_spendgoallink l ON l.spend_id = sp.spend_id
    ),
    gp AS (
        SELECT spend_id, holder_id, grp, month, goal_id,
            -- PostgreSQL's SUM(bigint) is numeric: cast back so "/" below is whole-penny division.
            CAST(base + CASE WHEN rn = 1 THEN pence - SUM(base) OVER (PARTITION BY spend_id) ELSE 0 END
                 AS BIGINT) AS part
        FROM lk
    ),
    ga AS (
        SELECT goal_id, wellbeingarea_id AS area,
            COUNT(*) OVER (PARTITION BY goal_id) AS n_areas,
            ROW_NUMBER() OVER (PARTITION BY goal_id ORDER BY wellbeingarea_id) AS rn
        FROM outcomes_goal_wellbeing_areas
        WHERE goal_id IN (SELECT goal_id FROM gp)
    ),
    ap AS (
        SELECT gp.holder_id, gp.grp, gp.month, ga.area,
            gp.part / ga.n_areas
              + CASE WHEN ga.rn = 1 THEN gp.part - (gp.part / ga.n_areas) * ga.n_areas ELSE 0 END AS pence
        FROM gp JOIN ga ON ga.goal_id = gp.goal_id
    )"""


def _parts_selects(*, keys: str, group_by: str, measures: str) -> str:
    """`measures` per area (and unlinked), selecting `keys` and grouping by `group_by` (columns
    of both ap and sp; a constant key is selected but not grouped by)."""
    return f"""SELECT {keys}, area, {measures} FROM ap GROUP BY {group_by}, area
    UNION ALL
    SELECT {keys}, '{UNLINKED}', {measures} FROM sp
    WHERE NOT EXISTS (SELECT 1 FROM outcomes_spendgoallink l WHERE l.spend_id = sp.spend_id)
    GROUP BY {group_by}"""


def month_people(p: Params) -> list[MonthPeople]:
    """People behind each area's (and unlinked) spend in each calendar month, per group and
    (with a breakdown) in all (distinct people)."""
    people = "COUNT(DISTINCT holder_id)"
    selects = [_parts_selects(keys="grp, month", group_by="grp, month", measures=people)]
    if p.breakdown != "none":
        selects.append(_parts_selects(keys=f"'{ALL_PEOPLE}', month", group_by="month", measures=people))
    sql = f"WITH {parts_ctes(p)} " + " UNION ALL ".join(selects)
    return [
        MonthPeople(SECTION, f"spend_by_area:{area}", grp, month, n)
        for grp, month, area, n in rows(sql, p.sql())
    ]


def cells(p: Params) -> list[Cell]:
    measures = "SUM(pence), COUNT(DISTINCT holder_id)"
    sql = f"WITH {parts_ctes(p)} " + _parts_selects(keys="grp", group_by="grp", measures=measures)
    return [
        Cell(SECTION, f"spend_by_area:{area}", grp, Kind.MONEY, Decimal(int(pence)) / 100, people, "GBP")
        for grp, area, pence, people in sorted(rows(sql, p.sql()), key=lambda r: (r[0], r[1]))
    ]
