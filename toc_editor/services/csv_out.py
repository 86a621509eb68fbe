"""CSV for spreadsheets, as every download of the API writes it (results, portfolios, the
figures of shared indicators): UTF-8, CRLF line ends, an empty cell for a missing value,
and a leading apostrophe before text a spreadsheet would run as a formula (CSV injection;
the results import takes it off again).

>>> csv_bytes(["name", "value"], [["=1+1", 2], ["Ana", None]])
b"name,value\\r\\n'=1+1,2\\r\\nAna,\\r\\n"
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["FORMULA_START", "csv_bytes", "safe_cell"]

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""How a text cell a spreadsheet would read as a formula begins."""


def safe_cell(cell: Any) -> Any:
    """A text cell a spreadsheet would run as a formula gets a leading apostrophe; numbers
    and other cells are left as they are."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """The header and rows as CSV (cells through :func:`safe_cell`, None as empty)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if c is None else safe_cell(c) for c in row])
    return out.getvalue().encode("utf-8")
