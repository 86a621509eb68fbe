"""Deltas: after-values per entity, patch, compose (later wins), without_no_ops, between."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toc_editor.domain import model, ops
from toc_editor.domain.delta import (
    Delta,
    between,
    compose,
    patch,
    patch_entities,
    patch_in_place,
    to_json,
    without_no_ops,
)

from .strategies import SLOW_DATA, graphs, op_batches

DOC = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Coaching"},
        {"id": "i", "kind": "impact", "label": "Thriving"},
    ],
    "edges": [{"id": "e", "source": "a", "target": "i"}],
}


def G():
    return model.from_document(DOC)


def test_empty_delta_is_falsy_and_has_no_length():
    assert not Delta()
    assert len(Delta()) == 0


def test_delta_length_counts_nodes_and_edges():
    assert len(Delta(nodes={"a": None}, edges={"e": None, "f": None})) == 3


def test_section_picks_nodes_or_edges():
    d = Delta(nodes={"a": None}, edges={"e": None})
    assert d.section("node") is d.nodes
    assert d.section("edge") is d.edges


def test_patch_removes_node_and_its_edges():
    H = patch(G(), Delta(nodes={"a": None}, edges={"e": None}))
    assert list(H) == ["i"]
    assert H.graph["edge_ids"] == {}


def test_patch_leaves_the_input_alone():
    g = G()
    patch(g, Delta(nodes={"a": None}, edges={"e": None}))
    assert model.to_document(g) == model.to_document(G())


def test_patch_in_place_changes_the_input():
    g = G()
    assert patch_in_place(g, Delta(edges={"e": None})) is g
    assert g.number_of_edges() == 0


def test_patch_moves_an_edge():
    moved = {**model.edge(G(), "e"), "source": "i", "target": "a"}
    H = patch(G(), Delta(edges={"e": moved}))
    assert model.edge_pair(H, "e") == ("i", "a")
    assert not H.has_edge("a", "i")


def test_patch_replaces_a_node_keeping_its_edges():
    new = {**model.node(G(), "a"), "label": "Mentoring"}
    H = patch(G(), Delta(nodes={"a": new}))
    assert H.nodes["a"]["label"] == "Mentoring"
    assert H.has_edge("a", "i")


def test_compose_later_wins():
    first = Delta(nodes={"a": None, "b": {"id": "b"}})
    second = Delta(nodes={"a": {"id": "a"}})
    assert compose(first, second).nodes == {"a": {"id": "a"}, "b": {"id": "b"}}


def test_compose_of_nothing_is_empty():
    assert compose() == Delta()


def test_without_no_ops_drops_entries_the_graph_has():
    g = G()
    d = Delta(nodes={"a": model.node(g, "a"), "ghost": None}, edges={"e": None})
    assert without_no_ops(g, d) == Delta(edges={"e": None})


def test_between_equal_graphs_is_empty():
    assert between(G(), G()) == Delta()


def test_between_lists_removed_as_none():
    H = ops.apply(G(), [{"op": "remove_node", "id": "a"}])
    assert between(G(), H) == Delta(nodes={"a": None}, edges={"e": None})


def test_to_json_shape():
    assert to_json(Delta(nodes={"a": None})) == {"nodes": {"a": None}, "edges": {}}


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=10), st.data())
def test_compose_equals_applying_in_turn(g, data):
    first = data.draw(op_batches(g, prefix="f"))
    mid = ops.apply(g, first)
    second = data.draw(op_batches(mid, prefix="s"))
    combined = compose(ops.plan(g, first), ops.plan(mid, second))
    assert model.to_document(patch(g, combined)) == model.to_document(ops.apply(mid, second))


def _entities(g):
    doc = model.to_document(g)
    return {n["id"]: n for n in doc["nodes"]}, {e["id"]: e for e in doc["edges"]}


def test_patch_entities_drops_the_edges_of_a_removed_node_even_when_unlisted():
    nodes, edges = _entities(G())
    patch_entities(nodes, edges, Delta(nodes={"a": None}))
    assert list(nodes) == ["i"]
    assert edges == {}


def test_patch_entities_moves_and_replaces():
    nodes, edges = _entities(G())
    moved = {**model.edge(G(), "e"), "source": "i", "target": "a"}
    patch_entities(
        nodes,
        edges,
        Delta(nodes={"a": {"id": "a", "kind": "activity", "label": "M"}}, edges={"e": moved}),
    )
    assert nodes["a"]["label"] == "M"
    assert (edges["e"]["source"], edges["e"]["target"]) == ("i", "a")


@settings(max_examples=100, deadline=None, suppress_health_check=SLOW_DATA)
@given(graphs(max_nodes=10), st.data())
def test_patch_entities_agrees_with_patching_the_graph(g, data):
    first = data.draw(op_batches(g, prefix="f"))
    mid = ops.apply(g, first)
    second = data.draw(op_batches(mid, prefix="s"))
    nodes, edges = _entities(g)
    for step in (ops.plan(g, first), ops.plan(mid, second)):
        patch_entities(nodes, edges, step)
    want = model.to_document(ops.apply(mid, second))
    assert [nodes[k] for k in sorted(nodes)] == want["nodes"]
    assert [edges[k] for k in sorted(edges)] == want["edges"]
