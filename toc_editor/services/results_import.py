"""Results in and out of spreadsheets: import (CSV or XLSX), the import template, and the
CSV of current values (issue 13).

The columns (one row per indicator and period; the header row names them, any order):

=======================  ======================================================
``indicator``            the indicator's id (required)
``period``               the period code, e.g. ``2025-Q1`` (required)
``value``                a number
``numerator``            percentages: with ``denominator``
``denominator``
``text_value``           yes/no and text indicators
``<name>:<category>``    a category's value, e.g. ``gender:female``
``note``, ``source``     free text; a source may be a link
``indicator_name``,      for people reading the sheet; ignored by the import
``node``, ``reported_by``,
``reported_at``
=======================  ======================================================

A row with nothing in its value columns (value, numerator, denominator, text_value and
the category columns) is skipped: a template row not filled in. The import checks every
row (:func:`toc_editor.services.results.check_entries`) and lists every problem by row
(the spreadsheet's, the header being row 1) and column; it writes all rows or none. XLSX
files are read with openpyxl (its XML through defusedxml), from the sheet called
``results`` or else the first one, values not formulas (a formula's last computed value).

The same import takes the results of the open formats' exports back: IATI results XML
(``.xml``, :func:`toc_editor.exchange.iati.read_iati_results`) and CIDS JSON-LD
(``.jsonld``/``.json``, :func:`toc_editor.exchange.cids.read_cids_results`). There a
problem's ``row`` is the result's place in the file (the first is 1), and its ``column``
the entry's field.

The template (:func:`template`) has a row per indicator and period due: the periods of
the indicator's frequency from ``baseline_date`` to ``target_date`` when both are set
(periods not yet begun left out), else the last four up to today; its ``node`` column
holds the box's label (the CSV export's holds the node id).
"""

from __future__ import annotations

import csv
import io
import math
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..domain import periods
from ..domain.errors import ImportFormatError
from ..exchange.cids import read_cids_results
from ..exchange.iati import read_iati_results
from .access import readable_results, writable_graph
from .context import Ctx
from .csv_out import FORMULA_START, csv_bytes, safe_cell
from .errors import Invalid
from .results import (
    Indicator,
    append_checked,
    check_entries,
    current,
    head_definitions,
    stored,
)

__all__ = [
    "BASE_COLUMNS",
    "MAX_ROWS",
    "export_csv",
    "import_file",
    "read_rows",
    "template",
]

MAX_ROWS = 20_000
"""Rows one import may hold (a 10,000-row file is checked and written in about a second)."""
MAX_XLSX_UNPACKED = 100 * 2**20
"""An XLSX is a zip: refuse one that would unpack to more than this (a zip bomb)."""
PREVIEW = 20
TEMPLATE_PERIODS = 4
"""Periods per indicator in the template when it has no baseline and target dates."""
MAX_TEMPLATE_PERIODS = 120
VALUE_COLUMNS = ("value", "numerator", "denominator", "text_value")
NUMBER_COLUMNS = ("value", "numerator", "denominator")
BASE_COLUMNS = ("indicator", "period", *VALUE_COLUMNS, "note", "source")
IGNORED_COLUMNS = ("indicator_name", "node", "reported_by", "reported_at")
EXPORT_HEAD = ("indicator", "node", "period", *VALUE_COLUMNS)
EXPORT_TAIL = ("note", "source", "reported_by", "reported_at")
TEMPLATE_HEAD = ("indicator", "indicator_name", "node", "period", *VALUE_COLUMNS)
TEMPLATE_TAIL = ("note", "source")

Problem = dict[str, Any]
"""``{"row": 3, "column": "value", "message": "..."}`` (row 0: the file as a whole)."""


class _FileProblem(Exception):
    def __init__(self, message: str, row: int = 0, column: str | None = None) -> None:
        super().__init__(message)
        self.problem: Problem = {"row": row, "column": column, "message": message}


# -- reading files ------------------------------------------------------------------------


