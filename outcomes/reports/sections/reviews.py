"""Reviews: due in the period, done on time (held on or before the due date), and people with
a review overdue at the period end. A corrected review counts once, as its latest version."""

from __future__ import annotations

from outcomes.disclosure import Cell, Kind
from outcomes.reports.sections.sql import Params, cohort_cte, d, rows

SECTION = "reviews"


def cells(p: Params) -> list[Cell]:
    sql = f"""WITH {cohort_cte(p)},
    rv AS (
        SELECT r.*, c.grp FROM outcomes_review r JOIN cohort c ON c.holder_id = r.holder_id
        WHERE NOT EXISTS (SELECT 1 FROM outcomes_review n WHERE n.supersedes_id = r.id)
    )
    SELECT grp,
        SUM(CASE WHEN due_on BETWEEN {d("start")} AND {d("end")} THEN 1 ELSE 0 END),
        SUM(CASE WHEN due_on BETWEEN {d("start")} AND {d("end")} AND status = 'signed_off'
                 AND held_on <= due_on THEN 1 ELSE 0 END),
        COUNT(DISTINCT CASE WHEN due_on < {d("end")} AND (held_on IS NULL OR held_on > {d("end")})
                 THEN holder_id END)
    FROM rv GROUP BY grp ORDER BY grp"""
    out = []
    for grp, due, on_time, overdue in rows(sql, p.sql()):
        out.append(Cell(SECTION, "reviews_due", grp, Kind.COUNT, int(due or 0), unit="reviews"))
        out.append(
            Cell(SECTION, "reviews_on_time", grp, Kind.PERCENT, int(on_time or 0), int(due or 0), "reviews")
        )
        out.append(Cell(SECTION, "people_overdue_at_end", grp, Kind.COUNT, int(overdue or 0), unit="people"))
    return out
