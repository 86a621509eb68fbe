"""Exports with results through the API (issue 13), on SQLite and PostgreSQL: the Word
report's results section, IATI and CIDS with the current results and back, the results
CSV back through the import; and nobody gets results they may not read."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pytest

from tests.conftest import Api
from toc_editor.exchange.cids import read_cids_results
from toc_editor.exchange.iati import read_iati_results

GENDER = {"name": "gender", "categories": ["female", "male"]}
DOC: dict[str, Any] = {
    "nodes": [
        {"id": "act", "kind": "activity", "label": "Mentoring sessions"},
        {"id": "out", "kind": "output", "label": "Young people mentored", "indicators": [
            {"id": "mentored", "name": "Young people mentored", "unit": "young people",
             "baseline": 0, "target": 100, "baseline_date": "2024-12-31",
             "target_date": "2025-12-31", "disaggregations": [GENDER]}]},
        {"id": "oc", "kind": "outcome", "horizon": "short", "label": "More confident",
         "indicators": [
             {"id": "confident", "name": "Feel confident", "unit_type": "percentage",
              "baseline": 40, "target": 70},
             {"id": "plan", "name": "Plan agreed", "unit_type": "yes_no"}]},
        {"id": "imp", "kind": "impact", "label": "Fewer young people out of work"},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "out"},
        {"id": "e2", "source": "out", "target": "oc"},
        {"id": "e3", "source": "oc", "target": "imp"},
    ],
}  # fmt: skip
ENTRIES: list[dict[str, Any]] = [
    {"indicator": "mentored", "period": "2025-Q1", "value": 20,
     "categories": {"gender": {"female": 12, "male": 8}}, "note": "first cohort"},
    {"indicator": "mentored", "period": "2025-Q2", "value": 45,
     "source": "https://example.org/registers"},
    {"indicator": "confident", "period": "2025-Q2", "value": 55.5},
    {"indicator": "plan", "period": "2025-Q2", "text_value": "yes"},
]  # fmt: skip
BASE = "/graphs/alpha/toc"


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.get_json(silent=True) or r.data[:500]
    return r


def _same(entries: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What must survive a round trip, comparable."""
    out = []
    for e in entries:
        value = e.get("value")
        out.append((e["indicator"], e["period"], None if value is None else float(value),
                    e.get("text_value") or None, e.get("note") or "", e.get("source") or "",
                    json.dumps(e.get("categories") or None, sort_keys=True)))  # fmt: skip
    return sorted(out)


@pytest.fixture
def world(api: Api) -> dict[str, str]:
    owner = api.user("x-owner")
    api.org(owner, "alpha")
    api.graph(owner, "alpha", "toc", DOC, visibility="public")
    _ok(api.post(f"{BASE}/results", {"results": ENTRIES}, token=owner), 201)
    return {"owner": owner}


def _current(api: Api, token: str | None, graph: str = "toc") -> list[dict[str, Any]]:
    body = _ok(api.get(f"/graphs/alpha/{graph}/results", token=token)).get_json()
    return list(body["results"])


def test_iati_and_cids_exports_carry_the_results_and_read_back_the_same(
    api: Api, world: dict[str, str]
) -> None:
    stored = _current(api, world["owner"])
    iati = _ok(api.get(f"{BASE}/export/main.iati.xml", token=world["owner"]))
    assert _same(read_iati_results(iati.data)) == _same(stored)
    cids = _ok(api.get(f"{BASE}/export/main.cids.jsonld", token=world["owner"]))
    assert _same(read_cids_results(cids.data)) == _same(stored)
    # a new result changes the export (and its ETag): results are not a version
    before = iati.headers.get("ETag")
    more = [{"indicator": "confident", "period": "2025-Q3", "value": 60}]
    _ok(api.post(f"{BASE}/results", {"results": more}, token=world["owner"]), 201)
    again = _ok(api.get(f"{BASE}/export/main.iati.xml", token=world["owner"]))
    assert again.headers.get("ETag") != before
    assert len(read_iati_results(again.data)) == len(stored) + 1


