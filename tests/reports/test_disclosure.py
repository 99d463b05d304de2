"""Disclosure control (docs/domain/disclosure.md, worked values #worked-values) and its properties."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from outcomes.reports.disclosure import (
    SUPPRESSED,
    Cell,
    Kind,
    apply_sdc,
    percent,
    round_count,
)


def _cell(kind: Kind, value: object, denominator: int | None = None) -> Cell:
    return Cell("s", "m", "All", kind, value, denominator)  # type: ignore[arg-type]


def test_worked_counts() -> None:
    assert [round_count(n) for n in (0, 1, 7, 8, 12, 13, 117)] == [0, "*", "*", 10, 10, 15, 115]


def test_mean_over_seven_is_suppressed_and_over_eight_shown() -> None:
    out = apply_sdc([_cell(Kind.MEAN, 54.321, 7), _cell(Kind.MEAN, 54.321, 8)])
    assert [(p.value, p.denominator, p.suppressed) for p in out] == [
        (SUPPRESSED, SUPPRESSED, True),
        (Decimal("54.32"), 10, False),
    ]


def test_percent_from_rounded_figures() -> None:
    assert percent(23, 118) == "21%"
    assert percent(2300, 4001) == "57.5%"  # 2300 / 4000, one place from 4,000
    assert percent(3, 100) == SUPPRESSED
    assert percent(0, 100) == "0%"


def test_row_and_total_rounded_separately() -> None:
    row = [3, 4, 12]
    cells = [_cell(Kind.COUNT, n) for n in row] + [_cell(Kind.COUNT, sum(row))]
    assert [p.value for p in apply_sdc(cells)] == ["*", "*", 10, 20]


def test_money_over_few_people_is_suppressed() -> None:
    out = apply_sdc([_cell(Kind.MONEY, Decimal("300.00"), 1), _cell(Kind.MONEY, Decimal("300.00"), 9)])
    assert [p.value for p in out] == [SUPPRESSED, Decimal("300.00")]
    assert apply_sdc([_cell(Kind.MONEY, Decimal("0"), 0)])[0].value == Decimal("0.00")


@given(st.integers(min_value=0, max_value=10**7))
def test_no_published_count_in_one_to_seven(n: int) -> None:
    value = apply_sdc([_cell(Kind.COUNT, n)])[0].value
    assert value == SUPPRESSED or (isinstance(value, int) and value % 5 == 0)
    assert not (isinstance(value, int) and 1 <= value <= 7)
    if n >= 8:
        assert abs(int(value) - n) <= 2


@given(st.integers(min_value=0, max_value=10**6), st.floats(min_value=-100, max_value=100))
def test_no_mean_over_fewer_than_eight(n: int, mean: float) -> None:
    published = apply_sdc([_cell(Kind.MEAN, mean, n)])[0]
    assert (published.value == SUPPRESSED) == (n < 8)
    assert published.denominator == SUPPRESSED or int(published.denominator or 0) % 5 == 0


@given(st.integers(min_value=0, max_value=10**5), st.integers(min_value=0, max_value=10**5))
def test_percent_never_reveals_small_counts(a: int, b: int) -> None:
    numerator, denominator = min(a, b), max(a, b)
    published = apply_sdc([_cell(Kind.PERCENT, numerator, denominator)])[0]
    if 1 <= numerator <= 7 or 1 <= denominator <= 7:
        assert published.value == SUPPRESSED
    assert published.denominator in (SUPPRESSED, 0) or int(published.denominator or 0) % 5 == 0
