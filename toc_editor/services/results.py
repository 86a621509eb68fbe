"""Results: what was measured, per indicator and reporting period (issue 13).

Results are a time series beside a ToC, not a version of it: rows of the ``results`` table,
keyed by graph and indicator id, appended and never changed. The current value of an
(indicator, period) is its latest row; the earlier rows are its history (the audit trail).
An indicator removed from the ToC keeps its results, shown as ``archived``.

Every entry is checked against the indicator's definition in the ToC at the head of the
graph's default branch (:func:`check_entries`): the indicator exists there, the period has
the indicator's frequency (quarterly when not set) and has begun, and the value fits its
unit type:

================  ===========================================================
``count``         ``value``, a number >= 0 (also when no unit type is set)
``percentage``    ``value`` from 0 to 100, or ``numerator`` and ``denominator``
                  (0 <= numerator <= denominator, denominator > 0); ``value`` is
                  100 x numerator / denominator when omitted, and within 0.5 of it
                  when both are given
``currency``      ``value``, a number
``scale``         ``value``, a number within ``scale_min``..``scale_max``
``yes_no``        ``text_value`` "yes" or "no"
``text``          ``text_value``, 1-500 characters
================  ===========================================================

``categories`` (numeric unit types) hold values per category of the indicator's declared
disaggregations, ``{"gender": {"female": 12, "male": 9}}``. For counts and currency, which
add up, a dimension given in full must sum to ``value`` (within 1e-6), and ``value`` is
that sum when omitted; percentages and scales are levels per category, not parts.

Who: editors and owners write; members read; anyone else reads the results of a public
graph only when its owners opted in (``results_public``); otherwise 404, as for private
content (:func:`toc_editor.services.access.readable_results`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import networkx as nx

from ..domain import entities, periods
from ..domain.text import text_problem
from ..storage.models import Graph, Result
from .access import readable_results, writable_graph
from .context import Ctx
from .errors import Invalid, NotFound

__all__ = [
    "ENTRY_FIELDS",
    "MAX_BATCH",
    "Indicator",
    "Problem",
    "append_checked",
    "check_entries",
    "current",
    "definitions",
    "head_definitions",
    "history",
    "listing",
    "stored",
    "write",
    "write_checked",
]

ENTRY_FIELDS = (
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "text_value",
    "categories",
    "note",
    "source",
)
MAX_BATCH = 1000
"""Entries one POST may hold (imports hold more: :data:`results_import.MAX_ROWS`)."""
MAX_NOTE = 2000
MAX_SOURCE = 2000
MAX_TEXT_VALUE = 500
PERCENT_TOLERANCE = 0.5
"""How far a given percentage may be from 100 x numerator / denominator (rounding)."""
SUM_TOLERANCE = 1e-6
ADDITIVE = ("count", "currency")
NUMERIC = ("count", "percentage", "currency", "scale")

Problem = dict[str, str]
"""``{"where": "results/3/value", "message": "..."}``."""


@dataclass(frozen=True)
class Indicator:
    """An indicator of the ToC with the box that holds it."""

    id: str
    node_id: str
    node_label: str
    node_kind: str
    definition: Mapping[str, Any]

    @property
    def unit_type(self) -> str:
        return str(self.definition.get("unit_type") or "count")

    @property
    def frequency(self) -> str:
        return str(self.definition.get("frequency") or periods.DEFAULT_FREQUENCY)

    def categories(self) -> dict[str, list[str]]:
        return {
            d["name"]: list(d["categories"]) for d in self.definition.get("disaggregations", [])
        }


def definitions(G: nx.DiGraph) -> dict[str, Indicator]:
    """Every indicator of a ToC by id, in reading order: activities to impacts, then by box
    label and the box's own order of indicators. (Ids are unique per graph; of a clash
    made before they had to be, the first box in that order keeps the id.)"""
    order = sorted(
        G.nodes(data=True),
        key=lambda item: (entities.KIND_RANK.get(item[1]["kind"], 9), item[1]["label"], item[0]),
    )
    found: dict[str, Indicator] = {}
    for node_id, attrs in order:
        for ind in attrs.get("indicators") or ():
            found.setdefault(
                ind["id"], Indicator(ind["id"], node_id, attrs["label"], attrs["kind"], ind)
            )
    return found


def head_definitions(ctx: Ctx, graph: Graph) -> dict[str, Indicator]:
    """:func:`definitions` at the head of the graph's default branch."""
    head = ctx.uow.graphs.head_commit(graph.id, graph.default_branch)
    if head is None:
        return {}
    return definitions(ctx.store.graph(head.id))


# -- checking entries -------------------------------------------------------------------


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


