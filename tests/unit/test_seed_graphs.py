"""The seed theories of change and the JSON Schema of the document format.

Every seed must pass both the schema and ``from_document`` (the authoritative
validator), and the schema must reject what the model rejects for the rules it can
express.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from jsonschema import Draft202012Validator

from toc_editor.domain.checks import findings
from toc_editor.domain.errors import InvalidEntity
from toc_editor.domain.model import LINK_TARGET, from_document

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "toc_editor" / "schemas" / "document.schema.json"
SEED_DIR = ROOT / "seed_graphs"
SEED_FILES = sorted(SEED_DIR.glob("*.json"))
FRAMEWORK = ("youth-outcomes-network", "youth-outcomes")


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def load(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return doc


def all_seeds() -> dict[tuple[str, str], dict[str, Any]]:
    """Every seed keyed by (org, graph slug)."""
    seeds = {}
    for path in SEED_FILES:
        doc = load(path)
        key = (doc["seed"]["org"], doc["seed"]["slug"])
        assert key not in seeds, f"{path.name} reuses {key}"
        seeds[key] = doc
    return seeds


def links_of(doc: dict[str, Any]) -> list[tuple[str, dict[str, str]]]:
    return [(n["id"], link) for n in doc["nodes"] for link in n.get("links", [])]


def schema_errors(doc: Any) -> list[str]:
    return [error.message for error in validator().iter_errors(doc)]


# -- the schema itself --------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_documents_every_property() -> None:
    """Each property (and each reusable definition) has a title and a description."""
    missing = []

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if not (isinstance(sub, dict) and sub.get("title") and sub.get("description")):
                    missing.append(f"{path}/properties/{name}")
            for name, sub in node.get("$defs", {}).items():
                if not (sub.get("title") and sub.get("description")):
                    missing.append(f"{path}/$defs/{name}")
            for key, sub in node.items():
                if key not in ("if", "then", "else"):  # conditions, not properties
                    walk(sub, f"{path}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{path}/{i}")

    walk(schema(), "#")
    assert not missing


def test_schema_says_edge_endpoints_are_checked_by_the_model() -> None:
    assert "from_document" in schema()["description"]
    assert "edge" in schema()["description"] and "source and target" in schema()["description"]


# -- every seed ---------------------------------------------------------------------------


def test_there_are_at_least_six_seeds() -> None:
    assert len(SEED_FILES) >= 6
    assert (SEED_DIR / "00-youth-outcomes-framework.json") in SEED_FILES


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_matches_schema(path: Path) -> None:
    assert schema_errors(load(path)) == []


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_passes_from_document(path: Path) -> None:
    doc = load(path)
    G = from_document(doc)
    assert 20 <= G.number_of_nodes() <= 80
    assert G.number_of_nodes() == len(doc["nodes"])
    assert G.number_of_edges() == len(doc["edges"])


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_has_metadata(path: Path) -> None:
    doc = load(path)
    assert doc["title"].strip()
    assert doc["description"].strip()
    assert set(doc["seed"]) == {"org", "org_name", "slug", "visibility"}
    assert doc["seed"]["visibility"] == "public"


def seed_links() -> list[Any]:
    """One case per link of every seed (seeds without links have none), as
    ``(seed path, node id, link)`` with the seed and the node's label as its id."""
    cases = []
    for path in SEED_FILES:
        doc = load(path)
        label = {n["id"]: n["label"] for n in doc["nodes"]}
        for i, (node_id, link) in enumerate(links_of(doc)):
            case_id = f"{path.stem}/{i}-{label[node_id][:40].rstrip()}"
            cases.append(pytest.param(path, node_id, link, id=case_id))
    return cases


@pytest.mark.parametrize(("path", "node_id", "link"), seed_links())
def test_seed_link_points_at_an_existing_node_of_the_owning_seed(
    path: Path, node_id: str, link: dict[str, str]
) -> None:
    assert LINK_TARGET.fullmatch(link["target"]), link
    org_graph, target_node = link["target"].split("#")
    org, graph = org_graph.split("/")
    seeds = all_seeds()
    where = f"{path.name}, node {node_id}"
    assert (org, graph) in seeds, f"{where}: no seed owns {org}/{graph}"
    target_ids = {n["id"] for n in seeds[(org, graph)]["nodes"]}
    assert target_node in target_ids, f"{where}: {link['target']} does not exist"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name)
