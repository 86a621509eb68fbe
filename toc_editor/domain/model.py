"""A theory of change as a ``networkx.DiGraph``, built from and written to documents.

A ToC is a ``nx.DiGraph`` whose node keys are node ids and whose node attributes are
the node's other fields. Each edge carries its own ``id`` among its attributes, and
``G.graph["edge_ids"]`` maps edge id -> (source, target) so edges can be found by id.
There is at most one edge per ordered pair of nodes. The fields of one node or edge and
their rules are :mod:`~toc_editor.domain.entities`; its names are importable from here.

Examples
--------
>>> G = from_document({"nodes": [
...     {"id": "a", "kind": "activity", "label": "Run mentoring sessions"},
...     {"id": "b", "kind": "outcome", "label": "Young people feel confident",
...      "horizon": "short"}],
...     "edges": [{"id": "e1", "source": "a", "target": "b"}]})
>>> G.nodes["b"]["horizon"], edge(G, "e1")["relation"]
('short', 'leads_to')
>>> to_document(G)["edges"][0]["source"]
'a'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from .entities import (
    EDGE_DEFAULTS,
    EDGE_FIELDS,
    EDGE_RELATIONS,
    EVIDENCE_STRENGTHS,
    HORIZONS,
    ID_PATTERN,
    INDICATOR_DEFINITION_FIELDS,
    INDICATOR_FIELDS,
    KIND_RANK,
    LINK_RELATIONS,
    LINK_TARGET,
    MAX_ITEMS,
    MAX_LABEL,
    MAX_SHORT,
    MAX_TEXT,
    NODE_DEFAULTS,
    NODE_FIELDS,
    NODE_KINDS,
    new_id,
    normalize_edge,
    normalize_node,
)
from .errors import InvalidEntity

__all__ = [
    "EDGE_DEFAULTS",
    "EDGE_FIELDS",
    "EDGE_RELATIONS",
    "EVIDENCE_STRENGTHS",
    "HORIZONS",
    "ID_PATTERN",
    "INDICATOR_DEFINITION_FIELDS",
    "INDICATOR_FIELDS",
    "KIND_RANK",
    "LINK_RELATIONS",
    "LINK_TARGET",
    "MAX_ITEMS",
    "MAX_LABEL",
    "MAX_SHORT",
    "MAX_TEXT",
    "NODE_DEFAULTS",
    "NODE_FIELDS",
    "NODE_KINDS",
    "duplicate_indicator_message",
    "edge",
    "edge_pair",
    "empty",
    "from_document",
    "new_id",
    "node",
    "normalize_edge",
    "normalize_node",
    "to_document",
]


def _fail(message: str, where: str) -> InvalidEntity:
    return InvalidEntity(message, where=where)


# -- the graph --------------------------------------------------------------------------


def empty() -> nx.DiGraph:
    """An empty ToC.

    >>> len(empty()), empty().graph["edge_ids"]
    (0, {})
    """
    G = nx.DiGraph()
    G.graph["edge_ids"] = {}
    return G


def node(G: nx.DiGraph, node_id: str) -> dict[str, Any]:
    """The full node dict (with ``id``) of ``node_id``; KeyError if absent."""
    return {"id": node_id, **G.nodes[node_id]}


def edge_pair(G: nx.DiGraph, edge_id: str) -> tuple[str, str]:
    """(source, target) of an edge id; KeyError if absent."""
    pair: tuple[str, str] = G.graph["edge_ids"][edge_id]
    return pair


def edge(G: nx.DiGraph, edge_id: str) -> dict[str, Any]:
    """The full edge dict (with ``id``, ``source``, ``target``); KeyError if absent."""
    u, v = edge_pair(G, edge_id)
    return {"source": u, "target": v, **G.edges[u, v]}


def put_node(G: nx.DiGraph, data: Mapping[str, Any]) -> None:
    """Insert or replace a normalized node in place (no validation)."""
    attrs = {k: v for k, v in data.items() if k != "id"}
    if data["id"] in G:
        # Replace, never mutate: copies made by :func:`copy` share attribute dicts.
        G._node[data["id"]] = attrs
    else:
        G.add_node(data["id"], **attrs)


def put_edge(G: nx.DiGraph, data: Mapping[str, Any]) -> None:
    """Insert or replace a normalized edge in place (no validation)."""
    old = G.graph["edge_ids"].get(data["id"])
    if old is not None:
        _unshare(G, succ=old[0], pred=old[1])
        G.remove_edge(*old)
    attrs = {k: v for k, v in data.items() if k not in ("source", "target")}
    _unshare(G, succ=data["source"], pred=data["target"])
    G.add_edge(data["source"], data["target"], **attrs)
    G.graph["edge_ids"][data["id"]] = (data["source"], data["target"])


def drop_edge(G: nx.DiGraph, edge_id: str) -> None:
    """Remove an edge by id in place."""
    u, v = G.graph["edge_ids"].pop(edge_id)
    _unshare(G, succ=u, pred=v)
    G.remove_edge(u, v)


def drop_node(G: nx.DiGraph, node_id: str) -> None:
    """Remove a node and its edges in place."""
    for _u, _v, eid in [*G.in_edges(node_id, data="id"), *G.out_edges(node_id, data="id")]:
        G.graph["edge_ids"].pop(eid, None)
    for v in G._succ[node_id]:
        _unshare(G, pred=v)
    for u in G._pred[node_id]:
        _unshare(G, succ=u)
    G.remove_node(node_id)


def copy(G: nx.DiGraph) -> nx.DiGraph:
    """A copy that can be changed with this module's functions without touching ``G``.

    Structural sharing, so a copy costs a few C-level dict copies, not one Python object
    per node (a 20,000-node ToC: about 2 ms instead of 35): the node and edge attribute
    dicts are shared (this package replaces them, never mutates them), and so are the
    per-node adjacency dicts until this module's functions change one: they copy it
    first, in either graph (copy on write, see :func:`_unshare`).

    >>> G = from_document({"nodes": [{"id": "a", "kind": "impact", "label": "x"}]})
    >>> H = copy(G); put_node(H, {**node(H, "a"), "label": "y"})
    >>> G.nodes["a"]["label"], H.nodes["a"]["label"]
    ('x', 'y')
    """
    H = nx.DiGraph()
    H.graph.update(G.graph)
    H.graph["edge_ids"] = dict(G.graph["edge_ids"])
    H._node.update(G._node)
    H._succ.update(G._succ)
    H._pred.update(G._pred)
    # Neither graph owns its adjacency dicts now; each copies one before changing it.
    G._toc_owned = (set(), set())
    H._toc_owned = (set(), set())
    return H


def _unshare(G: nx.DiGraph, succ: str | None = None, pred: str | None = None) -> None:
    """Make ``G``'s successor dict of ``succ`` and predecessor dict of ``pred`` its own
    (copied, once) when :func:`copy` left them shared with another graph."""
    owned = getattr(G, "_toc_owned", None)
    if owned is None:  # built here, never copied: every dict is its own
        return
    for node_id, adjacency, mine in ((succ, G._succ, owned[0]), (pred, G._pred, owned[1])):
        if node_id is not None and node_id not in mine and node_id in adjacency:
            adjacency[node_id] = dict(adjacency[node_id])
            mine.add(node_id)


def assemble(nodes: Iterable[dict[str, Any]], edges: Iterable[dict[str, Any]]) -> nx.DiGraph:
    """A ToC from already-normalised node and edge dicts, without validation.

    For trusted input only (a stored checkpoint). Takes ownership of the dicts: ``id``,
    ``source`` and ``target`` are popped from them. About 10x faster than
    :func:`from_document` because it fills the adjacency directly.

    >>> G = assemble([{"id": "a", "kind": "activity", "label": "x"},
    ...               {"id": "b", "kind": "output", "label": "y"}],
    ...              [{"id": "e", "source": "a", "target": "b", "relation": "leads_to"}])
    >>> edge(G, "e")["source"], list(G.successors("a"))
    ('a', ['b'])
    """
    G = empty()
    attrs, succ, pred, index = G._node, G._succ, G._pred, G.graph["edge_ids"]
    for data in nodes:
        nid = data.pop("id")
        attrs[nid] = data
        succ[nid] = {}
        pred[nid] = {}
    for data in edges:
        u, v = data.pop("source"), data.pop("target")
        succ[u][v] = data
        pred[v][u] = data
        index[data["id"]] = (u, v)
    return G


def from_document(doc: Any, where: str = "") -> nx.DiGraph:
    """Build and validate a ToC from the JSON document format ``{nodes, edges}``.

    Raises InvalidEntity naming the path of the first bad field.
    """
    prefix = f"{where}/" if where else ""
    if not isinstance(doc, Mapping):
        raise _fail("a document must be an object with nodes and edges", where or "document")
    G = empty()
    nodes = doc.get("nodes", [])
    edges = doc.get("edges", [])
    if not isinstance(nodes, list):
        raise _fail("must be a list", f"{prefix}nodes")
    if not isinstance(edges, list):
        raise _fail("must be a list", f"{prefix}edges")
    indicator_node: dict[str, str] = {}
    for i, raw in enumerate(nodes):
        data = normalize_node(raw, f"{prefix}nodes/{i}")
        if data["id"] in G:
            raise _fail(f"duplicate node id {data['id']!r}", f"{prefix}nodes/{i}/id")
        for j, indicator in enumerate(data["indicators"]):
            owner = indicator_node.setdefault(indicator["id"], data["id"])
            if owner != data["id"]:
                raise _fail(
                    duplicate_indicator_message(indicator["id"], owner),
                    f"{prefix}nodes/{i}/indicators/{j}/id",
                )
        put_node(G, data)
    for i, raw in enumerate(edges):
        data = normalize_edge(raw, f"{prefix}edges/{i}")
        _check_edge_fits(G, data, f"{prefix}edges/{i}")
        put_edge(G, data)
    return G


def duplicate_indicator_message(indicator_id: str, owner: str) -> str:
    """What a second indicator with an id another node's indicator has is told."""
    return (
        f"the indicator id {indicator_id!r} is taken by node {owner!r}: indicator ids are "
        "unique within a ToC (results are kept by indicator id)"
    )


