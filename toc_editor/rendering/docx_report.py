"""A Word report of one version of a theory of change (python-docx).

``to_docx(doc, meta, findings, pages=...)`` returns ``.docx`` bytes with: the title, the
version (commit) and date, a contents list, the diagram on as many pages as it needs
for no text under 8 pt (:mod:`.pages`: whole levels per page, each picture a PNG drawn
at 2x and printed at the scale its page was planned for), a table of results with their
indicators (baseline, target, source), a table of links with rationale, assumptions,
evidence and confidence, and the quality findings (``{code, severity, message, nodes,
edges}``). The page is A4 landscape so the diagram and the tables have room. User text
is written as text (never as fields or markup), with the characters XML cannot hold
removed.

The contents list is a Word TOC field whose text, until Word updates it (it asks when
the file opens), is the list of headings as written here, so it reads right in any
viewer.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Inches, Pt, RGBColor

from .charts import chart_png, has_chart, indicator_chart
from .dot import KIND_NAMES, RELATION_NAMES
from .pages import REPORT_BOX, DiagramPage, box_codes, code_order
from .text import clean, xml_safe

__all__ = ["STATUS_WORDS", "to_docx"]

#: The words a report uses for each status (as the progress rules name them).
STATUS_WORDS = {
    "on_track": "On track",
    "behind": "Behind",
    "off_track": "Off track",
    "no_recent_data": "No recent data",
    "no_target": "No target",
}

PAGE_W, PAGE_H, MARGIN = Cm(29.7), Cm(21.0), Cm(1.8)
MAX_CELL = 2000  # characters per table cell; the full text lives in the tool


def _png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG header, or None if it is not a PNG."""
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return (width, height) if width and height else None


