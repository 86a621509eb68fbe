"""Hypothesis strategies for the domain: valid entities, graphs and op batches.

Op batches are built one op at a time against the graph they will see (each op is
applied to a running copy with ``ops.apply``), so every prefix of a valid batch is valid
and so is the batch. Invalid batches are a valid prefix followed by one bad op.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx
from hypothesis import HealthCheck
from hypothesis import strategies as st

from toc_editor.domain import model, ops

#: for ``@settings(suppress_health_check=...)``: whole graphs plus op batches are slow to
#: draw on a busy two-core machine, which is not a problem with the test.
SLOW_DATA = (HealthCheck.too_slow, HealthCheck.data_too_large)

# -- field values -----------------------------------------------------------------------

# Any text the model stores: no NUL and no lone surrogates (domain/text.py refuses both).
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00")
_WORDS = ("Mentoring", "Jobs", "Self-confidence", "Fewer NEET", "Été", "a", "  spaced  ")
# Mostly a few fixed words (one draw each, and equal labels on purpose), sometimes any text.
labels = (
    st.sampled_from(_WORDS)
    | st.sampled_from(_WORDS[:3])
    | st.text(_ALPHABET, min_size=1, max_size=24)
)
texts = st.just("") | st.sampled_from(_WORDS) | st.text(_ALPHABET, max_size=40)
short_lists = st.lists(st.text(_ALPHABET, min_size=1, max_size=12), max_size=3)
slugs = st.sampled_from(["youth-org", "main", "0", "sector-2024"])
id_tails = st.sampled_from(["n7", "A", "3f2a9c1e-0b7d", "x.y:z_1", "9-"])
# Most entities keep their defaults (cheap to draw); one in three fills optional fields.
_rich = st.integers(0, 2).map(lambda n: n == 0)
scalars = st.one_of(
    st.none(),
    st.integers(-1000, 1000),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.text(_ALPHABET, max_size=10),
)


@st.composite
def indicators(draw: st.DrawFn, index: int = 0) -> dict[str, Any]:
    if not draw(_rich):
        return {"id": f"ind{index}", "name": draw(labels)}
    return {
        "id": f"ind{index}-{draw(st.integers(0, 9))}",
        "name": draw(labels),
        "unit": draw(st.none() | texts),
        "baseline": draw(scalars),
        "target": draw(scalars),
        "source": draw(st.none() | texts),
        "vocabulary": draw(st.none() | st.sampled_from(["iris", "sdg"])),
        "code": draw(st.none() | st.text(_ALPHABET, max_size=6)),
    }


@st.composite
def indicator_lists(draw: st.DrawFn) -> list[dict[str, Any]]:
    count = draw(st.integers(0, 2))
    return [draw(indicators(i)) for i in range(count)]  # ids unique by index


def _owned(node_id: str, indicator_list: Any) -> Any:
    """Indicator ids are unique in a whole graph: give each node's its node id."""
    if not isinstance(indicator_list, list):
        return indicator_list
    return [{**ind, "id": f"{node_id}:{ind['id']}"} for ind in indicator_list]


@st.composite
def links(draw: st.DrawFn) -> dict[str, str]:
    target = f"{draw(slugs)}/{draw(slugs)}#{draw(id_tails)}"
    return {"target": target, "relation": draw(st.sampled_from(model.LINK_RELATIONS))}


evidence_items = st.fixed_dictionaries(
    {
        "title": labels,
        "url": st.none() | st.sampled_from(["https://example.org/a", "http://x.test/p?q=1"]),
        "strength": st.none() | st.sampled_from(model.EVIDENCE_STRENGTHS),
    }
)

#: node field -> strategy of a valid value (kind/horizon coherence is fixed by callers)
NODE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "kind": st.sampled_from(model.NODE_KINDS),
    "label": labels,
    "horizon": st.none() | st.sampled_from(model.HORIZONS),
    "description": texts,
    "indicators": indicator_lists(),
    "assumptions": short_lists,
    "tags": short_lists,
    "links": st.lists(links(), max_size=2),
}
EDGE_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "relation": st.sampled_from(model.EDGE_RELATIONS),
    "rationale": texts,
    "assumptions": short_lists,
    "evidence": st.lists(evidence_items, max_size=2),
    "confidence": st.none() | st.integers(0, 100),
}


