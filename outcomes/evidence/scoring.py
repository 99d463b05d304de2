"""Outcome scores: the GAS T-score (Kiresuk–Sherman) and ONS4 'improved'. Pure functions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Assumed correlation between goals in the Kiresuk–Sherman formula (docs/domain/goals.md#gas-t-score).
GAS_RHO = 0.3


@dataclass(frozen=True)
class RatedGoal:
    level: int
    weight: int = 1


def gas_t_score(goals: Iterable[RatedGoal], *, rho: float = GAS_RHO) -> float | None:
    """T = 50 + 10·Σwx / √((1−ρ)·Σw² + ρ·(Σw)²); None when no goal is rated.

    Worked values (docs/domain/goals.md#gas-worked-values): +1,+1,+1 → 63.69; +1,0,−1 weighted 1,2,3 → 45.59.
    """
    rated = list(goals)
    if not rated:
        return None
    for goal in rated:
        if goal.level not in (-2, -1, 0, 1, 2):
            raise ValueError(f"GAS level must be -2..+2, got {goal.level}")
        if goal.weight < 1:
            raise ValueError("GAS weight must be at least 1")
    weighted = sum(goal.weight * goal.level for goal in rated)
    sum_w = sum(goal.weight for goal in rated)
    sum_w2 = sum(goal.weight**2 for goal in rated)
    return 50 + 10 * weighted / math.sqrt((1 - rho) * sum_w2 + rho * sum_w**2)


# ONS4 items and whether a higher score is better (anxiety is better lower; never summed).
ONS4_ITEMS: dict[str, bool] = {
    "life_satisfaction": True,
    "worthwhile": True,
    "happiness": True,
    "anxiety": False,
}
ONS4_QUESTIONS: dict[str, str] = {
    "life_satisfaction": "Overall, how satisfied are you with your life nowadays?",
    "worthwhile": "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
    "happiness": "Overall, how happy did you feel yesterday?",
    "anxiety": "On a scale where nought is 'not at all anxious' and 10 is 'completely anxious', "
    "overall, how anxious did you feel yesterday?",
}


def ons4_improved(item: str, first: int, latest: int) -> bool:
    """True when the score moved in the better direction for that item."""
    higher_is_better = ONS4_ITEMS[item]
    return latest > first if higher_is_better else latest < first


def ons4_change(item: str, first: int, latest: int) -> int:
    """Change in the better direction: positive is better for every item, anxiety included."""
    return latest - first if ONS4_ITEMS[item] else first - latest


def latest_levels(ratings: Sequence[tuple[int, int, int]]) -> list[RatedGoal]:
    """From (goal_id, level, weight) rows ordered oldest first, the latest level per goal."""
    latest: dict[int, RatedGoal] = {}
    for goal_id, level, weight in ratings:
        latest[goal_id] = RatedGoal(level=level, weight=weight)
    return list(latest.values())
