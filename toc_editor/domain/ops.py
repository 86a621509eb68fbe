"""Edit operations as plain data, applied all-or-nothing.

An op is a dict (xyflow's ``applyNodeChanges`` idea)::

    {"op": "add_node", "node": {...}}          {"op": "add_edge", "edge": {...}}
    {"op": "update_node", "id": ..., "set": {...}}   (null clears a field)
    {"op": "update_edge", "id": ..., "set": {...}}
    {"op": "remove_node", "id": ...}  (removes its edges)   {"op": "remove_edge", "id": ...}

``plan(G, ops)`` validates a batch and returns the :class:`Delta` without copying ``G``;
``apply(G, ops)`` returns a new graph. An invalid batch raises ``InvalidOp`` naming
``ops/<index>/<field>`` and leaves ``G`` untouched.

Examples
--------
>>> from .model import empty
>>> G = apply(empty(), [
...     {"op": "add_node", "node": {"id": "a", "kind": "activity", "label": "Mentoring"}},
...     {"op": "add_node", "node": {"id": "b", "kind": "output", "label": "Sessions held"}},
...     {"op": "add_edge", "edge": {"id": "e", "source": "a", "target": "b"}}])
>>> sorted(G.nodes), G.number_of_edges()
(['a', 'b'], 1)
>>> apply(G, [{"op": "update_node", "id": "a", "set": {"label": ""}}])
Traceback (most recent call last):
...
toc_editor.domain.errors.InvalidOp: must be 1-300 characters long (got 0)
>>> H = apply(G, [{"op": "remove_node", "id": "a"}])
>>> apply(H, inverse(G, [{"op": "remove_node", "id": "a"}])).number_of_edges()
1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import networkx as nx

from . import model
from .delta import Delta, current, indicator_clashes, patch
from .errors import InvalidEntity, InvalidOp, UnknownEntity

__all__ = ["OP_NAMES", "apply", "inverse", "ops_from_delta", "plan"]

OP_NAMES = ("add_node", "update_node", "remove_node", "add_edge", "update_edge", "remove_edge")
_OP_KEYS = {
    "add_node": {"op", "node"},
    "add_edge": {"op", "edge"},
    "update_node": {"op", "id", "set"},
    "update_edge": {"op", "id", "set"},
    "remove_node": {"op", "id"},
    "remove_edge": {"op", "id"},
}
MAX_OPS = 50_000

Op = Mapping[str, Any]


class _Overlay:
    """``G`` seen through the changes planned so far (no copy of ``G``)."""

    def __init__(self, G: nx.DiGraph) -> None:
        self.G = G
        self.delta = Delta()
        self.edge_origin: dict[str, int] = {}
        self.node_origin: dict[str, tuple[int, str]] = {}  # the last op that set a node

    def get(self, entity: str, eid: str) -> dict[str, Any] | None:
        section = self.delta.section(entity)
        if eid in section:
            return section[eid]
        return current(self.G, entity, eid)

    def incident_edges(self, node_id: str) -> list[str]:
        candidates = set(self.delta.edges)
        if node_id in self.G:
            candidates.update(eid for *_, eid in self.G.in_edges(node_id, data="id"))
            candidates.update(eid for *_, eid in self.G.out_edges(node_id, data="id"))
        found = []
        for eid in sorted(candidates):
            data = self.get("edge", eid)
            if data is not None and node_id in (data["source"], data["target"]):
                found.append(eid)
        return found


def _op_error(exc: InvalidEntity, index: int, key: str) -> InvalidOp:
    where = exc.where or key
    # normalize_* report paths relative to the key we passed in.
    return InvalidOp(exc.message, where=f"ops/{index}/{where}")


def _set_fields(
    old: Mapping[str, Any], changes: Any, defaults: Mapping[str, Any], index: int
) -> dict[str, Any]:
    if not isinstance(changes, Mapping):
        raise InvalidOp("must be an object of field: value", where=f"ops/{index}/set")
    new = dict(old)
    for key, value in changes.items():
        if key == "id":
            raise InvalidOp("an id cannot be changed", where=f"ops/{index}/set/id")
        if value is None and key in defaults:
            value = defaults[key]
        new[key] = value
    return new


def _plan_one(work: _Overlay, op: Any, index: int) -> None:
    if not isinstance(op, Mapping):
        raise InvalidOp("an op must be an object", where=f"ops/{index}")
    name = op.get("op")
    if name not in _OP_KEYS:
        raise InvalidOp(f"op must be one of {', '.join(OP_NAMES)}", where=f"ops/{index}/op")
    unknown = sorted(set(op) - _OP_KEYS[name])
    if unknown:
        raise InvalidOp(f"unknown field {unknown[0]!r} for {name}", f"ops/{index}/{unknown[0]}")
    entity = "node" if name.endswith("_node") else "edge"
    normalize = model.normalize_node if entity == "node" else model.normalize_edge
    defaults = model.NODE_DEFAULTS if entity == "node" else model.EDGE_DEFAULTS
    section = work.delta.section(entity)

    if name.startswith("add_"):
        raw = op.get(entity)
        if isinstance(raw, Mapping) and not raw.get("id"):
            raw = {**raw, "id": model.new_id()}
        try:
            data = normalize(raw, entity)
        except InvalidEntity as exc:
            raise _op_error(exc, index, entity) from None
        if work.get(entity, data["id"]) is not None:
            raise InvalidOp(
                f"a {entity} with id {data['id']!r} already exists", f"ops/{index}/{entity}/id"
            )
        section[data["id"]] = data
        if entity == "edge":
            work.edge_origin[data["id"]] = index
        else:
            work.node_origin[data["id"]] = (index, "node")
        return

    eid = op.get("id")
    if not isinstance(eid, str):
        raise InvalidOp("must be the id of an existing " + entity, where=f"ops/{index}/id")
    old = work.get(entity, eid)
    if old is None:
        raise UnknownEntity(f"no {entity} with id {eid!r}", where=f"ops/{index}/id")
    if name.startswith("update_"):
        new = _set_fields(old, op.get("set"), defaults, index)
        try:
            section[eid] = normalize(new, "set")
        except InvalidEntity as exc:
            raise _op_error(exc, index, "set") from None
        if entity == "edge":
            work.edge_origin[eid] = index
        else:
            work.node_origin[eid] = (index, "set")
        return
    if entity == "node":
        for edge_id in work.incident_edges(eid):
            work.delta.edges[edge_id] = None
    section[eid] = None


def _check_edges(work: _Overlay) -> None:
    """End-of-batch invariants: endpoints exist, one edge per ordered pair."""
    pairs: dict[tuple[str, str], str] = {}
    # In op order, so that of two edges on one pair the later op is the one blamed.
    for eid, data in sorted(
        work.delta.edges.items(), key=lambda e: (work.edge_origin.get(e[0], 0), e[0])
    ):
        if data is None:
            continue
        index = work.edge_origin.get(eid, 0)
        for end in ("source", "target"):
            if work.get("node", data[end]) is None:
                raise UnknownEntity(f"no node with id {data[end]!r}", f"ops/{index}/edge/{end}")
        pair = (data["source"], data["target"])
        other = pairs.get(pair)
        if other is None and work.G.has_edge(*pair):
            existing = work.G.edges[pair]["id"]
            if existing != eid and existing not in work.delta.edges:
                other = existing
        if other is not None:
            raise InvalidOp(
                f"these two nodes are already connected in this direction (edge {other!r})",
                f"ops/{index}/edge/target",
            )
        pairs[pair] = eid


def _check_indicator_ids(work: _Overlay) -> None:
    """End-of-batch invariant: an indicator id belongs to one node of the graph. Of two
    ops that give one id to two nodes, the later is blamed."""
    clashes = indicator_clashes(work.G, work.delta)
    new_in = {(nid, iid) for nid, _, iid, _ in clashes}
    blamed = []
    for nid, j, iid, other in clashes:
        index, key = work.node_origin[nid]
        if (other, iid) in new_in and work.node_origin[other][0] > index:
            continue  # the other node's op came later: that one is blamed
        blamed.append((index, key, j, iid, other))
    if blamed:
        index, key, j, iid, other = min(blamed)
        raise InvalidOp(
            model.duplicate_indicator_message(iid, other), f"ops/{index}/{key}/indicators/{j}/id"
        )


def plan(G: nx.DiGraph, ops: Sequence[Any]) -> Delta:
    """Validate a batch of ops against ``G`` and return the resulting delta.

    Raises InvalidOp (``where`` = ``ops/<index>/...``) on the first problem.
    """
    if not isinstance(ops, Sequence) or isinstance(ops, str | bytes):
        raise InvalidOp("ops must be a list", where="ops")
    if len(ops) > MAX_OPS:
        raise InvalidOp(f"at most {MAX_OPS} ops per commit", where="ops")
    work = _Overlay(G)
    for index, op in enumerate(ops):
        _plan_one(work, op, index)
    _check_edges(work)
    _check_indicator_ids(work)
    return work.delta


def apply(G: nx.DiGraph, ops: Sequence[Any]) -> nx.DiGraph:
    """A new graph with ``ops`` applied; ``G`` is never changed."""
    return patch(G, plan(G, ops))


def ops_from_delta(G: nx.DiGraph, delta: Delta) -> list[dict[str, Any]]:
    """Ops that turn ``G`` into ``patch(G, delta)``.

    Order: remove edges, add nodes, update nodes, update edges, add edges, remove nodes,
    so every intermediate reference is valid.
    """
    groups: dict[str, list[dict[str, Any]]] = {
        k: []
        for k in (
            "remove_edge",
            "add_node",
            "update_node",
            "update_edge",
            "add_edge",
            "remove_node",
        )
    }
    for entity, section in (("node", delta.nodes), ("edge", delta.edges)):
        for eid in sorted(section):
            after = section[eid]
            before = current(G, entity, eid)
            if after == before:
                continue
            if after is None:
                groups[f"remove_{entity}"].append({"op": f"remove_{entity}", "id": eid})
            elif before is None:
                groups[f"add_{entity}"].append({"op": f"add_{entity}", entity: after})
            else:
                changed = {k: v for k, v in after.items() if before.get(k) != v and k != "id"}
                groups[f"update_{entity}"].append(
                    {"op": f"update_{entity}", "id": eid, "set": changed}
                )
    return [op for group in groups.values() for op in group]


def inverse(G: nx.DiGraph, ops: Iterable[Any]) -> list[dict[str, Any]]:
    """Ops that undo ``ops`` when applied after them (``G`` is the graph before).

    Restores removed nodes together with the edges their removal took away.

    Every ``add_*`` op must carry its id: an id that :func:`apply` generates is random,
    so the ops returned here could not name it (they would remove some other, fresh id).
    Such a batch raises InvalidOp at ``ops/<index>/<node|edge>/id``.
    """
    batch = list(ops)
    delta = plan(G, batch)
    for index, op in enumerate(batch):
        if op["op"] in ("add_node", "add_edge"):
            entity = op["op"][4:]
            if not op[entity].get("id"):
                raise InvalidOp(
                    f"an added {entity} needs an id to be undone", f"ops/{index}/{entity}/id"
                )
    undo = Delta(
        nodes={nid: current(G, "node", nid) for nid in delta.nodes},
        edges={eid: current(G, "edge", eid) for eid in delta.edges},
    )
    return ops_from_delta(patch(G, delta), undo)
