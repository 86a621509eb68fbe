"""diff / field_changes / ops_from_delta: shapes, and that the ops really turn a into b."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toc_editor.domain import model, ops
from toc_editor.domain.delta import Delta, between, patch
from toc_editor.domain.diff import diff, field_changes, is_empty
from toc_editor.domain.ops import ops_from_delta

from .strategies import SLOW_DATA, graphs, op_batches

BASE = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Coaching"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
        {"id": "i", "kind": "impact", "label": "Fewer NEET"},
    ],
    "edges": [
        {"id": "e1", "source": "a", "target": "o"},
        {"id": "e2", "source": "o", "target": "i", "confidence": 60},
    ],
}
EMPTY_SECTION = {"added": [], "removed": [], "changed": []}


def to_ops(a, b):
    """The ops that turn ``a`` into ``b``."""
    return ops_from_delta(a, between(a, b))


@pytest.fixture
def G():
    return model.from_document(BASE)


def test_diff_of_equal_graphs_is_empty(G):
    changes = diff(G, model.from_document(BASE))
    assert changes == {"nodes": EMPTY_SECTION, "edges": EMPTY_SECTION}
    assert is_empty(changes)


def test_diff_has_both_sections_with_three_lists(G):
    changes = diff(model.empty(), G)
    assert set(changes) == {"nodes", "edges"}
    assert all(set(section) == {"added", "removed", "changed"} for section in changes.values())


def test_diff_added_node_is_the_whole_node(G):
    H = ops.apply(G, [{"op": "add_node", "node": {"id": "m", "kind": "output", "label": "M"}}])
    changes = diff(G, H)
    assert changes["nodes"]["added"] == [model.node(H, "m")]
    assert changes["edges"] == EMPTY_SECTION


def test_diff_removed_node_lists_its_edges_too(G):
    H = ops.apply(G, [{"op": "remove_node", "id": "o"}])
    changes = diff(G, H)
    assert changes["nodes"]["removed"] == [model.node(G, "o")]
    assert changes["edges"]["removed"] == [model.edge(G, "e1"), model.edge(G, "e2")]


def test_diff_changed_lists_only_changed_fields(G):
    H = ops.apply(G, [{"op": "update_node", "id": "o", "set": {"label": "Self-belief"}}])
    assert diff(G, H)["nodes"]["changed"] == [
        {"id": "o", "fields": {"label": {"before": "Confidence", "after": "Self-belief"}}}
    ]


def test_diff_cleared_field_shows_default_after(G):
    H = ops.apply(G, [{"op": "update_edge", "id": "e2", "set": {"confidence": None}}])
    assert diff(G, H)["edges"]["changed"] == [
        {"id": "e2", "fields": {"confidence": {"before": 60, "after": None}}}
    ]


def test_diff_reconnected_edge_is_a_change_of_endpoints(G):
    H = ops.apply(G, [{"op": "update_edge", "id": "e1", "set": {"target": "i"}}])
    assert diff(G, H)["edges"]["changed"] == [
        {"id": "e1", "fields": {"target": {"before": "o", "after": "i"}}}
    ]


def test_diff_entries_are_sorted_by_id(G):
    H = ops.apply(
        G,
        [
            {"op": "add_node", "node": {"id": "z", "kind": "output", "label": "Z"}},
            {"op": "add_node", "node": {"id": "b", "kind": "output", "label": "B"}},
            {"op": "add_node", "node": {"id": "m", "kind": "output", "label": "M"}},
        ],
    )
    assert [n["id"] for n in diff(G, H)["nodes"]["added"]] == ["b", "m", "z"]


def test_diff_is_reversible_in_shape(G):
    H = ops.apply(G, [{"op": "remove_node", "id": "i"}])
    forward, backward = diff(G, H), diff(H, G)
    assert forward["nodes"]["removed"] == backward["nodes"]["added"]
    assert forward["edges"]["removed"] == backward["edges"]["added"]


def test_diff_delta_ignores_no_op_entries(G):
    delta = Delta(nodes={"a": model.node(G, "a"), "ghost": None})
    assert is_empty(field_changes(G, delta))


def test_is_empty_false_when_anything_changed(G):
    H = ops.apply(G, [{"op": "remove_edge", "id": "e1"}])
    assert not is_empty(diff(G, H))


def test_to_ops_of_equal_graphs_is_empty(G):
    assert to_ops(G, model.from_document(BASE)) == []


def test_to_ops_order_removes_edges_first_and_nodes_last(G):
    H = ops.apply(
        G,
        [
            {"op": "remove_node", "id": "a"},
            {"op": "add_node", "node": {"id": "b", "kind": "activity", "label": "B"}},
            {"op": "add_edge", "edge": {"id": "e3", "source": "b", "target": "o"}},
        ],
    )
    assert [op["op"] for op in to_ops(G, H)] == [
        "remove_edge",
        "add_node",
        "add_edge",
        "remove_node",
    ]


def test_to_ops_update_sets_only_changed_fields(G):
    H = ops.apply(G, [{"op": "update_node", "id": "o", "set": {"tags": ["x"]}}])
    assert to_ops(G, H) == [{"op": "update_node", "id": "o", "set": {"tags": ["x"]}}]


def test_to_ops_from_empty_rebuilds_the_graph(G):
    assert model.to_document(ops.apply(model.empty(), to_ops(model.empty(), G))) == (
        model.to_document(G)
    )


def test_to_ops_to_empty_removes_everything(G):
    assert len(ops.apply(G, to_ops(G, model.empty()))) == 0


def test_between_is_the_delta_of_diff(G):
    H = ops.apply(G, [{"op": "remove_edge", "id": "e1"}])
    assert between(G, H) == Delta(edges={"e1": None})


# -- properties -------------------------------------------------------------------------


def _related_pair():
    """(a, b): two graphs made by random batches on one random start."""
    return graphs(max_nodes=10).flatmap(
        lambda G: st.tuples(
            op_batches(G, max_size=6, prefix="a").map(lambda batch: ops.apply(G, batch)),
            op_batches(G, max_size=6, prefix="b").map(lambda batch: ops.apply(G, batch)),
        )
    )


def _check_to_ops(a, b):
    assert model.to_document(ops.apply(a, to_ops(a, b))) == model.to_document(b)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(_related_pair())
def test_to_ops_turns_a_into_b_for_related_graphs(pair):
    _check_to_ops(*pair)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=8), graphs(max_nodes=8))
def test_to_ops_turns_a_into_b_for_unrelated_graphs(a, b):
    """Unrelated graphs share ids n0.. and e0.. with different content and endpoints."""
    _check_to_ops(a, b)


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_DATA)
@given(_related_pair())
def test_diff_delta_agrees_with_diff(pair):
    a, b = pair
    assert field_changes(a, between(a, b)) == diff(a, b)
    assert field_changes(a, ops.plan(a, to_ops(a, b))) == diff(a, b)


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_DATA)
@given(_related_pair())
def test_diff_is_empty_exactly_when_documents_are_equal(pair):
    a, b = pair
    assert is_empty(diff(a, b)) == (model.to_document(a) == model.to_document(b))
    assert model.to_document(patch(a, between(a, b))) == model.to_document(b)
