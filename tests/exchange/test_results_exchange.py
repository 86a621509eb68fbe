"""Results in the open formats (issue 13): IATI results XML with periods, targets, actuals
and dimensions; CIDS JSON-LD with indicator reports; and back again."""

from __future__ import annotations

import json
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring

from tests.hostile_text import HOSTILE, normalized
from toc_editor.domain.errors import ImportFormatError
from toc_editor.domain.periods import period_bounds
from toc_editor.exchange import FORMATS
from toc_editor.exchange.cids import read_cids_results, to_cids_jsonld
from toc_editor.exchange.iati import INDICATOR_URI, read_iati_results, to_iati_xml

GENDER = {"name": "gender", "categories": ["female", "male", "another"]}


def _doc() -> dict[str, Any]:
    return normalized(
        {
            "nodes": [
                {"id": "act", "kind": "activity", "label": "Run workshops"},
                {"id": "out", "kind": "output", "label": "Workshops held", "indicators": [
                    {"id": "held", "name": "Workshops held", "unit": "workshops",
                     "baseline": 0, "target": 40, "aggregation": "cumulative",
                     "baseline_date": "2024-12-31", "target_date": "2025-12-31"},
                ]},
                {"id": "oc", "kind": "outcome", "horizon": "short", "label": "Confidence",
                 "indicators": [
                    {"id": "conf", "name": "Say they feel confident", "unit_type": "percentage",
                     "baseline": 40, "target": 70, "disaggregations": [GENDER],
                     "period_targets": [{"period": "2025-Q2", "value": 55}]},
                    {"id": "plan", "name": "Plan agreed", "unit_type": "yes_no"},
                    {"id": "story", "name": "What changed", "unit_type": "text"},
                    {"id": "wait", "name": "Weeks waiting", "direction": "decrease",
                     "baseline": 12, "target": 6, "frequency": "monthly"},
                ]},
                {"id": "im", "kind": "impact", "label": "Fewer young people out of work"},
            ],
            "edges": [
                {"id": "e1", "source": "act", "target": "out"},
                {"id": "e2", "source": "out", "target": "oc"},
                {"id": "e3", "source": "oc", "target": "im"},
            ],
        }
    )  # fmt: skip


ENTRIES: list[dict[str, Any]] = [
    {"indicator": "held", "period": "2025-Q1", "value": 9.0, "note": "late start",
     "source": "https://example.org/register"},
    {"indicator": "held", "period": "2025-Q2", "value": 12.0},
    {"indicator": "conf", "period": "2025-Q1", "value": 50.0,
     "categories": {"gender": {"female": 55.5, "male": 44.25, "another": 50.0}},
     "note": "survey of 120"},
    {"indicator": "conf", "period": "2025-Q2", "value": 1 / 3},
    {"indicator": "plan", "period": "2025-Q2", "value": None, "text_value": "yes"},
    {"indicator": "story", "period": "2025-Q2", "value": None, "text_value": HOSTILE[3][:200]},
    {"indicator": "wait", "period": "2025-05", "value": 10.0, "note": HOSTILE[5][:200]},
]  # fmt: skip
EXPECTED = {"held": {"2025-Q1": 10.0, "2025-Q2": 20.0}, "conf": {"2025-Q1": 47.5}}


def _full(entry: dict[str, Any]) -> dict[str, Any]:
    """An entry with every field the readers give."""
    return {"value": None, "text_value": None, "note": "", "source": "", "categories": None,
            **entry}  # fmt: skip


def _rows() -> list[dict[str, Any]]:
    """The entries as stored rows (with what the formats leave out)."""
    return [
        {**_full(e), "id": i, "node_id": "oc", "numerator": None, "denominator": None,
         "reported_by": "ana", "reported_at": "2025-07-01T10:00:00Z", "archived": False}
        for i, e in enumerate(ENTRIES, 1)
    ]  # fmt: skip


def _key(entry: dict[str, Any]) -> tuple[str, str]:
    return entry["indicator"], entry["period"]


# -- IATI -------------------------------------------------------------------------------


def test_iati_has_periods_targets_actuals_and_dimensions() -> None:
    meta = {"title": "T", "org": "acme", "results": _rows(), "expected": EXPECTED}
    root = fromstring(to_iati_xml(_doc(), meta), forbid_dtd=True)
    indicators = {
        ref.get("indicator-uri", "")[len(INDICATOR_URI) :]: ind
        for ind in root.iterfind("iati-activity/result/indicator")
        for ref in ind.iterfind("reference")
        if ref.get("indicator-uri", "").startswith(INDICATOR_URI)
    }
    assert set(indicators) == {"held", "conf", "plan", "story", "wait"}
    measures = {key: ind.get("measure") for key, ind in indicators.items()}
    assert measures == {"held": "1", "conf": "2", "plan": "5", "story": "5", "wait": "1"}
    assert indicators["wait"].get("ascending") == "0"
    held = indicators["held"].findall("period")
    assert [p.find("period-start").get("iso-date") for p in held] == ["2025-01-01", "2025-04-01"]
    assert [p.find("period-end").get("iso-date") for p in held] == ["2025-03-31", "2025-06-30"]
    assert [p.find("target").get("value") for p in held] == ["10.0", "20.0"]
    assert [p.find("actual").get("value") for p in held] == ["9.0", "12.0"]
    assert held[0].findtext("actual/comment/narrative") == "late start"
    assert held[0].find("actual/document-link").get("url") == "https://example.org/register"
    conf = indicators["conf"].findall("period")
    # the per-period target wins over the path for its period (the caller's expected has none)
    assert conf[1].find("target").get("value") == "55"
    actuals = conf[0].findall("actual")
    assert [a.find("dimension") is None for a in actuals] == [True, False, False, False]
    dims = {(a.find("dimension").get("name"), a.find("dimension").get("value")): a.get("value")
            for a in actuals[1:]}  # fmt: skip
    assert dims == {("gender", "female"): "55.5", ("gender", "male"): "44.25",
                    ("gender", "another"): "50.0"}  # fmt: skip
    plan = indicators["plan"].find("period")
    assert plan.find("actual").get("value") is None
    assert plan.findtext("actual/comment/narrative") == "yes"
    for period in root.iter("period"):  # the schema's order of a period's children
        tags = [child.tag for child in period]
        assert tags == sorted(tags, key=["period-start", "period-end", "target", "actual"].index)


