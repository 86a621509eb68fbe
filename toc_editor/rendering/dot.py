"""Graphviz DOT for a theory of change.

All DOT text is written through :mod:`toc_editor.rendering.dot_writer`, the security
boundary (attribute allowlist, escaping, safe node names). How the diagram looks
(themes, node and edge styles, the legend) is :mod:`~toc_editor.rendering.theme`; its
frame (header, title, lanes wrapped onto rows) is :mod:`~toc_editor.rendering.lanes`.
Their names are importable from here too, as the diff and sector diagrams do.

Examples
--------
>>> doc = {"nodes": [{"id": "a", "kind": "activity", "label": 'Say "hi" \\\\N'}],
...        "edges": []}
>>> src = to_dot(doc, {"title": "Demo"}).source
>>> 'label="Say \\\\"hi\\\\" \\\\\\\\N"' in src
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dot_writer import LABEL_MAX, DotGraph, DotWriter, code
from .lanes import (
    DIRECTIONS,
    HUGE_GRAPH,
    LANES,
    LARGE_GRAPH,
    ROW_NODES,
    WRAP_AFTER,
    graph_header,
    header_and_lanes,
    lane_members,
    lane_of,
    lanes,
    meta_lines,
    row_nodes,
    wrap_lane,
)
from .text import clean
from .theme import (
    KIND_NAMES,
    PROGRESS_NOTES,
    RELATION_ARROWS,
    RELATION_NAMES,
    THEMES,
    Theme,
    edge_attrs,
    kind_legend_rows,
    legend,
    node_attrs,
    progress_legend_rows,
    progress_node_attrs,
)

__all__ = [
    "DIRECTIONS",
    "HUGE_GRAPH",
    "KIND_NAMES",
    "LANES",
    "LARGE_GRAPH",
    "RELATION_ARROWS",
    "RELATION_NAMES",
    "ROW_NODES",
    "THEMES",
    "WRAP_AFTER",
    "Theme",
    "check_direction_theme",
    "code",
    "edge_attrs",
    "graph_header",
    "header_and_lanes",
    "kind_legend_rows",
    "lane_members",
    "lane_of",
    "lanes",
    "legend",
    "meta_lines",
    "node_attrs",
    "row_nodes",
    "to_dot",
    "wrap_lane",
]


def check_direction_theme(direction: str, theme: str) -> Theme:
    """The Theme for ``theme``; ValueError on an unknown theme or direction."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    try:
        return THEMES[theme]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}") from None


def to_dot(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    direction: str = "BT",
    theme: str = "light",
    show_legend: bool = True,
    progress: Mapping[str, Mapping[str, Any]] | None = None,
) -> DotGraph:
    """DOT source for a ToC document (``{"nodes", "edges"}`` as ``to_document`` gives).

    ``progress``: node id -> the box's progress (the ``nodes`` of the API's progress
    form: ``{"status", "upstream", "reasons"}``), drawn by the ``progress`` theme only.
    """
    th = check_direction_theme(direction, theme)
    marks = (progress or {}) if theme == "progress" else None
    nodes: list[Mapping[str, Any]] = list(doc.get("nodes") or [])
    edges: list[Mapping[str, Any]] = list(doc.get("edges") or [])
    w = DotWriter()
    header_and_lanes(w, th, meta_lines(meta or {}), nodes, direction)

    node_ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, node in enumerate(nodes):
        nid = str(node["id"])
        token = f"n{i}"
        node_ids[token] = nid
        labels[nid] = clean(node.get("label"), LABEL_MAX)
        look = (
            node_attrs(node, th) if marks is None else progress_node_attrs(node, th, marks.get(nid))
        )
        w.node(nid, {"id": code(token), **look})

    edge_ids: dict[str, str] = {}
    for i, edge in enumerate(edges):
        token = f"e{i}"
        edge_ids[token] = str(edge["id"])
        w.edge(
            str(edge["source"]),
            str(edge["target"]),
            {"id": code(token), **edge_attrs(edge, labels, th)},
        )
    if show_legend and marks is not None:
        legend(w, th, progress_legend_rows(), direction, PROGRESS_NOTES)
    elif show_legend:
        legend(w, th, kind_legend_rows(th), direction)
    return DotGraph(w.source(), node_ids, edge_ids)