class _Entry:
    """One entry being checked: its problems go to a shared list."""

    def __init__(self, raw: Mapping[str, Any], where: str, problems: list[Problem]) -> None:
        self.raw, self.where, self.problems = raw, where, problems
        self.count = len(problems)

    def bad(self, field: str, message: str) -> None:
        self.problems.append({"where": f"{self.where}/{field}", "message": message})

    @property
    def ok(self) -> bool:
        return len(self.problems) == self.count

    def number(self, field: str) -> float | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not _number(value):
            self.bad(field, "must be a finite number")
            return None
        return float(value)

    def text(self, field: str, high: int) -> str | None:
        value = self.raw.get(field)
        if value is None:
            return None
        if not isinstance(value, str):
            self.bad(field, "must be a string")
            return None
        if len(value) > high:
            self.bad(field, f"must be at most {high} characters long (got {len(value)})")
            return None
        problem = text_problem(value)
        if problem:
            self.bad(field, problem)
            return None
        return value


def _check_value(e: _Entry, ind: Indicator, out: dict[str, Any]) -> None:
    """The value fields by the indicator's unit type (see the module's table)."""
    unit = ind.unit_type
    value, numerator, denominator = (
        e.number("value"),
        e.number("numerator"),
        e.number("denominator"),
    )
    text_value = e.text("text_value", MAX_TEXT_VALUE)
    if unit in NUMERIC:
        if e.raw.get("text_value") is not None:
            e.bad("text_value", f"only yes/no and text indicators take text_value, not {unit}")
        if unit != "percentage":
            for field in ("numerator", "denominator"):
                if e.raw.get(field) is not None:
                    e.bad(field, f"only percentage indicators take a {field}, not {unit}")
    else:
        for field in ("value", "numerator", "denominator", "categories"):
            if e.raw.get(field) is not None:
                e.bad(field, f"a {unit.replace('_', '/')} indicator takes text_value, not {field}")
    if unit == "percentage":
        given = [e.raw.get(f) is not None for f in ("numerator", "denominator")]
        if given[0] != given[1]:
            missing = "denominator" if given[0] else "numerator"
            e.bad(missing, "give both numerator and denominator, or neither")
        elif numerator is not None and denominator is not None:
            if denominator <= 0:
                e.bad("denominator", "must be more than 0")
            elif numerator < 0:
                e.bad("numerator", "must be 0 or more")
            elif numerator > denominator:
                e.bad("numerator", "must not be more than the denominator")
            else:
                computed = 100 * numerator / denominator
                if value is None:
                    value = computed
                elif abs(value - computed) > PERCENT_TOLERANCE:
                    e.bad(
                        "value",
                        f"must be 100 x numerator / denominator = {computed:.4g} (or leave it out)",
                    )
        if value is not None and not 0 <= value <= 100:
            e.bad("value", "must be a percentage from 0 to 100")
    if unit == "count" and value is not None and value < 0:
        e.bad("value", "must be 0 or more (a count)")
    if unit == "scale" and value is not None:
        low, high = ind.definition.get("scale_min"), ind.definition.get("scale_max")
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{'' if low is None else low:g}..{'' if high is None else high:g}"
            e.bad("value", f"must be on the indicator's scale {span}")
    if unit == "yes_no" and e.raw.get("text_value") is not None and text_value is not None:
        if text_value.strip().lower() not in ("yes", "no"):
            e.bad("text_value", 'must be "yes" or "no"')
        else:
            text_value = text_value.strip().lower()
    if unit == "text" and text_value is not None and not text_value.strip():
        e.bad("text_value", "must not be empty")
    out.update(value=value, numerator=numerator, denominator=denominator, text_value=text_value)


def _check_categories(e: _Entry, ind: Indicator, out: dict[str, Any]) -> None:
    raw = e.raw.get("categories")
    out["categories"] = None
    if raw is None or ind.unit_type not in NUMERIC:
        return
    if not isinstance(raw, Mapping):
        e.bad("categories", 'must be an object such as {"gender": {"female": 12}}')
        return
    declared = ind.categories()
    clean: dict[str, dict[str, float]] = {}
    for name, values in raw.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            e.bad(f"categories/{name}", f"the indicator has no disaggregation {name!r} ({known})")
            continue
        if not isinstance(values, Mapping):
            e.bad(f"categories/{name}", "must be an object of category: value")
            continue
        clean[name] = {}
        for category, number in values.items():
            if category not in declared[name]:
                e.bad(
                    f"categories/{name}/{category}",
                    f"{name} has no category {category!r} ({', '.join(declared[name])})",
                )
            elif number is None:
                continue
            elif not _number(number):
                e.bad(f"categories/{name}/{category}", "must be a finite number")
            elif ind.unit_type in ("count", "percentage") and number < 0:
                e.bad(f"categories/{name}/{category}", "must be 0 or more")
            else:
                clean[name][category] = float(number)
    clean = {name: values for name, values in clean.items() if values}
    if ind.unit_type in ADDITIVE:
        for name, values in clean.items():
            if set(values) != set(declared[name]):
                continue  # a partial split: nothing to add up
            total = math.fsum(values.values())
            if out["value"] is None and e.raw.get("value") is None:
                out["value"] = total
            elif out["value"] is not None and abs(total - out["value"]) > SUM_TOLERANCE:
                e.bad(
                    f"categories/{name}",
                    f"the {name} categories add up to {total:g}, not the value {out['value']:g}",
                )
    out["categories"] = clean or None


