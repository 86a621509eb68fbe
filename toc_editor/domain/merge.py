"""Three-way merge of ToC changes, property by property, matched by id.

Given a base graph and what each side changed since (two deltas), :func:`merge` returns the
combined delta on the base and the conflicts. Rules (DESIGN.md):

- changed on one side only -> take it; the same change on both sides -> fine;
- ``both_changed``: one field changed differently on the two sides;
- ``delete_modify``: one side removed an entity the other changed;
- ``add_add``: both sides added one id with different content;
- ``dangling_edge``: an edge one side added or changed whose endpoint the other removed;
- ``invalid``: the combined graph breaks an invariant (e.g. two edges on one pair).

Conflict ids are a hash of (kind, entity, id, field), so the same inputs give the same ids
and a client can answer them with ``resolutions = {conflict_id: ("ours"|"theirs"|"value",
value)}``. ``take="ours"`` on a ``dangling_edge`` keeps ours' view of the edge *and* of its
endpoints (so a node the other side removed comes back); the other side's choice drops it.

Examples
--------
>>> from .model import from_document, node
>>> base = from_document({"nodes": [{"id": "n", "kind": "outcome", "label": "Skills"}]})
>>> ours = Delta(nodes={"n": {**node(base, "n"), "label": "Job skills"}})
>>> theirs = Delta(nodes={"n": {**node(base, "n"), "description": "Measured at exit"}})
>>> result = merge(base, ours, theirs)
>>> result.conflicts, result.delta.nodes["n"]["label"], result.delta.nodes["n"]["description"]
([], 'Job skills', 'Measured at exit')
>>> theirs = Delta(nodes={"n": {**node(base, "n"), "label": "Work skills"}})
>>> [c["kind"] for c in merge(base, ours, theirs).conflicts]
['both_changed']
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from . import model
from .delta import Delta, current, indicator_clashes
from .errors import InvalidEntity

__all__ = ["CONFLICT_KINDS", "MergeResult", "conflict_id", "merge", "validate_delta"]

CONFLICT_KINDS = ("both_changed", "delete_modify", "add_add", "dangling_edge", "invalid")
Resolution = tuple[str, Any]
Entity = dict[str, Any]
_MISSING = object()


@dataclass
class MergeResult:
    """The combined delta on the base, and the conflicts still open (empty = clean)."""

    delta: Delta
    conflicts: list[dict[str, Any]] = field(default_factory=list)


def conflict_id(kind: str, entity: str, entity_id: str, field_name: str | None) -> str:
    """A stable id for a conflict.

    >>> conflict_id("both_changed", "node", "n", "label") == conflict_id(
    ...     "both_changed", "node", "n", "label")
    True
    """
    key = f"{kind}|{entity}|{entity_id}|{field_name or ''}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def _conflict(
    kind: str,
    entity: str,
    eid: str,
    fname: str | None,
    base: Any,
    ours: Any,
    theirs: Any,
    message: str,
) -> dict[str, Any]:
    return {
        "id": conflict_id(kind, entity, eid, fname),
        "kind": kind,
        "entity": entity,
        "entity_id": eid,
        "field": fname,
        "base": base,
        "ours": ours,
        "theirs": theirs,
        "message": message,
    }


def _pick(take: str, value: Any, ours: Any, theirs: Any) -> Any:
    if take == "ours":
        return ours
    if take == "theirs":
        return theirs
    return value


class _Merger:
    def __init__(
        self, base: nx.DiGraph, ours: Delta, theirs: Delta, resolutions: Mapping[str, Resolution]
    ) -> None:
        self.base, self.ours, self.theirs = base, ours, theirs
        self.resolutions = resolutions
        self.out = Delta()
        self.conflicts: list[dict[str, Any]] = []

    def side(self, delta: Delta, entity: str, eid: str) -> Entity | None:
        section = delta.section(entity)
        return section[eid] if eid in section else current(self.base, entity, eid)

    def resolve_or_report(self, conflict: dict[str, Any]) -> Any:
        """The resolved value, or ``_MISSING`` after recording an open conflict."""
        answer = self.resolutions.get(conflict["id"])
        if answer is None:
            self.conflicts.append(conflict)
            return _MISSING
        take, value = answer
        return _pick(take, value, conflict["ours"], conflict["theirs"])

    def label(self, nid: str) -> str | None:
        for version in (
            self.side(self.ours, "node", nid),
            self.side(self.theirs, "node", nid),
            current(self.base, "node", nid),
        ):
            if isinstance(version, Mapping) and isinstance(version.get("label"), str):
                text: str = version["label"]
                return text if len(text) <= 60 else text[:57] + "..."
        return None

    def name(self, entity: str, eid: str) -> str:
        """How a person would name an entity: ``node 'Label'``, ``edge 'A' -> 'B'``."""
        if entity == "node":
            label = self.label(eid)
            return f"node '{label}'" if label else f"node {eid}"
        for version in (
            self.side(self.ours, "edge", eid),
            self.side(self.theirs, "edge", eid),
            current(self.base, "edge", eid),
        ):
            if isinstance(version, Mapping):
                ends = [self.label(str(version.get(k))) for k in ("source", "target")]
                if all(ends):
                    return f"edge '{ends[0]}' -> '{ends[1]}'"
        return f"edge {eid}"

    def entity(self, entity: str, eid: str) -> None:
        b = current(self.base, entity, eid)
        o = self.side(self.ours, entity, eid)
        t = self.side(self.theirs, entity, eid)
        section = self.out.section(entity)
        if o == t:
            result: Any = o
        elif o == b:
            result = t
        elif t == b:
            result = o
        elif b is None:
            result = self.resolve_or_report(
                _conflict(
                    "add_add",
                    entity,
                    eid,
                    None,
                    None,
                    o,
                    t,
                    f"both sides added {self.name(entity, eid)} with different content",
                )
            )
        elif o is None or t is None:
            result = self.resolve_or_report(
                _conflict(
                    "delete_modify",
                    entity,
                    eid,
                    None,
                    b,
                    o,
                    t,
                    f"one side removed {self.name(entity, eid)}, the other changed it",
                )
            )
        else:
            result = self.fields(entity, eid, b, o, t)
        if result is not _MISSING and result != b:
            section[eid] = result

    def fields(self, entity: str, eid: str, b: Entity, o: Entity, t: Entity) -> Any:
        merged: Entity = {}
        open_conflict = False
        for key in o.keys() | t.keys():
            bf, of, tf = b.get(key), o.get(key), t.get(key)
            if of == tf or tf == bf:
                merged[key] = of
            elif of == bf:
                merged[key] = tf
            else:
                value = self.resolve_or_report(
                    _conflict(
                        "both_changed",
                        entity,
                        eid,
                        key,
                        bf,
                        of,
                        tf,
                        f"the {key} of {self.name(entity, eid)} was changed differently on "
                        "each side",
                    )
                )
                if value is _MISSING:
                    open_conflict = True
                merged[key] = value
        return _MISSING if open_conflict else merged

    def dangling(self) -> None:
        """Edges present in the result whose endpoint the result no longer has."""
        # Find them all before answering any: answering one with "keep" restores its
        # endpoint, which must not hide (and so silently keep) another edge on that node.
        found: list[tuple[str, str, str]] = []
        for eid in sorted(self.ours.edges.keys() | self.theirs.edges.keys()):
            edge = self.result("edge", eid)
            if not isinstance(edge, Mapping):
                # None, or a malformed resolution value that validate_delta reports.
                continue
            for end in ("source", "target"):
                nid = edge.get(end)
                if isinstance(nid, str) and self.result("node", nid) is None:
                    found.append((eid, end, nid))
        for eid, end, nid in found:
            o_has = self.side(self.ours, "edge", eid) is not None
            conflict = _conflict(
                "dangling_edge",
                "edge",
                eid,
                end,
                current(self.base, "edge", eid),
                self.side(self.ours, "edge", eid),
                self.side(self.theirs, "edge", eid),
                f"{self.name('edge', eid)} points at {self.name('node', nid)}, which the "
                f"{'other side' if o_has else 'our side'} removed",
            )
            answer = self.resolutions.get(conflict["id"])
            if answer is None:
                self.conflicts.append(conflict)
                continue
            take, value = answer
            keeper = self.ours if take == "ours" else self.theirs
            chosen = _pick(take, value, conflict["ours"], conflict["theirs"])
            self.out.edges[eid] = chosen
            if chosen is not None:
                restored = self.side(keeper, "node", nid) or current(self.base, "node", nid)
                if restored is not None:
                    self.out.nodes[nid] = restored

    def result(self, entity: str, eid: str) -> Entity | None:
        section = self.out.section(entity)
        return section[eid] if eid in section else current(self.base, entity, eid)

    def report_invalid(self, problem: dict[str, Any]) -> None:
        """Record an ``invalid`` conflict with each side's view of the entity."""
        problem["ours"] = self.side(self.ours, problem["entity"], problem["entity_id"])
        problem["theirs"] = self.side(self.theirs, problem["entity"], problem["entity_id"])
        self.conflicts.append(problem)

    def normalize_out(self) -> None:
        """Store the validated result in normal form: a resolution ``value`` may omit
        fields (defaults are filled in) or indicator ids (they are generated)."""
        for entity in ("node", "edge"):
            normalize = model.normalize_node if entity == "node" else model.normalize_edge
            section = self.out.section(entity)
            for eid, data in section.items():
                if data is not None:
                    section[eid] = normalize(data, entity)

    def run(self) -> MergeResult:
        for entity in ("node", "edge"):
            ids = self.ours.section(entity).keys() | self.theirs.section(entity).keys()
            for eid in sorted(ids):
                self.entity(entity, eid)
        self.dangling()
        if not self.conflicts:
            for problem in validate_delta(self.base, self.out):
                answer = self.resolutions.get(problem["id"])
                if answer is None:
                    self.report_invalid(problem)
                    continue
                take, value = answer
                chosen = _pick(
                    take,
                    value,
                    self.side(self.ours, problem["entity"], problem["entity_id"]),
                    self.side(self.theirs, problem["entity"], problem["entity_id"]),
                )
                self.out.section(problem["entity"])[problem["entity_id"]] = chosen
            if not self.conflicts:
                for problem in validate_delta(self.base, self.out):
                    self.report_invalid(problem)
        if not self.conflicts:
            self.normalize_out()
        return MergeResult(self.out, sorted(self.conflicts, key=lambda c: c["id"]))


