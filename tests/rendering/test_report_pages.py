"""Diagrams printed readably (issue 13): every diagram page of the Word report and of the
diff PDF has no text under 8 pt, measured from what is printed.

- the Word report: each page's SVG from ``dot`` (its smallest ``font-size`` and its width)
  and the width the report gives that page's picture;
- the diff PDF: the size of every piece of text on every PDF page (font size times the
  text and transformation matrices), read back with pypdf.
"""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader

from tests.hostile_text import normalized
from toc_editor.domain import checks
from toc_editor.domain.model import from_document
from toc_editor.rendering import render_diff
from toc_editor.rendering.docx_report import to_docx
from toc_editor.rendering.pages import (
    A4_LANDSCAPE,
    MIN_TEXT_PT,
    REPORT_BOX,
    box_codes,
    code_order,
    diagram_pages,
    measure_svg,
    page_pngs,
)

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seed_graphs").glob("*.json"))
EMU_PER_PT = 12700


def seed_doc(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return normalized({"nodes": data["nodes"], "edges": data["edges"]})


@pytest.fixture(scope="module", params=SEEDS, ids=[p.stem for p in SEEDS])
def seeded(request: pytest.FixtureRequest) -> tuple[dict[str, Any], list[Any]]:
    doc = seed_doc(request.param)
    return doc, page_pngs(diagram_pages(doc, {"title": request.param.stem}))


def test_every_report_diagram_page_prints_text_of_at_least_8_pt(
    seeded: tuple[dict[str, Any], list[Any]],
) -> None:
    doc, pages = seeded
    report = docx.Document(io.BytesIO(to_docx(doc, {}, [], pages=pages)))
    pictures = list(report.inline_shapes)
    assert len(pictures) == len(pages)
    # legend-only pictures come first, then the diagram's pages in order
    ordered = [p for p in pages if not p[0].nodes] + [p for p in pages if p[0].nodes]
    usable = (report.sections[0].page_width - 2 * report.sections[0].left_margin) / EMU_PER_PT
    smallest = []
    for picture, (page, _) in zip(pictures, ordered, strict=True):
        width, _, min_font = measure_svg(page.svg)
        printed = picture.width / EMU_PER_PT
        text = min_font * printed / width
        assert printed <= usable + 0.5
        assert picture.height / EMU_PER_PT <= REPORT_BOX.height + 0.5
        assert text >= MIN_TEXT_PT, f"page {page.number} ({page.title}): {text:.2f} pt"
        smallest.append(round(text, 1))
    assert smallest  # (printed by -s: the smallest text per page)
    print(f"smallest text per page (pt): {smallest}")


def test_every_box_is_drawn_once_and_every_cross_page_link_is_written(
    seeded: tuple[dict[str, Any], list[Any]],
) -> None:
    doc, pages = seeded
    drawn = [nid for page, _ in pages for nid in page.nodes]
    assert sorted(drawn) == sorted(n["id"] for n in doc["nodes"])
    page_of = {nid: page.number for page, _ in pages for nid in page.nodes}
    codes = box_codes(doc["nodes"])
    if len(pages) > 1:
        assert len(doc["nodes"]) > 20  # a small ToC stays on one page
    for edge in doc["edges"]:
        s, t = edge["source"], edge["target"]
        if page_of[s] != page_of[t]:
            source = next(p for p, _ in pages if p.number == page_of[s]).source
            target = next(p for p, _ in pages if p.number == page_of[t]).source
            assert f"p.{page_of[t]}: " in source and codes[t] in source
            assert f"p.{page_of[s]}: " in target and codes[s] in target


@pytest.mark.parametrize("size", [6, 12, 16])
def test_a_toc_of_up_to_16_boxes_is_one_page(small_doc: dict[str, Any], size: int) -> None:
    doc = copy.deepcopy(small_doc)
    doc["nodes"] = doc["nodes"][:size]
    kept = {n["id"] for n in doc["nodes"]}
    doc["edges"] = [e for e in doc["edges"] if e["source"] in kept and e["target"] in kept]
    pages = diagram_pages(doc)
    drawn = [page for page in pages if page.nodes]
    assert len(drawn) == 1 and sorted(drawn[0].nodes) == sorted(kept)
    assert drawn[0].elsewhere == {}
    assert any(page.legend for page in pages)  # on the page, or a picture of its own
    for page in pages:
        assert page.smallest_text(REPORT_BOX) >= MIN_TEXT_PT


def test_the_report_says_how_to_read_the_pages_and_lists_its_contents(
    seeded: tuple[dict[str, Any], list[Any]],
) -> None:
    doc, pages = seeded
    findings = checks.findings(from_document(doc))
    report = docx.Document(io.BytesIO(to_docx(doc, {"title": "T"}, findings, pages=pages)))
    text = "\n".join(p.text for p in report.paragraphs)
    drawn = [p for p, _ in pages if p.nodes]
    for page in drawn:
        assert page.title in text
    if len(drawn) > 1:
        assert f"printed on {len(drawn)} pages, by level" in text
    body = report.element.body.xml
    assert 'TOC \\o "1-2"' in body and "fldChar" in body
    assert "Boxes and their indicators" in text and "Findings" in text
    boxes = report.tables[0]
    assert [c.text for c in boxes.rows[0].cells][:2] == ["Box", "Result"]
    codes = set(box_codes(doc["nodes"]).values())
    assert {row.cells[0].text for row in boxes.rows[1:]} <= codes


# -- the diff PDF --------------------------------------------------------------------------


def _mult(m: list[float], n: list[float]) -> list[float]:
    return [
        m[0] * n[0] + m[1] * n[2],
        m[0] * n[1] + m[1] * n[3],
        m[2] * n[0] + m[3] * n[2],
        m[2] * n[1] + m[3] * n[3],
        m[4] * n[0] + m[5] * n[2] + n[4],
        m[4] * n[1] + m[5] * n[3] + n[5],
    ]


def pdf_text_sizes(pdf: bytes) -> list[tuple[float, float, float]]:
    """(page width, page height, smallest text size) of each page, in points."""
    out = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        sizes: list[float] = []

        def visit(
            text: str, cm: Any, tm: Any, font: Any, size: float, found: list[float] = sizes
        ) -> None:
            if text.strip():
                m = _mult(list(tm), list(cm))
                found.append(size * (m[2] ** 2 + m[3] ** 2) ** 0.5)

        page.extract_text(visitor_text=visit)
        out.append((float(page.mediabox.width), float(page.mediabox.height), min(sizes)))
    return out


@pytest.mark.parametrize("path", [SEEDS[1], SEEDS[3]], ids=[SEEDS[1].stem, SEEDS[3].stem])
def test_the_diff_pdf_is_a4_landscape_pages_with_text_of_at_least_8_pt(path: Path) -> None:
    base = seed_doc(path)
    head = copy.deepcopy(base)
    head["nodes"][2]["label"] = "A changed label"
    gone = head["nodes"].pop(5)["id"]
    head["edges"] = [e for e in head["edges"] if gone not in (e["source"], e["target"])]
    pdf = render_diff(base, head, {"title": "Compare", "base_commit": "abc123"}, "pdf")
    pages = pdf_text_sizes(pdf)
    assert len(pages) >= 2  # 35 boxes do not fit one page at 8 pt
    for width, height, smallest in pages:
        assert (round(width, 1), round(height, 1)) == (round(A4_LANDSCAPE[0], 1), 595.3)
        assert smallest >= MIN_TEXT_PT - 0.01


def test_each_diagram_page_starts_with_its_heading_and_no_page_is_left_empty(
    seeded: tuple[dict[str, Any], list[Any]],
) -> None:
    """A page break of its own after a page that ends full makes an empty page (seen in
    LibreOffice's print of the seeded FSC report: pages 7 and 9 were blank), so the
    headings start their pages instead."""
    doc, pages = seeded
    report = docx.Document(io.BytesIO(to_docx(doc, {"title": "T"}, [], pages=pages, results={
        "as_of": "2025-11-15", "indicators": []})))  # fmt: skip
    body = report.element.body.xml
    assert 'w:type="page"' not in body  # no break paragraph anywhere
    starts = [p.text for p in report.paragraphs if p.paragraph_format.page_break_before]
    drawn = [p for p, _ in pages if p.nodes]
    assert len(starts) == len(drawn) + 1 and starts[-1] == "Results to date"
    assert all(t.startswith("Diagram") for t in starts[:-1])


def test_the_results_are_listed_in_box_code_order(
    seeded: tuple[dict[str, Any], list[Any]],
) -> None:
    doc, pages = seeded
    codes = box_codes(doc["nodes"])
    indicators = [
        {**ind, "node_id": node["id"], "status": "no_target", "series": []}
        for node in reversed(doc["nodes"])  # the dashboard's order is not the codes'
        for ind in node.get("indicators") or []
    ]
    results = {"as_of": "2025-11-15", "indicators": indicators}
    report = docx.Document(io.BytesIO(to_docx(doc, {}, [], pages=pages, results=results)))
    table = next(t for t in report.tables if t.rows[0].cells[1].text == "Indicator")
    listed = [row.cells[0].text for row in table.rows[1:]]
    assert len(listed) == len(indicators)
    assert listed == sorted(listed, key=code_order)
    assert set(listed) <= set(codes.values())
