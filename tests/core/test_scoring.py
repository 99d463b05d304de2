import pytest

from outcomes.evidence.scoring import (
    RatedGoal,
    gas_t_score,
    latest_levels,
    ons4_change,
    ons4_improved,
)


@pytest.mark.parametrize(
    ("levels", "weights", "expected"),
    [
        ((1, 1, 1), (1, 1, 1), 63.69),
        ((-1, -1, -1), (1, 1, 1), 36.31),
        ((0, 1, -1), (1, 1, 1), 50.00),
        ((2, 2, 2), (1, 1, 1), 77.39),
        ((1,), (1,), 60.00),
        ((1, 1, 0), (1, 1, 1), 59.13),
        ((1, 0, -1), (1, 2, 3), 45.59),
    ],
)
def test_t_score_matches_domain_worked_values(levels, weights, expected):
    goals = [RatedGoal(level=level, weight=weight) for level, weight in zip(levels, weights, strict=True)]

    score = gas_t_score(goals)

    assert score is not None
    assert round(score, 2) == expected


def test_t_score_properties():
    assert gas_t_score([RatedGoal(0), RatedGoal(0, 3)]) == 50
    assert gas_t_score([RatedGoal(1, 2), RatedGoal(-1, 2), RatedGoal(2, 2)]) == gas_t_score(
        [RatedGoal(1), RatedGoal(-1), RatedGoal(2)]
    )
    up, down = gas_t_score([RatedGoal(1), RatedGoal(2)]), gas_t_score([RatedGoal(-1), RatedGoal(-2)])
    assert up is not None and down is not None
    assert up - 50 == pytest.approx(50 - down)


def test_t_score_of_no_goals_is_none_and_bad_levels_are_refused():
    assert gas_t_score([]) is None
    with pytest.raises(ValueError, match="-2..\\+2"):
        gas_t_score([RatedGoal(3)])


def test_latest_levels_keeps_the_last_rating_per_goal():
    rows = [(1, -1, 1), (2, 0, 2), (1, 1, 1)]

    assert latest_levels(rows) == [RatedGoal(1, 1), RatedGoal(0, 2)]


@pytest.mark.parametrize(
    ("item", "first", "latest", "improved", "change"),
    [
        ("life_satisfaction", 4, 6, True, 2),
        ("happiness", 6, 6, False, 0),
        ("worthwhile", 7, 5, False, -2),
        ("anxiety", 7, 4, True, 3),
        ("anxiety", 2, 5, False, -3),
    ],
)
def test_ons4_improved_reverses_anxiety(item, first, latest, improved, change):
    assert ons4_improved(item, first, latest) is improved
    assert ons4_change(item, first, latest) == change
