"""Value: apportioned spend per wellbeing area for people whose goal ratings in that area
improved in the period versus those whose did not.

A person's ratings in an area "improved" when, over their goals in that area rated in the
period, the sum of (latest level − first level in the period) is above zero. People with no
rating in an area are in neither group for it.
"""

from __future__ import annotations

from decimal import Decimal

from outcomes.disclosure import Cell, Kind
from outcomes.reports.sections.apportion import parts_ctes
from outcomes.reports.sections.sql import Params, d, rows

SECTION = "value"


def cells(p: Params) -> list[Cell]:
    sql = f"""WITH {parts_ctes(p)},
    fr AS (
        SELECT r.goal_id, r.level,
            ROW_NUMBER() OVER (PARTITION BY r.goal_id ORDER BY r.rated_on, r.id) AS f,
            ROW_NUMBER() OVER (PARTITION BY r.goal_id ORDER BY r.rated_on DESC, r.id DESC) AS l
        FROM outcomes_goalrating r JOIN outcomes_goal g ON g.id = r.goal_id
        JOIN cohort c ON c.holder_id = g.holder_id
        WHERE r.rated_on BETWEEN {d("start")} AND {d("end")}
    ),
    gchg AS (
        SELECT goal_id, SUM(CASE WHEN l = 1 THEN level ELSE 0 END) - SUM(CASE WHEN f = 1 THEN level ELSE 0 END) AS chg
        FROM fr GROUP BY goal_id
    ),
    ha AS (
        SELECT g.holder_id, ga.wellbeingarea_id AS area, SUM(gchg.chg) AS chg
        FROM gchg JOIN outcomes_goal g ON g.id = gchg.goal_id
        JOIN outcomes_goal_wellbeing_areas ga ON ga.goal_id = g.id
        GROUP BY g.holder_id, ga.wellbeingarea_id
    ),
    hs AS (SELECT holder_id, area, SUM(pence) AS pence FROM ap GROUP BY holder_id, area)
    SELECT c.grp, ha.area, CASE WHEN ha.chg > 0 THEN 'improved' ELSE 'not_improved' END,
        SUM(COALESCE(hs.pence, 0)), COUNT(*)
    FROM ha JOIN cohort c ON c.holder_id = ha.holder_id
    LEFT JOIN hs ON hs.holder_id = ha.holder_id AND hs.area = ha.area
    GROUP BY c.grp, ha.area, CASE WHEN ha.chg > 0 THEN 'improved' ELSE 'not_improved' END
    ORDER BY 1, 2, 3"""
    out = []
    for grp, area, outcome, pence, people in rows(sql, p.sql()):
        money = Decimal(int(pence)) / 100
        out.append(Cell(SECTION, f"spend:{area}:{outcome}", grp, Kind.MONEY, money, people, "GBP"))
        out.append(
            Cell(SECTION, f"mean_spend_per_person:{area}:{outcome}", grp, Kind.MEAN, money, people, "GBP")
        )
    return out