def test_the_word_report_has_the_results_section(api: Api, world: dict[str, str]) -> None:
    r = _ok(api.get(f"{BASE}/export/main.docx", token=world["owner"]))
    report = docx.Document(io.BytesIO(r.data))
    cells = [p for t in report.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    headings = [p.text for p in [*report.paragraphs, *cells] if p.style.name.startswith("Heading")]
    assert "Results to date" in headings
    charts = [h for h in headings if "·" in h]
    assert charts == ["OP1 · Young people mentored", "ST1 · Feel confident", "ST1 · Plan agreed"]
    # one picture per diagram page (and legend), one per chart
    diagram = [h for h in headings if h.startswith(("Diagram:", "Diagram, page"))]
    assert diagram
    assert len(report.inline_shapes) >= len(diagram) + len(charts)


def test_readers_who_may_not_see_results_get_exports_without_them(
    api: Api, world: dict[str, str]
) -> None:
    # public graph, results not public: a visitor reads the ToC, not its results
    iati = _ok(api.get(f"{BASE}/export/main.iati.xml"))
    assert read_iati_results(iati.data) == []
    cids = _ok(api.get(f"{BASE}/export/main.cids.jsonld"))
    assert read_cids_results(cids.data) == []
    report = docx.Document(io.BytesIO(_ok(api.get(f"{BASE}/export/main.docx")).data))
    assert "Results to date" not in [p.text for p in report.paragraphs]
    _ok(api.patch("/graphs/alpha/toc", {"results_public": True}, token=world["owner"]))
    iati = _ok(api.get(f"{BASE}/export/main.iati.xml"))
    assert len(read_iati_results(iati.data)) == len(ENTRIES)


@pytest.mark.parametrize(
    ("export", "filename"),
    [
        ("results.csv", "results.csv"),
        ("export/main.iati.xml", "toc.iati.xml"),
        ("export/main.cids.jsonld", "toc.cids.jsonld"),
    ],
)
def test_the_exports_import_back_to_the_same_results(
    api: Api, world: dict[str, str], export: str, filename: str
) -> None:
    owner = world["owner"]
    exported = _ok(api.get(f"{BASE}/{export}", token=owner)).data
    api.graph(owner, "alpha", "copy", DOC)
    r = api.call(
        "POST",
        "/graphs/alpha/copy/results/import?dry_run=false",
        token=owner,
        data={"file": (io.BytesIO(exported), filename)},
        content_type="multipart/form-data",
    )
    assert r.status_code == 200, r.get_json()
    assert r.get_json()["written"] == len(ENTRIES)
    assert _same(_current(api, owner, "copy")) == _same(_current(api, owner))


@pytest.mark.parametrize(
    ("export", "filename"),
    [("export/main.iati.xml", "toc.iati.xml"), ("export/main.cids.jsonld", "toc.jsonld")],
)
def test_an_open_format_file_with_a_wrong_result_is_refused_by_its_place(
    api: Api, world: dict[str, str], export: str, filename: str
) -> None:
    """Into a ToC without the yes/no indicator: the file's 4th result (by the export's
    order: mentored x2, confident, plan) names an indicator the ToC lacks."""
    owner = world["owner"]
    exported = _ok(api.get(f"{BASE}/{export}", token=owner)).data
    doc = json.loads(json.dumps(DOC))
    doc["nodes"][2]["indicators"] = doc["nodes"][2]["indicators"][:1]
    api.graph(owner, "alpha", "narrow", doc)
    url = "/graphs/alpha/narrow/results/import?dry_run="
    upload = {"file": (io.BytesIO(exported), filename)}
    dry = api.call("POST", url + "true", token=owner, data=upload,
                   content_type="multipart/form-data")  # fmt: skip
    report = _ok(dry).get_json()
    assert not report["valid"]
    problems = [(p["row"], p["column"]) for p in report["problems"]]
    rows = [q["indicator"] for q in (read_iati_results if filename.endswith(".xml")
                                      else read_cids_results)(exported)]  # fmt: skip
    assert problems == [(rows.index("plan") + 1, "indicator")], report["problems"]
    upload = {"file": (io.BytesIO(exported), filename)}
    wet = api.call("POST", url + "false", token=owner, data=upload,
                   content_type="multipart/form-data")  # fmt: skip
    assert wet.status_code == 422, wet.get_json()
    assert _current(api, owner, "narrow") == []


def test_a_file_that_is_not_iati_is_a_problem_of_the_file(api: Api, world: dict[str, str]) -> None:
    upload = {"file": (io.BytesIO(b"<html><body>hello</body></html>"), "results.xml")}
    r = api.call("POST", f"{BASE}/results/import?dry_run=true", token=world["owner"],
                 data=upload, content_type="multipart/form-data")  # fmt: skip
    report = _ok(r).get_json()
    assert report["valid"] is False
    assert report["problems"] == [
        {"row": 0, "column": "iati-activities", "message": "not an IATI activities file"}
    ]
