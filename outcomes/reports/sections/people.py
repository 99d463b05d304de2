"""People: budget holders with a budget active in the period, by delivery mechanism.

Kept in SQL: the ORM version (tests/perf/orm_sections.py) was 1.5-1.8 times slower with the team
breakdown on the benchmark (docs/reports.md "ORM or SQL")."""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import Params, cohort_cte, rows

SECTION = "people"


def cells(p: Params) -> list[Cell]:
    sql = f"""WITH {cohort_cte(p)}
        SELECT grp, mechanism, COUNT(*) FROM cohort GROUP BY grp, mechanism ORDER BY grp, mechanism"""
    out: list[Cell] = []
    totals: dict[str, int] = {}
    for grp, mechanism, count in rows(sql, p.sql()):
        totals[grp] = totals.get(grp, 0) + count
        out.append(Cell(SECTION, f"people_by_delivery:{mechanism}", grp, Kind.COUNT, count, unit="people"))
    out[:0] = [Cell(SECTION, "people", grp, Kind.COUNT, n, unit="people") for grp, n in totals.items()]
    return out
