"""Reporting periods: the codes results are keyed by, and the dates they cover.

A period code is a year ``"2025"``, a half ``"2025-H1"``/``"2025-H2"``, a quarter
``"2025-Q1"``..``"2025-Q4"`` or a month ``"2025-01"``..``"2025-12"``. Each form belongs
to one reporting frequency of an indicator (``yearly``, ``half_yearly``, ``quarterly``,
``monthly``; an indicator without one reports quarterly). Years run from 1900 to 2199.
A period's bounds are its first and last day, both included.

Examples
--------
>>> period_bounds("2025-Q2")
(datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
>>> period_of(date(2025, 8, 14), "half_yearly")
'2025-H2'
>>> periods_between(date(2024, 11, 1), date(2025, 2, 1), "quarterly")
['2024-Q4', '2025-Q1']
>>> frequency_of("2025-07"), shift("2025-Q4", 1)
('monthly', '2026-Q1')
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Final

__all__ = [
    "DEFAULT_FREQUENCY",
    "FREQUENCIES",
    "MAX_YEAR",
    "MIN_YEAR",
    "frequency_of",
    "is_period",
    "parse_date",
    "period_bounds",
    "period_of",
    "period_problem",
    "periods_between",
    "shift",
]

FREQUENCIES: Final = ("monthly", "quarterly", "half_yearly", "yearly")
DEFAULT_FREQUENCY: Final = "quarterly"
MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2199

_CODE = re.compile(r"([0-9]{4})(?:-(?:H([12])|Q([1-4])|(0[1-9]|1[0-2])))?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # ASCII digits only
# months per period of each frequency
_MONTHS: Final = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
_EXAMPLE: Final = {
    "monthly": "2025-01",
    "quarterly": "2025-Q1",
    "half_yearly": "2025-H1",
    "yearly": "2025",
}


def _parse(code: object) -> tuple[int, str, int] | None:
    """(year, frequency, index within the year from 0), or None when not a code."""
    if not isinstance(code, str):
        return None
    found = _CODE.fullmatch(code)
    if found is None:
        return None
    year = int(found.group(1))
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    half, quarter, month = found.group(2), found.group(3), found.group(4)
    if half:
        return year, "half_yearly", int(half) - 1
    if quarter:
        return year, "quarterly", int(quarter) - 1
    if month:
        return year, "monthly", int(month) - 1
    return year, "yearly", 0


def _code(year: int, frequency: str, index: int) -> str:
    if frequency == "yearly":
        return f"{year:04d}"
    if frequency == "half_yearly":
        return f"{year:04d}-H{index + 1}"
    if frequency == "quarterly":
        return f"{year:04d}-Q{index + 1}"
    return f"{year:04d}-{index + 1:02d}"


def _check_frequency(frequency: str) -> int:
    if frequency not in _MONTHS:
        raise ValueError(f"unknown frequency {frequency!r}; one of {', '.join(FREQUENCIES)}")
    return _MONTHS[frequency]


def is_period(code: object) -> bool:
    """Whether ``code`` is a period code of any frequency.

    >>> is_period("2025-Q3"), is_period("2025-Q5"), is_period("2025-3"), is_period(2025)
    (True, False, False, False)
    """
    return _parse(code) is not None


def frequency_of(code: str) -> str:
    """The frequency a period code's form belongs to; ValueError when not a code.

    >>> frequency_of("2025"), frequency_of("2025-H1")
    ('yearly', 'half_yearly')
    """
    parsed = _parse(code)
    if parsed is None:
        raise ValueError(f"not a period code: {code!r}")
    return parsed[1]


def period_problem(code: object, frequency: str | None = None) -> str | None:
    """Why ``code`` is not a period of ``frequency`` (None: of any), or None when it is.

    >>> period_problem("2025-Q1", "monthly")
    'must be a monthly period such as 2025-01 (got a quarterly one)'
    >>> period_problem("Q1 2025") is None
    False
    >>> period_problem("2025-Q1", "quarterly") is None
    True
    """
    parsed = _parse(code)
    if parsed is None:
        forms = "2025, 2025-H1, 2025-Q1 or 2025-01"
        if frequency is not None:
            forms = _EXAMPLE[frequency]
        return f"must be a period such as {forms} (years {MIN_YEAR}-{MAX_YEAR})"
    if frequency is not None and parsed[1] != frequency:
        kind = parsed[1].replace("_", "-")
        return (
            f"must be a {frequency.replace('_', '-')} period such as {_EXAMPLE[frequency]} "
            f"(got a {kind} one)"
        )
    return None


def period_bounds(code: str) -> tuple[date, date]:
    """The first and the last day of a period (both included); ValueError when not a code.

    >>> period_bounds("2024")
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> period_bounds("2024-02")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> period_bounds("2025-H2")
    (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31))
    """
    parsed = _parse(code)
    if parsed is None:
        raise ValueError(f"not a period code: {code!r}")
    year, frequency, index = parsed
    months = _MONTHS[frequency]
    first_month = index * months + 1
    start = date(year, first_month, 1)
    next_month = first_month + months
    if next_month > 12:
        end = date(year + 1, 1, 1) - timedelta(days=1)
    else:
        end = date(year, next_month, 1) - timedelta(days=1)
    return start, end


def period_of(day: date, frequency: str) -> str:
    """The period of ``frequency`` that ``day`` falls in.

    >>> period_of(date(2025, 3, 31), "quarterly"), period_of(date(2025, 4, 1), "quarterly")
    ('2025-Q1', '2025-Q2')
    >>> period_of(date(2025, 12, 31), "monthly"), period_of(date(2025, 12, 31), "yearly")
    ('2025-12', '2025')
    """
    months = _check_frequency(frequency)
    return _code(day.year, frequency, (day.month - 1) // months)


def shift(code: str, steps: int) -> str:
    """The period ``steps`` periods of the same frequency after ``code`` (before: < 0).

    >>> shift("2025-01", -1), shift("2025-H2", 1), shift("2025", -3)
    ('2024-12', '2026-H1', '2022')
    """
    parsed = _parse(code)
    if parsed is None:
        raise ValueError(f"not a period code: {code!r}")
    year, frequency, index = parsed
    per_year = 12 // _MONTHS[frequency]
    year_shift, new_index = divmod(index + steps, per_year)
    return _code(year + year_shift, frequency, new_index)


def periods_between(start: date, end: date, frequency: str) -> list[str]:
    """Every period of ``frequency`` that overlaps ``start``..``end`` (both included), in
    order; empty when ``end`` is before ``start``.

    >>> periods_between(date(2025, 1, 15), date(2025, 3, 1), "monthly")
    ['2025-01', '2025-02', '2025-03']
    >>> periods_between(date(2025, 6, 30), date(2026, 1, 1), "half_yearly")
    ['2025-H1', '2025-H2', '2026-H1']
    >>> periods_between(date(2025, 2, 1), date(2025, 1, 1), "yearly")
    []
    """
    _check_frequency(frequency)
    if end < start:
        return []
    first, last = period_of(start, frequency), period_of(end, frequency)
    out = [first]
    while out[-1] != last:
        out.append(shift(out[-1], 1))
    return out


def parse_date(value: object) -> date | None:
    """A ``YYYY-MM-DD`` string as a date (years 1900-2199), or None when it is not one.

    >>> parse_date("2025-02-28"), parse_date("2025-02-30"), parse_date("28/02/2025")
    (datetime.date(2025, 2, 28), None, None)
    """
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        return None
    return day if MIN_YEAR <= day.year <= MAX_YEAR else None