def _cell_text(value: Any, limit: int = MAX_CELL) -> str:
    text = xml_safe("" if value is None else value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _table(document: Any, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Any:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Light Grid Accent 1"
    for cell, title in zip(table.rows[0].cells, header, strict=True):
        cell.text = title
        for run in cell.paragraphs[0].runs:
            run.font.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = _cell_text(value)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    return table


def _value(value: Any, unit: Any) -> str:
    if value is None:
        return "—"
    return f"{value} {unit}".strip() if unit else str(value)


def _evidence(items: Iterable[Mapping[str, Any]]) -> str:
    parts = []
    for item in items:
        text = str(item.get("title") or "")
        if item.get("strength"):
            text += f" ({item['strength']})"
        if item.get("url"):
            text += f" <{item['url']}>"
        parts.append(text)
    return "\n".join(parts)


class _Report:
    """The document being written, and its headings for the contents list."""

    def __init__(self) -> None:
        self.document: Any = Document()
        self.headings: list[tuple[int, str]] = []

    def heading(self, text: str, level: int, *, new_page: bool = False, cell: Any = None) -> Any:
        """A heading; ``new_page``: it starts a page (a property of the heading, not a
        break of its own, so a page that ends full does not leave an empty one). In a
        table ``cell`` (its first paragraph), not kept with the next: its row keeps it
        with what it heads (LibreOffice set one chart a page when a heading before each
        chart's table was kept with it)."""
        self.headings.append((level, text))
        if cell is None:
            paragraph = self.document.add_heading(text, level)
        else:
            paragraph = cell.paragraphs[0]
            paragraph.style = self.document.styles[f"Heading {level}"]
            paragraph.add_run(xml_safe(text))
            paragraph.paragraph_format.keep_with_next = False
        if new_page:
            paragraph.paragraph_format.page_break_before = True
        return paragraph

    def note(self, text: str, size: float = 9) -> Any:
        paragraph = self.document.add_paragraph()
        run = paragraph.add_run(xml_safe(text))
        run.font.size = Pt(size)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
        return paragraph

    def contents(self, anchor: Any) -> None:
        """A TOC field before ``anchor`` (then removed) whose text until Word updates it
        is the headings as written, the second level indented."""
        entries = [(level, text) for level, text in self.headings if level in (1, 2)]
        if not entries:
            anchor._element.getparent().remove(anchor._element)
            return
        paragraphs = []
        for level, text in entries:
            paragraph = anchor.insert_paragraph_before()
            paragraph.paragraph_format.space_after = Pt(0)
            if level == 2:
                paragraph.paragraph_format.left_indent = Cm(0.8)
            paragraphs.append((paragraph, text))
        first, last = paragraphs[0][0], paragraphs[-1][0]
        _field_char(first, "begin")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = ' TOC \\o "1-2" \\h \\z \\u '
        first.add_run()._r.append(instr)
        _field_char(first, "separate")
        for paragraph, text in paragraphs:
            paragraph.add_run(xml_safe(text))
        _field_char(last, "end")
        anchor._element.getparent().remove(anchor._element)
        settings = self.document.settings.element
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)


def _field_char(paragraph: Any, kind: str) -> None:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(char)


def _picture(document: Any, png: bytes, width: float) -> None:
    """``png`` printed ``width`` points wide (its height follows)."""
    document.add_picture(io.BytesIO(png), width=Emu(int(Pt(width))))


def _diagram(report: _Report, pages: Sequence[tuple[DiagramPage, bytes]]) -> None:
    document = report.document
    drawn = [(page, png) for page, png in pages if page.nodes]
    legends = [(page, png) for page, png in pages if not page.nodes]
    if len(drawn) > 1:
        document.add_paragraph(
            f"The diagram is printed on {len(drawn)} pages, by level, bottom up, so that no "
            "text is smaller than 8 pt. Each box has a code: A3 is the third activity, OP "
            "an output, ST, MT and LT short-, medium- and long-term outcomes, IM an impact. "
            "A line such as “→ p.4: ST1, ST2” in a box means it leads to those boxes "
            "on page 4; “← p.1: A5” that A5 on page 1 leads to it."
        )
    else:
        document.add_paragraph(
            "Each box has a code (A3 is the third activity; OP an output; ST, MT and LT "
            "short-, medium- and long-term outcomes; IM an impact), used in the tables below."
        )
    for page, png in legends:
        _picture(document, png, page.width * page.scale(REPORT_BOX))
    for page, png in drawn:
        title = f"Diagram, page {page.number} of {len(drawn)}: {page.title}"
        report.heading(title if len(drawn) > 1 else f"Diagram: {page.title}", 2, new_page=True)
        scale = page.scale(REPORT_BOX)
        _picture(document, png, page.width * scale)
        report.note(
            f"Printed at {round(scale * 100)}% of its drawn size; the smallest text on "
            f"this page is {page.smallest_text(REPORT_BOX):.1f} pt."
        )


def _number_text(value: Any, indicator: Mapping[str, Any]) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = round(value, 2)
    unit = "%" if indicator.get("unit_type") == "percentage" else (indicator.get("unit") or "")
    if indicator.get("unit_type") == "yes_no":
        return "yes" if value else "no"
    return f"{value}{unit}" if unit == "%" else f"{value} {unit}".strip()


def _latest(indicator: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The latest period of its series with something reported."""
    reported = [
        row for row in indicator.get("series") or []
        if row.get("actual") is not None or row.get("text_value")
    ]  # fmt: skip
    return reported[-1] if reported else None


def _results(
    report: _Report,
    results: Mapping[str, Any],
    codes: Mapping[str, str],
    draw: Callable[[Mapping[str, Any]], bytes],
) -> None:
    document = report.document
    # by box code (A1, A2, ..., OP1, ..., IM1), as the diagram pages and contents list them
    indicators = sorted(
        results.get("indicators") or [],
        key=lambda ind: (
            code_order(codes[ind["node_id"]]) if ind.get("node_id") in codes else (99, 0)
        ),
    )
    report.heading("Results to date", 1, new_page=True)
    counts: dict[str, int] = {}
    for ind in indicators:
        counts[str(ind.get("status"))] = counts.get(str(ind.get("status")), 0) + 1
    summary = ", ".join(
        f"{counts[s]} {STATUS_WORDS[s].lower()}" for s in STATUS_WORDS if counts.get(s)
    )
    as_of = results.get("as_of") or ""
    document.add_paragraph(
        f"Progress judged on {as_of} from the latest value reported for each indicator and "
        f"period, against the target path: {len(indicators)} indicators"
        + (f" ({summary})." if summary else ".")
    )
    if not indicators:
        document.add_paragraph("This ToC has no indicators yet.")
        return
    rows = []
    for ind in indicators:
        latest = _latest(ind)
        shown = None
        if latest is not None:
            value = latest.get("text_value") if latest.get("actual") is None else latest["actual"]
            shown = f"{_number_text(value, ind)} ({latest.get('period')})"
        rows.append(
            [
                codes.get(str(ind.get("node_id")), ""),
                ind.get("name"),
                shown or "no results",
                _number_text(ind.get("target"), ind),
                STATUS_WORDS.get(str(ind.get("status")), str(ind.get("status") or "")),
            ]
        )
    _table(document, ["Box", "Indicator", "Latest (period)", "Target", "Status"], rows)
    charted = [ind for ind in indicators if has_chart(ind)]
    missing = [ind for ind in indicators if not has_chart(ind)]
    if missing:
        names = ", ".join(_cell_text(ind.get("name"), 80) for ind in missing[:20])
        more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        document.add_paragraph(
            f"No chart for the indicators without numeric results: {names}{more}."
        )
    for ind in charted:
        title = f"{codes.get(str(ind.get('node_id')), '')} · {_cell_text(ind.get('name'), 120)}"
        latest = _latest(ind)
        parts = [f"Box: {_cell_text(ind.get('node_label'), 200)}."]
        if latest is not None:
            parts.append(
                f"Latest: {_number_text(latest.get('actual'), ind)} in {latest.get('period')}"
                + (
                    f", expected {_number_text(latest.get('target'), ind)}."
                    if latest.get("target") is not None
                    else "."
                )
            )
        if ind.get("target") is not None:
            due = f" by {ind['target_date']}" if ind.get("target_date") else ""
            parts.append(f"Target: {_number_text(ind.get('target'), ind)}{due}.")
        status = STATUS_WORDS.get(str(ind.get("status")), "")
        parts.append(
            f"Status: {status}."
            + (f" {_cell_text(ind['reason'], 600)}" if ind.get("reason") else "")
        )
        _beside(report, title, parts, draw(ind))


def _beside(report: _Report, title: str, lines: Sequence[str], png: bytes) -> None:
    """The indicator's heading and sentences on the left, its chart on the right at its
    natural size (drawn at 2x), in one row that does not break across pages: two a page."""
    document = report.document
    size = _png_size(png)
    usable = float(PAGE_W - 2 * MARGIN) / 12700
    chart = min(size[0] / 2, usable - 150) if size else 0.0
    table = document.add_table(rows=1, cols=2)
    table.autofit = False
    row = table.rows[0]
    no_split = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(no_split)
    text, picture = row.cells
    widths = (Pt(usable - chart - 6), Pt(chart + 6))
    # each cell's width (Word) and the table's grid (LibreOffice reads only the grid, which
    # python-docx splits evenly: the chart was cut off at half the page)
    for column, cell, width in zip(table.columns, row.cells, widths, strict=True):
        column.width = cell.width = width
    report.heading(title, 2, cell=text)
    for line in lines:
        text.add_paragraph(xml_safe(line)).paragraph_format.space_after = Pt(4)
    if size:
        picture.paragraphs[0].add_run().add_picture(io.BytesIO(png), width=Emu(int(Pt(chart))))


def _default_chart(indicator: Mapping[str, Any]) -> bytes:
    return chart_png(indicator_chart(indicator))


def to_docx(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None,
    findings: Sequence[Mapping[str, Any]] | None,
    png_bytes: bytes | None = None,
    *,
    pages: Sequence[tuple[DiagramPage, bytes]] | None = None,
    results: Mapping[str, Any] | None = None,
    draw_chart: Callable[[Mapping[str, Any]], bytes] = _default_chart,
) -> bytes:
    """The report as ``.docx`` bytes.

    ``pages``: the diagram's pages (:func:`.pages.diagram_pages` for :data:`.pages.REPORT_BOX`)
    with each one's PNG drawn at 2x; else ``png_bytes``, one picture fitted to the page.
    ``results``: the dashboard's form (``{"as_of", "indicators": [{definition...,
    "node_id", "node_label", "status", "reason", "series"}]}``) for a "Results to date"
    section with a table and one chart per indicator with numeric results
    (``draw_chart(indicator) -> PNG`` at 2x); None leaves the section out (a reader who
    may not see the results).
    """
    meta = meta or {}
    nodes: list[Mapping[str, Any]] = list(doc.get("nodes") or [])
    edges: list[Mapping[str, Any]] = list(doc.get("edges") or [])
    codes = box_codes(nodes)
    labels = {str(n["id"]): clean(n.get("label"), 200) for n in nodes}
    named = {nid: f"{codes[nid]} · {label}" for nid, label in labels.items()}

    report = _Report()
    document = report.document
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_W, PAGE_H
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, MARGIN)
    document.styles["Normal"].font.name = "Calibri"
    document.styles["Normal"].font.size = Pt(10)

    document.add_heading(xml_safe(meta.get("title") or meta.get("graph") or "Theory of change"), 0)
    details = []
    if meta.get("org") or meta.get("graph"):
        details.append("/".join(str(x) for x in (meta.get("org"), meta.get("graph")) if x))
    if meta.get("commit"):
        details.append(f"version {str(meta['commit'])[:12]}")
    if meta.get("date"):
        date = meta["date"]
        details.append(date.isoformat() if hasattr(date, "isoformat") else str(date))
    if details:
        run = document.add_paragraph().add_run(xml_safe("  ·  ".join(details)))
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    if meta.get("description"):
        document.add_paragraph(_cell_text(meta["description"], 5000))
    document.add_heading("Contents", 1)
    contents = document.add_paragraph()

    report.heading("Diagram", 1)
    if pages:
        _diagram(report, pages)
    elif png_bytes and (size := _png_size(png_bytes)):
        max_w = PAGE_W - 2 * MARGIN
        max_h = PAGE_H - 2 * MARGIN - Cm(3)
        # the PNG is rendered at 2x (192 dpi): its natural size is pixels / 192 inches
        width = min(Inches(size[0] / 192), max_w)
        height = width * size[1] // size[0]
        if height > max_h:
            width = max_h * size[0] // size[1]
        document.add_picture(io.BytesIO(png_bytes), width=int(width))
    else:
        document.add_paragraph("(no diagram available)")

    if results is not None:
        _results(report, results, codes, draw_chart)

    report.heading("Boxes and their indicators", 1)
    result_rows = []
    for node in nodes:
        if node.get("kind") == "activity":
            continue
        kind = KIND_NAMES.get(str(node.get("kind")), "")
        if node.get("horizon"):
            kind += f" ({node['horizon']} term)"
        code_ = codes[str(node["id"])]
        indicators = node.get("indicators") or []
        if not indicators:
            result_rows.append([code_, node.get("label"), kind, "—", "—", "—", "—"])
        for ind in indicators:
            result_rows.append(
                [
                    code_,
                    node.get("label"),
                    kind,
                    ind.get("name"),
                    _value(ind.get("baseline"), ind.get("unit")),
                    _value(ind.get("target"), ind.get("unit")),
                    ind.get("source") or "—",
                ]
            )
    if result_rows:
        _table(
            document,
            ["Box", "Result", "Type", "Indicator", "Baseline", "Target", "Source"],
            result_rows,
        )
    else:
        document.add_paragraph("No outputs, outcomes or impacts yet.")

    report.heading("Links", 1)
    link_rows = []
    for edge in edges:
        confidence = edge.get("confidence")
        link_rows.append(
            [
                named.get(str(edge.get("source")), edge.get("source")),
                named.get(str(edge.get("target")), edge.get("target")),
                RELATION_NAMES.get(str(edge.get("relation")), edge.get("relation")),
                edge.get("rationale") or "",
                "\n".join(str(a) for a in edge.get("assumptions") or []),
                _evidence(edge.get("evidence") or []),
                "unknown" if confidence is None else f"{confidence}%",
            ]
        )
    if link_rows:
        _table(
            document,
            ["From", "To", "Relation", "Rationale", "Assumptions", "Evidence", "Confidence"],
            link_rows,
        )
    else:
        document.add_paragraph("No links yet.")

    report.heading("Findings", 1)
    if not findings:
        document.add_paragraph("No quality findings.")
    for finding in findings or []:
        paragraph = document.add_paragraph(style="List Bullet")
        severity = paragraph.add_run(xml_safe(str(finding.get("severity", "info")).upper()) + "  ")
        severity.bold = True
        paragraph.add_run(_cell_text(finding.get("message"), 1000))
        named_nodes = [labels.get(str(n), str(n)) for n in finding.get("nodes") or []]
        if named_nodes:
            shown = ", ".join(named_nodes[:10]) + (
                f" and {len(named_nodes) - 10} more" if len(named_nodes) > 10 else ""
            )
            paragraph.add_run(xml_safe(f" — {shown}")).italic = True

    report.contents(contents)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