def _csv_rows(data: bytes) -> list[list[Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _FileProblem(
            f"the file is not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        ) from None
    if "\x00" in text:
        raise _FileProblem("the file holds NUL characters: is it really a CSV?")
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise _FileProblem(f"not valid CSV: {exc}") from None


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    import openpyxl  # a second or so to import: only when someone imports a sheet

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            unpacked = sum(info.file_size for info in zf.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _FileProblem("not an XLSX workbook (an .xlsx file is a zip)") from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise _FileProblem(f"the workbook unpacks to more than {MAX_XLSX_UNPACKED // 2**20} MB")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise _FileProblem(f"cannot read the workbook: {exc}") from None
    try:
        sheet = book["results"] if "results" in book.sheetnames else book.worksheets[0]
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except Exception as exc:
        raise _FileProblem(f"cannot read the workbook: {exc}") from None
    finally:
        book.close()


def read_rows(data: bytes, filename: str) -> list[list[Any]]:
    """The rows of a CSV or XLSX file (by its name's suffix), header first."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        return _xlsx_rows(data)
    if name.endswith(".csv") or name.endswith(".txt"):
        return _csv_rows(data)
    raise _FileProblem(
        "upload a .csv or .xlsx file, or the results of an IATI (.xml) or CIDS (.jsonld) "
        "export (by its name's ending)"
    )


EXCHANGE_READERS = {
    ".xml": read_iati_results,
    ".jsonld": read_cids_results,
    ".json": read_cids_results,
}
"""Open formats whose results the import reads, by the file name's ending."""


def _exchange_reader(filename: str) -> Any:
    name = filename.lower()
    return next((r for end, r in EXCHANGE_READERS.items() if name.endswith(end)), None)


# -- cells to entries ---------------------------------------------------------------------


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _as_text(cell: Any) -> str:
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    return str(cell).strip() if isinstance(cell, str) else str(cell)


def _as_number(cell: Any) -> float:
    if isinstance(cell, bool):
        raise ValueError("a yes/no, not a number")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise ValueError("not a finite number")
        return float(cell)
    if isinstance(cell, datetime | date):
        raise ValueError("a date, not a number")
    text = str(cell).strip().replace("\u00a0", "").replace(" ", "")
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{text[:40]!r} is not a number (write 1234.5)") from None
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


def _columns(header: Sequence[Any]) -> tuple[dict[int, str], list[Problem]]:
    """Column index -> name of the columns the import reads, and the header's problems."""
    problems: list[Problem] = []
    used: dict[int, str] = {}
    seen: set[str] = set()
    for index, cell in enumerate(header):
        if _blank(cell):
            continue
        name = _as_text(cell).strip()
        key = name.lower() if ":" not in name else name
        if key in seen:
            problems.append({"row": 1, "column": name, "message": "this column appears twice"})
            continue
        seen.add(key)
        if key in IGNORED_COLUMNS:
            continue
        if key in BASE_COLUMNS or ":" in key:
            used[index] = key
        else:
            problems.append(
                {
                    "row": 1,
                    "column": name,
                    "message": "unknown column (the columns: "
                    + ", ".join(BASE_COLUMNS)
                    + ", and <disaggregation>:<category>)",
                }
            )
    for required in ("indicator", "period"):
        if required not in used.values():
            problems.append({"row": 1, "column": required, "message": "this column is missing"})
    return used, problems


def _entry(cells: Mapping[str, Any], row: int, problems: list[Problem]) -> dict[str, Any] | None:
    """The entry of one row, or None when it is to be skipped (or is wrong: problems)."""
    filled = {k: v for k, v in cells.items() if not _blank(v)}
    if not any(k in VALUE_COLUMNS or ":" in k for k in filled):
        return None  # nothing reported in this row
    entry: dict[str, Any] = {}
    categories: dict[str, dict[str, Any]] = {}
    count = len(problems)
    for key, cell in filled.items():
        if ":" in key:
            name, _, category = key.partition(":")
            try:
                categories.setdefault(name.strip(), {})[category.strip()] = _as_number(cell)
            except ValueError as exc:
                problems.append({"row": row, "column": key, "message": str(exc)})
        elif key in NUMBER_COLUMNS:
            try:
                entry[key] = _as_number(cell)
            except ValueError as exc:
                problems.append({"row": row, "column": key, "message": str(exc)})
        else:
            text = _as_text(cell)
            if text.startswith("'") and text[1:].startswith(FORMULA_START):
                text = text[1:]  # the apostrophe our exports put before a formula-like text
            entry[key] = text
    if categories:
        entry["categories"] = categories
    return entry if len(problems) == count else None


def _column_of(where: str) -> str:
    """``results/3/categories/gender/female`` -> ``gender:female``; ``.../value`` -> value."""
    parts = where.split("/")[2:]
    if not parts:
        return ""
    if parts[0] == "categories" and len(parts) >= 3:
        return f"{parts[1]}:{parts[2]}"
    if parts[0] == "categories" and len(parts) == 2:
        return f"{parts[1]}:"
    return parts[0]


def _parse(
    data: bytes, filename: str, defs: Mapping[str, Indicator], today: date
) -> tuple[int, list[dict[str, Any]], list[Problem]]:
    """(rows read, the checked entries, every problem) of a file."""
    reader = _exchange_reader(filename)
    if reader is not None:
        return _parse_exchange(reader, data, defs, today)
    try:
        rows = read_rows(data, filename)
    except _FileProblem as exc:
        return 0, [], [exc.problem]
    if not rows or all(_blank(c) for c in rows[0]):
        return 0, [], [{"row": 1, "column": None, "message": "the first row must name the columns"}]
    used, problems = _columns(rows[0])
    if problems:
        return 0, [], problems
    body = rows[1:]
    if len(body) > MAX_ROWS:
        message = f"at most {MAX_ROWS:,} rows per import; split the file"
        return len(body), [], [{"row": MAX_ROWS + 2, "column": None, "message": message}]
    entries: list[dict[str, Any]] = []
    row_of: list[int] = []
    read = 0
    for offset, cells in enumerate(body):
        if all(_blank(c) for c in cells):
            continue
        read += 1
        row = offset + 2
        named = {key: cells[i] if i < len(cells) else None for i, key in used.items()}
        entry = _entry(named, row, problems)
        if entry is not None:
            entries.append(entry)
            row_of.append(row)
    checked, entry_problems = check_entries(
        entries, defs, today=today, name_of=lambda i: f"row {row_of[i]}"
    )
    for problem in entry_problems:
        index = int(problem["where"].split("/")[1])
        column = _column_of(problem["where"]) or None
        problems.append({"row": row_of[index], "column": column, "message": problem["message"]})
    problems.sort(key=lambda p: (p["row"], str(p["column"] or "")))
    return read, checked, problems


def _parse_exchange(
    reader: Any, data: bytes, defs: Mapping[str, Indicator], today: date
) -> tuple[int, list[dict[str, Any]], list[Problem]]:
    """:func:`_parse` for an IATI or CIDS file: its results in the file's order."""
    try:
        entries = reader(data)
    except ImportFormatError as exc:
        return 0, [], [{"row": 0, "column": exc.where, "message": exc.message}]
    if len(entries) > MAX_ROWS:
        message = f"at most {MAX_ROWS:,} results per import; split the file"
        return len(entries), [], [{"row": MAX_ROWS + 1, "column": None, "message": message}]
    entries = [{k: v for k, v in e.items() if v is not None} for e in entries]
    checked, entry_problems = check_entries(
        entries, defs, today=today, name_of=lambda i: f"result {i + 1}"
    )
    problems = [
        {
            "row": int(p["where"].split("/")[1]) + 1,
            "column": _column_of(p["where"]) or None,
            "message": p["message"],
        }
        for p in entry_problems
    ]
    problems.sort(key=lambda p: (p["row"], str(p["column"] or "")))
    return len(entries), checked, problems


def _preview(checked: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    keys = ("indicator", "period", *VALUE_COLUMNS, "categories", "note", "source")
    return [{k: c.get(k) for k in keys} for c in checked[:PREVIEW]]


def import_file(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    data: bytes,
    filename: str,
    *,
    dry_run: bool,
    today: date | None = None,
) -> dict[str, Any]:
    """Check an uploaded CSV or XLSX of results, and unless ``dry_run`` write every row or
    none (editors and owners; 422 with the problems when any).

    Returns ``{"rows", "valid", "problems", "preview", "written"}``: rows read (blank ones
    not counted), whether all are valid, every problem by row and column, the first 20
    entries as they would be written, and how many were written.
    """
    today = today or datetime.now(UTC).date()
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        read, checked, problems = _parse(data, filename, head_definitions(ctx, graph), today)
        if not problems and not checked:
            problems = [
                {"row": 2, "column": "value", "message": "no row holds a value: nothing to import"}
            ]
        report = {
            "rows": read,
            "valid": not problems,
            "problems": problems,
            "preview": _preview(checked),
            "written": 0,
        }
        if dry_run:
            return report
        if problems:
            first = problems[0]
            more = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            where = f"row {first['row']}" + (f", {first['column']}" if first["column"] else "")
            error = Invalid(
                f"nothing was imported: {where}: {first['message']}{more}",
                where="file",
                rows=read,
                valid=False,
                problems=problems,
                preview=report["preview"],
                written=0,
            )
            error.location = "files"
            raise error
        report["written"] = append_checked(ctx, graph, checked)
        ctx.uow.commit()
    return report


# -- writing files ------------------------------------------------------------------------


def _category_columns(defs: Iterable[Indicator], extra: Iterable[str] = ()) -> list[str]:
    columns: list[str] = []
    for ind in defs:
        for name, categories in ind.categories().items():
            columns += [f"{name}:{c}" for c in categories if f"{name}:{c}" not in columns]
    columns += sorted(set(extra) - set(columns))
    return columns


def _number_cell(value: float | None) -> Any:
    if value is None:
        return None
    return int(value) if float(value).is_integer() and abs(value) < 2**53 else value


def export_csv(ctx: Ctx, org_slug: str, slug: str) -> tuple[bytes, str]:
    """The current value of every (indicator, period) as CSV (UTF-8), and a file name.

    Indicators in the ToC's reading order, archived ones after them; periods in time
    order. Columns: indicator, node (its id), period, the value columns, one per category
    (``gender:female``), note, source, reported_by, reported_at (UTC, ISO 8601).
    """
    graph = readable_results(ctx, org_slug, slug)
    defs = head_definitions(ctx, graph)
    rows = current(ctx, graph)
    extra = {
        f"{name}:{category}"
        for row in rows
        for name, values in (row.categories or {}).items()
        for category in values
    }
    categories = _category_columns(defs.values(), extra)
    order = {iid: i for i, iid in enumerate(defs)}
    rows.sort(
        key=lambda r: (
            order.get(r.indicator_id, len(order)),
            r.indicator_id,
            periods.period_bounds(r.period) if periods.is_period(r.period) else (),
        )
    )
    lines = []
    for row in rows:
        record = stored(row, archived=row.indicator_id not in defs)
        split = {
            f"{name}:{category}": _number_cell(value)
            for name, values in (row.categories or {}).items()
            for category, value in values.items()
        }
        lines.append(
            [
                record["indicator"],
                record["node_id"],
                record["period"],
                _number_cell(record["value"]),
                _number_cell(record["numerator"]),
                _number_cell(record["denominator"]),
                record["text_value"],
                *[split.get(c) for c in categories],
                record["note"],
                record["source"],
                record["reported_by"],
                record["reported_at"].astimezone(UTC).isoformat(timespec="seconds"),
            ]
        )
    body = csv_bytes([*EXPORT_HEAD, *categories, *EXPORT_TAIL], lines)
    return body, f"{org_slug}-{slug}-results.csv"


def _due(ind: Indicator, today: date) -> list[str]:
    frequency = ind.frequency
    start = periods.parse_date(ind.definition.get("baseline_date"))
    end = periods.parse_date(ind.definition.get("target_date"))
    if start is not None and end is not None:
        due = periods.periods_between(start, min(end, today), frequency)
        if due:
            return due[-MAX_TEMPLATE_PERIODS:]
    last = periods.period_of(today, frequency)
    return [periods.shift(last, -k) for k in range(TEMPLATE_PERIODS - 1, -1, -1)]


def template_rows(defs: Mapping[str, Indicator], today: date) -> tuple[list[str], list[list[Any]]]:
    """The template's header and rows (see the module docstring)."""
    categories = _category_columns(defs.values())
    header = [*TEMPLATE_HEAD, *categories, *TEMPLATE_TAIL]
    rows = []
    blanks = [None] * (len(VALUE_COLUMNS) + len(categories) + len(TEMPLATE_TAIL))
    for ind in defs.values():
        for period in _due(ind, today):
            rows.append([ind.id, ind.definition.get("name"), ind.node_label, period, *blanks])
    return header, rows


def _xlsx(
    header: Sequence[str], rows: Sequence[Sequence[Any]], defs: Mapping[str, Indicator]
) -> bytes:
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "results"
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(c) for c in row])
    sheet.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        width = 40 if name in ("indicator_name", "node", "note", "source") else 14
        sheet.column_dimensions[openpyxl.utils.get_column_letter(index)].width = width
    about = book.create_sheet("indicators")
    about.append(["indicator", "name", "node", "unit_type", "unit", "frequency", "categories"])
    for cell in about[1]:
        cell.font = Font(bold=True)
    for ind in defs.values():
        split = "; ".join(f"{n}: {', '.join(c)}" for n, c in ind.categories().items())
        about.append(
            [
                safe_cell(ind.id),
                safe_cell(ind.definition.get("name")),
                safe_cell(ind.node_label),
                ind.unit_type,
                safe_cell(ind.definition.get("unit") or ""),
                ind.frequency,
                safe_cell(split),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def template(
    ctx: Ctx, org_slug: str, slug: str, fmt: str, *, today: date | None = None
) -> tuple[bytes, str, str]:
    """The import template as ``csv`` or ``xlsx``: (body, content type, file name)."""
    today = today or datetime.now(UTC).date()
    graph = readable_results(ctx, org_slug, slug)
    defs = head_definitions(ctx, graph)
    header, rows = template_rows(defs, today)
    name = f"{org_slug}-{slug}-results-template.{fmt}"
    if fmt == "xlsx":
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _xlsx(header, rows, defs), kind, name
    return csv_bytes(header, rows), "text/csv; charset=utf-8", name
