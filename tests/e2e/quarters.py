"""Quarters around today, for browser tests whose results the server judges on its own
today: ``(year, quarter)`` pairs, their period codes and the words the app shows."""

from __future__ import annotations

from datetime import date, timedelta

Quarter = tuple[int, int]


def quarter(day: date) -> Quarter:
    """The quarter a day is in: ``quarter(date(2026, 8, 1)) == (2026, 3)``."""
    return day.year, (day.month - 1) // 3 + 1


def shift(q: Quarter, n: int) -> Quarter:
    """``n`` quarters later (earlier when negative)."""
    k = q[0] * 4 + q[1] - 1 + n
    return k // 4, k % 4 + 1


def code(q: Quarter) -> str:
    """The period code: ``2026-Q3``."""
    return f"{q[0]}-Q{q[1]}"


def label(q: Quarter) -> str:
    """As the app writes it: ``Q3 2026``."""
    return f"Q{q[1]} {q[0]}"


def quarter_end(q: Quarter) -> str:
    """Its last day, ISO: ``2026-09-30``."""
    y, n = shift(q, 1)
    return (date(y, 3 * n - 2, 1) - timedelta(days=1)).isoformat()
