"""Activity: people with an activity in at least half of the weeks in which they held a budget
in the period; activities by category."""

from __future__ import annotations

from outcomes.disclosure import Cell, Kind
from outcomes.reports.sections.sql import Params, cohort_cte, d, greatest, least, rows, week_no

SECTION = "activity"


def cells(p: Params) -> list[Cell]:
    held_from, held_to = greatest(d("start"), "b.starts_on"), least(d("end"), "b.ends_on")
    regular = f"""WITH {cohort_cte(p)},
    wh AS (
        SELECT c.holder_id, c.grp, SUM({week_no(held_to)} - {week_no(held_from)} + 1) AS weeks
        FROM cohort c JOIN budgets_personalbudget b ON b.holder_id = c.holder_id
            AND b.starts_on <= {d("end")} AND b.ends_on >= {d("start")}
        GROUP BY c.holder_id, c.grp
    ),
    aw AS (
        SELECT a.holder_id, COUNT(DISTINCT {week_no("a.done_on")}) AS weeks
        FROM outcomes_activity a JOIN cohort c ON c.holder_id = a.holder_id
        WHERE a.done_on BETWEEN {d("start")} AND {d("end")}
        GROUP BY a.holder_id
    )
    SELECT wh.grp, SUM(CASE WHEN 2 * COALESCE(aw.weeks, 0) >= wh.weeks THEN 1 ELSE 0 END), COUNT(*)
    FROM wh LEFT JOIN aw ON aw.holder_id = wh.holder_id GROUP BY wh.grp ORDER BY wh.grp"""
    out = [
        Cell(SECTION, "people_active_half_the_weeks", grp, Kind.PERCENT, int(active), people, "people")
        for grp, active, people in rows(regular, p.sql())
    ]
    by_category = f"""WITH {cohort_cte(p)}
        SELECT c.grp, COALESCE(cat.name, 'No category'), COUNT(*)
        FROM outcomes_activity a JOIN cohort c ON c.holder_id = a.holder_id
        LEFT JOIN budgets_spendcategory cat ON cat.id = a.category_id
        WHERE a.done_on BETWEEN {d("start")} AND {d("end")}
        GROUP BY c.grp, COALESCE(cat.name, 'No category') ORDER BY 1, 2"""
    out.extend(
        Cell(SECTION, f"activities_by_category:{name}", grp, Kind.COUNT, count, unit="activities")
        for grp, name, count in rows(by_category, p.sql())
    )
    return out
