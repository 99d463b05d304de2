"""Value: apportioned spend per wellbeing area for people whose goal ratings in that area
improved in the period versus those whose did not.

A person's ratings in an area "improved" when, over their goals in that area rated in the
period, the sum of (latest level − first level in the period) is above zero. People with no
rating in an area are in neither group for it.
"""

from __future__ import annotations

from outcomes.reports.disclosure import Cell, Kind
from outcomes.reports.sections.apportion import parts_ctes
from outcomes.reports.sections.sql import GOAL_AREAS, GOAL_RATINGS, GOALS, Params, d, pounds_trimmed, rows

SECTION = "value"


def cells(p: Params) -> list[Cell]:
    improved = "CASE WHEN person_area_changes.change > 0 THEN 'improved' ELSE 'not_improved' END"
    sql = f"""WITH {parts_ctes(p)},
    ratings_ranked AS (
        SELECT rating.goal_id, rating.level,
            ROW_NUMBER() OVER (PARTITION BY rating.goal_id ORDER BY rating.rated_on, rating.id) AS oldest,
            ROW_NUMBER() OVER (PARTITION BY rating.goal_id ORDER BY rating.rated_on DESC, rating.id DESC)
                AS newest
        FROM {GOAL_RATINGS} rating JOIN {GOALS} goal ON goal.id = rating.goal_id
        JOIN cohort ON cohort.holder_id = goal.holder_id
        WHERE rating.rated_on BETWEEN {d("start")} AND {d("end")}
    ),
    goal_changes AS (
        SELECT goal_id,
            SUM(CASE WHEN newest = 1 THEN level ELSE 0 END) - SUM(CASE WHEN oldest = 1 THEN level ELSE 0 END)
                AS change
        FROM ratings_ranked GROUP BY goal_id
    ),
    person_area_changes AS (
        SELECT goal.holder_id, goal_area.wellbeingarea_id AS area, SUM(goal_changes.change) AS change
        FROM goal_changes JOIN {GOALS} goal ON goal.id = goal_changes.goal_id
        JOIN {GOAL_AREAS} goal_area ON goal_area.goal_id = goal.id
        GROUP BY goal.holder_id, goal_area.wellbeingarea_id
    ),
    person_area_spend AS (SELECT holder_id, area, SUM(pence) AS pence FROM area_parts GROUP BY holder_id, area)
    SELECT cohort.grp, person_area_changes.area, {improved},
        SUM(COALESCE(person_area_spend.pence, 0)), COUNT(*)
    FROM person_area_changes JOIN cohort ON cohort.holder_id = person_area_changes.holder_id
    LEFT JOIN person_area_spend ON person_area_spend.holder_id = person_area_changes.holder_id
        AND person_area_spend.area = person_area_changes.area
    GROUP BY cohort.grp, person_area_changes.area, {improved}
    ORDER BY 1, 2, 3"""
    out = []
    for grp, area, outcome, total, people in rows(sql, p.sql()):
        money = pounds_trimmed(total)
        out.append(Cell(SECTION, f"spend:{area}:{outcome}", grp, Kind.MONEY, money, people, "GBP"))
        out.append(
            Cell(SECTION, f"mean_spend_per_person:{area}:{outcome}", grp, Kind.MEAN, money, people, "GBP")
        )
    return out
