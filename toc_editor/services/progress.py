"""Progress of a theory of change: its indicators' statuses, its boxes', and what lies
upstream of each, from the ToC at a version and the current results (issue 13).

The rules are the domain's (:mod:`toc_editor.domain.progress`); this module reads what
they need: the ToC at ``ref`` and the current value of each (indicator, period), through
:func:`toc_editor.services.results.current`, for those who may read the results
(:func:`~toc_editor.services.access.readable_results`: members; anyone else only when the
graph is public and its results are too; else 404). The
definitions are those of the version asked for, the results are today's: results are a
time series beside the ToC, not a version of it.

- :func:`progress`: the API's progress form (``GET .../progress``);
- :func:`dashboard`: one chart's data per indicator (``GET .../dashboard``);
- :func:`diagram_marks`: each box's progress for the diagram's ``progress`` theme.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from ..domain.progress import Actual, graph_progress, indicator_series, to_wire
from ..storage.models import Commit, Graph
from . import results
from .access import can_read_results, readable_results
from .context import Ctx
from .errors import NotFound
from .graphs import resolve

__all__ = ["dashboard", "diagram_marks", "marks_digest", "progress"]


Categories = dict[str, dict[str, Any]]


def _current(ctx: Ctx, graph: Graph) -> tuple[dict[str, list[Actual]], Categories]:
    """The current results by indicator id (for the rules), and their categories by
    indicator and period (for the charts)."""
    actuals: dict[str, list[Actual]] = {}
    categories: Categories = {}
    for row in results.current(ctx, graph):
        indicator, period = row.indicator_id, row.period
        actuals.setdefault(indicator, []).append(Actual(period, row.value, row.text_value))
        if row.categories:
            categories.setdefault(indicator, {})[period] = row.categories
    return actuals, categories


def _judge(
    ctx: Ctx, graph: Graph, commit: Commit, as_of: date | None
) -> tuple[nx.DiGraph, date, dict[str, list[Actual]], Categories]:
    G = ctx.store.graph(commit.id)  # shared: read only
    actuals, categories = _current(ctx, graph)
    return G, as_of or ctx.now().date(), actuals, categories


def progress(
    ctx: Ctx, org_slug: str, slug: str, ref: str | None, as_of: date | None = None
) -> dict[str, Any]:
    """Every indicator's and every box's progress at ``ref`` (default: the default
    branch) on ``as_of`` (default: today), in the API's form, with the commit judged."""
    graph, commit = _readable(ctx, org_slug, slug, ref)
    G, day, actuals, _ = _judge(ctx, graph, commit, as_of)
    indicators, paths = graph_progress(G, actuals, day)
    labels = {n: str(G.nodes[n].get("label", "")) for n in G}
    return {**to_wire(day, indicators, paths, labels), "commit": commit.id}


def dashboard(
    ctx: Ctx, org_slug: str, slug: str, ref: str | None, as_of: date | None = None
) -> dict[str, Any]:
    """Each indicator at ``ref`` with its box, status and series (target path against
    actuals, with their categories), in the results' reading order (activities to
    impacts, then by box label: :func:`toc_editor.services.results.definitions`)."""
    graph, commit = _readable(ctx, org_slug, slug, ref)
    G, day, actuals, categories = _judge(ctx, graph, commit, as_of)
    indicators, _ = graph_progress(G, actuals, day)
    out = []
    for iid, ind in results.definitions(G).items():
        status = indicators[iid][1]
        series = indicator_series(ind.definition, actuals.get(iid, ()), day, categories.get(iid))
        out.append(
            {
                **ind.definition,
                "node_id": ind.node_id,
                "node_label": ind.node_label,
                "status": status.status,
                "reason": status.reason,
                "series": series,
            }
        )
    return {"as_of": day.isoformat(), "commit": commit.id, "indicators": out}


def diagram_marks(
    ctx: Ctx, graph: Graph, commit: Commit, as_of: date | None = None
) -> tuple[date, dict[str, Any]]:
    """(the day judged, each box's progress) for drawing ``commit`` in the progress theme;
    only for those who may read the results (else 404, as for the results)."""
    if not can_read_results(ctx, graph):
        raise NotFound(f"the results of {graph.org.slug}/{graph.slug} are not public")
    G, day, actuals, _ = _judge(ctx, graph, commit, as_of)
    indicators, paths = graph_progress(G, actuals, day)
    labels = {n: str(G.nodes[n].get("label", "")) for n in G}
    return day, to_wire(day, indicators, paths, labels)["nodes"]


def marks_digest(marks: Mapping[str, Any]) -> str:
    """A short digest of the boxes' progress, for the cache key of a picture of it.

    >>> marks_digest({"a": {"status": "behind"}}) == marks_digest({"a": {"status": "behind"}})
    True
    """
    payload = json.dumps(marks, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]


def _readable(ctx: Ctx, org_slug: str, slug: str, ref: str | None) -> tuple[Graph, Commit]:
    graph = readable_results(ctx, org_slug, slug)
    return graph, resolve(ctx, graph, ref or graph.default_branch)