# -- entities and graphs ----------------------------------------------------------------


@st.composite
def nodes(draw: st.DrawFn, node_id: str | None = None) -> dict[str, Any]:
    """A valid, normalized node (every field present)."""
    kind = draw(NODE_VALUES["kind"])
    raw: dict[str, Any] = {
        "id": node_id or f"n-{draw(id_tails)}",
        "kind": kind,
        "label": draw(labels),
    }
    if draw(_rich):
        for name in ("description", "indicators", "assumptions", "tags", "links"):
            if draw(st.booleans()):
                raw[name] = draw(NODE_VALUES[name])
        raw["indicators"] = _owned(raw["id"], raw.get("indicators", []))
    if kind == "outcome":
        raw["horizon"] = draw(NODE_VALUES["horizon"])
    return model.normalize_node(raw)


@st.composite
def edges(draw: st.DrawFn, source: str, target: str, edge_id: str) -> dict[str, Any]:
    """A valid, normalized edge between two given nodes."""
    raw: dict[str, Any] = {"id": edge_id, "source": source, "target": target}
    if draw(_rich):
        for name, values in EDGE_VALUES.items():
            if draw(st.booleans()):
                raw[name] = draw(values)
    return model.normalize_edge(raw)


@st.composite
def documents(draw: st.DrawFn, max_nodes: int = 15, prefix: str = "n") -> dict[str, Any]:
    """A valid ToC document: up to ``max_nodes`` nodes and a random set of edges."""
    count = draw(st.integers(0, max_nodes))
    node_ids = [f"{prefix}{i}" for i in range(count)]
    pairs = [(u, v) for u in node_ids for v in node_ids if u != v]
    chosen = (
        draw(st.lists(st.sampled_from(pairs), unique=True, max_size=2 * count)) if pairs else []
    )
    return {
        "nodes": [draw(nodes(nid)) for nid in node_ids],
        "edges": [draw(edges(u, v, f"e{i}")) for i, (u, v) in enumerate(chosen)],
    }


def graphs(max_nodes: int = 15, prefix: str = "n") -> st.SearchStrategy[nx.DiGraph]:
    """Whole valid ToC graphs."""
    return documents(max_nodes, prefix).map(model.from_document)


# -- op batches -------------------------------------------------------------------------


class _Ids:
    """Fresh ids for one batch, distinct from every id in the graph and from the ids
    another batch on the same graph gets (``prefix``)."""

    def __init__(self, prefix: str) -> None:
        self.prefix, self.count = prefix, 0

    def __call__(self, kind: str) -> str:
        self.count += 1
        return f"{self.prefix}{kind}{self.count}"


def _free_pairs(H: nx.DiGraph, allowed: set[str]) -> list[tuple[str, str]]:
    live = sorted(n for n in H if n in allowed)
    return [(u, v) for u in live for v in live if u != v and not H.has_edge(u, v)]


def _allowed_edges(H: nx.DiGraph, allowed: set[str]) -> list[str]:
    return sorted(
        eid for eid, (u, v) in H.graph["edge_ids"].items() if u in allowed and v in allowed
    )


@st.composite
def _node_update(draw: st.DrawFn, current: dict[str, Any]) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(sorted(NODE_VALUES)), unique=True, min_size=1))
    changes: dict[str, Any] = {}
    for name in names:
        if name in model.NODE_DEFAULTS and draw(st.integers(0, 4)) == 0:
            changes[name] = None  # null clears to the default
        else:
            changes[name] = draw(NODE_VALUES[name])
    if "indicators" in changes:
        changes["indicators"] = _owned(current["id"], changes["indicators"])
    kind = changes.get("kind", current["kind"])
    horizon = changes.get("horizon", current["horizon"])
    if kind != "outcome" and horizon is not None:
        changes["horizon"] = None
    return changes