def _check_one(
    raw: Any, where: str, defs: Mapping[str, Indicator], today: date, problems: list[Problem]
) -> dict[str, Any] | None:
    if not isinstance(raw, Mapping):
        problems.append({"where": where, "message": "must be an object"})
        return None
    e = _Entry(raw, where, problems)
    for field in sorted(set(raw) - set(ENTRY_FIELDS)):
        e.bad(field, f"unknown field {field!r}")
    indicator_id = raw.get("indicator")
    ind = defs.get(indicator_id) if isinstance(indicator_id, str) else None
    if ind is None:
        shown = indicator_id if isinstance(indicator_id, str) else ""
        e.bad("indicator", f"no indicator {shown!r} in this ToC" if shown else "is required")
    period = raw.get("period")
    frequency = ind.frequency if ind is not None else None
    problem = periods.period_problem(period, frequency)
    if problem:
        e.bad("period", problem if period is not None else "is required")
    elif periods.period_bounds(period)[0] > today:
        e.bad("period", f"{period} has not begun yet")
    note = e.text("note", MAX_NOTE)
    source = e.text("source", MAX_SOURCE)
    if ind is None:
        return None
    out: dict[str, Any] = {"indicator": ind.id, "node_id": ind.node_id, "period": period}
    _check_value(e, ind, out)
    _check_categories(e, ind, out)
    if e.ok and ind.unit_type in NUMERIC and out["value"] is None:
        e.bad(
            "value",
            "is required"
            + (" (or numerator and denominator)" if ind.unit_type == "percentage" else ""),
        )
    if e.ok and ind.unit_type in ("yes_no", "text") and out["text_value"] is None:
        e.bad("text_value", "is required")
    out["note"] = note or ""
    out["source"] = (source or "").strip()
    return out if e.ok else None


def check_entries(
    entries: Sequence[Any],
    defs: Mapping[str, Indicator],
    *,
    today: date | None = None,
    where: str = "results",
    name_of: Callable[[int], str] | None = None,
) -> tuple[list[dict[str, Any]], list[Problem]]:
    """Check every entry against the definitions; (the checked entries, every problem).

    All problems are listed (``where`` = ``results/<i>/<field>``), not just the first; the
    entries are complete (value worked out from numerator/denominator or a full split)
    only when there are no problems. Two entries for one indicator and period are refused
    (the second is told ``name_of(index of the first)``: ``results/<i>`` by default).
    """
    today = today or datetime.now(UTC).date()
    name = name_of or (lambda i: f"{where}/{i}")
    problems: list[Problem] = []
    out: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    for i, raw in enumerate(entries):
        checked = _check_one(raw, f"{where}/{i}", defs, today, problems)
        if checked is None:
            continue
        key = (checked["indicator"], checked["period"])
        if key in seen:
            problems.append(
                {
                    "where": f"{where}/{i}/period",
                    "message": f"{name(seen[key])} reports {key[0]} for {key[1]} already",
                }
            )
            continue
        seen[key] = i
        out.append(checked)
    return out, problems


# -- writing ------------------------------------------------------------------------------


def _refuse(problems: list[Problem], what: str = "results") -> Invalid:
    first = problems[0]
    count = len(problems)
    message = first["message"] if count == 1 else f"{first['message']} (and {count - 1} more)"
    message = f"nothing was saved: {message}" if count > 1 else message
    return Invalid(message, where=first["where"], problems=problems)