def test_seed_is_a_clean_causal_chain(path: Path) -> None:
    """Acyclic; activities lead somewhere; every node reaches an impact; edges never
    point backwards (e.g. outcome -> activity, long- -> short-term outcome)."""
    G = from_document(load(path))
    assert nx.is_directed_acyclic_graph(G)
    rank = {"activity": 0, "output": 1, "outcome": 2, "impact": 3}
    horizon = {"short": 0, "medium": 1, "long": 2}
    impacts = {n for n, kind in G.nodes(data="kind") if kind == "impact"}
    assert impacts
    for n, data in G.nodes(data=True):
        if data["kind"] == "activity":
            assert G.out_degree(n) > 0, data["label"]
        if data["kind"] == "outcome":
            assert data["horizon"] in horizon, data["label"]
        if data["kind"] != "impact":
            assert nx.descendants(G, n) & impacts, f"no path to an impact: {data['label']}"
    for u, v in G.edges:
        a, b = G.nodes[u], G.nodes[v]
        assert rank[a["kind"]] <= rank[b["kind"]], (a["label"], b["label"])
        if a["kind"] == b["kind"] == "outcome":
            assert horizon[a["horizon"]] <= horizon[b["horizon"]], (a["label"], b["label"])


def test_quality_checks_find_at_most_one_deliberate_gap() -> None:
    """The seeds are clean examples: across all of them the quality checks raise at most
    one finding, an outcome without indicators that its seed's description owns up to."""
    flagged = [
        (doc, finding) for doc in all_seeds().values() for finding in findings(from_document(doc))
    ]
    assert len(flagged) <= 1, [finding["message"] for _, finding in flagged]
    for doc, finding in flagged:
        assert finding["code"] == "outcome_without_indicators"
        (node_id,) = finding["nodes"]
        label = next(n["label"] for n in doc["nodes"] if n["id"] == node_id)
        assert label in doc["description"]


def test_at_most_one_outcome_without_indicators_and_it_is_documented() -> None:
    """Outcomes carry indicators, except at most one gap, named in its seed's description."""
    gaps = [
        (doc, node)
        for doc in all_seeds().values()
        for node in doc["nodes"]
        if node["kind"] == "outcome" and not node.get("indicators")
    ]
    assert len(gaps) <= 1
    for doc, node in gaps:
        assert node["label"] in doc["description"]


# -- the required set ---------------------------------------------------------------------


def test_youth_framework_is_mostly_outcomes_and_impacts_with_vocabularies() -> None:
    doc = all_seeds()[FRAMEWORK]
    kinds = [n["kind"] for n in doc["nodes"]]
    assert sum(k in ("outcome", "impact") for k in kinds) >= 0.8 * len(kinds)
    indicators = [i for n in doc["nodes"] for i in n.get("indicators", [])]
    assert any(i["vocabulary"] == "SDG" and i["code"] == "8.6.1" for i in indicators)
    assert sum(bool(i.get("vocabulary")) for i in indicators) >= len(indicators) // 2


def test_youth_employment_programme_links_into_the_framework() -> None:
    doc = load(SEED_DIR / "01-brightpath-youth-employment.json")
    framework = "/".join(FRAMEWORK) + "#"
    framework_links = [
        (node_id, link) for node_id, link in links_of(doc) if link["target"].startswith(framework)
    ]
    assert len(framework_links) >= 3
    kinds = {n["id"]: n["kind"] for n in doc["nodes"]}
    assert sum(kinds[node_id] == "outcome" for node_id, _ in framework_links) >= 3


def test_at_least_two_other_seeds_link_into_the_framework() -> None:
    framework = "/".join(FRAMEWORK) + "#"
    linking = {
        key
        for key, doc in all_seeds().items()
        if any(link["target"].startswith(framework) for _, link in links_of(doc))
    }
    assert len(linking - {FRAMEWORK, ("brightpath-youth", "futures-programme")}) >= 2


# -- the schema rejects what the model rejects --------------------------------------------

