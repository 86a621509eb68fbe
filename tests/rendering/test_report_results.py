"""The Word report's results section (issue 13), from plain data: the dashboard's form
of each indicator (definition, box, status, reason, series), no database."""

from __future__ import annotations

import io
import struct
from typing import Any

import docx
import pytest

from tests.hostile_text import HOSTILE, normalized
from toc_editor.rendering.charts import (
    ACTUAL,
    CHART_FONT_PT,
    TARGET,
    chart_png,
    has_chart,
    indicator_chart,
)
from toc_editor.rendering.docx_report import STATUS_WORDS, to_docx

EMU_PER_PT = 12700
QUARTERS = [f"{y}-Q{q}" for y in (2024, 2025) for q in range(1, 5)]


def _series(actuals: list[float | None], targets: list[float], categories: bool = False):
    rows = []
    for period, actual, target in zip(QUARTERS, actuals, targets, strict=False):
        split = None
        if categories and actual is not None:
            split = {"gender": {"female": actual * 0.5, "male": actual * 0.4,
                                "another": actual * 0.1}}  # fmt: skip
        rows.append({"period": period, "start": "", "end": "", "actual": actual,
                     "value": actual, "text_value": None, "target": target,
                     "categories": split})  # fmt: skip
    return rows


@pytest.fixture()
def doc() -> dict[str, Any]:
    return normalized(
        {
            "nodes": [
                {"id": "a", "kind": "activity", "label": "Mentoring"},
                {"id": "o", "kind": "output", "label": "Matched", "indicators": [
                    {"id": "matched", "name": "Young people matched", "target": 80}]},
                {"id": "s", "kind": "outcome", "horizon": "short", "label": "Confident",
                 "indicators": [
                     {"id": "conf", "name": "Feel confident", "unit_type": "percentage",
                      "target": 70},
                     {"id": "story", "name": "Stories", "unit_type": "text"},
                     {"id": "none", "name": "Not reported yet", "target": 5}]},
            ],
            "edges": [{"id": "e1", "source": "a", "target": "o"},
                      {"id": "e2", "source": "o", "target": "s"}],
        }
    )  # fmt: skip


@pytest.fixture()
def results() -> dict[str, Any]:
    return {
        "as_of": "2025-11-15",
        "indicators": [
            {"id": "matched", "name": "Young people matched", "unit": "young people",
             "target": 80, "target_date": "2025-12-31", "node_id": "o", "node_label": "Matched",
             "status": "behind", "reason": "45 against 60 expected by 30 Sep 2025.",
             "disaggregations": [{"name": "gender", "categories": ["female", "male", "another"]}],
             "series": _series([10, 20, 30, 38, 40, 45, None, None],
                               [10, 20, 30, 40, 50, 60, 70, 80], categories=True)},
            {"id": "conf", "name": "Feel confident", "unit_type": "percentage", "target": 70,
             "node_id": "s", "node_label": "Confident", "status": "on_track", "reason": "",
             "series": _series([50, 55, 61, 66, 70], [50, 55, 60, 65, 70, 70, 70, 70])},
            {"id": "story", "name": "Stories", "unit_type": "text", "node_id": "s",
             "node_label": "Confident", "status": "no_target", "reason": "",
             "series": [{"period": "2025-Q3", "actual": None, "text_value": "Ana got a job",
                         "target": None}]},
            {"id": "none", "name": "Not reported yet", "target": 5, "node_id": "s",
             "node_label": "Confident", "status": "no_recent_data", "reason": "Nothing yet.",
             "series": _series([None] * 8, [1, 2, 3, 4, 5, 5, 5, 5])},
        ],
    }  # fmt: skip