def _check_edge_fits(G: nx.DiGraph, data: Mapping[str, Any], where: str) -> None:
    if data["id"] in G.graph["edge_ids"]:
        raise _fail(f"duplicate edge id {data['id']!r}", f"{where}/id")
    for end in ("source", "target"):
        if data[end] not in G:
            raise _fail(f"no node with id {data[end]!r}", f"{where}/{end}")
    if G.has_edge(data["source"], data["target"]):
        raise _fail("these two nodes are already connected in this direction", f"{where}/target")


def to_document(G: nx.DiGraph) -> dict[str, list[dict[str, Any]]]:
    """The JSON document format of a ToC: nodes and edges sorted by id (canonical)."""
    nodes = [{"id": n, **G._node[n]} for n in sorted(G._node)]
    edges = [
        {"source": u, "target": v, **data}
        for u, nbrs in G._succ.items()
        for v, data in nbrs.items()
    ]
    edges.sort(key=lambda e: e["id"])
    return {"nodes": nodes, "edges": edges}


def nodes_by_id(G: nx.DiGraph) -> dict[str, dict[str, Any]]:
    """Every node as a full dict, keyed by id."""
    return {n: node(G, n) for n in G.nodes}


def edges_by_id(G: nx.DiGraph) -> dict[str, dict[str, Any]]:
    """Every edge as a full dict, keyed by id."""
    return {e: edge(G, e) for e in G.graph["edge_ids"]}
