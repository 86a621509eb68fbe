"""The docx report, the diff diagram and the sector map."""

from __future__ import annotations

import copy
import io
import xml.etree.ElementTree as ET
from typing import Any

import docx
import pytest

from tests.hostile_text import HOSTILE, hostile_doc, normalized
from tests.rendering.plain_dot import dot_json
from toc_editor.domain import checks
from toc_editor.domain.model import from_document
from toc_editor.rendering import layout, render, render_diff, render_sector
from toc_editor.rendering.diff import diff_status, diff_to_dot
from toc_editor.rendering.docx_report import to_docx
from toc_editor.rendering.sector import AGGREGATE_AFTER, sector_to_dot

SVG = "{http://www.w3.org/2000/svg}"


# -- docx -------------------------------------------------------------------------------


def test_docx_has_title_picture_tables_and_findings(
    small_doc: dict[str, Any], meta: dict[str, Any]
) -> None:
    png = render(small_doc, meta, "png", dpi=192)
    findings = checks.findings(from_document(small_doc))
    assert findings
    report = docx.Document(io.BytesIO(to_docx(small_doc, meta, findings, png)))
    text = "\n".join(p.text for p in report.paragraphs)
    assert meta["title"] in text and meta["commit"][:12] in text and meta["date"] in text
    assert len(report.inline_shapes) == 1
    section = report.sections[0]
    assert section.page_width and section.left_margin and section.right_margin
    usable = section.page_width - section.left_margin - section.right_margin
    assert report.inline_shapes[0].width <= usable
    results, links = report.tables
    assert results.rows[0].cells[3].text == "Indicator"
    n_indicator_rows = sum(
        max(1, len(n["indicators"])) for n in small_doc["nodes"] if n["kind"] != "activity"
    )
    assert len(results.rows) == 1 + n_indicator_rows
    assert len(links.rows) == 1 + len(small_doc["edges"])
    assert [c.text for c in links.rows[0].cells][-1] == "Confidence"
    bullets = [p for p in report.paragraphs if p.style and p.style.name == "List Bullet"]
    assert len(bullets) == len(findings)
    assert findings[0]["message"] in bullets[0].text


def test_docx_survives_hostile_text_and_no_picture() -> None:
    doc = hostile_doc(HOSTILE)
    meta = {"title": HOSTILE[36], "org": HOSTILE[40], "commit": HOSTILE[0], "date": "x"}
    findings = [{"code": "x", "severity": "warning", "message": HOSTILE[36],
                 "nodes": [n["id"] for n in doc["nodes"]], "edges": []}]  # fmt: skip
    report = docx.Document(io.BytesIO(to_docx(doc, meta, findings, b"")))
    assert len(report.tables) == 2 and len(report.inline_shapes) == 0
    assert "no diagram" in "\n".join(p.text for p in report.paragraphs)


# -- diff -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def versions(small_doc: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    base = copy.deepcopy(small_doc)
    head = copy.deepcopy(small_doc)
    removed = head["nodes"][0]["id"]
    head["nodes"] = [n for n in head["nodes"] if n["id"] != removed]
    head["edges"] = [e for e in head["edges"] if removed not in (e["source"], e["target"])]
    head["nodes"][0]["label"] = "Changed label"
    head["nodes"].append({"id": "new-node", "kind": "outcome", "label": "Brand new outcome"})
    head["edges"].append({"id": "new-edge", "source": head["nodes"][0]["id"],
                          "target": "new-node", "confidence": 90})  # fmt: skip
    return base, normalized(head)


