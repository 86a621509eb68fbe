"""A PDF preview of a seeded ToC's Word report, to look at its pages as printed.

When LibreOffice is installed (``soffice``; ``apt-get install libreoffice-writer-nogui``),
the ``.docx`` itself is printed to PDF by it (``--print-docx``, the default then). Without
it, this prints the same content the same way instead. The report is built as the export builds
it (diagram pages from :func:`~toc_editor.rendering.pages.diagram_pages`, results of the
seeds' example data judged by the progress rules, charts from vl-convert) and checked
with python-docx; then each diagram page is set on an A4 landscape sheet at the scale
and place the report gives its picture (``dot -Tpdf``), and the charts one after the
other at their natural size (vl-convert's PDF), as the report prints them. ``pdftoppm -r 80``
turns the sheets into PNGs.

    .venv/bin/python -m tests.rendering.report_preview seed_graphs/01-*.json test-artifacts/report
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import docx
from pypdf import PageObject, PdfReader, PdfWriter, Transformation

from toc_editor.domain.model import from_document, to_document
from toc_editor.domain.progress import Actual, graph_progress, indicator_series
from toc_editor.rendering.charts import chart_pdf, has_chart, indicator_chart
from toc_editor.rendering.docx_report import to_docx
from toc_editor.rendering.pages import A4_LANDSCAPE, REPORT_BOX, diagram_pages, page_pngs
from toc_editor.rendering.runner import run_dot
from toc_editor.services.seed_results import plan_results

MARGIN = 51.02  # 1.8 cm, the report's margins
HEADING = 40.0  # room the report's page heading takes above a diagram picture
CHART_HEADING = 28.0  # and a chart's (Heading 2), above the row of sentences and chart
AS_OF = date(2026, 12, 6)


def dashboard(doc: dict[str, Any], as_of: date = AS_OF) -> dict[str, Any]:
    """The dashboard's form of the seeds' example results for ``doc``."""
    G = from_document(doc)
    pairs = [(n, i) for n, data in G.nodes(data=True) for i in data.get("indicators") or []]
    reports = plan_results(pairs, today=as_of, key="preview", reporters=["ana", "ben"])
    current: dict[tuple[str, str], Any] = {}
    for report in sorted(reports, key=lambda r: r.at):
        current[(report.indicator, report.period)] = report
    actuals: dict[str, list[Actual]] = {}
    categories: dict[str, dict[str, Any]] = {}
    for (indicator, period), r in current.items():
        value = r.value
        if value is None and r.numerator is not None and r.denominator:
            value = 100 * r.numerator / r.denominator  # as the results service stores it
        actuals.setdefault(indicator, []).append(Actual(period, value, r.text_value))
        if r.categories:
            categories.setdefault(indicator, {})[period] = r.categories
    statuses, _ = graph_progress(G, actuals, as_of)
    out = []
    for node, ind in pairs:
        status = statuses[ind["id"]][1]
        series = indicator_series(ind, actuals.get(ind["id"], ()), as_of, categories.get(ind["id"]))
        label = G.nodes[node].get("label")
        out.append({**ind, "node_id": node, "node_label": label, "status": status.status,
                    "reason": status.reason, "series": series})  # fmt: skip
    return {"as_of": as_of.isoformat(), "indicators": out}


def _sheet() -> PageObject:
    return PageObject.create_blank_page(width=A4_LANDSCAPE[0], height=A4_LANDSCAPE[1])


def preview(path: Path, out: Path) -> list[Path]:
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = to_document(from_document({"nodes": data["nodes"], "edges": data["edges"]}))
    meta = {"title": data.get("title"), "graph": path.stem}
    pages = diagram_pages(doc, meta)
    results = dashboard(doc)
    report = to_docx(doc, meta, [], pages=page_pngs(pages), results=results)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".docx").write_bytes(report)
    checked = docx.Document(io.BytesIO(report))
    print(f"{path.stem}: {len(checked.inline_shapes)} pictures in the .docx")
    writer = PdfWriter()
    for page in pages:
        drawn = PdfReader(io.BytesIO(run_dot(page.source, "pdf"))).pages[0]
        scale = page.scale(REPORT_BOX)
        x = MARGIN + (REPORT_BOX.width - page.width * scale) / 2
        y = A4_LANDSCAPE[1] - MARGIN - HEADING - page.height * scale
        sheet = _sheet()
        sheet.merge_transformed_page(drawn, Transformation().scale(scale, scale).translate(x, y))
        writer.add_page(sheet)
        print(f"  page {page.number} {page.title!r}: {len(page.nodes)} boxes, printed at "
              f"{scale:.0%}, smallest text {page.smallest_text(REPORT_BOX):.1f} pt")  # fmt: skip
    charted = [ind for ind in results["indicators"] if has_chart(ind)]
    sheet, top = _sheet(), A4_LANDSCAPE[1] - MARGIN
    for ind in charted:  # one after the other, a new sheet when the next does not fit
        chart = PdfReader(io.BytesIO(chart_pdf(indicator_chart(ind)))).pages[0]
        height = CHART_HEADING + float(chart.mediabox.height)
        if top - height < MARGIN:
            writer.add_page(sheet)
            sheet, top = _sheet(), A4_LANDSCAPE[1] - MARGIN
        top -= height
        # the chart sits in the right-hand cell of its row, the sentences on the left
        left = A4_LANDSCAPE[0] - MARGIN - float(chart.mediabox.width)
        sheet.merge_transformed_page(chart, Transformation().translate(left, top))
    writer.add_page(sheet)
    pdf = out.with_suffix(".pdf")
    with pdf.open("wb") as fh:
        writer.write(fh)
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(pdf), str(out)], check=True)
    print(f"  {len(charted)} charts of {len(results['indicators'])} indicators")
    return sorted(out.parent.glob(out.name + "-*.png"))


def print_docx(path: Path, out: Path) -> list[Path]:
    """The report's ``.docx`` printed by LibreOffice, and its pages as PNGs."""
    data = json.loads(path.read_text(encoding="utf-8"))
    doc = to_document(from_document({"nodes": data["nodes"], "edges": data["edges"]}))
    meta = {"title": data.get("title"), "graph": path.stem}
    report = to_docx(doc, meta, [], pages=page_pngs(diagram_pages(doc, meta)),
                     results=dashboard(doc))  # fmt: skip
    out.parent.mkdir(parents=True, exist_ok=True)
    docx_path = out.with_suffix(".docx")
    docx_path.write_bytes(report)
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir",
                    str(out.parent), str(docx_path)], check=True, capture_output=True)  # fmt: skip
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(out.with_suffix(".pdf")), str(out)],
                   check=True)  # fmt: skip
    return sorted(out.parent.glob(out.name + "-*.png"))


if __name__ == "__main__":
    make = print_docx if shutil.which("soffice") else preview
    for image in make(Path(sys.argv[1]), Path(sys.argv[2])):
        print(image)
