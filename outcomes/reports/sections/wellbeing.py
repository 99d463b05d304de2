"""Wellbeing (ONS4): people with two or more checks in the period; mean first and latest score
per item, mean change in the better direction (anxiety reversed) and the share who improved."""

from __future__ import annotations

from outcomes.disclosure import Cell, Kind
from outcomes.reports.sections.sql import Params, cohort_cte, d, rows
from outcomes.scoring import ONS4_ITEMS

SECTION = "wellbeing"


def cells(p: Params) -> list[Cell]:
    pick = ", ".join(
        f"MAX(CASE WHEN rf = 1 THEN {i} END) AS f_{i}, MAX(CASE WHEN rl = 1 THEN {i} END) AS l_{i}"
        for i in ONS4_ITEMS
    )
    sums = ", ".join(
        f"SUM(f_{i}), SUM(l_{i}), SUM(CASE WHEN l_{i} {'>' if better else '<'} f_{i} THEN 1 ELSE 0 END)"
        for i, better in ONS4_ITEMS.items()
    )
    sql = f"""WITH {cohort_cte(p)},
    ranked AS (
        SELECT w.*, c.grp,
            ROW_NUMBER() OVER (PARTITION BY w.holder_id ORDER BY w.checked_on, w.id) AS rf,
            ROW_NUMBER() OVER (PARTITION BY w.holder_id ORDER BY w.checked_on DESC, w.id DESC) AS rl,
            COUNT(*) OVER (PARTITION BY w.holder_id) AS n_checks
        FROM outcomes_wellbeingcheck w JOIN cohort c ON c.holder_id = w.holder_id
        WHERE w.checked_on BETWEEN {d("start")} AND {d("end")}
    ),
    pairs AS (SELECT holder_id, grp, {pick} FROM ranked WHERE n_checks >= 2 GROUP BY holder_id, grp)
    SELECT grp, COUNT(*), {sums} FROM pairs GROUP BY grp ORDER BY grp"""
    out = []
    for grp, n, *values in rows(sql, p.sql()):
        out.append(Cell(SECTION, "people_with_two_checks", grp, Kind.COUNT, n, unit="people"))
        for index, (item, better) in enumerate(ONS4_ITEMS.items()):
            first, latest, improved = (float(v or 0) for v in values[index * 3 : index * 3 + 3])
            change = latest - first if better else first - latest
            out.append(Cell(SECTION, f"{item}:mean_first", grp, Kind.MEAN, first, n, "score 0-10"))
            out.append(Cell(SECTION, f"{item}:mean_latest", grp, Kind.MEAN, latest, n, "score 0-10"))
            out.append(Cell(SECTION, f"{item}:mean_change", grp, Kind.MEAN, change, n, "points, + is better"))
            out.append(Cell(SECTION, f"{item}:improved", grp, Kind.PERCENT, int(improved), n, "people"))
    return out
