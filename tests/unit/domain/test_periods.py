"""Reporting periods (domain/periods.py) as tables: codes, bounds, the period of a day,
the periods between two days, shifting, and what is not a period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from toc_editor.domain import periods

D = date

# fmt: off
BOUNDS = [
    ("2025", "yearly", D(2025, 1, 1), D(2025, 12, 31)),
    ("2025-H1", "half_yearly", D(2025, 1, 1), D(2025, 6, 30)),
    ("2025-H2", "half_yearly", D(2025, 7, 1), D(2025, 12, 31)),
    ("2025-Q1", "quarterly", D(2025, 1, 1), D(2025, 3, 31)),
    ("2025-Q2", "quarterly", D(2025, 4, 1), D(2025, 6, 30)),
    ("2025-Q3", "quarterly", D(2025, 7, 1), D(2025, 9, 30)),
    ("2025-Q4", "quarterly", D(2025, 10, 1), D(2025, 12, 31)),
    ("2024-02", "monthly", D(2024, 2, 1), D(2024, 2, 29)),  # a leap year
    ("2025-02", "monthly", D(2025, 2, 1), D(2025, 2, 28)),
    ("2025-12", "monthly", D(2025, 12, 1), D(2025, 12, 31)),
    ("1900", "yearly", D(1900, 1, 1), D(1900, 12, 31)),
    ("2199-Q4", "quarterly", D(2199, 10, 1), D(2199, 12, 31)),
]
NOT_PERIODS = ["", "25", "2025-Q0", "2025-Q5", "2025-H3", "2025-13", "2025-00", "2025-1",
               "2025-q1", "Q1-2025", "2025 Q1", "2025-Q1\n", "1899", "2200",
               "\uff12\uff10\uff12\uff15", 2025, None]  # the last string: fullwidth digits
OF = [
    (D(2025, 1, 1), "monthly", "2025-01"),
    (D(2025, 3, 31), "quarterly", "2025-Q1"),
    (D(2025, 4, 1), "quarterly", "2025-Q2"),
    (D(2025, 6, 30), "half_yearly", "2025-H1"),
    (D(2025, 7, 1), "half_yearly", "2025-H2"),
    (D(2025, 12, 31), "yearly", "2025"),
]
BETWEEN = [
    (D(2025, 1, 1), D(2025, 12, 31), "quarterly", ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]),
    (D(2024, 12, 31), D(2025, 1, 1), "monthly", ["2024-12", "2025-01"]),
    (D(2025, 5, 5), D(2025, 5, 6), "yearly", ["2025"]),
    (D(2023, 6, 1), D(2025, 1, 1), "half_yearly", ["2023-H1", "2023-H2", "2024-H1", "2024-H2",
                                                   "2025-H1"]),
    (D(2025, 1, 2), D(2025, 1, 1), "monthly", []),
]
SHIFTS = [
    ("2025-Q1", -1, "2024-Q4"), ("2025-Q4", 1, "2026-Q1"), ("2025-Q2", 8, "2027-Q2"),
    ("2025-01", -13, "2023-12"), ("2025-H1", -3, "2023-H2"), ("2025", 0, "2025"),
]
# fmt: on


@pytest.mark.parametrize(("code", "frequency", "start", "end"), BOUNDS)
def test_a_period_has_its_frequency_and_bounds(
    code: str, frequency: str, start: date, end: date
) -> None:
    assert periods.is_period(code)
    assert periods.frequency_of(code) == frequency
    assert periods.period_bounds(code) == (start, end)
    assert periods.period_of(start, frequency) == code == periods.period_of(end, frequency)
    assert periods.period_problem(code, frequency) is None
    # the days just outside belong to the neighbours
    assert periods.shift(code, -1) == periods.period_of(start - timedelta(days=1), frequency)
    assert periods.shift(code, 1) == periods.period_of(end + timedelta(days=1), frequency)


@pytest.mark.parametrize("code", NOT_PERIODS, ids=repr)
def test_what_is_not_a_period(code: object) -> None:
    assert not periods.is_period(code)
    assert periods.period_problem(code) is not None
    with pytest.raises(ValueError):
        periods.period_bounds(code)  # type: ignore[arg-type]


@pytest.mark.parametrize(("day", "frequency", "code"), OF)
def test_the_period_of_a_day(day: date, frequency: str, code: str) -> None:
    assert periods.period_of(day, frequency) == code


@pytest.mark.parametrize(("start", "end", "frequency", "expected"), BETWEEN)
def test_the_periods_between_two_days(
    start: date, end: date, frequency: str, expected: list[str]
) -> None:
    assert periods.periods_between(start, end, frequency) == expected


@pytest.mark.parametrize(("code", "steps", "expected"), SHIFTS)
def test_shifting_a_period(code: str, steps: int, expected: str) -> None:
    assert periods.shift(code, steps) == expected
    assert periods.shift(expected, -steps) == code


def test_a_period_of_another_frequency_is_named_in_the_problem() -> None:
    assert periods.period_problem("2025", "monthly") == (
        "must be a monthly period such as 2025-01 (got a yearly one)"
    )
    assert periods.period_problem("2025-07", "half_yearly") == (
        "must be a half-yearly period such as 2025-H1 (got a monthly one)"
    )


def test_an_unknown_frequency_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown frequency"):
        periods.period_of(date(2025, 1, 1), "weekly")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("2025-02-28", D(2025, 2, 28)), ("2024-02-29", D(2024, 2, 29)), ("2025-02-29", None),
     ("2025-2-28", None), ("20250228", None), ("1899-12-31", None), ("\uff12025-01-01", None),
     (20250228, None)],
)  # fmt: skip
def test_parse_date(text: object, expected: date | None) -> None:
    assert periods.parse_date(text) == expected
