"""Reviews: due in the period, done on time (held on or before the due date), and people with
a review overdue at the period end. A corrected review counts once, as its latest version.

Kept in SQL: the ORM version (tests/perf/orm_sections.py) was 1.5-1.6 times slower with the team
breakdown on the benchmark (docs/reports.md "ORM or SQL")."""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import REVIEWS, Params, cohort_cte, d, rows

SECTION = "reviews"


def cells(p: Params) -> list[Cell]:
    due_in_period = f"due_on BETWEEN {d('start')} AND {d('end')}"
    sql = f"""WITH {cohort_cte(p)},
    current_reviews AS (
        SELECT review.holder_id, review.due_on, review.held_on, review.status, cohort.grp
        FROM {REVIEWS} review JOIN cohort ON cohort.holder_id = review.holder_id
        WHERE NOT EXISTS (SELECT 1 FROM {REVIEWS} correction WHERE correction.supersedes_id = review.id)
    )
    SELECT grp,
        SUM(CASE WHEN {due_in_period} THEN 1 ELSE 0 END),
        SUM(CASE WHEN {due_in_period} AND status = %(signed_off)s AND held_on <= due_on THEN 1 ELSE 0 END),
        COUNT(DISTINCT CASE WHEN due_on < {d("end")} AND (held_on IS NULL OR held_on > {d("end")})
                 THEN holder_id END)
    FROM current_reviews GROUP BY grp ORDER BY grp"""
    out = []
    for grp, due, on_time, overdue in rows(sql, p.sql()):
        out.append(Cell(SECTION, "reviews_due", grp, Kind.COUNT, int(due or 0), unit="reviews"))
        out.append(
            Cell(SECTION, "reviews_on_time", grp, Kind.PERCENT, int(on_time or 0), int(due or 0), "reviews")
        )
        out.append(Cell(SECTION, "people_overdue_at_end", grp, Kind.COUNT, int(overdue or 0), unit="people"))
    return out
