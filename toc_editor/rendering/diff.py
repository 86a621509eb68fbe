"""A diagram of what changed between two versions of a theory of change.

Nodes and edges are matched by id. An entity is *added* when only the head has it,
*removed* when only the base has it (drawn as a dashed red ghost), *changed* when any
field differs, and *unchanged* otherwise (grey). Status is shown three ways, so it does
not depend on colour alone: colour, line style and a text marker (``+``, a minus sign, ``~``).

Examples
--------
>>> base = {"nodes": [{"id": "a", "kind": "activity", "label": "Old"}], "edges": []}
>>> head = {"nodes": [{"id": "a", "kind": "activity", "label": "New"},
...                   {"id": "b", "kind": "impact", "label": "Impact"}], "edges": []}
>>> c = diff_status(base, head)
>>> c.nodes, c.fields["a"]
({'a': 'changed', 'b': 'added'}, ['label'])
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..domain.delta import Delta, patch_entities
from .dot import (
    RELATION_ARROWS,
    Theme,
    check_direction_theme,
    edge_attrs,
    header_and_lanes,
    legend,
    meta_lines,
    node_attrs,
)
from .dot_writer import LABEL_MAX, DotGraph, DotWriter, code
from .text import clean

__all__ = [
    "STATUSES",
    "DiffStatus",
    "diff_edge_attrs",
    "diff_entities",
    "diff_legend",
    "diff_node_attrs",
    "diff_status",
    "diff_title",
    "diff_to_dot",
    "head_of",
]

STATUSES = ("added", "removed", "changed", "unchanged")
MARKERS = {"added": "+ added", "removed": "\u2212 removed", "changed": "~ changed", "unchanged": ""}


@dataclass
class DiffStatus:
    """Status per node and edge id, and which fields changed."""

    nodes: dict[str, str] = field(default_factory=dict)
    edges: dict[str, str] = field(default_factory=dict)
    fields: dict[str, list[str]] = field(default_factory=dict)

    def count(self, status: str) -> int:
        """How many nodes and edges have ``status``."""
        return sum(1 for s in (*self.nodes.values(), *self.edges.values()) if s == status)


def _by_id(items: Any) -> dict[str, Mapping[str, Any]]:
    return {str(item["id"]): item for item in items or []}


def _statuses(
    base: dict[str, Mapping[str, Any]],
    head: dict[str, Mapping[str, Any]],
    out: DiffStatus,
    only: Collection[str] | None = None,
) -> dict[str, str]:
    status: dict[str, str] = {}
    for key, item in head.items():
        if key not in base:
            status[key] = "added"
            continue
        if only is not None and key not in only:
            status[key] = "unchanged"
            continue
        differing = sorted(f for f in set(item) | set(base[key]) if item.get(f) != base[key].get(f))
        status[key] = "changed" if differing else "unchanged"
        if differing:
            out.fields[key] = differing
    for key in base:
        if key not in head:
            status[key] = "removed"
    return status


def diff_status(
    base_doc: Mapping[str, Any], head_doc: Mapping[str, Any], touched: Delta | None = None
) -> DiffStatus:
    """What changed from ``base_doc`` to ``head_doc``, by id. With ``touched``, the delta
    from base to head that storage holds, only the entities it names are compared: any
    other entity both versions have is unchanged by definition."""
    out = DiffStatus()
    nodes = touched.nodes if touched is not None else None
    edges = touched.edges if touched is not None else None
    out.nodes = _statuses(_by_id(base_doc.get("nodes")), _by_id(head_doc.get("nodes")), out, nodes)
    out.edges = _statuses(_by_id(base_doc.get("edges")), _by_id(head_doc.get("edges")), out, edges)
    return out


def head_of(base_doc: Mapping[str, Any], delta: Delta) -> dict[str, list[Any]]:
    """The document ``delta`` makes of ``base_doc`` (``base_doc`` is left as it was), its
    entities sorted by id as storage's documents are.

    >>> base = {"nodes": [{"id": "a", "label": "A"}], "edges": []}
    >>> head_of(base, Delta(nodes={"b": {"id": "b", "label": "B"}}))["nodes"]
    [{'id': 'a', 'label': 'A'}, {'id': 'b', 'label': 'B'}]
    """
    nodes = {str(n["id"]): n for n in base_doc.get("nodes") or []}
    edges = {str(e["id"]): e for e in base_doc.get("edges") or []}
    patch_entities(nodes, edges, delta)
    return {"nodes": [nodes[k] for k in sorted(nodes)], "edges": [edges[k] for k in sorted(edges)]}


def _status_colours(theme: Theme, status: str) -> tuple[str, str]:
    return {
        "added": theme.added,
        "removed": theme.removed,
        "changed": theme.changed,
        "unchanged": theme.unchanged,
    }[status]


def diff_node_attrs(node: Mapping[str, Any], changes: DiffStatus, th: Theme) -> dict[str, str]:
    """How a node of the diff diagram looks: its status's colours, line and marker."""
    nid = str(node["id"])
    status = changes.nodes[nid]
    marker = MARKERS[status]
    if status == "changed":
        marker += ": " + ", ".join(f for f in changes.fields[nid] if f != "id")
    attrs = node_attrs(node, th, extra_line=clean(marker, 60) or None)
    fill, border = _status_colours(th, status)
    shape_style = attrs["style"].strip('"').replace(",bold", "")
    if status == "removed":
        shape_style += ",dashed"
    elif status in ("added", "changed"):
        shape_style += ",bold"
    attrs.update(
        style=code(shape_style),
        fillcolor=code(fill),
        color=code(border),
        fontcolor=code(th.muted if status in ("removed", "unchanged") else th.text),
        penwidth=code("2" if status in ("added", "changed") else "1.4"),
        peripheries=code(1),
    )
    return attrs


