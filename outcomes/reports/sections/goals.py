"""Goals: goals by wellbeing area; share at or above expected at their latest rating in the
period; mean GAS T-score over people with at least one goal rated in the period."""

from __future__ import annotations

from outcomes.evidence.scoring import RatedGoal, gas_t_score
from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.sql import GOAL_AREAS, GOAL_RATINGS, GOALS, Params, cohort_cte, d, rows, stream

SECTION = "goals"


def latest_cte(p: Params) -> str:
    """`goal_ratings_newest_first`: the ratings in the period of the cohort's goals, each with its
    goal's holder, group and weight; `newest = 1` on each goal's latest rating."""
    return f"""{cohort_cte(p)},
    goal_ratings_newest_first AS (
        SELECT goal.id AS goal_id, goal.holder_id, cohort.grp, goal.weight, rating.level,
            ROW_NUMBER() OVER (PARTITION BY rating.goal_id ORDER BY rating.rated_on DESC, rating.id DESC)
                AS newest
        FROM {GOAL_RATINGS} rating JOIN {GOALS} goal ON goal.id = rating.goal_id
        JOIN cohort ON cohort.holder_id = goal.holder_id
        WHERE rating.rated_on BETWEEN {d("start")} AND {d("end")}
    )"""


def cells(p: Params) -> list[Cell]:
    out = by_area_cells(p)
    at_or_above = f"""WITH {latest_cte(p)}
        SELECT grp, SUM(CASE WHEN level >= 0 THEN 1 ELSE 0 END), COUNT(*)
        FROM goal_ratings_newest_first WHERE newest = 1
        GROUP BY grp ORDER BY grp"""
    for grp, met, rated in rows(at_or_above, p.sql()):
        out.append(Cell(SECTION, "goals_at_or_above_expected", grp, Kind.PERCENT, int(met), rated, "goals"))
    out.extend(_t_scores(p))
    return out


def by_area_cells(p: Params) -> list[Cell]:
    """Goals of the cohort counted once per wellbeing area. Kept in SQL: the ORM version
    (tests/perf/orm_sections.py) was 1.7 times slower with the team breakdown on the benchmark
    (docs/reports.md "ORM or SQL")."""
    by_area = f"""WITH {cohort_cte(p)}
        SELECT cohort.grp, goal_area.wellbeingarea_id, COUNT(*) FROM {GOALS} goal
        JOIN cohort ON cohort.holder_id = goal.holder_id
        JOIN {GOAL_AREAS} goal_area ON goal_area.goal_id = goal.id
        GROUP BY cohort.grp, goal_area.wellbeingarea_id ORDER BY cohort.grp, goal_area.wellbeingarea_id"""
    return [
        Cell(SECTION, f"goals_by_area:{area}", grp, Kind.COUNT, count, unit="goals")
        for grp, area, count in rows(by_area, p.sql())
    ]


def _t_scores(p: Params) -> list[Cell]:
    """One streaming pass over latest levels ordered by person: T per person with
    outcomes.evidence.scoring.gas_t_score, summed per group (MEAN cells carry the sum until finalised)."""
    sql = f"""WITH {latest_cte(p)} SELECT grp, holder_id, level, weight
        FROM goal_ratings_newest_first WHERE newest = 1 ORDER BY holder_id"""
    sums: dict[str, tuple[float, int]] = {}
    current: tuple[str, int] | None = None
    goals: list[RatedGoal] = []

    def flush() -> None:
        if current is not None:
            total, n = sums.get(current[0], (0.0, 0))
            sums[current[0]] = (total + (gas_t_score(goals) or 0.0), n + 1)

    for grp, holder_id, level, weight in stream(sql, p.sql()):
        if current is None or current[1] != holder_id:
            flush()
            current, goals = (grp, holder_id), []
        goals.append(RatedGoal(level=int(level), weight=int(weight)))
    flush()
    return [
        Cell(SECTION, "mean_gas_t_score", grp, Kind.MEAN, total, n, "T-score")
        for grp, (total, n) in sorted(sums.items())
    ]
