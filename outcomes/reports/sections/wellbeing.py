"""Wellbeing (ONS4): people with two or more checks in the period; mean first and latest score
per item, mean change in the better direction (anxiety reversed) and the share who improved."""

from __future__ import annotations

from outcomes.evidence.scoring import ONS4_ITEMS
from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import WELLBEING_CHECKS, Params, cohort_cte, d, rows

SECTION = "wellbeing"


def cells(p: Params) -> list[Cell]:
    pick = ", ".join(
        f"MAX(CASE WHEN oldest = 1 THEN {i} END) AS first_{i}, MAX(CASE WHEN newest = 1 THEN {i} END) AS latest_{i}"
        for i in ONS4_ITEMS
    )
    sums = ", ".join(
        f"SUM(first_{i}), SUM(latest_{i}), SUM(CASE WHEN latest_{i} {'>' if better else '<'} first_{i} THEN 1 ELSE 0 END)"
        for i, better in ONS4_ITEMS.items()
    )
    sql = f"""WITH {cohort_cte(p)},
    checks_ranked AS (
        SELECT checkin.*, cohort.grp,
            ROW_NUMBER() OVER (PARTITION BY checkin.holder_id ORDER BY checkin.checked_on, checkin.id) AS oldest,
            ROW_NUMBER() OVER (PARTITION BY checkin.holder_id ORDER BY checkin.checked_on DESC, checkin.id DESC)
                AS newest,
            COUNT(*) OVER (PARTITION BY checkin.holder_id) AS check_count
        FROM {WELLBEING_CHECKS} checkin JOIN cohort ON cohort.holder_id = checkin.holder_id
        WHERE checkin.checked_on BETWEEN {d("start")} AND {d("end")}
    ),
    first_and_latest AS (
        SELECT holder_id, grp, {pick} FROM checks_ranked WHERE check_count >= 2 GROUP BY holder_id, grp
    )
    SELECT grp, COUNT(*), {sums} FROM first_and_latest GROUP BY grp ORDER BY grp"""
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