def diff_edge_attrs(
    edge: Mapping[str, Any], changes: DiffStatus, labels: Mapping[str, str], th: Theme
) -> dict[str, str]:
    """How a link of the diff diagram looks (``labels``: node id -> label, for tooltips)."""
    status = changes.edges[str(edge["id"])]
    attrs = edge_attrs(edge, labels, th)
    attrs.update(
        color=code(_status_colours(th, status)[1]),
        arrowhead=code(RELATION_ARROWS.get(str(edge.get("relation")), "normal")),
    )
    if status == "removed":
        attrs.update(style=code("dashed"), penwidth=code("1.6"))
    elif status in ("added", "changed"):
        attrs.update(style=code("solid"), penwidth=code("2.6"))
    else:
        attrs.update(style=code("solid"), penwidth=code("1.2"))
    return attrs


def diff_legend(w: DotWriter, th: Theme, direction: str) -> None:
    """The diff diagram's legend: the four statuses."""
    rows = [
        (*_status_colours(th, "added"), "+ added"),
        (*_status_colours(th, "removed"), "\u2212 removed (dashed)"),
        (*_status_colours(th, "changed"), "~ changed"),
        (*_status_colours(th, "unchanged"), "unchanged"),
    ]
    notes = [
        "Nodes and links are matched by id.",
        "Removed ones are dashed ghosts.",
        "Hover a changed node for details.",
    ]
    legend(w, th, rows, direction, notes)


def diff_entities(
    base_doc: Mapping[str, Any], head_doc: Mapping[str, Any]
) -> tuple[list[Mapping[str, Any]], list[Mapping[str, Any]]]:
    """The nodes and links a diff diagram draws: the head's, then the removed ones."""
    base_nodes, head_nodes = _by_id(base_doc.get("nodes")), _by_id(head_doc.get("nodes"))
    base_edges, head_edges = _by_id(base_doc.get("edges")), _by_id(head_doc.get("edges"))
    nodes = [*head_nodes.values(), *(n for k, n in base_nodes.items() if k not in head_nodes)]
    edges = [*head_edges.values(), *(e for k, e in base_edges.items() if k not in head_edges)]
    return nodes, edges


def diff_title(meta: Mapping[str, Any], changes: DiffStatus) -> list[str]:
    """The diff diagram's title lines: the version, its base, and the counts per status."""
    title = meta_lines(meta)
    base_commit = clean(meta.get("base_commit"), 64)
    if base_commit:
        title.append(f"changes since version {base_commit[:8]}")
    for what, statuses in (("nodes", changes.nodes), ("links", changes.edges)):
        counts = [sum(1 for s in statuses.values() if s == status) for status in STATUSES]
        title.append(
            f"{what}: "
            + "   ·   ".join(f"{n} {status}" for n, status in zip(counts, STATUSES, strict=True))
        )
    return title


def diff_to_dot(
    base_doc: Mapping[str, Any],
    head_doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    direction: str = "BT",
    theme: str = "light",
    touched: Delta | None = None,
) -> DotGraph:
    """DOT source of the diff diagram from ``base_doc`` to ``head_doc`` (``touched``: the
    delta between them, when known, see :func:`diff_status`).

    ``meta`` may carry ``base_commit`` besides the usual title, org, graph, commit, date.
    """
    th = check_direction_theme(direction, theme)
    meta = meta or {}
    changes = diff_status(base_doc, head_doc, touched)
    nodes, edges = diff_entities(base_doc, head_doc)

    title = diff_title(meta, changes)
    w = DotWriter()
    header_and_lanes(w, th, title, nodes, direction)

    node_ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, node in enumerate(nodes):
        nid = str(node["id"])
        token = f"n{i}"
        node_ids[token] = nid
        labels[nid] = clean(node.get("label"), LABEL_MAX)
        w.node(nid, {"id": code(token), **diff_node_attrs(node, changes, th)})

    edge_ids: dict[str, str] = {}
    for i, edge in enumerate(edges):
        token = f"e{i}"
        edge_ids[token] = str(edge["id"])
        attrs = diff_edge_attrs(edge, changes, labels, th)
        w.edge(str(edge["source"]), str(edge["target"]), {"id": code(token), **attrs})
    diff_legend(w, th, direction)
    return DotGraph(w.source(), node_ids, edge_ids)
