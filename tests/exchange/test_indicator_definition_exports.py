"""The exchange formats with indicator definitions (issue 13): every exporter writes a
document whose indicators use every new field, and the two-way formats read it back.

JSON and GraphML (indicators as a JSON string per node) carry every field. The CSV zip's
indicators.csv keeps its columns (node_id and the original fields): the new fields, two of
them lists, are left out there, so its import reads the indicators without them. CIDS
JSON-LD and IATI XML write what their vocabularies hold (name, baseline, target...); the
results themselves are the reports' to add. ``reports_to`` (issue 14) is one more IATI
``reference`` and a CIDS ``toc:reportsTo``, both read back."""

from __future__ import annotations

import pytest
from defusedxml.ElementTree import fromstring

from tests.hostile_text import normalized
from toc_editor.domain import entities
from toc_editor.exchange import FORMATS, read_document
from toc_editor.exchange.cids import read_cids_reports_to
from toc_editor.exchange.iati import SHARED_INDICATOR_URI, read_iati_reports_to

FULL = {
    "id": "reached",
    "name": "Young people reached",
    "unit": "people",
    "baseline": 0,
    "target": 400,
    "direction": "increase",
    "unit_type": "currency",
    "currency": "HKD",
    "frequency": "monthly",
    "aggregation": "cumulative",
    "baseline_date": "2024-01-01",
    "target_date": "2025-12-31",
    "period_targets": [{"period": "2025-06", "value": 200}, {"period": "2025-12", "value": 400}],
    "disaggregations": [
        {"name": "gender", "categories": ["female", "male", "another"]},
        {"name": "age band", "categories": ["16-18", "19-24"]},
    ],
}
SCALE = {"id": "mood", "name": "Mood", "unit_type": "scale", "scale_min": 1, "scale_max": 7,
         "frequency": "half_yearly", "direction": "decrease",
         "period_targets": [{"period": "2025-H2", "value": 3.5}],
         "reports_to": "youth-network/framework#mood-1"}  # fmt: skip
DOC = normalized(
    {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "Clubs", "indicators": [FULL]},
            {"id": "o", "kind": "outcome", "label": "Mood", "horizon": "short",
             "indicators": [SCALE]},
            {"id": "i", "kind": "impact", "label": "Work", "indicators": [
                {"id": "yn", "name": "Policy", "unit_type": "yes_no", "frequency": "yearly"}]},
        ],
        "edges": [{"id": "e1", "source": "a", "target": "o"},
                  {"id": "e2", "source": "o", "target": "i"}],
    }
)  # fmt: skip


def test_the_document_uses_every_new_field() -> None:
    used = {k for n in DOC["nodes"] for i in n["indicators"] for k in i}
    assert set(entities.INDICATOR_DEFINITION_FIELDS) <= used
    assert DOC["nodes"][0]["indicators"][0] == {"source": None, "vocabulary": None,
                                                "code": None, **FULL}  # fmt: skip


@pytest.mark.parametrize("suffix", list(FORMATS))
def test_every_exporter_writes_indicators_with_definitions(suffix: str) -> None:
    data = FORMATS[suffix].write(DOC, {"title": "T", "commit": "c", "org": "o", "graph": "g"})
    assert data
    if suffix.endswith(".xml") or suffix == ".graphml":
        fromstring(data)


@pytest.mark.parametrize(("suffix", "keeps"), [(".json", True), (".graphml", True),
                                               (".csv.zip", False)])  # fmt: skip
def test_the_two_way_formats_read_them_back(suffix: str, keeps: bool) -> None:
    data = FORMATS[suffix].write(DOC, {"title": "T", "commit": "c"})
    read = read_document(data, f"file{suffix}")
    back = normalized({"nodes": read["nodes"], "edges": read["edges"]})
    if keeps:
        assert back == DOC
        return
    core = {
        **DOC,
        "nodes": [
            {**n, "indicators": [{k: i[k] for k in entities.INDICATOR_FIELDS}
                                 for i in n["indicators"]]}
            for n in DOC["nodes"]
        ],
    }  # fmt: skip
    assert back == core


@pytest.mark.parametrize(
    ("suffix", "read"),
    [(".iati.xml", read_iati_reports_to), (".cids.jsonld", read_cids_reports_to)],
)
def test_reports_to_goes_out_and_comes_back(suffix: str, read: object) -> None:
    data = FORMATS[suffix].write(DOC, {"title": "T", "commit": "c", "org": "o", "graph": "g"})
    assert read(data) == {"mood": "youth-network/framework#mood-1"}  # type: ignore[operator]


def test_iati_names_the_shared_indicator_in_a_reference() -> None:
    root = fromstring(FORMATS[".iati.xml"].write(DOC, {}))
    refs = [r.attrib for r in root.iterfind(".//indicator/reference")]
    shared = "youth-network/framework#mood-1"
    assert {"vocabulary": "99", "code": shared,
            "indicator-uri": SHARED_INDICATOR_URI + shared} in refs  # fmt: skip
    assert sum(1 for r in refs if r["indicator-uri"].startswith(SHARED_INDICATOR_URI)) == 1