@st.composite
def _edge_update(draw: st.DrawFn, H: nx.DiGraph, eid: str, allowed: set[str]) -> dict[str, Any]:
    names = draw(st.lists(st.sampled_from(sorted(EDGE_VALUES)), unique=True, max_size=3))
    changes: dict[str, Any] = {}
    for name in names:
        if name in model.EDGE_DEFAULTS and draw(st.integers(0, 4)) == 0:
            changes[name] = None
        else:
            changes[name] = draw(EDGE_VALUES[name])
    free = _free_pairs(H, allowed)
    if free and (not changes or draw(st.booleans())):
        source, target = draw(st.sampled_from(free))
        old_source, old_target = model.edge_pair(H, eid)
        if source != old_source:
            changes["source"] = source
        if target != old_target:
            changes["target"] = target
    if not changes:
        changes["rationale"] = draw(texts)
    return changes


@st.composite
def _one_op(
    draw: st.DrawFn, H: nx.DiGraph, allowed: set[str], fresh: _Ids, removable: set[str]
) -> dict[str, Any]:
    live = sorted(n for n in H if n in allowed)
    edge_ids = _allowed_edges(H, allowed)
    choices = ["add_node"]
    if live:
        choices += ["update_node", "update_node"]
    if any(n in removable for n in live):
        choices.append("remove_node")
    if _free_pairs(H, allowed):
        choices += ["add_edge", "add_edge"]
    if edge_ids:
        choices += ["update_edge", "update_edge", "remove_edge"]
    name = draw(st.sampled_from(choices))
    if name == "add_node":
        nid = fresh("node")
        allowed.add(nid)
        removable.add(nid)
        return {"op": name, "node": draw(nodes(nid))}
    if name == "update_node":
        nid = draw(st.sampled_from(live))
        return {"op": name, "id": nid, "set": draw(_node_update(model.node(H, nid)))}
    if name == "remove_node":
        return {"op": name, "id": draw(st.sampled_from([n for n in live if n in removable]))}
    if name == "add_edge":
        source, target = draw(st.sampled_from(_free_pairs(H, allowed)))
        return {"op": name, "edge": draw(edges(source, target, fresh("edge")))}
    eid = draw(st.sampled_from(edge_ids))
    if name == "update_edge":
        return {"op": name, "id": eid, "set": draw(_edge_update(H, eid, allowed))}
    return {"op": name, "id": eid}


@st.composite
def op_batches(
    draw: st.DrawFn,
    G: nx.DiGraph,
    *,
    min_size: int = 0,
    max_size: int = 8,
    touch: set[str] | None = None,
    keep: Collection[str] = (),
    prefix: str = "x",
) -> list[dict[str, Any]]:
    """A valid batch of ops on ``G``.

    ``touch`` limits the existing nodes (and edges between them) the batch may change;
    nodes in ``keep`` are never removed; new ids start with ``prefix``.
    """
    allowed = set(G) if touch is None else set(touch)
    removable = allowed - set(keep)
    fresh = _Ids(prefix)
    H = G
    batch: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(min_size, max_size))):
        op = draw(_one_op(H, allowed, fresh, removable))
        H = ops.apply(H, [op])
        batch.append(op)
    return batch


def graphs_and_batches(
    max_nodes: int = 15, max_ops: int = 8
) -> st.SearchStrategy[tuple[nx.DiGraph, list[dict[str, Any]]]]:
    """A graph with a valid op batch on it."""
    return graphs(max_nodes).flatmap(
        lambda G: st.tuples(st.just(G), op_batches(G, max_size=max_ops))
    )


# -- invalid ops --------------------------------------------------------------------------

BAD_OP_KINDS = (
    "bad_op_name",
    "not_an_object",
    "unknown_op_key",
    "bad_kind",
    "label_too_long",
    "horizon_on_activity",
    "unknown_node_id",
    "unknown_edge_id",
    "self_loop",
    "duplicate_pair",
    "duplicate_node_id",
    "unknown_field",
    "change_id",
    "bad_confidence",
    "javascript_url",
    "missing_endpoint",
)


