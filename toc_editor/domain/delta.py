"""A delta: what one commit changed, as the *after* value of every touched entity.

``Delta.nodes[id]`` is the whole node after the change, or ``None`` when it was removed;
likewise ``Delta.edges``. A delta is what storage keeps per commit, so its size follows
the change, not the graph. Deltas compose by later-wins.

Examples
--------
>>> from .model import from_document, to_document
>>> G = from_document({"nodes": [{"id": "a", "kind": "activity", "label": "Train"}]})
>>> d = Delta(nodes={"a": None})
>>> len(patch(G, d)), len(G)
(0, 1)
>>> compose(Delta(nodes={"a": None}), Delta(nodes={"b": {"id": "b"}})).nodes
{'a': None, 'b': {'id': 'b'}}
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from . import model

__all__ = [
    "Delta",
    "between",
    "compose",
    "indicator_clashes",
    "patch",
    "patch_entities",
    "patch_in_place",
    "without_no_ops",
]

Entity = dict[str, Any]


@dataclass
class Delta:
    """After-values of touched nodes and edges (``None`` = removed)."""

    nodes: dict[str, Entity | None] = field(default_factory=dict)
    edges: dict[str, Entity | None] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.nodes or self.edges)

    def __len__(self) -> int:
        return len(self.nodes) + len(self.edges)

    def section(self, entity: str) -> dict[str, Entity | None]:
        """``self.nodes`` for "node", ``self.edges`` for "edge"."""
        return self.nodes if entity == "node" else self.edges


def current(G: nx.DiGraph, entity: str, entity_id: str) -> Entity | None:
    """The full dict of a node or edge of ``G``, or None when absent."""
    if entity == "node":
        return model.node(G, entity_id) if entity_id in G else None
    return model.edge(G, entity_id) if entity_id in G.graph["edge_ids"] else None


def patch_in_place(G: nx.DiGraph, delta: Delta) -> nx.DiGraph:
    """Apply a (valid) delta to ``G`` itself and return it."""
    for eid in delta.edges:
        if eid in G.graph["edge_ids"]:
            model.drop_edge(G, eid)
    for nid, data in delta.nodes.items():
        if data is None:
            if nid in G:
                model.drop_node(G, nid)
        else:
            model.put_node(G, data)
    for data in delta.edges.values():
        if data is not None:
            model.put_edge(G, data)
    return G


def patch(G: nx.DiGraph, delta: Delta) -> nx.DiGraph:
    """A new graph: ``G`` with ``delta`` applied; ``G`` is left untouched."""
    return patch_in_place(model.copy(G), delta)


def patch_entities(nodes: dict[str, Entity], edges: dict[str, Entity], delta: Delta) -> None:
    """Apply a (valid) delta to a document held as id -> entity dicts, in place.

    The same result as :func:`patch_in_place` without building a graph: reading a
    tree needs only the entities. A removed node takes its edges with it.

    >>> nodes = {"a": {"id": "a"}, "b": {"id": "b"}}
    >>> edges = {"e": {"id": "e", "source": "a", "target": "b"}}
    >>> patch_entities(nodes, edges, Delta(nodes={"b": None, "c": {"id": "c"}}))
    >>> sorted(nodes), edges
    (['a', 'c'], {})
    """
    removed_nodes = False
    for nid, data in delta.nodes.items():
        if data is None:
            removed_nodes |= nodes.pop(nid, None) is not None
        else:
            nodes[nid] = data
    for eid, data in delta.edges.items():
        if data is None:
            edges.pop(eid, None)
        else:
            edges[eid] = data
    if removed_nodes:
        for eid in [
            e for e, d in edges.items() if d["source"] not in nodes or d["target"] not in nodes
        ]:
            del edges[eid]


def compose(*deltas: Delta) -> Delta:
    """One delta with the effect of applying ``deltas`` in order."""
    out = Delta()
    for d in deltas:
        out.nodes.update(d.nodes)
        out.edges.update(d.edges)
    return out


def without_no_ops(G: nx.DiGraph, delta: Delta) -> Delta:
    """Drop the entries of ``delta`` that ``G`` already has (no-op changes).

    >>> from .model import from_document
    >>> G = from_document({"nodes": [{"id": "a", "kind": "impact", "label": "x"}]})
    >>> without_no_ops(G, Delta(nodes={"a": model.node(G, "a"), "b": None}))
    Delta(nodes={}, edges={})
    """
    out = Delta()
    for entity in ("node", "edge"):
        section = out.section(entity)
        for eid, after in delta.section(entity).items():
            if current(G, entity, eid) != after:
                section[eid] = after
    return out


def between(a: nx.DiGraph, b: nx.DiGraph) -> Delta:
    """The delta that turns ``a`` into ``b`` (compares every entity: O(graph))."""
    out = Delta()
    a_nodes, b_nodes = model.nodes_by_id(a), model.nodes_by_id(b)
    a_edges, b_edges = model.edges_by_id(a), model.edges_by_id(b)
    for before, after, section in ((a_nodes, b_nodes, out.nodes), (a_edges, b_edges, out.edges)):
        for eid, value in after.items():
            if before.get(eid) != value:
                section[eid] = value
        for eid in before.keys() - after.keys():
            section[eid] = None
    return out


def to_json(delta: Delta) -> dict[str, Mapping[str, Entity | None]]:
    """Plain-JSON form ``{"nodes": {...}, "edges": {...}}``."""
    return {"nodes": delta.nodes, "edges": delta.edges}


def indicator_clashes(G: nx.DiGraph, delta: Delta) -> list[tuple[str, int, str, str]]:
    """The indicator ids ``delta`` gives a node that another node holds after it, as
    (node id, index in its indicators, indicator id, the other node), by node id.

    Only ids new to a node count: a clash ``G`` already had (made before indicator ids
    were unique per graph) does not block editing those nodes. Costs a walk over ``G``'s
    indicators only when the delta gives some node an indicator id it did not have.

    >>> from .model import from_document
    >>> G = from_document({"nodes": [
    ...     {"id": "a", "kind": "output", "label": "x", "indicators": [{"id": "k", "name": "K"}]},
    ...     {"id": "b", "kind": "output", "label": "y"}]})
    >>> moved = {**model.node(G, "b"), "indicators": model.node(G, "a")["indicators"]}
    >>> indicator_clashes(G, Delta(nodes={"b": moved}))
    [('b', 0, 'k', 'a')]
    >>> indicator_clashes(G, Delta(nodes={"b": moved, "a": None}))
    []
    """
    fresh: list[tuple[str, int, str]] = []
    for nid, data in sorted(delta.nodes.items()):
        if data is None:
            continue
        before = G._node[nid].get("indicators", ()) if nid in G else ()
        had = {ind["id"] for ind in before}
        fresh += [
            (nid, j, ind["id"])
            for j, ind in enumerate(data.get("indicators") or ())
            if ind.get("id") and ind["id"] not in had  # no id yet: a fresh one is made
        ]
    if not fresh:
        return []
    wanted = {iid for _, _, iid in fresh}
    owners: dict[str, list[str]] = {}
    for nid, attrs in G._node.items():
        if nid not in delta.nodes:
            for ind in attrs.get("indicators") or ():
                if ind["id"] in wanted:
                    owners.setdefault(ind["id"], []).append(nid)
    for nid, data in sorted(delta.nodes.items()):
        for ind in (data or {}).get("indicators") or ():
            if ind.get("id") in wanted:
                owners.setdefault(ind["id"], []).append(nid)
    clashes = []
    for nid, j, iid in fresh:
        others = [n for n in owners.get(iid, ()) if n != nid]
        if others:
            clashes.append((nid, j, iid, sorted(others)[0]))
    return clashes
