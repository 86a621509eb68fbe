"""A Word report of one version of a theory of change (python-docx).

``to_docx(doc, meta, findings, png_bytes)`` returns ``.docx`` bytes with: the title, the
version (commit) and date, the diagram (a PNG rendered at 2x, fitted to the page), a
table of results with their indicators (baseline, target, source), a table of links
with rationale, assumptions, evidence and confidence, and the quality findings
(``{code, severity, message, nodes, edges}``). The page is A4 landscape so the diagram
and the tables have room. User text is written as text (never as fields or markup),
with the characters XML cannot hold removed.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Cm, Inches, Pt, RGBColor

from .dot import KIND_NAMES, RELATION_NAMES
from .text import clean, xml_safe

__all__ = ["to_docx"]

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


def to_docx(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None,
    findings: Sequence[Mapping[str, Any]] | None,
    png_bytes: bytes | None,
) -> bytes:
    """The report as ``.docx`` bytes."""
    meta = meta or {}
    nodes: list[Mapping[str, Any]] = list(doc.get("nodes") or [])
    edges: list[Mapping[str, Any]] = list(doc.get("edges") or [])
    labels = {str(n["id"]): clean(n.get("label"), 200) for n in nodes}

    document = Document()
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

    document.add_heading("Diagram", 1)
    size = _png_size(png_bytes or b"")
    if png_bytes and size:
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

    document.add_heading("Results and indicators", 1)
    result_rows = []
    for node in nodes:
        if node.get("kind") == "activity":
            continue
        kind = KIND_NAMES.get(str(node.get("kind")), "")
        if node.get("horizon"):
            kind += f" ({node['horizon']} term)"
        indicators = node.get("indicators") or []
        if not indicators:
            result_rows.append([node.get("label"), kind, "—", "—", "—", "—"])
        for ind in indicators:
            result_rows.append(
                [
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
            document, ["Result", "Type", "Indicator", "Baseline", "Target", "Source"], result_rows
        )
    else:
        document.add_paragraph("No outputs, outcomes or impacts yet.")

    document.add_heading("Links", 1)
    link_rows = []
    for edge in edges:
        confidence = edge.get("confidence")
        link_rows.append(
            [
                labels.get(str(edge.get("source")), edge.get("source")),
                labels.get(str(edge.get("target")), edge.get("target")),
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

    document.add_heading("Findings", 1)
    if not findings:
        document.add_paragraph("No quality findings.")
    for finding in findings or []:
        paragraph = document.add_paragraph(style="List Bullet")
        severity = paragraph.add_run(xml_safe(str(finding.get("severity", "info")).upper()) + "  ")
        severity.bold = True
        paragraph.add_run(_cell_text(finding.get("message"), 1000))
        named = [labels.get(str(n), str(n)) for n in finding.get("nodes") or []]
        if named:
            shown = ", ".join(named[:10]) + (
                f" and {len(named) - 10} more" if len(named) > 10 else ""
            )
            paragraph.add_run(xml_safe(f" — {shown}")).italic = True

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