VALID: dict[str, Any] = {
    "format": "toc-editor/1",
    "title": "Minimal",
    "nodes": [
        {"id": "a1", "kind": "activity", "label": "Run mentoring sessions"},
        {
            "id": "o1",
            "kind": "outcome",
            "label": "Young people feel confident",
            "horizon": "short",
            "indicators": [{"id": "i1", "name": "Confidence score", "unit": "score (1-5)"}],
            "links": [{"target": "youth-outcomes-network/youth-outcomes#x1"}],
        },
    ],
    "edges": [
        {
            "id": "e1",
            "source": "a1",
            "target": "o1",
            "evidence": [{"title": "An evaluation", "url": "https://example.org/report"}],
            "confidence": 70,
        }
    ],
}


def _unknown_field(doc: dict[str, Any]) -> None:
    doc["nodes"][0]["colour"] = "red"


def _bad_kind(doc: dict[str, Any]) -> None:
    doc["nodes"][0]["kind"] = "wish"


def _horizon_on_activity(doc: dict[str, Any]) -> None:
    doc["nodes"][0]["horizon"] = "short"


def _label_too_long(doc: dict[str, Any]) -> None:
    doc["nodes"][1]["label"] = "x" * 301


def _bad_url_scheme(doc: dict[str, Any]) -> None:
    doc["edges"][0]["evidence"][0]["url"] = "ftp://example.org/report"


def _confidence_101(doc: dict[str, Any]) -> None:
    doc["edges"][0]["confidence"] = 101


def _unknown_indicator_field(doc: dict[str, Any]) -> None:
    doc["nodes"][1]["indicators"][0]["weight"] = 2


def _bad_link_target(doc: dict[str, Any]) -> None:
    doc["nodes"][1]["links"][0]["target"] = "not a link"


def _bad_edge_relation(doc: dict[str, Any]) -> None:
    doc["edges"][0]["relation"] = "causes"


def _bad_id(doc: dict[str, Any]) -> None:
    doc["edges"][0]["id"] = "-starts-with-a-dash"


def _id_with_trailing_newline(doc: dict[str, Any]) -> None:
    doc["nodes"][0]["id"] = "a1\n"
    doc["edges"][0]["source"] = "a1\n"


def _url_with_trailing_newline(doc: dict[str, Any]) -> None:
    doc["edges"][0]["evidence"][0]["url"] = "https://example.org/report\n"


def _too_many_tags(doc: dict[str, Any]) -> None:
    doc["nodes"][0]["tags"] = [f"t{i}" for i in range(101)]


def _baseline_too_long(doc: dict[str, Any]) -> None:
    doc["nodes"][1]["indicators"][0]["baseline"] = "x" * 501


BAD_DOCUMENTS = {
    "unknown node field": _unknown_field,
    "bad kind": _bad_kind,
    "horizon on an activity": _horizon_on_activity,
    "label too long": _label_too_long,
    "bad url scheme": _bad_url_scheme,
    "confidence 101": _confidence_101,
    "unknown indicator field": _unknown_indicator_field,
    "bad link target": _bad_link_target,
    "bad edge relation": _bad_edge_relation,
    "bad id": _bad_id,
    "id with trailing newline": _id_with_trailing_newline,
    "url with trailing newline": _url_with_trailing_newline,
    "too many tags": _too_many_tags,
    "baseline too long": _baseline_too_long,
}


def test_the_minimal_valid_document_passes_both() -> None:
    assert schema_errors(VALID) == []
    from_document(VALID)


@pytest.mark.parametrize("break_it", BAD_DOCUMENTS.values(), ids=BAD_DOCUMENTS.keys())
def test_schema_and_model_both_reject(break_it: Any) -> None:
    doc = copy.deepcopy(VALID)
    break_it(doc)
    assert schema_errors(doc), "the schema accepted it"
    with pytest.raises(InvalidEntity):
        from_document(doc)


def test_edge_endpoints_are_checked_only_by_the_model() -> None:
    """Documented limit of the schema: it cannot see that an endpoint is missing."""
    doc = copy.deepcopy(VALID)
    doc["edges"][0]["target"] = "no-such-node"
    assert schema_errors(doc) == []
    with pytest.raises(InvalidEntity, match="no node with id"):
        from_document(doc)
