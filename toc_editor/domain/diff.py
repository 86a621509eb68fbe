"""What changed between two versions of a ToC, field by field.

``diff(a, b)`` answers the shape the compare endpoint serves::

    {"nodes": {"added": [node], "removed": [node],
               "changed": [{"id": ..., "fields": {name: {"before": ..., "after": ...}}}]},
     "edges": {...the same...}}

Examples
--------
>>> from .model import from_document
>>> a = from_document({"nodes": [{"id": "n", "kind": "outcome", "label": "Confidence"}]})
>>> b = from_document({"nodes": [{"id": "n", "kind": "outcome", "label": "Self-confidence"}]})
>>> diff(a, b)["nodes"]["changed"]
[{'id': 'n', 'fields': {'label': {'before': 'Confidence', 'after': 'Self-confidence'}}}]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from .delta import Delta, between, current, patch

__all__ = ["CommitContent", "FieldChanges", "commit_content", "diff", "field_changes", "is_empty"]

FieldChanges = dict[str, dict[str, list[dict[str, Any]]]]


def field_changes(a: nx.DiGraph, delta: Delta) -> FieldChanges:
    """FieldChanges made by ``delta`` on ``a``; costs O(size of the delta)."""
    out: FieldChanges = {}
    for entity, section in (("node", delta.nodes), ("edge", delta.edges)):
        added: list[dict[str, Any]] = []
        removed: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        for eid in sorted(section):
            before, after = current(a, entity, eid), section[eid]
            if before == after:
                continue
            if before is None:
                added.append(after)  # type: ignore[arg-type]
            elif after is None:
                removed.append(before)
            else:
                fields = {
                    k: {"before": before.get(k), "after": v}
                    for k, v in after.items()
                    if before.get(k) != v
                }
                changed.append({"id": eid, "fields": fields})
        out[f"{entity}s"] = {"added": added, "removed": removed, "changed": changed}
    return out


def diff(a: nx.DiGraph, b: nx.DiGraph) -> FieldChanges:
    """Field-level changes that turn ``a`` into ``b``."""
    return field_changes(a, between(a, b))


def is_empty(changes: FieldChanges) -> bool:
    """True when ``changes`` holds nothing.

    >>> from .model import empty
    >>> is_empty(diff(empty(), empty()))
    True
    """
    return not any(items for section in changes.values() for items in section.values())


@dataclass(frozen=True)
class CommitContent:
    """What a new commit holds, worked out before it is stored: its delta against the
    first parent, the graph after it, and the counts the history shows."""

    delta: Delta
    graph: nx.DiGraph
    stats: dict[str, int]


def commit_content(parent: nx.DiGraph, delta: Delta) -> CommitContent:
    """The content of a commit that applies ``delta`` to ``parent`` (which is not changed).

    >>> from .model import empty
    >>> d = Delta(nodes={"n": {"id": "n", "kind": "impact", "label": "Fewer young people NEET",
    ...     "horizon": None, "description": "", "indicators": [], "assumptions": [],
    ...     "tags": [], "links": []}})
    >>> c = commit_content(empty(), d)
    >>> c.stats["nodes_added"], c.stats["nodes"], len(c.graph)
    (1, 1, 1)
    """
    changes = field_changes(parent, delta)
    graph = patch(parent, delta)
    stats = {
        f"{entity}_{what}": len(changes[entity][what])
        for entity in ("nodes", "edges")
        for what in ("added", "removed", "changed")
    }
    stats.update(nodes=len(graph), edges=len(graph.graph["edge_ids"]))
    return CommitContent(delta, graph, stats)
