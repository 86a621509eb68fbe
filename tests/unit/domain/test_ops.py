"""Edit operations: each op, all-or-nothing batches, ``where`` paths, inverse."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc_editor.domain import model, ops
from toc_editor.domain.delta import patch
from toc_editor.domain.errors import InvalidOp, UnknownEntity

from .strategies import SLOW_DATA, graphs, graphs_and_batches, invalid_batches, op_batches

BASE = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Coaching", "description": "Weekly"},
        {"id": "p", "kind": "output", "label": "Sessions held", "tags": ["core"]},
        {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
        {"id": "i", "kind": "impact", "label": "Fewer NEET"},
    ],
    "edges": [
        {"id": "e1", "source": "a", "target": "p", "confidence": 80},
        {"id": "e2", "source": "p", "target": "o", "rationale": "Practice"},
        {"id": "e3", "source": "o", "target": "i"},
    ],
}


@pytest.fixture
def G():
    return model.from_document(BASE)


def doc(G):
    return model.to_document(G)


def invalid(G, batch):
    """Run an invalid batch; return the error after checking G was not touched."""
    before = doc(G)
    with pytest.raises(InvalidOp) as info:
        ops.apply(G, batch)
    assert doc(G) == before
    return info.value


# -- add_node ---------------------------------------------------------------------------


def test_add_node(G):
    H = ops.apply(G, [{"op": "add_node", "node": {"id": "m", "kind": "outcome", "label": "Job"}}])
    assert model.node(H, "m") == model.normalize_node(
        {"id": "m", "kind": "outcome", "label": "Job"}
    )


def test_add_node_generates_id_when_omitted(G):
    H = ops.apply(G, [{"op": "add_node", "node": {"kind": "impact", "label": "New"}}])
    (new,) = set(H) - set(G)
    assert model.ID_PATTERN.fullmatch(new)
    assert H.nodes[new]["label"] == "New"


def test_add_node_generates_id_when_empty(G):
    H = ops.apply(G, [{"op": "add_node", "node": {"id": "", "kind": "impact", "label": "New"}}])
    assert len(H) == len(G) + 1


def test_add_node_generated_ids_differ(G):
    add = {"op": "add_node", "node": {"kind": "impact", "label": "New"}}
    H = ops.apply(G, [add, add])
    assert len(H) == len(G) + 2


def test_add_edge_generates_id_when_omitted(G):
    H = ops.apply(G, [{"op": "add_edge", "edge": {"source": "a", "target": "o"}}])
    (new,) = set(H.graph["edge_ids"]) - set(G.graph["edge_ids"])
    assert model.edge_pair(H, new) == ("a", "o")


def test_add_node_existing_id(G):
    err = invalid(G, [{"op": "add_node", "node": {"id": "a", "kind": "impact", "label": "x"}}])
    assert err.where == "ops/0/node/id"


def test_add_node_bad_field_path(G):
    err = invalid(G, [{"op": "add_node", "node": {"id": "m", "kind": "wish", "label": "x"}}])
    assert err.where == "ops/0/node/kind"


def test_add_node_not_an_object(G):
    assert invalid(G, [{"op": "add_node", "node": "m"}]).where == "ops/0/node"


def test_add_then_update_in_one_batch(G):
    H = ops.apply(
        G,
        [
            {"op": "add_node", "node": {"id": "m", "kind": "outcome", "label": "Job"}},
            {"op": "update_node", "id": "m", "set": {"horizon": "long"}},
        ],
    )
    assert H.nodes["m"]["horizon"] == "long"


def test_remove_then_add_same_id(G):
    H = ops.apply(
        G,
        [
            {"op": "remove_node", "id": "p"},
            {"op": "add_node", "node": {"id": "p", "kind": "output", "label": "Again"}},
        ],
    )
    assert H.nodes["p"]["label"] == "Again"
    assert H.degree("p") == 0


# -- update_node ------------------------------------------------------------------------


def test_update_node_field(G):
    H = ops.apply(G, [{"op": "update_node", "id": "o", "set": {"label": "Self-confidence"}}])
    assert H.nodes["o"]["label"] == "Self-confidence"
    assert H.nodes["o"]["horizon"] == "short"


def test_update_node_keeps_edges(G):
    H = ops.apply(G, [{"op": "update_node", "id": "p", "set": {"label": "Held"}}])
    assert H.graph["edge_ids"] == G.graph["edge_ids"]


@pytest.mark.parametrize(
    ("node_id", "field"),
    [("a", "description"), ("p", "tags"), ("o", "horizon")],
)
def test_update_node_null_clears_to_default(G, node_id, field):
    H = ops.apply(G, [{"op": "update_node", "id": node_id, "set": {field: None}}])
    assert H.nodes[node_id][field] == model.NODE_DEFAULTS[field]


def test_update_node_null_label_is_rejected(G):
    assert invalid(G, [{"op": "update_node", "id": "a", "set": {"label": None}}]).where == (
        "ops/0/set/label"
    )


def test_update_node_kind_without_clearing_horizon(G):
    err = invalid(G, [{"op": "update_node", "id": "o", "set": {"kind": "activity"}}])
    assert err.where == "ops/0/set/horizon"


def test_update_node_kind_and_clear_horizon(G):
    H = ops.apply(
        G, [{"op": "update_node", "id": "o", "set": {"kind": "activity", "horizon": None}}]
    )
    assert (H.nodes["o"]["kind"], H.nodes["o"]["horizon"]) == ("activity", None)


def test_update_node_unknown_field(G):
    err = invalid(G, [{"op": "update_node", "id": "a", "set": {"colour": "red"}}])
    assert err.where == "ops/0/set/colour"


def test_update_node_cannot_change_id(G):
    assert invalid(G, [{"op": "update_node", "id": "a", "set": {"id": "b"}}]).where == (
        "ops/0/set/id"
    )


def test_update_node_set_not_an_object(G):
    assert invalid(G, [{"op": "update_node", "id": "a", "set": ["label"]}]).where == "ops/0/set"


def test_update_node_without_set(G):
    assert invalid(G, [{"op": "update_node", "id": "a"}]).where == "ops/0/set"


def test_update_unknown_node(G):
    batch = [{"op": "update_node", "id": "ghost", "set": {"label": "x"}}]
    with pytest.raises(UnknownEntity) as info:
        ops.apply(G, batch)
    assert info.value.where == "ops/0/id"


def test_update_node_id_not_a_string(G):
    assert invalid(G, [{"op": "update_node", "id": 3, "set": {}}]).where == "ops/0/id"


def test_update_node_label_too_long(G):
    err = invalid(G, [{"op": "update_node", "id": "a", "set": {"label": "x" * 301}}])
    assert err.where == "ops/0/set/label"


# -- remove_node ------------------------------------------------------------------------


def test_remove_node(G):
    H = ops.apply(G, [{"op": "remove_node", "id": "i"}])
    assert "i" not in H


def test_remove_node_removes_its_edges(G):
    H = ops.apply(G, [{"op": "remove_node", "id": "p"}])
    assert sorted(H.graph["edge_ids"]) == ["e3"]
    assert not H.has_edge("a", "p")


def test_remove_node_removes_edges_added_in_the_batch(G):
    H = ops.apply(
        G,
        [
            {"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "i"}},
            {"op": "remove_node", "id": "i"},
        ],
    )
    assert "x" not in H.graph["edge_ids"]


def test_remove_unknown_node(G):
    with pytest.raises(UnknownEntity):
        ops.apply(G, [{"op": "remove_node", "id": "ghost"}])


def test_remove_node_twice(G):
    err = invalid(G, [{"op": "remove_node", "id": "a"}, {"op": "remove_node", "id": "a"}])
    assert err.where == "ops/1/id"


def test_update_edge_of_removed_node(G):
    batch = [
        {"op": "remove_node", "id": "a"},
        {"op": "update_edge", "id": "e1", "set": {"rationale": "x"}},
    ]
    assert invalid(G, batch).where == "ops/1/id"


# -- add_edge ---------------------------------------------------------------------------


def test_add_edge(G):
    H = ops.apply(G, [{"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "o"}}])
    assert model.edge(H, "x") == model.normalize_edge({"id": "x", "source": "a", "target": "o"})


def test_add_edge_to_node_added_later_in_batch(G):
    H = ops.apply(
        G,
        [
            {"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "m"}},
            {"op": "add_node", "node": {"id": "m", "kind": "output", "label": "M"}},
        ],
    )
    assert model.edge_pair(H, "x") == ("a", "m")


def test_add_edge_missing_endpoint(G):
    batch = [{"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "ghost"}}]
    with pytest.raises(UnknownEntity) as info:
        ops.apply(G, batch)
    assert info.value.where == "ops/0/edge/target"


def test_add_edge_self_loop(G):
    batch = [{"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "a"}}]
    assert invalid(G, batch).where == "ops/0/edge/target"


def test_add_edge_duplicate_pair(G):
    batch = [{"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "p"}}]
    err = invalid(G, batch)
    assert err.where == "ops/0/edge/target"
    assert "e1" in err.message


def test_add_edge_duplicate_pair_blames_the_later_op(G):
    batch = [
        {"op": "add_edge", "edge": {"id": "z", "source": "a", "target": "o"}},
        {"op": "update_node", "id": "a", "set": {"label": "x"}},
        {"op": "add_edge", "edge": {"id": "b", "source": "a", "target": "o"}},
    ]
    assert invalid(G, batch).where == "ops/2/edge/target"


def test_add_edge_on_pair_freed_in_the_same_batch(G):
    H = ops.apply(
        G,
        [
            {"op": "add_edge", "edge": {"id": "x", "source": "a", "target": "p"}},
            {"op": "remove_edge", "id": "e1"},
        ],
    )
    assert H.edges["a", "p"]["id"] == "x"


def test_add_edge_existing_id(G):
    batch = [{"op": "add_edge", "edge": {"id": "e1", "source": "a", "target": "o"}}]
    assert invalid(G, batch).where == "ops/0/edge/id"


def test_add_edge_reverse_direction_is_fine(G):
    H = ops.apply(G, [{"op": "add_edge", "edge": {"id": "x", "source": "p", "target": "a"}}])
    assert H.has_edge("p", "a")


# -- update_edge ------------------------------------------------------------------------


def test_update_edge_field(G):
    H = ops.apply(G, [{"op": "update_edge", "id": "e2", "set": {"relation": "enables"}}])
    assert model.edge(H, "e2")["relation"] == "enables"
    assert model.edge(H, "e2")["rationale"] == "Practice"


@pytest.mark.parametrize(("edge_id", "field"), [("e1", "confidence"), ("e2", "rationale")])
def test_update_edge_null_clears_to_default(G, edge_id, field):
    H = ops.apply(G, [{"op": "update_edge", "id": edge_id, "set": {field: None}}])
    assert model.edge(H, edge_id)[field] == model.EDGE_DEFAULTS[field]


def test_update_edge_reconnects_target(G):
    H = ops.apply(G, [{"op": "update_edge", "id": "e1", "set": {"target": "o"}}])
    assert model.edge_pair(H, "e1") == ("a", "o")
    assert not H.has_edge("a", "p")
    assert H.edges["a", "o"]["confidence"] == 80


def test_update_edge_reconnects_both_ends(G):
    H = ops.apply(G, [{"op": "update_edge", "id": "e3", "set": {"source": "i", "target": "a"}}])
    assert model.edge_pair(H, "e3") == ("i", "a")
    assert H.number_of_edges() == 3


def test_update_edge_reconnect_to_missing_node(G):
    batch = [{"op": "update_edge", "id": "e1", "set": {"target": "ghost"}}]
    with pytest.raises(UnknownEntity) as info:
        ops.apply(G, batch)
    assert info.value.where.startswith("ops/0/")


def test_update_edge_reconnect_onto_taken_pair(G):
    err = invalid(G, [{"op": "update_edge", "id": "e3", "set": {"source": "p", "target": "o"}}])
    assert err.where.startswith("ops/0/")


def test_update_edge_swap_pairs_in_one_batch(G):
    H = ops.apply(
        G,
        [
            {"op": "update_edge", "id": "e1", "set": {"source": "o", "target": "i"}},
            {"op": "update_edge", "id": "e3", "set": {"source": "a", "target": "p"}},
        ],
    )
    assert model.edge_pair(H, "e1") == ("o", "i")
    assert model.edge_pair(H, "e3") == ("a", "p")


def test_update_edge_self_loop(G):
    err = invalid(G, [{"op": "update_edge", "id": "e1", "set": {"target": "a"}}])
    assert err.where == "ops/0/set/target"


def test_update_edge_bad_confidence(G):
    err = invalid(G, [{"op": "update_edge", "id": "e1", "set": {"confidence": 101}}])
    assert err.where == "ops/0/set/confidence"


def test_update_edge_javascript_evidence(G):
    evidence = [{"title": "x", "url": "javascript:alert(1)"}]
    err = invalid(G, [{"op": "update_edge", "id": "e1", "set": {"evidence": evidence}}])
    assert err.where == "ops/0/set/evidence/0/url"


# -- remove_edge ------------------------------------------------------------------------


def test_remove_edge(G):
    H = ops.apply(G, [{"op": "remove_edge", "id": "e2"}])
    assert "e2" not in H.graph["edge_ids"]
    assert not H.has_edge("p", "o")
    assert set(H) == set(G)


def test_remove_unknown_edge(G):
    with pytest.raises(UnknownEntity) as info:
        ops.apply(G, [{"op": "remove_edge", "id": "ghost"}])
    assert info.value.where == "ops/0/id"


# -- batch shape ------------------------------------------------------------------------


def test_empty_batch_is_a_no_op(G):
    assert doc(ops.apply(G, [])) == doc(G)


def test_plan_empty_batch_is_an_empty_delta(G):
    assert not ops.plan(G, [])


@pytest.mark.parametrize("batch", ["add_node", b"x", {"op": "add_node"}, None, 3])
def test_ops_must_be_a_list(G, batch):
    assert invalid(G, batch).where == "ops"


def test_too_many_ops(G, monkeypatch):
    monkeypatch.setattr(ops, "MAX_OPS", 2)
    assert invalid(G, [{"op": "remove_edge", "id": "e1"}] * 3).where == "ops"


@pytest.mark.parametrize("op", ["remove_node", 3, None, ["op"]])
def test_op_not_an_object(G, op):
    assert invalid(G, [op]).where == "ops/0"


@pytest.mark.parametrize("name", ["delete_node", "", None, "ADD_NODE"])
def test_unknown_op_name(G, name):
    assert invalid(G, [{"op": name, "id": "a"}]).where == "ops/0/op"


def test_unknown_op_key(G):
    assert invalid(G, [{"op": "remove_node", "id": "a", "cascade": True}]).where == (
        "ops/0/cascade"
    )


def test_batch_is_all_or_nothing(G):
    batch = [
        {"op": "update_node", "id": "a", "set": {"label": "Changed"}},
        {"op": "remove_node", "id": "i"},
        {"op": "add_node", "node": {"id": "m", "kind": "wish", "label": "x"}},
    ]
    err = invalid(G, batch)
    assert err.where == "ops/2/node/kind"
    assert G.nodes["a"]["label"] == "Coaching"
    assert "i" in G


def test_error_index_points_at_the_bad_op(G):
    batch = [{"op": "update_node", "id": "a", "set": {"label": f"L{i}"}} for i in range(12)]
    batch.append({"op": "update_node", "id": "a", "set": {"label": ""}})
    assert invalid(G, batch).where == "ops/12/set/label"


def test_apply_does_not_change_the_graph(G):
    before = doc(G)
    ops.apply(G, [{"op": "remove_node", "id": "p"}, {"op": "update_node", "id": "a", "set": {}}])
    assert doc(G) == before


def test_apply_does_not_change_the_ops(G):
    batch = [
        {"op": "add_node", "node": {"kind": "impact", "label": "New"}},
        {"op": "update_node", "id": "o", "set": {"horizon": None}},
    ]
    before = copy.deepcopy(batch)
    ops.apply(G, batch)
    assert batch == before


def test_plan_gives_after_values(G):
    delta = ops.plan(G, [{"op": "remove_node", "id": "p"}])
    assert delta.nodes == {"p": None}
    assert delta.edges == {"e1": None, "e2": None}


def test_plan_then_patch_equals_apply(G):
    batch = [{"op": "update_edge", "id": "e1", "set": {"target": "i"}}]
    assert doc(patch(G, ops.plan(G, batch))) == doc(ops.apply(G, batch))


# -- inverse ----------------------------------------------------------------------------


def test_inverse_of_remove_node_restores_its_edges(G):
    batch = [{"op": "remove_node", "id": "p"}]
    H = ops.apply(G, batch)
    assert doc(ops.apply(H, ops.inverse(G, batch))) == doc(G)


def test_inverse_of_update_restores_cleared_field(G):
    batch = [{"op": "update_node", "id": "a", "set": {"description": None}}]
    undo = ops.inverse(G, batch)
    assert undo == [{"op": "update_node", "id": "a", "set": {"description": "Weekly"}}]


def test_inverse_of_add_is_remove(G):
    batch = [{"op": "add_node", "node": {"id": "m", "kind": "impact", "label": "M"}}]
    assert ops.inverse(G, batch) == [{"op": "remove_node", "id": "m"}]


def test_inverse_of_empty_batch(G):
    assert ops.inverse(G, []) == []


def test_inverse_of_invalid_batch_raises(G):
    with pytest.raises(InvalidOp):
        ops.inverse(G, [{"op": "remove_node", "id": "ghost"}])


@pytest.mark.parametrize(
    "op",
    [
        {"op": "add_node", "node": {"kind": "impact", "label": "New"}},
        {"op": "add_edge", "edge": {"source": "a", "target": "i"}},
    ],
)
def test_inverse_needs_ids_of_added_entities(G, op):
    """An id made by apply is random, so no inverse computed beforehand could name it."""
    entity = op["op"][4:]
    with pytest.raises(InvalidOp) as info:
        ops.inverse(G, [{"op": "remove_edge", "id": "e1"}, op])
    assert info.value.where == f"ops/1/{entity}/id"


def test_ops_from_delta_skips_unchanged_entries(G):
    delta = ops.plan(G, [{"op": "update_node", "id": "a", "set": {}}])
    assert ops.ops_from_delta(G, delta) == []


# -- properties -------------------------------------------------------------------------


@settings(max_examples=250, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs_and_batches())
def test_inverse_undoes_any_valid_batch(case):
    G, batch = case
    before = doc(G)
    H = ops.apply(G, batch)
    assert doc(ops.apply(H, ops.inverse(G, batch))) == before
    assert doc(G) == before


@settings(max_examples=250, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=8).flatmap(lambda G: st.tuples(st.just(G), invalid_batches(G))))
def test_invalid_batch_raises_at_its_index_and_leaves_graph_untouched(case):
    G, (batch, index, _what) = case
    before = doc(G)
    with pytest.raises(InvalidOp) as info:
        ops.apply(G, batch)
    where = info.value.where
    assert where == f"ops/{index}" or where.startswith(f"ops/{index}/"), where
    assert doc(G) == before


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs_and_batches())
def test_valid_batch_gives_a_valid_graph(case):
    G, batch = case
    H = ops.apply(G, batch)
    assert doc(model.from_document(doc(H))) == doc(H)
    assert set(H.graph["edge_ids"]) == {eid for *_, eid in H.edges(data="id")}


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=8).flatmap(lambda G: st.tuples(st.just(G), op_batches(G))))
def test_batch_equals_its_ops_one_at_a_time(case):
    G, batch = case
    H = G
    for op in batch:
        H = ops.apply(H, [op])
    assert doc(H) == doc(ops.apply(G, batch))
