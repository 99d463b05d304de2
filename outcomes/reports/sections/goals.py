"""Goals: goals by wellbeing area; share at or above expected at their latest rating in the
period; mean GAS T-score over people with at least one goal rated in the period."""

from __future__ import annotations

from outcomes.disclosure import Cell, Kind
from outcomes.reports.sections.sql import Params, cohort_cte, d, rows, stream
from outcomes.scoring import RatedGoal, gas_t_score

SECTION = "goals"


def latest_cte(p: Params) -> str:
    """`lr`: each goal's latest rating in the period (rn = 1), with its holder and group."""
    return f"""{cohort_cte(p)},
    lr AS (
        SELECT g.id AS goal_id, g.holder_id, c.grp, g.weight, r.level,
            ROW_NUMBER() OVER (PARTITION BY r.goal_id ORDER BY r.rated_on DESC, r.id DESC) AS rn
        FROM outcomes_goalrating r JOIN outcomes_goal g ON g.id = r.goal_id
        JOIN cohort c ON c.holder_id = g.holder_id
        WHERE r.rated_on BETWEEN {d("start")} AND {d("end")}
    )"""


def cells(p: Params) -> list[Cell]:
    out = []
    by_area = f"""WITH {cohort_cte(p)}
        SELECT c.grp, ga.wellbeingarea_id, COUNT(*) FROM outcomes_goal g
        JOIN cohort c ON c.holder_id = g.holder_id
        JOIN outcomes_goal_wellbeing_areas ga ON ga.goal_id = g.id
        GROUP BY c.grp, ga.wellbeingarea_id ORDER BY c.grp, ga.wellbeingarea_id"""
    for grp, area, count in rows(by_area, p.sql()):
        out.append(Cell(SECTION, f"goals_by_area:{area}", grp, Kind.COUNT, count, unit="goals"))
    at_or_above = f"""WITH {latest_cte(p)}
        SELECT grp, SUM(CASE WHEN level >= 0 THEN 1 ELSE 0 END), COUNT(*) FROM lr WHERE rn = 1
        GROUP BY grp ORDER BY grp"""
    for grp, met, rated in rows(at_or_above, p.sql()):
        out.append(Cell(SECTION, "goals_at_or_above_expected", grp, Kind.PERCENT, int(met), rated, "goals"))
    out.extend(_t_scores(p))
    return out


def _t_scores(p: Params) -> list[Cell]:
    """One streaming pass over latest levels ordered by person: T per person with
    outcomes.scoring.gas_t_score, summed per group (MEAN cells carry the sum until finalised)."""
    sql = f"WITH {latest_cte(p)} SELECT grp, holder_id, level, weight FROM lr WHERE rn = 1 ORDER BY holder_id"
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