def _rows(ctx: Ctx, graph: Graph, checked: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    user = ctx.user
    assert user is not None  # writers are signed in (access.writable_graph)
    now = ctx.now()  # the time of the use case (the seed dates its results in the past)
    return [
        {
            "graph_id": graph.id,
            "indicator_id": c["indicator"],
            "node_id": c["node_id"],
            "period": c["period"],
            "value": c.get("value"),
            "numerator": c.get("numerator"),
            "denominator": c.get("denominator"),
            "text_value": c.get("text_value"),
            "categories": c.get("categories"),
            "note": c.get("note") or "",
            "source": c.get("source") or "",
            "reported_by": user.id,
            "reported_by_name": user.username,
            "reported_at": now,
        }
        for c in checked
    ]


def write_checked(ctx: Ctx, graph: Graph, checked: Iterable[Mapping[str, Any]]) -> list[Result]:
    """Append already checked entries (inside the caller's unit of work); the rows."""
    return ctx.uow.results.append([Result(**row) for row in _rows(ctx, graph, checked)])


def append_checked(ctx: Ctx, graph: Graph, checked: Iterable[Mapping[str, Any]]) -> int:
    """:func:`write_checked` for many rows, without reading them back; how many."""
    return ctx.uow.results.append_rows(_rows(ctx, graph, checked))


def write(
    ctx: Ctx, org_slug: str, slug: str, entries: Sequence[Any], *, today: date | None = None
) -> list[dict[str, Any]]:
    """Append a batch of results (editors and owners): all of them, or none (422 naming
    ``results/<i>/<field>``, every problem in ``problems``)."""
    if not isinstance(entries, Sequence) or isinstance(entries, str | bytes) or not entries:
        raise Invalid("give 1-1000 results", where="results")
    if len(entries) > MAX_BATCH:
        raise Invalid(
            f"at most {MAX_BATCH} results per request (import a file for more)", where="results"
        )
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        checked, problems = check_entries(entries, head_definitions(ctx, graph), today=today)
        if problems:
            raise _refuse(problems)
        rows = write_checked(ctx, graph, checked)
        out = [stored(row, archived=False) for row in rows]
        ctx.uow.commit()
    return out


# -- reading ------------------------------------------------------------------------------


def stored(row: Result, *, archived: bool) -> dict[str, Any]:
    """The wire form of a result row."""
    return {
        "id": row.id,
        "indicator": row.indicator_id,
        "node_id": row.node_id,
        "period": row.period,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
        "text_value": row.text_value,
        "categories": row.categories,
        "note": row.note,
        "source": row.source,
        "reported_by": row.reported_by_name,
        "reported_at": row.reported_at,
        "archived": archived,
    }


def current(ctx: Ctx, graph: Graph) -> list[Result]:
    """The current row of every (indicator, period) of a graph, by indicator and period,
    archived indicators' included. No access check: the caller has made one
    (:func:`toc_editor.services.access.readable_results`)."""
    return ctx.uow.results.current(graph.id)


def _query_error(message: str, where: str) -> Invalid:
    error = Invalid(message, where=where)
    error.location = "query"
    return error


def _period_range(query: Mapping[str, Any]) -> tuple[date | None, date | None]:
    bounds: list[date | None] = []
    for key, side in (("from", 0), ("to", 1)):
        code = query.get(key)
        if code is None:
            bounds.append(None)
            continue
        problem = periods.period_problem(code)
        if problem:
            raise _query_error(problem, key)
        bounds.append(periods.period_bounds(code)[side])
    return bounds[0], bounds[1]


def _overlaps(period: str, start: date | None, end: date | None) -> bool:
    if not periods.is_period(period):
        return False
    first, last = periods.period_bounds(period)
    return (start is None or last >= start) and (end is None or first <= end)


def listing(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    *,
    indicator: str | None = None,
    from_: str | None = None,
    to: str | None = None,
) -> dict[str, Any]:
    """Current values (of one indicator; of periods overlapping ``from_``..``to``), each
    flagged ``archived`` when its indicator is no longer in the ToC, and the ids of the
    archived indicators that have results."""
    start, end = _period_range({"from": from_, "to": to})
    graph = readable_results(ctx, org_slug, slug)
    defs = head_definitions(ctx, graph)
    rows = ctx.uow.results.current(graph.id, indicator)
    out = [
        stored(row, archived=row.indicator_id not in defs)
        for row in rows
        if _overlaps(row.period, start, end)
    ]
    out.sort(key=lambda r: (r["indicator"], periods.period_bounds(r["period"])))
    archived = sorted(ctx.uow.results.indicator_ids(graph.id) - set(defs))
    if indicator is not None:
        archived = [a for a in archived if a == indicator]
    return {"results": out, "archived": archived}


def history(
    ctx: Ctx, org_slug: str, slug: str, indicator: str, period: str | None = None
) -> list[dict[str, Any]]:
    """Every row of an indicator (in one period), newest first: what was reported, when and
    by whom, overwritten values included. 404 when the indicator is neither in the ToC nor
    has results."""
    if period is not None:
        problem = periods.period_problem(period)
        if problem:
            raise _query_error(problem, "period")
    graph = readable_results(ctx, org_slug, slug)
    defs = head_definitions(ctx, graph)
    rows = ctx.uow.results.history(graph.id, indicator, period)
    if not rows and indicator not in defs:
        raise NotFound(f"no indicator {indicator!r} in {org_slug}/{slug}")
    archived = indicator not in defs
    return [stored(row, archived=archived) for row in rows]
