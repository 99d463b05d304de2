"""Spend by wellbeing area, apportioned to the penny in one SQL statement.

A spend is split across the goals it served by link share (each part floored to the penny, the
pennies left over to the largest share, the lower goal id on a tie); each goal's part is split
equally across the goal's wellbeing areas (floored, the remainder to the first area by code).
Spend linked to no goal is "unlinked". The parts plus unlinked spend equal the total spent
exactly. The rule is budgets.money.apportion applied twice (by share, then equally by area
code); tests/reports/test_report_rules_agree.py checks the two agree on generated spends. All
arithmetic is on whole numbers (pence, shares in SHARE_UNITS), so it is exact on both databases.
"""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind, MonthPeople
from outcomes.reports.sections.sql import (
    ALL_PEOPLE,
    BUDGETS,
    GOAL_AREAS,
    HOLDERS,
    SHARE_UNITS,
    SPEND_GOAL_LINKS,
    SPENDS,
    Params,
    cohort_cte,
    d,
    in_pence,
    month_of,
    pounds_trimmed,
    record_group,
    rows,
    whole,
)

SECTION = "money"
UNLINKED = "unlinked"


def parts_ctes(p: Params) -> str:
    """CTEs `cohort`, `spends` (each spend in pence, with its person, group and month) and
    `area_parts` (the pence of one spend that went to one wellbeing area). As for money in and
    out, every spend dated in the period on a budget of the council's people, in the group of
    the spend itself."""
    return f"""{cohort_cte(p)},
    spends AS (
        SELECT spend.id AS spend_id, holder.id AS holder_id, {record_group(p.breakdown)} AS grp,
            {month_of("spend.spent_on")} AS month, {in_pence("spend.amount")} AS pence
        FROM {SPENDS} spend JOIN {BUDGETS} budget ON budget.id = spend.budget_id
        JOIN {HOLDERS} holder ON holder.id = budget.holder_id
        WHERE holder.council_id = %(council)s AND spend.spent_on BETWEEN {d("start")} AND {d("end")}
    ),
    spend_goal_shares AS (
        SELECT spend_id, holder_id, grp, month, pence, goal_id,
            pence * share_units / {whole("SUM(share_units) OVER (PARTITION BY spend_id)")} AS floor_pence,
            ROW_NUMBER() OVER (PARTITION BY spend_id ORDER BY share_units DESC, goal_id) AS share_rank
        FROM (
            SELECT spends.*, link.goal_id, CAST(ROUND(link.share * {SHARE_UNITS}) AS BIGINT) AS share_units
            FROM spends JOIN {SPEND_GOAL_LINKS} link ON link.spend_id = spends.spend_id
        ) linked
    ),
    goal_parts AS (
        SELECT spend_id, holder_id, grp, month, goal_id,
            {whole("floor_pence + CASE WHEN share_rank = 1 THEN pence - SUM(floor_pence) OVER (PARTITION BY spend_id) ELSE 0 END")}
                AS pence
        FROM spend_goal_shares
    ),
    goal_areas AS (
        SELECT goal_id, wellbeingarea_id AS area,
            COUNT(*) OVER (PARTITION BY goal_id) AS area_count,
            ROW_NUMBER() OVER (PARTITION BY goal_id ORDER BY wellbeingarea_id) AS area_rank
        FROM {GOAL_AREAS}
        WHERE goal_id IN (SELECT goal_id FROM goal_parts)
    ),
    area_parts AS (
        SELECT goal_parts.spend_id, goal_parts.holder_id, goal_parts.grp, goal_parts.month, goal_areas.area,
            goal_parts.pence / goal_areas.area_count
              + CASE WHEN goal_areas.area_rank = 1
                     THEN goal_parts.pence - (goal_parts.pence / goal_areas.area_count) * goal_areas.area_count
                     ELSE 0 END AS pence
        FROM goal_parts JOIN goal_areas ON goal_areas.goal_id = goal_parts.goal_id
    )"""


def _parts_selects(*, keys: str, group_by: str, measures: str) -> str:
    """`measures` per area (and unlinked), selecting `keys` and grouping by `group_by` (columns
    of both area_parts and spends; a constant key is selected but not grouped by)."""
    return f"""SELECT {keys}, area, {measures} FROM area_parts GROUP BY {group_by}, area
    UNION ALL
    SELECT {keys}, '{UNLINKED}', {measures} FROM spends
    WHERE NOT EXISTS (SELECT 1 FROM {SPEND_GOAL_LINKS} link WHERE link.spend_id = spends.spend_id)
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
        Cell(SECTION, f"spend_by_area:{area}", grp, Kind.MONEY, pounds_trimmed(total), people, "GBP")
        for grp, area, total, people in sorted(rows(sql, p.sql()), key=lambda r: (r[0], r[1]))
    ]
