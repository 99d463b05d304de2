"""Activity: people with an activity in at least half of the weeks in which they held a budget
in the period; activities by category."""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import (
    ACTIVITIES,
    BUDGETS,
    NO_CATEGORY,
    SPEND_CATEGORIES,
    Params,
    cohort_cte,
    d,
    greatest,
    least,
    rows,
    week_no,
)

SECTION = "activity"


def cells(p: Params) -> list[Cell]:
    held_from, held_to = greatest(d("start"), "budget.starts_on"), least(d("end"), "budget.ends_on")
    regular = f"""WITH {cohort_cte(p)},
    weeks_held AS (
        SELECT cohort.holder_id, cohort.grp,
            SUM({week_no(held_to)} - {week_no(held_from)} + 1) AS weeks
        FROM cohort JOIN {BUDGETS} budget ON budget.holder_id = cohort.holder_id
            AND budget.starts_on <= {d("end")} AND budget.ends_on >= {d("start")}
        GROUP BY cohort.holder_id, cohort.grp
    ),
    weeks_active AS (
        SELECT activity.holder_id, COUNT(DISTINCT {week_no("activity.done_on")}) AS weeks
        FROM {ACTIVITIES} activity JOIN cohort ON cohort.holder_id = activity.holder_id
        WHERE activity.done_on BETWEEN {d("start")} AND {d("end")}
        GROUP BY activity.holder_id
    )
    SELECT weeks_held.grp,
        SUM(CASE WHEN 2 * COALESCE(weeks_active.weeks, 0) >= weeks_held.weeks THEN 1 ELSE 0 END),
        COUNT(*)
    FROM weeks_held LEFT JOIN weeks_active ON weeks_active.holder_id = weeks_held.holder_id
    GROUP BY weeks_held.grp ORDER BY weeks_held.grp"""
    out = [
        Cell(SECTION, "people_active_half_the_weeks", grp, Kind.PERCENT, int(active), people, "people")
        for grp, active, people in rows(regular, p.sql())
    ]
    category = f"COALESCE(category.name, '{NO_CATEGORY}')"
    by_category = f"""WITH {cohort_cte(p)}
        SELECT cohort.grp, {category}, COUNT(*)
        FROM {ACTIVITIES} activity JOIN cohort ON cohort.holder_id = activity.holder_id
        LEFT JOIN {SPEND_CATEGORIES} category ON category.id = activity.category_id
        WHERE activity.done_on BETWEEN {d("start")} AND {d("end")}
        GROUP BY cohort.grp, {category} ORDER BY 1, 2"""
    out.extend(
        Cell(SECTION, f"activities_by_category:{name}", grp, Kind.COUNT, count, unit="activities")
        for grp, name, count in rows(by_category, p.sql())
    )
    return out
