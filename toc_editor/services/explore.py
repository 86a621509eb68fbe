"""Explore: the public theories of change, for everyone, searchable by name and by box.

A search never loads a tree: the labels at each graph's default-branch head are kept in
the ``node_labels`` index, which the landing function updates in the transaction that
moves a default branch (:func:`reindex_labels`, only for the nodes whose label a move
added, changed or removed), and which ``toc-editor init-db`` fills for graphs made
before it existed (:func:`index_missing`).

Privacy: only public graphs are ever listed or searched, and nothing of a private graph
is shown: ``linked_by`` counts the graphs linking into a framework, private ones
included, the way the sector map counts private contributions without naming them; a
fork's upstream is named only to those who may read it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import networkx as nx

from ..domain.delta import Delta
from ..storage.models import Graph
from .context import Ctx

__all__ = [
    "DESCRIPTION_CHARS",
    "MATCHED_BOXES",
    "Listing",
    "explore",
    "fold",
    "index_missing",
    "reindex_all_labels",
    "reindex_labels",
]

MATCHED_BOXES = 3
"""Labels of matching boxes shown per graph."""
DESCRIPTION_CHARS = 500
"""A description longer than this is cut (with an ellipsis) in the listing."""


def fold(text: str) -> str:
    """Text as the index and the search compare it: lower case, surrounding spaces gone.

    >>> fold("  Young People FEEL Confident ")
    'young people feel confident'
    """
    return text.strip().lower()


@dataclass(frozen=True)
class Listing:
    """One page of explore: the graphs (dicts, as the API documents them) and the count."""

    graphs: list[dict[str, Any]]
    total: int
    page: int
    page_size: int

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))


def explore(
    ctx: Ctx, q: str = "", *, frameworks_only: bool = False, page: int = 1, page_size: int = 20
) -> Listing:
    """The public graphs matching ``q`` (all of them when empty), a page at a time.

    Each word of ``q`` is matched, ignoring case, inside the title, the graph's slug,
    the organisation's name or slug, or the labels of the boxes on the default branch
    (every word somewhere, in any order: "repair bicycle" finds a box "Bicycle repair
    cafe"). Graphs whose names hold every word come first, then those matched by boxes;
    each group the most recently updated first. ``frameworks_only``: only graphs that at least one
    other graph links its outcomes into (``linked_by`` > 0).
    """
    words = fold(q).split()
    total, rows = ctx.uow.graphs.public_listing(
        words,
        frameworks_only=frameworks_only,
        offset=(page - 1) * page_size,
        limit=page_size,
    )
    matched = (
        ctx.uow.graphs.matching_labels([row[0].id for row in rows], words, MATCHED_BOXES)
        if words
        else {}
    )
    mine = _my_org_ids(ctx) if any(row[3] is not None for row in rows) else set()
    shown = [_shown(ctx, row, matched.get(row[0].id, []), mine) for row in rows]
    return Listing(shown, total, page, page_size)


def _my_org_ids(ctx: Ctx) -> set[int]:
    if ctx.user is None:
        return set()
    return {m.org_id for m in ctx.uow.orgs.memberships_of(ctx.user.id)}


def _shown(ctx: Ctx, row: Any, matched: list[str], mine: set[int]) -> dict[str, Any]:
    graph: Graph = row[0]
    updated_at: datetime | None = row[1]
    stats: dict[str, Any] | None = row[2]
    up_org, up_slug, up_public, up_org_id, linked_by = row[3], row[4], row[5], row[6], row[7]
    fork = graph.upstream_id is not None
    readable = up_slug is not None and (up_public or up_org_id in mine)
    boxes = (stats or {}).get("nodes")
    if not isinstance(boxes, int):  # a head written before commits counted their nodes
        boxes = ctx.uow.graphs.label_count(graph.id)
    description = graph.description or ""
    if len(description) > DESCRIPTION_CHARS:
        description = description[: DESCRIPTION_CHARS - 1].rstrip() + "\u2026"
    return {
        "org": graph.org.slug,
        "org_name": graph.org.name,
        "slug": graph.slug,
        "title": graph.title,
        "description": description,
        "default_branch": graph.default_branch,
        "boxes": boxes,
        "updated_at": updated_at or graph.created_at,
        "fork": fork,
        "upstream": f"{up_org}/{up_slug}" if readable else None,
        "upstream_private": fork and not readable,
        "framework": bool(linked_by),
        "linked_by": int(linked_by or 0),
        "matched_boxes": matched,
    }


# -- the index ------------------------------------------------------------------------------


def _row(graph_id: int, node_id: str, label: str) -> dict[str, Any]:
    return {"graph_id": graph_id, "node_id": node_id, "label": label, "folded": fold(label)}


def reindex_labels(ctx: Ctx, graph: Graph, delta: Delta, before: nx.DiGraph | None) -> None:
    """Bring ``node_labels`` up to date after the default branch of ``graph`` moved by
    ``delta`` from ``before`` (None: the branch started now; every node is in ``delta``).

    Only nodes added, removed or relabelled cost a statement (one for each of the three):
    a move that changes no label (an edge, a description, an indicator) writes nothing.
    """
    if before is None:
        ctx.uow.graphs.unindex_labels(graph.id)
    gone: list[str] = []
    changed: list[dict[str, Any]] = []
    added: list[dict[str, Any]] = []
    for node_id, data in delta.nodes.items():
        old = before.nodes[node_id]["label"] if before is not None and node_id in before else None
        new = None if data is None else data["label"]
        if old == new:
            continue
        if new is None:
            gone.append(node_id)
        else:
            (added if old is None else changed).append(_row(graph.id, node_id, new))
    if gone:
        ctx.uow.graphs.unindex_labels(graph.id, gone)
    ctx.uow.graphs.relabel(changed)
    ctx.uow.graphs.index_labels(added)


def reindex_all_labels(ctx: Ctx, graph: Graph, head: str) -> None:
    """Rebuild ``node_labels`` of ``graph`` from the commit ``head`` (in the caller's unit
    of work): its default branch changed, or it was never indexed."""
    ctx.uow.graphs.unindex_labels(graph.id)
    G = ctx.store.graph(head)
    ctx.uow.graphs.index_labels([_row(graph.id, n, d["label"]) for n, d in G.nodes(data=True)])


def index_missing(ctx: Ctx) -> int:
    """Index the labels of every graph that has none indexed (made before the index, or
    empty), one transaction per graph; how many graphs now have labels indexed.

    For the server's own commands (``toc-editor init-db`` runs it after migrating)."""
    indexed = 0
    for graph_id in ctx.uow.graphs.without_labels():
        with ctx.uow:
            graph = ctx.uow.graphs.by_id(graph_id)
            branch = ctx.uow.graphs.branch(graph_id, graph.default_branch) if graph else None
            if graph is None or branch is None:
                continue
            reindex_all_labels(ctx, graph, branch.head)
            if ctx.uow.graphs.label_count(graph_id):
                indexed += 1
            ctx.uow.commit()
    return indexed
