"""Indicators that report to a framework's shared indicator (``reports_to:
"org/graph#indicator_id"``, issue 14): checked when a commit adds or changes one.

The rules (:func:`check_reports_to`, run wherever :func:`.links.check_links` runs: every
written commit, and a proposal's changes before they are published):

- the framework is a graph the reporting graph's organisation can read (public, or its
  own), and a public graph reports only to public ones (else its name would show);
- not the reporting graph itself;
- the shared indicator exists at the head of the framework's default branch, with a
  compatible unit (:func:`toc_editor.domain.shared_measurement.unit_problem`: the same
  unit type, currency, scale and frequency);
- at most one indicator of a ToC reports to one shared indicator (else its values would
  count twice in the framework's figures).

A refusal is :class:`~.errors.Invalid` naming ``nodes/<id>/indicators/<i>/reports_to``.

The ``indicator_reports`` table mirrors the ``reports_to`` at each graph's default-branch
head (:func:`reindex_reports`, run by the landing function in the transaction that moves
the head, like the link index); :func:`index_missing_reports` fills it for graphs made
before it (``toc-editor init-db``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

import networkx as nx

from ..domain.delta import Delta, current
from ..domain.model import nodes_by_id
from ..domain.shared_measurement import unit_problem
from ..storage.models import Graph
from .context import Ctx
from .errors import Invalid
from .links import find_graph

__all__ = [
    "UNIT_FIELDS",
    "check_public_reports",
    "check_reports_to",
    "index_missing_reports",
    "indicators_of",
    "reindex_all_reports",
    "reindex_reports",
    "unit_of",
]

UNIT_FIELDS = ("unit_type", "currency", "scale_min", "scale_max", "frequency")
"""What must match for a member's values to be put together with others (the domain's
:func:`~toc_editor.domain.shared_measurement.unit_problem` reads these)."""


def indicators_of(G: nx.DiGraph) -> dict[str, tuple[str, Mapping[str, Any]]]:
    """Indicator id -> (its node's id, its definition), for every indicator of ``G``."""
    found: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for node_id, data in G.nodes(data=True):
        for indicator in data.get("indicators") or ():
            found.setdefault(indicator["id"], (node_id, indicator))
    return found


def _added(delta: Delta, before: nx.DiGraph) -> Iterator[tuple[str, int, Mapping[str, Any]]]:
    """(node id, index, indicator) of each ``reports_to`` the delta adds or changes, by
    node id (the nodes without one cost a look at their indicators: commits are hot)."""
    reporting = [
        (node_id, data)
        for node_id, data in delta.nodes.items()
        if data is not None and any(i.get("reports_to") for i in data.get("indicators") or ())
    ]
    for node_id, data in sorted(reporting, key=lambda item: item[0]):
        old = current(before, "node", node_id) or {}
        had = {i["id"]: i.get("reports_to") for i in old.get("indicators") or ()}
        for index, indicator in enumerate(data["indicators"]):
            target = indicator.get("reports_to")
            if target and had.get(indicator["id"]) != target:
                yield node_id, index, indicator


def _reporting(delta: Delta, before: nx.DiGraph, targets: set[str]) -> dict[str, list[str]]:
    """Shared indicator -> the ids of the indicators reporting to it after ``delta``
    (only for ``targets``)."""
    found: dict[str, list[str]] = {t: [] for t in targets}

    def scan(data: Mapping[str, Any]) -> None:
        for indicator in data.get("indicators") or ():
            target = indicator.get("reports_to")
            if target in found:
                found[target].append(indicator["id"])

    for node_id, data in before.nodes(data=True):
        if node_id not in delta.nodes:
            scan(data)
    for data in delta.nodes.values():
        if data is not None:
            scan(data)
    return found


def check_reports_to(ctx: Ctx, graph: Graph, delta: Delta, before: nx.DiGraph) -> None:
    """Invalid unless every ``reports_to`` that ``delta`` adds or changes may be (the
    module's rules)."""
    added = list(_added(delta, before))
    if not added:
        return
    own_key = f"{graph.org.slug}/{graph.slug}"
    frameworks: dict[str, dict[str, tuple[str, Mapping[str, Any]]]] = {}
    for node_id, index, indicator in added:
        where = f"nodes/{node_id}/indicators/{index}/reports_to"
        target = indicator["reports_to"]
        key, _, shared_id = target.partition("#")
        if key == own_key:
            raise Invalid(
                "an indicator cannot report to its own ToC: name a shared indicator of "
                "another graph (a sector framework)",
                where=where,
            )
        if key not in frameworks:
            framework = find_graph(ctx, key)
            readable = framework is not None and (
                framework.visibility == "public" or framework.org_id == graph.org_id
            )
            if framework is None or not readable:
                raise Invalid(f"no graph {key} that {graph.org.slug} can read", where=where)
            if framework.visibility != "public" and graph.visibility == "public":
                raise Invalid(
                    f"{key} is private: a public graph may report only to public graphs",
                    where=where,
                )
            head = ctx.uow.graphs.branch(framework.id, framework.default_branch)
            frameworks[key] = indicators_of(ctx.store.graph(head.head)) if head else {}
        shared = frameworks[key].get(shared_id)
        if shared is None:
            raise Invalid(f"{key} has no indicator {shared_id}", where=where)
        problem = unit_problem(indicator, shared[1])
        if problem is not None:
            raise Invalid(f"cannot report to {target}: {problem}", where=where)
    reporting = _reporting(delta, before, {i["reports_to"] for _, _, i in added})
    new = {indicator["id"] for _, _, indicator in added}
    seen: set[str] = set()  # of two new ones, the second is blamed
    for node_id, index, indicator in added:
        seen.add(indicator["id"])
        others = [
            i
            for i in reporting[indicator["reports_to"]]
            if i != indicator["id"] and (i not in new or i in seen)
        ]
        if others:
            raise Invalid(
                f"the indicator {others[0]} reports to {indicator['reports_to']} already: at "
                "most one indicator of a ToC may report to a shared indicator (its values "
                "would count twice)",
                where=f"nodes/{node_id}/indicators/{index}/reports_to",
            )


def check_public_reports(ctx: Ctx, graph: Graph, heads: list[str]) -> None:
    """Invalid (naming ``visibility``) when making ``graph`` public would publish that an
    indicator reports to a private graph (every branch head is checked)."""
    for head in heads:
        for node_id, data in ctx.store.graph(head).nodes(data=True):
            for indicator in data.get("indicators") or ():
                key = (indicator.get("reports_to") or "").partition("#")[0]
                target = find_graph(ctx, key) if key else None
                if target is not None and target.visibility != "public":
                    raise Invalid(
                        f"{key} is private: a public graph may report only to public graphs "
                        f"(indicator {indicator['id']} of node {node_id}); remove its "
                        "reports_to first",
                        where="visibility",
                    )


# -- the index ----------------------------------------------------------------------------


def unit_of(indicator: Mapping[str, Any]) -> str:
    """The indicator's :data:`UNIT_FIELDS` that are set, as canonical JSON.

    >>> unit_of({"unit_type": "scale", "scale_min": 1, "scale_max": 5, "name": "Mood"})
    '{"scale_max":5,"scale_min":1,"unit_type":"scale"}'
    """
    kept = {k: indicator[k] for k in UNIT_FIELDS if indicator.get(k) is not None}
    return json.dumps(kept, sort_keys=True, separators=(",", ":"))


def _reports(data: Mapping[str, Any] | None) -> bool:
    return data is not None and any(i.get("reports_to") for i in data.get("indicators") or ())


def reindex_reports(ctx: Ctx, graph: Graph, delta: Delta, before: nx.DiGraph | None) -> None:
    """Bring ``indicator_reports`` up to date for the nodes ``delta`` touched on the
    default branch of ``graph`` (``before``: the graph it applies to; None: the branch
    started now, every node is in ``delta``). Nodes that had and have no reporting
    indicator cost nothing."""
    touched = [
        node_id
        for node_id, data in delta.nodes.items()
        if _reports(data)
        or (before is not None and node_id in before and _reports(before.nodes[node_id]))
    ]
    if before is None:
        ctx.uow.reports.unindex(graph.id)
    elif touched:
        ctx.uow.reports.unindex(graph.id, touched)
    rows: dict[str, dict[str, Any]] = {}
    for node_id in touched:
        data = delta.nodes.get(node_id)
        for indicator in (data or {}).get("indicators") or ():
            target = indicator.get("reports_to")
            if not target or indicator["id"] in rows:
                continue
            key, _, shared_id = target.partition("#")
            rows[indicator["id"]] = {
                "graph_id": graph.id,
                "indicator_id": indicator["id"],
                "node_id": node_id,
                "target": target,
                "target_graph": key,
                "shared_id": shared_id,
                "unit": unit_of(indicator),
            }
    ctx.uow.reports.index(list(rows.values()))


def reindex_all_reports(ctx: Ctx, graph: Graph, head: str) -> None:
    """Rebuild ``indicator_reports`` of ``graph`` from the commit ``head`` (its default
    branch changed, or it was never indexed)."""
    reindex_reports(ctx, graph, Delta(nodes=dict(nodes_by_id(ctx.store.graph(head)))), None)


def index_missing_reports(ctx: Ctx) -> int:
    """Index the ``reports_to`` of graphs made before the index (for ``toc-editor
    init-db``): only while nothing is indexed, and only graphs whose fork network ever
    held one; one transaction per graph. How many graphs now have rows."""
    if ctx.uow.reports.indexed():
        return 0
    indexed = 0
    for graph_id in ctx.uow.reports.graphs_that_may_report():
        with ctx.uow:
            graph = ctx.uow.graphs.by_id(graph_id)
            branch = ctx.uow.graphs.branch(graph_id, graph.default_branch) if graph else None
            if graph is None or branch is None:
                continue
            reindex_all_reports(ctx, graph, branch.head)
            indexed += bool(ctx.uow.reports.of_graph(graph_id))
            ctx.uow.commit()
    return indexed