def merge(
    base: nx.DiGraph,
    ours: Delta,
    theirs: Delta,
    resolutions: Mapping[str, Resolution] | None = None,
) -> MergeResult:
    """Combine two sets of changes made on ``base``.

    ``result.delta`` applied to ``base`` is the merged graph when ``result.conflicts`` is
    empty. Swapping ``ours`` and ``theirs`` gives the same graph and the same conflict ids.
    """
    return _Merger(base, ours, theirs, resolutions or {}).run()


def validate_delta(base: nx.DiGraph, delta: Delta) -> list[dict[str, Any]]:
    """``invalid`` conflicts for every invariant ``patch(base, delta)`` would break.

    Checks only what the delta touches, so it costs O(size of the delta).
    """
    problems: list[dict[str, Any]] = []

    def bad(entity: str, eid: str, fname: str | None, message: str) -> None:
        problems.append(
            _conflict(
                "invalid", entity, eid, fname, current(base, entity, eid), None, None, message
            )
        )

    def node_after(nid: str) -> Entity | None:
        return delta.nodes[nid] if nid in delta.nodes else current(base, "node", nid)

    for entity, section in (("node", delta.nodes), ("edge", delta.edges)):
        normalize = model.normalize_node if entity == "node" else model.normalize_edge
        for eid, data in sorted(section.items()):
            if data is None:
                continue
            try:
                normal = normalize(data, entity)
            except InvalidEntity as exc:
                # where is "node/<field>/...", or just "node" when data is not an object.
                parts = (exc.where or "").split("/")
                bad(entity, eid, parts[1] if len(parts) > 1 else None, exc.message)
                continue
            if normal["id"] != eid:
                bad(entity, eid, "id", f"{entity} {eid} cannot take the id {normal['id']}")
    pairs: dict[tuple[str, str], str] = {}
    for eid, data in sorted(delta.edges.items()):
        if not isinstance(data, Mapping) or not all(
            isinstance(data.get(end), str) for end in ("source", "target")
        ):
            continue  # removed, or malformed (reported above)
        for end in ("source", "target"):
            if node_after(data[end]) is None:
                bad("edge", eid, end, f"edge {eid} points at missing node {data[end]}")
        pair = (data["source"], data["target"])
        other = pairs.get(pair)
        if other is None and base.has_edge(*pair):
            existing = base.edges[pair]["id"]
            if existing != eid and existing not in delta.edges:
                other = existing
        if other is not None:
            bad("edge", eid, "target", f"edges {other} and {eid} connect the same two nodes")
        pairs[pair] = eid
    for nid, data in delta.nodes.items():
        if data is None and nid in base:
            for *_, eid in [*base.in_edges(nid, data="id"), *base.out_edges(nid, data="id")]:
                if eid not in delta.edges:
                    bad("edge", eid, "source", f"edge {eid} points at removed node {nid}")
    if not problems:  # the nodes are well formed: their indicators can be read
        for nid, _j, iid, other in indicator_clashes(base, delta):
            bad("node", nid, "indicators", model.duplicate_indicator_message(iid, other))
    return problems