def test_iati_results_round_trip() -> None:
    data = to_iati_xml(_doc(), {"results": _rows(), "expected": EXPECTED})
    back = sorted(read_iati_results(data), key=_key)
    want = sorted((_full(e) for e in ENTRIES), key=_key)
    # a text or yes/no answer is the actual's comment: its note does not travel
    assert back == want


def test_iati_without_results_is_as_before() -> None:
    root = fromstring(to_iati_xml(_doc(), {"date": "2025-01-01"}))
    held = next(
        i for i in root.iter("indicator") if i.findtext("title/narrative") == "Workshops held"
    )
    assert held is not None and len(held.findall("period")) == 1
    assert held.find("period/target").get("value") == "40"
    assert held.find("period/actual") is None
    assert read_iati_results(to_iati_xml(_doc(), {})) == []


def test_iati_results_of_indicators_not_in_the_toc_are_left_out() -> None:
    rows = [*_rows(), {**_full({"indicator": "gone", "period": "2025-Q1", "value": 3})}]
    back = read_iati_results(to_iati_xml(_doc(), {"results": rows}))
    assert {e["indicator"] for e in back} == {"held", "conf", "plan", "story", "wait"}


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"<nope", "file"),
        (b"<html/>", "iati-activities"),
        (b'<!DOCTYPE x [<!ENTITY a "b">]><iati-activities/>', "file"),
        (
            b'<iati-activities><iati-activity><result><indicator><reference indicator-uri="'
            + INDICATOR_URI.encode()
            + b'x"/><period><period-start iso-date="2025-01-01"/><period-end iso-date='
            b'"2025-01-02"/><actual value="1"/></period></indicator></result></iati-activity>'
            b"</iati-activities>",
            "indicator 1, period 1",
        ),
        (
            b'<iati-activities><iati-activity><result><indicator><reference indicator-uri="'
            + INDICATOR_URI.encode()
            + b'x"/><period><period-start iso-date="2025-01-01"/><period-end iso-date='
            b'"2025-12-31"/><actual value="lots"/></period></indicator></result></iati-activity>'
            b"</iati-activities>",
            "indicator 1, period 1",
        ),
    ],
)
def test_iati_results_reader_refuses_naming_where(data: bytes, where: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_iati_results(data)
    assert caught.value.where == where


# -- CIDS -------------------------------------------------------------------------------


def test_cids_has_an_indicator_report_per_result() -> None:
    data = json.loads(FORMATS[".cids.jsonld"].write(_doc(), {"org": "acme", "results": _rows()}))
    assert data["@context"]["time"] == "http://www.w3.org/2006/time#"
    items = data["@graph"]
    ids = [i["@id"] for i in items]
    assert len(ids) == len(set(ids))
    by_id = {i["@id"]: i for i in items}
    reports = [i for i in items if i["@type"] == "cids:IndicatorReport"]
    assert len(reports) == len(ENTRIES)
    for report in reports:
        indicator = by_id[report["cids:forIndicator"]["@id"]]
        assert indicator["@type"] == "cids:Indicator"
        assert {"@id": report["@id"]} in indicator["cids:hasIndicatorReport"]
        start, end = period_bounds(report["toc:period"])
        assert report["time:hasTime"]["time:hasBeginning"]["time:inXSDDate"] == str(start)
        assert report["time:hasTime"]["time:hasEnd"]["time:inXSDDate"] == str(end)
        for key in report:  # every term is in the context
            assert key.startswith("@") or key.split(":")[0] in data["@context"]
    conf = next(r for r in reports if r["toc:period"] == "2025-Q1" and "toc:categories" in r)
    assert conf["i72:value"] == {"@type": "i72:Measure", "i72:hasNumericalValue": "50.0"}
    assert len(conf["toc:categories"]) == 3


def test_cids_results_round_trip() -> None:
    data = FORMATS[".cids.jsonld"].write(_doc(), {"results": _rows()})
    back = sorted(read_cids_results(data), key=_key)
    assert back == sorted((_full(e) for e in ENTRIES), key=_key)


def test_cids_without_results_has_no_reports() -> None:
    data = to_cids_jsonld(_doc(), {})
    assert not [i for i in data["@graph"] if i["@type"] == "cids:IndicatorReport"]
    assert read_cids_results(json.dumps(data).encode()) == []


@pytest.mark.parametrize(
    ("data", "where"),
    [
        (b"{", "file"),
        (b"[]", "@graph"),
        (
            json.dumps({"@graph": [
                {"@id": "i", "@type": "cids:Indicator", "schema:identifier": "x"},
                {"@type": "cids:IndicatorReport", "cids:forIndicator": {"@id": "i"},
                 "toc:period": "2025", "i72:value": {"i72:hasNumericalValue": "many"}},
            ]}).encode(),
            "@graph/1",
        ),
    ],
)  # fmt: skip
def test_cids_results_reader_refuses_naming_where(data: bytes, where: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        read_cids_results(data)
    assert caught.value.where == where