def _png_size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_the_results_section_has_a_table_and_one_chart_per_indicator_with_results(
    doc: dict[str, Any], results: dict[str, Any]
) -> None:
    drawn: list[str] = []

    def draw(indicator: dict[str, Any]) -> bytes:
        drawn.append(indicator["id"])
        return chart_png(indicator_chart(indicator))

    report = docx.Document(io.BytesIO(to_docx(doc, {}, [], results=results, draw_chart=draw)))
    cells = [c.text for t in report.tables for row in t.rows for c in row.cells]
    text = "\n".join([*(p.text for p in report.paragraphs), *cells])
    assert drawn == ["matched", "conf"]  # numbers to draw: not the text, not the unreported
    cells = [p for t in report.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    headings = [p.text for p in [*report.paragraphs, *cells] if p.style.name.startswith("Heading")]
    assert "Results to date" in headings
    assert "OP1 · Young people matched" in headings and "ST1 · Feel confident" in headings
    assert "2025-11-15" in text and "1 on track, 1 behind, 1 no recent data, 1 no target" in text
    assert "Status: Behind. 45 against 60 expected" in text
    assert "Latest: 45 young people in 2025-Q2, expected 60 young people." in text
    # each chart beside its sentences, in a row that does not break across pages
    beside = [t for t in report.tables if len(t.columns) == 2]
    assert len(beside) == 2 and all("cantSplit" in t.rows[0]._tr.xml for t in beside)
    assert "No chart for the indicators without numeric results: Stories, Not reported yet." in text
    table = report.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "Box", "Indicator", "Latest (period)", "Target", "Status"]  # fmt: skip
    rows = {row.cells[1].text: [c.text for c in row.cells] for row in table.rows[1:]}
    assert rows["Young people matched"] == [
        "OP1",
        "Young people matched",
        "45 young people (2025-Q2)",
        "80 young people",
        "Behind",
    ]
    assert rows["Feel confident"][2:] == ["70% (2025-Q1)", "70%", "On track"]
    assert rows["Stories"][2] == "Ana got a job (2025-Q3)"
    assert rows["Not reported yet"][2:] == ["no results", "5", STATUS_WORDS["no_recent_data"]]
    # the charts print at their natural size: no chart text under CHART_FONT_PT
    charts = list(report.inline_shapes)
    assert len(charts) == 2
    for shape, ind in zip(charts, ["matched", "conf"], strict=True):
        png = chart_png(indicator_chart(next(i for i in results["indicators"] if i["id"] == ind)))
        natural = _png_size(png)[0] / 2
        assert abs(shape.width / EMU_PER_PT - natural) < 1
    # the contents list names the section and each chart
    body = report.element.body.xml
    assert 'TOC \\o "1-2"' in body
    first = next(p for p in report.paragraphs if "fldChar" in p._p.xml)
    assert first.text.endswith("Diagram")


def test_without_results_there_is_no_results_section(doc: dict[str, Any]) -> None:
    report = docx.Document(io.BytesIO(to_docx(doc, {}, [])))
    assert "Results to date" not in "\n".join(p.text for p in report.paragraphs)


def test_no_indicators_says_so(doc: dict[str, Any]) -> None:
    report = docx.Document(io.BytesIO(to_docx(doc, {}, [], results={"indicators": []})))
    assert "This ToC has no indicators yet." in "\n".join(p.text for p in report.paragraphs)


@pytest.mark.parametrize(
    ("indicator", "series", "has"),
    [
        ({"name": "Jobs"}, [TARGET, ACTUAL], True),
        ({"name": "Jobs", "disaggregations": [{"name": "gender", "categories": ["f", "m"]}]},
         [TARGET, ACTUAL, "female", "male", "another"], True),
        ({"name": "Jobs", "aggregation": "cumulative"}, [TARGET, ACTUAL], True),
    ],
)  # fmt: skip
def test_chart_specs(indicator: dict[str, Any], series: list[str], has: bool) -> None:
    rows = _series([1, 2, 3], [1, 2, 3], categories=bool(indicator.get("disaggregations")))
    spec = indicator_chart({**indicator, "series": rows})
    assert spec["encoding"]["color"]["scale"]["domain"] == series
    assert has_chart({"series": rows}) is has
    assert spec["config"]["axis"]["labelFontSize"] >= CHART_FONT_PT
    if indicator.get("aggregation") == "cumulative":
        assert spec["title"]["subtitle"] == "running total"


def test_cumulative_categories_are_running_totals() -> None:
    rows = _series([10, 10], [5, 10], categories=True)
    spec = indicator_chart({"name": "x", "aggregation": "cumulative", "series": rows})
    female = [v["value"] for v in spec["data"]["values"] if v["series"] == "female"]
    assert female == [5.0, 10.0]


def test_hostile_names_are_only_text() -> None:
    indicator = {"name": HOSTILE[36], "unit": HOSTILE[8], "series": _series([1], [2])}
    spec = indicator_chart(indicator)
    assert "\n" not in spec["title"]["text"]
    png = chart_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert not has_chart({"series": []})
