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


@dataclass(frozen=True)
class Ons4Item:
    """One ONS4 personal wellbeing question, and every wording of it the service uses."""

    key: str  # the WellbeingCheck field
    question: str  # the ONS wording, asked on the holder's and the worker's forms
    label: str  # staff pages, the review pack and the reports
    holder_label: str  # the holder's own page, in the words of the question
    asks_about: str  # the holder form's error message: "Choose a number from 0 to 10 for …"
    higher_is_better: bool  # anxiety is better lower; the four are never summed


# The one definition of the four ONS4 items; everything below is derived from it.
ONS4: tuple[Ons4Item, ...] = (
    Ons4Item(
        key="life_satisfaction",
        question="Overall, how satisfied are you with your life nowadays?",
        label="Life satisfaction",
        holder_label="Life satisfaction",
        asks_about="how satisfied you are with your life",
        higher_is_better=True,
    ),
    Ons4Item(
        key="worthwhile",
        question="Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        label="Worthwhile",
        holder_label="Worthwhile",
        asks_about="how worthwhile the things you do are",
        higher_is_better=True,
    ),
    Ons4Item(
        key="happiness",
        question="Overall, how happy did you feel yesterday?",
        label="Happiness",
        holder_label="Happy yesterday",
        asks_about="how happy you felt yesterday",
        higher_is_better=True,
    ),
    Ons4Item(
        key="anxiety",
        question="On a scale where nought is 'not at all anxious' and 10 is 'completely anxious', "
        "overall, how anxious did you feel yesterday?",
        label="Anxiety",
        holder_label="Anxious yesterday",
        asks_about="how anxious you felt yesterday",
        higher_is_better=False,
    ),
)
ONS4_BY_KEY: dict[str, Ons4Item] = {item.key: item for item in ONS4}
# Each item's key and whether a higher score is better, in the order the questions are asked.
ONS4_ITEMS: dict[str, bool] = {item.key: item.higher_is_better for item in ONS4}
ONS4_QUESTIONS: dict[str, str] = {item.key: item.question for item in ONS4}
# Staff pages and the pack say which way is better where it is the other way round.
ONS4_LABELS: dict[str, str] = {
    item.key: item.label if item.higher_is_better else f"{item.label} (lower is better)" for item in ONS4
}
ONS4_HOLDER_LABELS: dict[str, str] = {item.key: item.holder_label for item in ONS4}


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
