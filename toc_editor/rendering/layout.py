"""Graphviz layout (``dot -Tjson0``) as screen coordinates for the editor's canvas.

The result is ``{"width", "height", "nodes": {node_id: {"x", "y", "width", "height"}},
"edges": {edge_id: {"points": [[x, y], ...], "tip": [x, y] | None}}, "lanes": {...}}``
in points (1/72 inch) with the origin at the top left and y growing downwards; node
``x, y`` are centres. ``points`` are the edge's cubic B-spline control points (1 + 3k of
them) from tail to head; ``tip`` is where the arrowhead ends, when there is one.
Nodes and edges are matched back through the ``id`` tokens :mod:`.dot` gave them.
"""

from __future__ import annotations

import json
from typing import Any

from .dot_writer import DotGraph
from .errors import RenderFailed

__all__ = ["parse_layout"]

Point = list[float]


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.split(",")]


def _spline(pos: str, flip: tuple[float, float]) -> tuple[list[Point], Point | None]:
    """Control points and arrow tip from a Graphviz ``pos`` spline string."""
    llx, ury = flip
    points: list[Point] = []
    tip: Point | None = None
    for token in pos.split(";")[0].split():
        if token.startswith("s,"):  # arrow at the tail: never drawn by this package
            continue
        if token.startswith("e,"):
            x, y = _floats(token[2:])
            tip = [round(x - llx, 2), round(ury - y, 2)]
            continue
        x, y = _floats(token)
        points.append([round(x - llx, 2), round(ury - y, 2)])
    return points, tip


def parse_layout(raw: bytes | str, graph: DotGraph) -> dict[str, Any]:
    """Turn ``dot -Tjson0`` output for ``graph`` into screen coordinates."""
    try:
        data = json.loads(raw)
        llx, lly, urx, ury = _floats(data["bb"])
        objects = data.get("objects") or []
        first_node = int(data.get("_subgraph_cnt", 0))
    except (ValueError, KeyError, TypeError) as exc:
        raise RenderFailed(f"cannot read the Graphviz layout: {exc}") from exc
    flip = (llx, ury)
    nodes: dict[str, dict[str, float]] = {}
    lanes: dict[str, dict[str, float]] = {}
    for obj in objects[first_node:]:
        if "pos" not in obj:
            continue
        x, y = _floats(obj["pos"])
        box = {
            "x": round(x - llx, 2),
            "y": round(ury - y, 2),
            "width": round(float(obj.get("width", 0)) * 72, 2),
            "height": round(float(obj.get("height", 0)) * 72, 2),
        }
        node_id = graph.nodes.get(str(obj.get("id", "")))
        if node_id is not None:
            nodes[node_id] = box
        elif str(obj.get("name", "")).startswith("_lane_"):
            lanes[obj["name"][len("_lane_") :]] = {"x": box["x"], "y": box["y"]}
    edges: dict[str, dict[str, Any]] = {}
    for obj in data.get("edges") or []:
        edge_id = graph.edges.get(str(obj.get("id", "")))
        if edge_id is None or "pos" not in obj:
            continue
        points, tip = _spline(obj["pos"], flip)
        edges[edge_id] = {"points": points, "tip": tip}
    return {
        "width": round(urx - llx, 2),
        "height": round(ury - lly, 2),
        "nodes": nodes,
        "edges": edges,
        "lanes": lanes,
    }