@st.composite
def bad_ops(draw: st.DrawFn, H: nx.DiGraph) -> tuple[str, Any]:
    """(what is wrong, an op that is invalid against ``H``)."""
    live = sorted(H)
    edge_ids = sorted(H.graph["edge_ids"])
    kinds = [
        "bad_op_name",
        "not_an_object",
        "unknown_op_key",
        "bad_kind",
        "label_too_long",
        "horizon_on_activity",
        "unknown_node_id",
        "unknown_edge_id",
        "missing_endpoint",
    ]
    if live:
        kinds += ["self_loop", "duplicate_node_id", "unknown_field", "change_id"]
    if len(live) >= 2:
        kinds += ["bad_confidence", "javascript_url"]
    if edge_ids:
        kinds.append("duplicate_pair")
    what = draw(st.sampled_from(kinds))
    good = {"id": "bad-new", "kind": "impact", "label": "A fine label"}
    if what == "bad_op_name":
        return what, {"op": draw(st.sampled_from(["add", "delete_node", "", None])), "id": "x"}
    if what == "not_an_object":
        return what, draw(st.sampled_from(["add_node", 3, None, ["op"]]))
    if what == "unknown_op_key":
        return what, {"op": "add_node", "node": good, "extra": 1}
    if what == "bad_kind":
        return what, {"op": "add_node", "node": {**good, "kind": "wish"}}
    if what == "label_too_long":
        return what, {"op": "add_node", "node": {**good, "label": "x" * (model.MAX_LABEL + 1)}}
    if what == "horizon_on_activity":
        return what, {"op": "add_node", "node": {**good, "kind": "activity", "horizon": "short"}}
    if what == "unknown_node_id":
        verb = draw(st.sampled_from(["update_node", "remove_node"]))
        op: dict[str, Any] = {"op": verb, "id": "missing-node"}
        if verb == "update_node":
            op["set"] = {"label": "x"}
        return what, op
    if what == "unknown_edge_id":
        verb = draw(st.sampled_from(["update_edge", "remove_edge"]))
        op = {"op": verb, "id": "missing-edge"}
        if verb == "update_edge":
            op["set"] = {"rationale": "x"}
        return what, op
    if what == "missing_endpoint":
        source = live[0] if live else "missing-a"
        return what, {
            "op": "add_edge",
            "edge": {"id": "bad-edge", "source": source, "target": "missing-node"},
        }
    if what == "self_loop":
        n = draw(st.sampled_from(live))
        return what, {"op": "add_edge", "edge": {"id": "bad-edge", "source": n, "target": n}}
    if what == "duplicate_node_id":
        return what, {"op": "add_node", "node": {**good, "id": draw(st.sampled_from(live))}}
    if what == "unknown_field":
        n = draw(st.sampled_from(live))
        return what, {"op": "update_node", "id": n, "set": {"colour": "red"}}
    if what == "change_id":
        n = draw(st.sampled_from(live))
        return what, {"op": "update_node", "id": n, "set": {"id": "other"}}
    if what in ("bad_confidence", "javascript_url"):
        u, v = live[0], live[1]
        body: dict[str, Any] = {"id": "bad-edge", "source": u, "target": v}
        if H.has_edge(u, v):
            body["source"], body["target"] = v, u
        if H.has_edge(body["source"], body["target"]):  # both directions taken: update instead
            eid = H.edges[u, v]["id"]
            if what == "bad_confidence":
                return what, {"op": "update_edge", "id": eid, "set": {"confidence": 101}}
            bad_ev = [{"title": "t", "url": "javascript:alert(1)"}]
            return what, {"op": "update_edge", "id": eid, "set": {"evidence": bad_ev}}
        if what == "bad_confidence":
            body["confidence"] = draw(st.sampled_from([101, -1, 2.5, True, "50"]))
        else:
            url = draw(st.sampled_from(["javascript:alert(1)", "data:text/html,x", "ftp://x"]))
            body["evidence"] = [{"title": "t", "url": url}]
        return what, {"op": "add_edge", "edge": body}
    # duplicate_pair
    u, v = model.edge_pair(H, draw(st.sampled_from(edge_ids)))
    return what, {"op": "add_edge", "edge": {"id": "bad-edge", "source": u, "target": v}}


@st.composite
def invalid_batches(draw: st.DrawFn, G: nx.DiGraph) -> tuple[list[dict[str, Any]], int, str]:
    """(batch, index of the bad op, what is wrong): a valid prefix, then one bad op."""
    prefix = draw(op_batches(G, max_size=4, prefix="p"))
    H = ops.apply(G, prefix)
    what, bad = draw(bad_ops(H))
    return [*prefix, bad], len(prefix), what
