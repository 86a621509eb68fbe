"""The portfolio in spreadsheets (issue 14): the listing as CSV, and invitations of many
organisations at once from a CSV.

The export has a row per member (the listing's filter and order) with the columns of
:data:`EXPORT_COLUMNS`; a text cell a spreadsheet would run as a formula gets a leading
apostrophe, as the results' CSV does.

The import reads a UTF-8 CSV whose header names the columns ``org`` (the organisation's
slug, required; case is ignored) and ``note`` (optional). Every row is checked as an
invitation would be (:func:`toc_editor.services.portfolio.invite_problem`: an
organisation that exists, not the portfolio itself, not a member or invited already, not
twice in the file) and the portfolio must have room for them all; every problem is
listed by row (the header is row 1) and column. A dry run stops there; otherwise every
organisation is invited, or none (422 with the problems).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from ..storage.models import Org, PortfolioMember
from .access import org_by_slug, require_role
from .context import Ctx
from .csv_out import csv_bytes
from .errors import Invalid
from .portfolio import MAX_MEMBERS, OWNERS, invite_problem, note_problem, put_invitation
from .portfolio_listing import SEVERITIES, listing

__all__ = ["COLUMNS", "EXPORT_COLUMNS", "export_csv", "import_file"]

EXPORT_COLUMNS = (
    "org",
    "name",
    "status",
    "tocs",
    "private_tocs",
    "toc_titles",
    "errors",
    "warnings",
    "infos",
    "indicators",
    "reported",
    "completeness",
    "shared_outcomes",
    "last_activity",
    "invited_by",
    "invited_at",
    "answered_at",
    "note",
)
COLUMNS = ("org", "note")
"""The columns the import reads."""
PREVIEW = 20


# -- export -----------------------------------------------------------------------------


def _when(at: datetime | None) -> str | None:
    return None if at is None else at.astimezone(UTC).isoformat(timespec="seconds")


def _line(m: dict[str, Any]) -> list[Any]:
    findings = m["findings"]
    outcomes = "; ".join(f"{o['label']} ({o['org']}/{o['graph']})" for o in m["shared_outcomes"])
    return [
        m["org"],
        m["name"],
        m["status"],
        len(m["tocs"]),
        m["private_tocs"],
        "; ".join(t["title"] for t in m["tocs"]),
        *(findings[s] for s in SEVERITIES),
        m["indicators"],
        m["reported"],
        m["completeness"],
        outcomes,
        _when(m["last_activity"]),
        m["invited_by"],
        _when(m["invited_at"]),
        _when(m["answered_at"]),
        m["note"],
    ]


def export_csv(
    ctx: Ctx,
    portfolio_slug: str,
    *,
    q: str = "",
    status: str | None = None,
    sort: str = "name",
    today: date | None = None,
) -> tuple[bytes, str]:
    """The listing (same viewers, filter and order) as CSV (UTF-8), and a file name."""
    data = listing(ctx, portfolio_slug, q=q, status=status, sort=sort, today=today)
    body = csv_bytes(EXPORT_COLUMNS, (_line(m) for m in data["members"]))
    return body, f"{portfolio_slug}-portfolio-{data['as_of'].isoformat()}.csv"


# -- import -----------------------------------------------------------------------------

Problem = dict[str, Any]


def _rows(data: bytes) -> tuple[list[list[str]], list[Problem]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        message = f"the file is not UTF-8 text (byte {exc.start}); save the CSV as UTF-8"
        return [], [{"row": 0, "column": None, "message": message}]
    if "\x00" in text:
        return [], [{"row": 0, "column": None, "message": "the file holds NUL characters"}]
    try:
        return list(csv.reader(io.StringIO(text, newline=""))), []
    except csv.Error as exc:
        return [], [{"row": 0, "column": None, "message": f"not valid CSV: {exc}"}]


def _header(cells: Sequence[str]) -> tuple[dict[str, int], list[Problem]]:
    used: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        name = cell.strip().lower()
        if not name:
            continue
        if name in used:
            problems.append({"row": 1, "column": cell, "message": "this column appears twice"})
        elif name not in COLUMNS:
            message = f"unknown column (the columns: {', '.join(COLUMNS)})"
            problems.append({"row": 1, "column": cell, "message": message})
        else:
            used[name] = index
    if "org" not in used:
        problems.append({"row": 1, "column": "org", "message": "this column is missing"})
    return used, problems


def _read(data: bytes) -> tuple[int, list[tuple[int, str, str]], list[Problem]]:
    """(rows read, ``(row, slug, note)`` of each, the file's problems)."""
    rows, problems = _rows(data)
    if problems:
        return 0, [], problems
    if not rows or not any(c.strip() for c in rows[0]):
        return 0, [], [{"row": 1, "column": None, "message": "the first row must name the columns"}]
    used, problems = _header(rows[0])
    if problems:
        return 0, [], problems
    body = [(i + 2, cells) for i, cells in enumerate(rows[1:]) if any(c.strip() for c in cells)]
    if len(body) > MAX_MEMBERS:
        message = f"at most {MAX_MEMBERS} organisations per portfolio; split the file"
        return len(body), [], [{"row": body[MAX_MEMBERS][0], "column": None, "message": message}]

    def cell(cells: list[str], name: str) -> str:
        index = used.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    wanted = [(row, cell(cells, "org").strip().lower(), cell(cells, "note")) for row, cells in body]
    return len(body), wanted, []


def _check(
    ctx: Ctx, portfolio: Org, wanted: list[tuple[int, str, str]]
) -> tuple[list[tuple[Org, PortfolioMember | None, str]], list[Problem]]:
    """The invitations to write, and every problem by row and column."""
    orgs = ctx.uow.orgs.by_slugs(slug for _, slug, _ in wanted)
    existing = {row.member_id: row for row, _, _ in ctx.uow.portfolios.entries(portfolio.id)}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    out: list[tuple[Org, PortfolioMember | None, str]] = []
    for row, slug, note in wanted:
        bad = note_problem(note)
        if bad:
            problems.append({"row": row, "column": "note", "message": bad})
        if not slug:
            problems.append({"row": row, "column": "org", "message": "is required"})
            continue
        if slug in seen:
            message = f"row {seen[slug]} invites {slug} already"
            problems.append({"row": row, "column": "org", "message": message})
            continue
        seen[slug] = row
        member = orgs.get(slug)
        current = existing.get(member.id) if member is not None else None
        refused = invite_problem(portfolio, member, slug, current)
        if refused is not None:
            problems.append({"row": row, "column": "org", "message": refused.message})
        elif member is not None and not bad:
            out.append((member, current, note))
    new = sum(1 for _, current, _ in out if current is None)
    if not problems and len(existing) + new > MAX_MEMBERS:
        message = (
            f"a portfolio holds at most {MAX_MEMBERS} organisations: it has {len(existing)}, "
            f"and this file adds {new}"
        )
        problems.append({"row": 0, "column": None, "message": message})
    problems.sort(key=lambda p: (p["row"], str(p["column"] or "")))
    return out, problems


def import_file(ctx: Ctx, portfolio_slug: str, data: bytes, *, dry_run: bool) -> dict[str, Any]:
    """Check a CSV of organisations to invite (owners of the portfolio) and, unless
    ``dry_run``, invite them all or none (422 with the problems when any).

    Returns ``{"rows", "valid", "problems", "preview", "invited"}``: rows read (blank ones
    not counted), whether all are valid, every problem by row and column, the first 20
    invitations as they would be sent, and how many were sent.
    """
    with ctx.uow:
        portfolio = org_by_slug(ctx, portfolio_slug)
        require_role(ctx, portfolio, OWNERS)
        read, wanted, problems = _read(data)
        if not dry_run:
            ctx.uow.orgs.lock(portfolio.id)  # as invite: a portfolio's changes take turns
        invitations, more = _check(ctx, portfolio, wanted) if not problems else ([], [])
        problems += more
        if not problems and not invitations:
            problems = [{"row": 2, "column": "org", "message": "no row names an organisation"}]
        report = {
            "rows": read,
            "valid": not problems,
            "problems": problems,
            "preview": [
                {"org": org.slug, "name": org.name, "note": note}
                for org, _, note in invitations[:PREVIEW]
            ],
            "invited": 0,
        }
        if dry_run:
            return report
        if problems:
            first = problems[0]
            more_words = f" (and {len(problems) - 1} more problems)" if len(problems) > 1 else ""
            where = f"row {first['row']}" + (f", {first['column']}" if first["column"] else "")
            error = Invalid(
                f"nobody was invited: {where}: {first['message']}{more_words}",
                where="file",
                **report,
            )
            error.location = "files"
            raise error
        for member, current, note in invitations:
            put_invitation(ctx, portfolio, member, current, note)
        report["invited"] = len(invitations)
        ctx.uow.commit()
    return report