def test_compare_by_id(versions: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, head = versions
    changes = diff_status(base, head)
    assert changes.nodes[base["nodes"][0]["id"]] == "removed"
    assert changes.nodes[head["nodes"][0]["id"]] == "changed"
    assert changes.fields[head["nodes"][0]["id"]] == ["label"]
    assert changes.nodes["new-node"] == "added" and changes.edges["new-edge"] == "added"
    removed_edges = [e for e, s in changes.edges.items() if s == "removed"]
    assert removed_edges and all(
        s in ("unchanged", "removed", "added") for s in changes.edges.values()
    )
    assert sum(1 for s in changes.nodes.values() if s == "unchanged") == len(base["nodes"]) - 2


def test_diff_diagram_styles_each_status(
    versions: tuple[dict[str, Any], dict[str, Any]], meta: dict[str, Any]
) -> None:
    base, head = versions
    graph = diff_to_dot(base, head, {**meta, "base_commit": "feedbeef99"})
    data = dot_json(graph.source)
    nodes = {o["name"]: o for o in data["objects"][data["_subgraph_cnt"] :]}
    ghost = nodes[base["nodes"][0]["id"]]
    assert "dashed" in ghost["style"] and "removed" in ghost["label"]
    assert "added" in nodes["new-node"]["label"] and "bold" in nodes["new-node"]["style"]
    assert "changed: label" in nodes[head["nodes"][0]["id"]]["label"]
    colours = {
        nodes[k]["color"] for k in (base["nodes"][0]["id"], "new-node", head["nodes"][0]["id"])
    }
    assert len(colours) == 3
    changes = diff_status(base, head)
    removed_links = sum(1 for s in changes.edges.values() if s == "removed")
    assert "changes since version feedbeef" in data["label"]
    assert "nodes: 1 added   ·   1 removed   ·   1 changed" in data["label"]
    assert f"links: 1 added   ·   {removed_links} removed   ·   0 changed" in data["label"]
    assert "cluster_legend" in {s["name"] for s in data["objects"][: data["_subgraph_cnt"]]}
    edges = {e["id"]: e for e in data["edges"] if "id" in e}
    removed_tokens = [
        t for t, eid in graph.edges.items() if diff_status(base, head).edges[eid] == "removed"
    ]
    assert all(edges[t]["style"] == "dashed" for t in removed_tokens)


def test_diff_renders_and_lays_out(versions: tuple[dict[str, Any], dict[str, Any]]) -> None:
    base, head = versions
    root = ET.fromstring(render_diff(base, head, {"title": "diff"}, "svg"))
    assert root.tag == f"{SVG}svg"
    assert render_diff(base, head, None, "png", dpi=36).startswith(b"\x89PNG")
    assert render_diff(base, base, None, "dot").count(b"unchanged") >= 1


# -- sector map -------------------------------------------------------------------------


def _contributions(doc: dict[str, Any], graphs: int) -> dict[str, list[dict[str, str]]]:
    outcomes = [n["id"] for n in doc["nodes"] if n["kind"] == "outcome"]
    out: dict[str, list[dict[str, str]]] = {}
    for g in range(graphs):
        target = outcomes[g % len(outcomes)]
        out.setdefault(target, []).append(
            {
                "org": f"org-{g % 7}",
                "graph": f"graph-{g}",
                "node": f"n{g}",
                "label": f"Member outcome {g}",
            }
        )
    out["no-such-node"] = [{"org": "x", "graph": "y", "node": "z", "label": "ignored"}]
    return out


def test_sector_map_clusters_members(small_doc: dict[str, Any], meta: dict[str, Any]) -> None:
    contributions = _contributions(small_doc, 12)
    data = dot_json(sector_to_dot(small_doc, contributions, meta).source)
    clusters = [s["name"] for s in data["objects"][: data["_subgraph_cnt"]]
                if s["name"].startswith("cluster_org_")]  # fmt: skip
    assert len(clusters) == 7
    nodes = {o["name"]: o for o in data["objects"][data["_subgraph_cnt"] :]}
    members = [n for n in nodes if n.startswith("_m")]
    assert len(members) == 12
    target, items = next(iter(contributions.items()))
    orgs = len({c["org"] for c in items})
    assert f"{orgs} organisation" in nodes[target]["label"]
    assert "12 contributing graphs" in data["label"]
    gaps = [n for n in small_doc["nodes"] if n["id"] not in contributions]
    for node in gaps:
        result = node["kind"] in ("outcome", "impact")
        assert ("no contributors" in nodes[node["id"]]["label"]) == result
        assert ("dashed" in nodes[node["id"]]["style"]) == result
    member_edges = [e for e in data["edges"] if data["objects"][e["tail"]]["name"].startswith("_m")]
    assert len(member_edges) == 12


def test_sector_map_aggregates_past_the_threshold(small_doc: dict[str, Any]) -> None:
    contributions = _contributions(small_doc, AGGREGATE_AFTER + 1)
    data = dot_json(sector_to_dot(small_doc, contributions).source)
    names = [o["name"] for o in data["objects"]]
    assert not [n for n in names if n.startswith(("cluster_org_", "_m"))]
    assert "aggregated" in data["label"]
    assert f"{AGGREGATE_AFTER + 1} contributing graphs" in data["label"]


def test_sector_map_with_hostile_contributions(small_doc: dict[str, Any]) -> None:
    outcome = next(n["id"] for n in small_doc["nodes"] if n["kind"] == "outcome")
    contributions = {outcome: [{"org": h, "graph": h, "node": h, "label": h} for h in HOSTILE]}
    contributions["bad"] = "not a list"  # type: ignore[assignment]
    root = ET.fromstring(render_sector(small_doc, contributions, {"title": HOSTILE[8]}, "svg"))
    assert not [e for e in root.iter() if e.tag.endswith(("script", "foreignObject"))]
    assert render_sector(small_doc, {}, None, "png", dpi=36).startswith(b"\x89PNG")


def test_layout_for_a_hostile_document() -> None:
    doc = hostile_doc(HOSTILE[:10])
    lay = layout(doc)
    assert len(lay["nodes"]) == len(doc["nodes"]) and len(lay["edges"]) == len(doc["edges"])


def test_the_diff_from_a_stored_delta_draws_what_the_two_documents_draw(
    versions: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    """The service draws a diff from the base and the stored delta (render_changes);
    it finds the same statuses and draws the same DOT as the two whole documents (which
    storage gives sorted by id)."""
    from toc_editor.domain.delta import between
    from toc_editor.rendering import render_changes
    from toc_editor.rendering.diff import head_of

    base, head = ({k: sorted(v, key=lambda e: e["id"]) for k, v in d.items()} for d in versions)
    delta = between(from_document(base), from_document(head))
    assert diff_status(base, head_of(base, delta), delta) == diff_status(base, head)
    from_delta = render_changes(base, delta, {"title": "diff"}, "dot").decode()
    from_documents = render_diff(base, head, {"title": "diff"}, "dot").decode()
    assert from_delta == from_documents
    assert "added" in from_delta and "removed" in from_delta and "changed" in from_delta
