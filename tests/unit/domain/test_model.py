"""Nodes, edges and documents: field rules with ``where`` paths, defaults, round trips."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given, settings

from toc_editor.domain import model
from toc_editor.domain.errors import InvalidEntity, TocError

from .strategies import SLOW_DATA, documents, nodes

NODE = {"id": "n1", "kind": "outcome", "label": "Young people feel confident"}
EDGE = {"id": "e1", "source": "a", "target": "b"}


def node_error(**fields: object) -> InvalidEntity:
    with pytest.raises(InvalidEntity) as info:
        model.normalize_node({**NODE, **fields})
    return info.value


def edge_error(**fields: object) -> InvalidEntity:
    with pytest.raises(InvalidEntity) as info:
        model.normalize_edge({**EDGE, **fields})
    return info.value


def doc_error(doc: object) -> InvalidEntity:
    with pytest.raises(InvalidEntity) as info:
        model.from_document(doc)
    return info.value


def two_nodes(**edge_fields: object) -> dict[str, list[dict[str, object]]]:
    return {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "Coaching"},
            {"id": "b", "kind": "outcome", "label": "Confidence"},
        ],
        "edges": [{"id": "e1", "source": "a", "target": "b", **edge_fields}],
    }


# -- node defaults and fields -----------------------------------------------------------


def test_node_defaults_are_filled():
    data = model.normalize_node(NODE)
    assert data == {**NODE, **model.NODE_DEFAULTS}


def test_node_normalize_returns_every_field_in_order():
    assert tuple(model.normalize_node(NODE)) == model.NODE_FIELDS


def test_node_default_lists_are_not_shared():
    first = model.normalize_node(NODE)
    first["tags"].append("x")
    assert model.normalize_node(NODE)["tags"] == []


def test_node_unknown_field_names_its_path():
    assert node_error(colour="red").where == "node/colour"


def test_node_not_an_object():
    assert doc_error({"nodes": ["n1"]}).where == "nodes/0"


def test_node_bad_kind():
    err = node_error(kind="wish")
    assert err.where == "node/kind"
    assert "activity" in err.message


def test_node_missing_kind():
    body = {k: v for k, v in NODE.items() if k != "kind"}
    with pytest.raises(InvalidEntity, match="must be one of") as info:
        model.normalize_node(body)
    assert info.value.where == "node/kind"


def test_node_missing_label():
    body = {k: v for k, v in NODE.items() if k != "label"}
    with pytest.raises(InvalidEntity) as info:
        model.normalize_node(body)
    assert info.value.where == "node/label"


def test_node_empty_label():
    assert node_error(label="").where == "node/label"


def test_node_label_at_max_length_is_fine():
    assert model.normalize_node({**NODE, "label": "x" * model.MAX_LABEL})["label"]


def test_node_label_too_long():
    err = node_error(label="x" * (model.MAX_LABEL + 1))
    assert err.where == "node/label"
    assert "301" in err.message


def test_node_label_not_a_string():
    assert node_error(label=5).where == "node/label"


def test_node_description_too_long():
    assert node_error(description="x" * (model.MAX_TEXT + 1)).where == "node/description"


def test_node_description_null_is_rejected():
    assert node_error(description=None).where == "node/description"


@pytest.mark.parametrize("horizon", model.HORIZONS)
def test_outcome_horizon(horizon):
    assert model.normalize_node({**NODE, "horizon": horizon})["horizon"] == horizon


def test_horizon_bad_value():
    assert node_error(horizon="soon").where == "node/horizon"


@pytest.mark.parametrize("kind", ["activity", "output", "impact"])
def test_only_outcomes_have_a_horizon(kind):
    err = node_error(kind=kind, horizon="short")
    assert err.where == "node/horizon"


@pytest.mark.parametrize(
    "raw_id", ["", "-starts-with-dash", "has space", "x" * 65, "a\n", "é", 7, None]
)
def test_node_bad_id(raw_id):
    assert node_error(id=raw_id).where == "node/id"


@pytest.mark.parametrize("raw_id", ["a", "A1", "3f2a9c1e-0b7d-4c1e-9a55-2f0e8c7d6b5a", "x" * 64])
def test_node_good_id(raw_id):
    assert model.normalize_node({**NODE, "id": raw_id})["id"] == raw_id


def test_node_tags_must_be_a_list():
    assert node_error(tags="youth").where == "node/tags"


def test_node_empty_tag_names_its_index():
    assert node_error(tags=["youth", ""]).where == "node/tags/1"


def test_node_too_many_tags():
    assert node_error(tags=["t"] * (model.MAX_ITEMS + 1)).where == "node/tags"


def test_node_assumption_too_long():
    assert node_error(assumptions=["x" * 2001]).where == "node/assumptions/0"


# -- indicators -------------------------------------------------------------------------


def test_indicator_defaults():
    data = model.normalize_node({**NODE, "indicators": [{"id": "i1", "name": "Score"}]})
    assert data["indicators"] == [
        {
            "id": "i1",
            "name": "Score",
            "unit": None,
            "baseline": None,
            "target": None,
            "source": None,
            "vocabulary": None,
            "code": None,
        }
    ]


def test_indicator_gets_an_id_when_omitted():
    data = model.normalize_node({**NODE, "indicators": [{"name": "Score"}]})
    assert model.ID_PATTERN.fullmatch(data["indicators"][0]["id"])


def test_indicator_without_name():
    assert node_error(indicators=[{"id": "i1"}]).where == "node/indicators/0/name"


def test_indicator_unknown_field():
    err = node_error(indicators=[{"id": "i1", "name": "Score", "weight": 2}])
    assert err.where == "node/indicators/0/weight"


def test_indicator_duplicate_ids():
    err = node_error(indicators=[{"id": "i1", "name": "A"}, {"id": "i1", "name": "B"}])
    assert err.where == "node/indicators/1/id"


@pytest.mark.parametrize("value", [0, 12.5, -3, "40%", None])
def test_indicator_target_scalar_ok(value):
    data = model.normalize_node({**NODE, "indicators": [{"id": "i", "name": "n", "target": value}]})
    assert data["indicators"][0]["target"] == value


@pytest.mark.parametrize("value", [float("nan"), float("inf"), True, [1], {"a": 1}, "x" * 501])
def test_indicator_target_bad(value):
    err = node_error(indicators=[{"id": "i", "name": "n", "target": value}])
    assert err.where == "node/indicators/0/target"


# -- links ------------------------------------------------------------------------------


def test_link_default_relation():
    data = model.normalize_node({**NODE, "links": [{"target": "youth-org/main#n7"}]})
    assert data["links"] == [{"target": "youth-org/main#n7", "relation": "contributes_to"}]


@pytest.mark.parametrize(
    "target",
    ["youth-org/main", "Youth/main#n7", "youth/main#", "a/b/c#n", "youth/main#n7\n", "", 5],
)
def test_link_target_format(target):
    assert node_error(links=[{"target": target}]).where == "node/links/0/target"


def test_link_bad_relation():
    err = node_error(links=[{"target": "a/b#c", "relation": "owns"}])
    assert err.where == "node/links/0/relation"


def test_link_same_as():
    data = model.normalize_node({**NODE, "links": [{"target": "a/b#c", "relation": "same_as"}]})
    assert data["links"][0]["relation"] == "same_as"


# -- edges ------------------------------------------------------------------------------


def test_edge_defaults_are_filled():
    assert model.normalize_edge(EDGE) == {**EDGE, **model.EDGE_DEFAULTS}


def test_edge_normalize_returns_every_field_in_order():
    assert tuple(model.normalize_edge(EDGE)) == model.EDGE_FIELDS


def test_edge_self_loop():
    assert edge_error(target="a").where == "edge/target"


def test_edge_bad_source_id():
    assert edge_error(source="has space").where == "edge/source"


def test_edge_bad_relation():
    assert edge_error(relation="causes").where == "edge/relation"


@pytest.mark.parametrize("confidence", [0, 55, 100, None])
def test_edge_confidence_ok(confidence):
    assert model.normalize_edge({**EDGE, "confidence": confidence})["confidence"] == confidence


@pytest.mark.parametrize("confidence", [-1, 101, 50.0, True, "50"])
def test_edge_confidence_bad(confidence):
    assert edge_error(confidence=confidence).where == "edge/confidence"


def test_edge_unknown_field():
    assert edge_error(weight=3).where == "edge/weight"


# -- evidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://example.org/study", "http://x.test/a?b=c", "HTTPS://X.ORG"]
)
def test_evidence_http_urls_ok(url):
    data = model.normalize_edge({**EDGE, "evidence": [{"title": "RCT", "url": url}]})
    assert data["evidence"][0]["url"] == url


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/x",
        "//example.org",
        "https://",
        "https://exa mple.org",
        "https://example.org\n",
        " https://example.org",
    ],
)
def test_evidence_url_scheme_rejected(url):
    err = edge_error(evidence=[{"title": "RCT", "url": url}])
    assert err.where == "edge/evidence/0/url"


def test_evidence_empty_url_becomes_null():
    data = model.normalize_edge({**EDGE, "evidence": [{"title": "RCT", "url": ""}]})
    assert data["evidence"] == [{"title": "RCT", "url": None, "strength": None}]


def test_evidence_needs_a_title():
    assert edge_error(evidence=[{"url": "https://x.org"}]).where == "edge/evidence/0/title"


def test_evidence_bad_strength():
    err = edge_error(evidence=[{"title": "RCT", "strength": "huge"}])
    assert err.where == "edge/evidence/0/strength"


# -- documents --------------------------------------------------------------------------


def test_empty_graph():
    G = model.empty()
    assert len(G) == 0
    assert model.to_document(G) == {"nodes": [], "edges": []}


def test_from_document_empty_object():
    assert len(model.from_document({})) == 0


def test_document_not_an_object():
    assert doc_error([]).where == "document"


def test_document_where_prefix():
    with pytest.raises(InvalidEntity) as info:
        model.from_document({"nodes": [{"id": "a", "kind": "x", "label": "y"}]}, where="body")
    assert info.value.where == "body/nodes/0/kind"


def test_document_nodes_not_a_list():
    assert doc_error({"nodes": {}}).where == "nodes"


def test_document_edges_not_a_list():
    assert doc_error({"nodes": [], "edges": "e"}).where == "edges"


def test_document_bad_node_field_path():
    doc = two_nodes()
    doc["nodes"][1]["label"] = ""
    assert doc_error(doc).where == "nodes/1/label"


def test_document_bad_edge_field_path():
    assert doc_error(two_nodes(confidence=200)).where == "edges/0/confidence"


def test_duplicate_node_id():
    doc = two_nodes()
    doc["nodes"].append({"id": "a", "kind": "impact", "label": "Again"})
    err = doc_error(doc)
    assert err.where == "nodes/2/id"
    assert "duplicate" in err.message


def test_duplicate_edge_id():
    doc = two_nodes()
    doc["edges"].append({"id": "e1", "source": "b", "target": "a"})
    assert doc_error(doc).where == "edges/1/id"


def test_edge_missing_source_node():
    doc = two_nodes()
    doc["edges"][0]["source"] = "ghost"
    assert doc_error(doc).where == "edges/0/source"


def test_edge_missing_target_node():
    doc = two_nodes()
    doc["edges"][0]["target"] = "ghost"
    assert doc_error(doc).where == "edges/0/target"


def test_duplicate_pair():
    doc = two_nodes()
    doc["edges"].append({"id": "e2", "source": "a", "target": "b"})
    err = doc_error(doc)
    assert err.where == "edges/1/target"


def test_opposite_direction_is_not_a_duplicate_pair():
    doc = two_nodes()
    doc["edges"].append({"id": "e2", "source": "b", "target": "a"})
    assert model.from_document(doc).number_of_edges() == 2


def test_errors_are_toc_errors_with_dict_form():
    err = node_error(kind="wish")
    assert isinstance(err, TocError)
    assert err.as_dict() == {"message": err.message, "where": "node/kind"}


def test_edge_lookup_by_id():
    G = model.from_document(two_nodes(rationale="Because"))
    assert model.edge_pair(G, "e1") == ("a", "b")
    assert model.edge(G, "e1")["rationale"] == "Because"
    assert G.graph["edge_ids"] == {"e1": ("a", "b")}


def test_node_lookup_includes_id():
    G = model.from_document(two_nodes())
    assert model.node(G, "a")["id"] == "a"


def test_unknown_node_lookup_raises_key_error():
    with pytest.raises(KeyError):
        model.node(model.empty(), "a")


def test_to_document_is_sorted_by_id():
    doc = {
        "nodes": [
            {"id": "z", "kind": "impact", "label": "Z"},
            {"id": "a", "kind": "activity", "label": "A"},
        ],
        "edges": [
            {"id": "e9", "source": "a", "target": "z"},
            {"id": "e1", "source": "z", "target": "a"},
        ],
    }
    out = model.to_document(model.from_document(doc))
    assert [n["id"] for n in out["nodes"]] == ["a", "z"]
    assert [e["id"] for e in out["edges"]] == ["e1", "e9"]


def test_from_document_does_not_change_its_input():
    doc = two_nodes()
    before = copy.deepcopy(doc)
    model.from_document(doc)
    assert doc == before


def test_copy_is_independent():
    G = model.from_document(two_nodes())
    H = model.copy(G)
    model.drop_node(H, "a")
    assert model.to_document(G) == model.to_document(model.from_document(two_nodes()))
    assert H.graph["edge_ids"] == {}


def test_copies_share_adjacency_until_one_of_them_changes_it():
    """Copy on write: changing the original, a copy or a copy of the copy (edges added,
    moved and dropped, nodes dropped) leaves the others as they were."""
    nodes = [
        {"id": n, "kind": k, "label": n.upper()}
        for n, k in (("a", "activity"), ("b", "output"), ("c", "outcome"))
    ]
    e1, e2 = {"id": "e1", "source": "a", "target": "b"}, {"id": "e2", "source": "b", "target": "c"}

    def document(*edges: dict[str, str], drop: str = "") -> dict[str, object]:
        kept = [n for n in nodes if n["id"] != drop]
        return model.to_document(model.from_document({"nodes": kept, "edges": list(edges)}))

    G = model.from_document({"nodes": nodes, "edges": [e1, e2]})
    H = model.copy(G)
    K = model.copy(H)
    e3, moved = {"id": "e3", "source": "a", "target": "c"}, {**e2, "source": "a"}
    model.put_edge(H, model.normalize_edge(e3))
    model.put_edge(H, model.normalize_edge({**e1, "source": "c", "target": "a"}))
    model.drop_node(G, "b")
    model.drop_edge(K, "e2")
    model.put_edge(K, model.normalize_edge(moved))
    assert model.to_document(G) == document(drop="b")
    assert model.to_document(H) == document({**e1, "source": "c", "target": "a"}, e2, e3)
    assert model.to_document(K) == document(e1, moved)
    assert (list(H.predecessors("b")), list(K.predecessors("b"))) == ([], ["a"])


def test_drop_node_drops_its_edges():
    G = model.from_document(two_nodes())
    model.drop_node(G, "b")
    assert G.graph["edge_ids"] == {}
    assert G.number_of_edges() == 0


def test_new_id_is_a_valid_unique_id():
    first, second = model.new_id(), model.new_id()
    assert first != second
    assert model.ID_PATTERN.fullmatch(first)


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(documents())
def test_document_round_trip(doc):
    once = model.to_document(model.from_document(doc))
    assert model.to_document(model.from_document(once)) == once
    assert sorted(n["id"] for n in doc["nodes"]) == [n["id"] for n in once["nodes"]]


@settings(max_examples=200, deadline=None, suppress_health_check=SLOW_DATA)
@given(nodes())
def test_normalize_node_is_idempotent(data):
    assert model.normalize_node(data) == data
