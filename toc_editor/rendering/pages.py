"""Diagrams cut into pages that print readably: no text under 8 pt (issue 13).

A theory of change of 35 boxes is one Graphviz picture about 2,400 x 850 pt (33 x 12
inches): fitted to the width of an A4 page its 10-12 pt text prints at 3 pt. Here a
diagram is laid out as the pages it will be printed on:

- **one page** when the whole diagram fits the page's picture box (:class:`Box`) with
  its smallest text at least :data:`MIN_TEXT_PT` once scaled to the box;
- else **split by level**: the levels (lanes: activities, outputs, short-, medium- and
  long-term outcomes, impact) are taken bottom up, and each page gets as many whole
  consecutive levels as fit. A level with more boxes than fit side by side is wrapped
  onto rows first (never fewer than :data:`MIN_PER_ROW` a row), and a level too large
  for a page alone is cut into parts ("Activities, part 1 of 2"). Every box is drawn in
  full on exactly one page, with a short code (:func:`box_codes`: ``A3`` is the third
  activity, ``ST2`` the second short-term outcome); a link to a box on another page is
  a line in the box, ``→ p.4: ST1, ST2`` (it leads to those boxes on page 4) or
  ``← p.1: A5`` (it comes from A5 on page 1), so every arrow can be followed without
  drawing the other page's boxes again.

Why by level and not by pathway: theories of change converge. In the seeds, the
pathway into the main long-term outcome holds most of the boxes, so pages "one
pathway each" would repeat nearly the whole diagram on every page and still be too
wide; levels partition the boxes, bound the number of pages by the number of levels,
and keep the diagram's bottom-to-top reading order on every page. A3 was not chosen
because a 35-box ToC does not fit an A3 page at 8 pt either (its widest level alone is
10 boxes, about 1,900 pt wide), and few evaluators print A3.

The smallest text of a page is measured, not assumed: it is the smallest
``font-size`` in the page's SVG from ``dot`` times the scale the page's picture is
printed at (:meth:`DiagramPage.smallest_text`). :func:`paged_pdf` places the pages on
A4 landscape sheets of a PDF at that scale.

Examples
--------
>>> Box(700, 400).scale(1400, 400)
0.5
>>> measure_svg(b'<svg width="200pt" height="100pt"><text font-size="12.00">a</text>'
...             b'<text font-size="10.00">b</text></svg>')
(200.0, 100.0, 10.0)
"""

from __future__ import annotations

import io
import itertools
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from toc_editor.domain.delta import Delta

from .diff import (
    diff_edge_attrs,
    diff_entities,
    diff_legend,
    diff_node_attrs,
    diff_status,
    diff_title,
)
from .dot import check_direction_theme
from .dot_writer import DotWriter, code, dot_escape, text_value
from .lanes import LANES, graph_header, lane_members, meta_lines
from .runner import DEFAULT_TIMEOUT, run_dot
from .text import clean, wrap
from .theme import Theme, edge_attrs, kind_legend_rows, legend, node_attrs

__all__ = [
    "A4_LANDSCAPE",
    "CODE_PREFIXES",
    "MIN_PER_ROW",
    "MIN_TEXT_PT",
    "PDF_BOX",
    "REPORT_BOX",
    "Box",
    "DiagramPage",
    "Look",
    "box_codes",
    "code_order",
    "diagram_pages",
    "diff_pages",
    "measure_svg",
    "page_pngs",
    "paged_pdf",
    "plan_pages",
    "toc_look",
]

MIN_TEXT_PT = 8.0
"""No text of a printed diagram page is smaller than this (points)."""
A4_LANDSCAPE = (841.89, 595.28)
"""An A4 sheet, landscape, in points."""
MIN_PER_ROW = 2
"""A wrapped level keeps at least this many boxes a row."""
LINK_WRAP = 28  # characters a line of links to other pages
NODESEP, RANKSEP = "0.2", "0.4"  # inches between boxes in a row, and between rows
GRID_WEIGHT = 100  # of the invisible links that stack rows into columns
PDF_MARGIN = 36.0  # half an inch around a PDF page's picture


@dataclass(frozen=True)
class Box:
    """Where a page's picture is printed: the largest width and height (points)."""

    width: float
    height: float

    def scale(self, width: float, height: float) -> float:
        """The factor a ``width`` x ``height`` picture is printed at: shrunk to fit the
        box, never enlarged."""
        return min(1.0, self.width / width, self.height / height)


REPORT_BOX = Box(739.0, 430.0)
"""The Word report's picture box: A4 landscape with 1.8 cm margins (739 x 493 pt), less
room for the page's heading and caption."""
PDF_BOX = Box(A4_LANDSCAPE[0] - 2 * PDF_MARGIN, A4_LANDSCAPE[1] - 2 * PDF_MARGIN)
"""A PDF page's picture box: A4 landscape less half-inch margins."""


@dataclass(frozen=True)
class Look:
    """How the boxes and links of a paged diagram are drawn (the ToC's look, the diff's).

    ``node(node)`` and ``edge(edge, labels)`` give their DOT attributes (through
    :mod:`.theme`, so all text is escaped); ``legend(writer, direction)`` draws the legend.
    """

    theme: Theme
    node: Callable[[Mapping[str, Any]], dict[str, str]]
    edge: Callable[[Mapping[str, Any], Mapping[str, str]], dict[str, str]]
    legend: Callable[[DotWriter, str], None] | None = None


@dataclass
class DiagramPage:
    """One page of a paged diagram: what it draws and its picture as ``dot`` drew it."""

    title: str
    number: int
    count: int
    nodes: list[str]
    """Ids of the boxes drawn in full on this page."""
    elsewhere: dict[str, int]
    """Ids of the boxes of other pages this page's boxes link to or from -> their page."""
    source: str
    svg: bytes = b""
    width: float = 0.0
    height: float = 0.0
    min_font: float = 0.0
    legend: bool = False
    lanes: list[str] = field(default_factory=list)

    def scale(self, box: Box) -> float:
        """The factor this page's picture is printed at in ``box``."""
        return box.scale(self.width, self.height)

    def smallest_text(self, box: Box) -> float:
        """The smallest text on this page when printed in ``box``, in points."""
        return self.min_font * self.scale(box)


_SVG_SIZE = re.compile(rb'<svg[^>]*?\swidth="([\d.]+)pt"[^>]*?\sheight="([\d.]+)pt"', re.S)
_FONT_SIZE = re.compile(rb'font-size="([\d.]+)"')


def measure_svg(svg: bytes) -> tuple[float, float, float]:
    """``(width, height, smallest font size)`` in points of an SVG that ``dot`` wrote."""
    match = _SVG_SIZE.search(svg)
    if match is None:
        raise ValueError("not an SVG with a size in points")
    sizes = [float(s) for s in _FONT_SIZE.findall(svg)]
    return float(match[1]), float(match[2]), min(sizes) if sizes else math.inf


# -- what a page holds --------------------------------------------------------------------

_LANE_WORDS = {
    "activity": "activities",
    "output": "outputs",
    "outcome_short": "short-term outcomes",
    "outcome_medium": "medium-term outcomes",
    "outcome_long": "long-term outcomes",
    "outcome_none": "outcomes with no term set",
    "impact": "impact",
}
_TERMS = ("outcome_short", "outcome_medium", "outcome_long")


CODE_PREFIXES = {
    "activity": "A",
    "output": "OP",
    "outcome_short": "ST",
    "outcome_medium": "MT",
    "outcome_long": "LT",
    "outcome_none": "OC",
    "impact": "IM",
}
"""A box's code on paged diagrams is its level's prefix and its number in the level."""


def box_codes(nodes: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    """Node id -> its short code ("A3": the third activity, "ST2": the second short-term
    outcome), numbered in document order within each level.

    >>> box_codes([{"id": "a", "kind": "activity"}, {"id": "b", "kind": "outcome",
    ...            "horizon": "short"}, {"id": "c", "kind": "activity"}])
    {'a': 'A1', 'c': 'A2', 'b': 'ST1'}
    """
    return {
        nid: f"{CODE_PREFIXES[lane]}{k}"
        for lane, ids in lane_members(nodes).items()
        for k, nid in enumerate(ids, 1)
    }


def _with_code(attrs: dict[str, str], box_code: str, lines: Sequence[str] = ()) -> dict[str, str]:
    """``attrs`` with ``box_code`` (code-chosen: letters and digits) as the label's first
    line and ``lines`` (made by this module from codes and page numbers) as its last."""
    label = attrs["label"]
    assert re.fullmatch(r"[A-Z]{1,2}\d{1,5}", box_code)
    assert label.startswith('"') and label.endswith('"')
    tail = "".join("\\n" + dot_escape(line) for line in lines)
    return {**attrs, "label": f'"{box_code}\\n{label[1:-1]}{tail}"'}


def code_order(box_code: str) -> tuple[int, int]:
    """Codes in level order, then by number: A2 before A10 before OP1.

    >>> sorted(["OP1", "A10", "A2"], key=code_order)
    ['A2', 'A10', 'OP1']
    """
    prefix = box_code.rstrip("0123456789")
    return list(CODE_PREFIXES.values()).index(prefix), int(box_code[len(prefix) :])


def _join(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _title(lanes: Sequence[str], part: tuple[int, int] | None = None) -> str:
    """A page's title from its levels.

    >>> _title(["outcome_short", "outcome_medium", "outcome_long", "impact"])
    'Short-, medium- and long-term outcomes and impact'
    >>> _title(["activity"], (1, 2))
    'Activities, part 1 of 2'
    """
    terms = [lane.removeprefix("outcome_") for lane in lanes if lane in _TERMS]
    words: list[str] = []
    for lane in lanes:
        if lane not in _TERMS or len(terms) == 1:
            words.append(_LANE_WORDS[lane])
        elif lane.endswith(terms[0]):
            words.append(_join([f"{t}-" for t in terms[:-1]] + [f"{terms[-1]}-term outcomes"]))
    text = _join(words)
    text = text[0].upper() + text[1:]
    return f"{text}, part {part[0]} of {part[1]}" if part else text


@dataclass(frozen=True)
class _Band:
    """The boxes of one page: whole levels, or a part of one."""

    lanes: tuple[str, ...]
    members: dict[str, list[str]]
    part: tuple[int, int] | None = None

    @property
    def ids(self) -> list[str]:
        return [nid for lane in self.lanes for nid in self.members[lane]]


def _rows(names: list[str], per_row: int) -> list[list[str]]:
    """``names`` in balanced rows of at most ``per_row``.

    >>> [len(r) for r in _rows(list("abcdefghij"), 4)]
    [4, 3, 3]
    """
    if len(names) <= per_row:
        return [names]
    count = -(-len(names) // per_row)
    size, extra = divmod(len(names), count)
    cuts = [i * size + min(i, extra) for i in range(count + 1)]
    return [names[a:b] for a, b in itertools.pairwise(cuts)]


class _Planner:
    """Lays out and measures candidate pages of one diagram."""

    def __init__(
        self,
        nodes: Sequence[Mapping[str, Any]],
        edges: Sequence[Mapping[str, Any]],
        look: Look,
        box: Box,
        *,
        direction: str,
        title: Sequence[str],
        timeout: float,
    ) -> None:
        self.nodes = {str(n["id"]): n for n in nodes}
        self.edges = list(edges)
        self.look = look
        self.box = box
        self.direction = direction
        self.title = list(title)
        self.timeout = timeout
        self.members = lane_members(nodes)
        self.order = [lane for lane in LANES if self.members.get(lane)]
        self.rank = {
            nid: self.order.index(lane) for lane in self.order for nid in self.members[lane]
        }
        self.labels = {nid: clean(n.get("label"), 120) for nid, n in self.nodes.items()}
        self.codes = box_codes(nodes)

    # -- drawing ---------------------------------------------------------------------------

    def elsewhere(self, band: _Band) -> dict[str, tuple[list[str], list[str]]]:
        """Per box of ``band``: the boxes of other pages its links come from and go to."""
        inside = set(band.ids)
        out: dict[str, tuple[list[str], list[str]]] = {}
        for edge in self.edges:
            s, t = str(edge["source"]), str(edge["target"])
            if s in inside and t not in inside:
                out.setdefault(s, ([], []))[1].append(t)
            elif t in inside and s not in inside:
                out.setdefault(t, ([], []))[0].append(s)
        return out

    def _link_lines(
        self, sources: list[str], targets: list[str], pages: Mapping[str, int] | None
    ) -> list[str]:
        """``← p.1: A5, A6`` and ``→ p.4: ST1``: a box's links to other pages."""
        lines = []
        for arrow, ids in (("\u2190", sources), ("\u2192", targets)):
            by_page: dict[int, list[str]] = {}
            for nid in ids:
                by_page.setdefault((pages or {}).get(nid, 0), []).append(nid)
            for page in sorted(by_page):
                codes = sorted({self.codes[n] for n in by_page[page]}, key=code_order)
                where = f"p.{page}" if page else "p.00"
                lines += wrap(f"{arrow} {where}: {', '.join(codes)}", LINK_WRAP)
        return lines

    def source(
        self,
        band: _Band,
        per_row: int,
        pages: Mapping[str, int] | None,
        *,
        legend: bool = False,
        title: Sequence[str] = (),
    ) -> str:
        """DOT of ``band`` with levels wrapped at ``per_row`` (``pages``: box id -> page
        number, for the links to other pages; placeholders while planning)."""
        th = self.look.theme
        w = DotWriter()
        graph_header(
            w, th, list(title), direction=self.direction, size=len(band.ids), nodesep=NODESEP
        )
        # margin 0: a PDF from dot is as large as its SVG (else 36 pt more on each side)
        w.defaults("graph", {"ranksep": code(RANKSEP), "margin": code(0)})
        rows: list[tuple[str, str, list[str]]] = []  # (anchor, header, ids), bottom up
        for lane in band.lanes:
            for i, row in enumerate(_rows(band.members[lane], per_row)):
                anchor = f"_lane_{lane}" if i == 0 else f"_row_{lane}_{i}"
                rows.append((anchor, LANES[lane] if i == 0 else "", row))
        for anchor, header, _ in rows:
            w.node(
                anchor,
                {
                    "shape": code("plaintext"),
                    "label": text_value(wrap(header, 12)) if header else code(""),
                    "fontname": code(f"{th.fontname} Bold"),
                    "fontsize": code(12),
                    "fontcolor": code(th.muted),
                    "width": code("0.1"),
                },
            )
        for (low, _, _), (high, _, _) in itertools.pairwise(rows):
            w.edge(low, high, {"style": code("invis"), "weight": code(100)})
        for anchor, _, ids in rows:
            w.same_rank([anchor, *ids])
        # stack a wrapped level's rows as a grid: without these, rows drift sideways
        # after their links and the page grows wider than its rows
        for (_, _, low_ids), (_, _, high_ids) in itertools.pairwise(rows):
            for a, b in zip(low_ids, high_ids, strict=False):
                w.edge(a, b, {"style": code("invis"), "weight": code(GRID_WEIGHT)})
        links = self.elsewhere(band)
        for nid in band.ids:
            lines = self._link_lines(*links.get(nid, ([], [])), pages)
            w.node(nid, _with_code(self.look.node(self.nodes[nid]), self.codes[nid], lines))
        inside = set(band.ids)
        for edge in self.edges:
            s, t = str(edge["source"]), str(edge["target"])
            if s in inside and t in inside:
                w.edge(s, t, self.look.edge(edge, self.labels))
        if legend and self.look.legend is not None:
            self.look.legend(w, self.direction)
        return w.source()

    def draw(self, source: str) -> tuple[bytes, float, float, float]:
        svg = run_dot(source, "svg", timeout=self.timeout)
        return (svg, *measure_svg(svg))

    # -- fitting ---------------------------------------------------------------------------

    def fits(self, width: float, height: float, min_font: float) -> bool:
        return min_font * self.box.scale(width, height) >= MIN_TEXT_PT - 1e-9

    def lines(self, band: _Band, number: int = 0, count: int = 0) -> list[str]:
        """The title lines of ``band``'s page (placeholders while planning)."""
        if not self.title:
            return []
        return [*self.title, f"{_title(band.lanes, band.part)} (page {number} of {count})"]

    def fit(
        self,
        band: _Band,
        *,
        legend: bool = False,
        pages: Mapping[str, int] | None = None,
        place: tuple[int, int] = (0, 0),
        widest: int | None = None,
    ) -> tuple[int, str, bytes, float, float, float] | None:
        """The rows (at most ``widest`` boxes) with which ``band`` prints largest on a
        page at readable size, drawn; None when it does not fit with rows of
        :data:`MIN_PER_ROW` either. ``place``: its page number and the page count."""
        per_row = widest or max(len(band.members[x]) for x in band.lanes)
        best: tuple[int, str, bytes, float, float, float] | None = None
        tried: set[int] = set()
        title = self.lines(band, *place)
        while per_row not in tried:
            tried.add(per_row)
            source = self.source(band, per_row, pages, legend=legend, title=title)
            svg, width, height, min_font = self.draw(source)
            scale = self.box.scale(width, height)
            if best is not None and scale <= self.box.scale(best[3], best[4]) + 0.01:
                break  # narrower rows no longer print larger
            if self.fits(width, height, min_font):
                best = (per_row, source, svg, width, height, min_font)
                if width / self.box.width <= height / self.box.height or per_row <= MIN_PER_ROW:
                    break  # the height limits it: narrower rows would print smaller
                per_row -= 1  # the width limits it: try narrower rows
                continue
            # the natural size this text may have: scale >= MIN_TEXT_PT / min_font
            room = self.box.width * min_font / MIN_TEXT_PT
            if height * MIN_TEXT_PT / min_font > self.box.height or per_row <= MIN_PER_ROW:
                break  # too tall already: narrower rows only make it taller
            per_row = max(MIN_PER_ROW, min(per_row - 1, math.floor(per_row * room / width)))
        return best

    def bands(self) -> list[tuple[_Band, int]]:
        """The pages' bands, bottom up, each with the row length it fits with."""
        out: list[tuple[_Band, int]] = []
        i = 0
        while i < len(self.order):
            best: tuple[_Band, int] | None = None
            for j in range(i + 1, len(self.order) + 1):
                band = _Band(tuple(self.order[i:j]), self.members)
                fitted = self.fit(band)
                if fitted is None:
                    break
                best, i_next = (band, fitted[0]), j
            if best is None:
                out += self.parts(self.order[i])
                i += 1
            else:
                out.append(best)
                i = i_next
        return out

    def parts(self, lane: str) -> list[tuple[_Band, int]]:
        """One level too large for a page cut into parts that each fit (the last try is
        kept whatever it measures: a single box always gets a page)."""
        names = self.members[lane]
        if len(names) == 1:
            return [(_Band((lane,), self.members), 1)]
        for count in range(2, len(names) + 1):
            size = -(-len(names) // count)
            chunks = [names[k : k + size] for k in range(0, len(names), size)]
            bands = [
                _Band((lane,), {lane: chunk}, (n, len(chunks))) for n, chunk in enumerate(chunks, 1)
            ]
            fitted = [self.fit(band) for band in bands]
            if all(f is not None for f in fitted) or size == 1:
                return [(b, f[0] if f else 1) for b, f in zip(bands, fitted, strict=True)]
        return []  # pragma: no cover - an empty lane is never planned


def plan_pages(
    nodes: Sequence[Mapping[str, Any]],
    edges: Sequence[Mapping[str, Any]],
    look: Look,
    box: Box = REPORT_BOX,
    *,
    direction: str = "BT",
    title: Sequence[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
) -> list[DiagramPage]:
    """The pages of a diagram of ``nodes`` and ``edges`` printed in ``box``, drawn.

    ``title``: lines written at the top of every page's picture (the page's own title
    is added); empty for pictures that go under a heading, as in the Word report. The
    legend goes on the last page it fits on (the highest levels), else on a page of its
    own.
    """
    if not nodes:
        return []
    planner = _Planner(nodes, edges, look, box, direction=direction, title=title, timeout=timeout)
    bands = planner.bands()
    count = len(bands)
    page_of = {nid: n for n, (band, _) in enumerate(bands, 1) for nid in band.ids}
    pages: list[DiagramPage] = []
    for n, (band, per_row) in enumerate(bands, 1):
        name = _title(band.lanes, band.part)
        source = planner.source(band, per_row, page_of, title=planner.lines(band, n, count))
        svg, width, height, min_font = planner.draw(source)
        others = {o for pair in planner.elsewhere(band).values() for ids in pair for o in ids}
        pages.append(
            DiagramPage(
                name,
                n,
                count,
                band.ids,
                {o: page_of[o] for o in sorted(others)},
                source,
                svg,
                width,
                height,
                min_font,
                lanes=list(band.lanes),
            )
        )
    if look.legend is None:
        return pages
    for k in range(count - 1, -1, -1):  # the legend on the highest page it fits on
        band, per_row = bands[k]
        fitted = planner.fit(band, legend=True, pages=page_of, place=(k + 1, count))
        if fitted is not None:
            _, source, svg, width, height, min_font = fitted
            pages[k] = replace(
                pages[k],
                source=source,
                svg=svg,
                width=width,
                height=height,
                min_font=min_font,
                legend=True,
            )
            return pages
    w = DotWriter()
    graph_header(w, look.theme, [*title, "Legend"] if title else [], direction=direction, size=1)
    w.defaults("graph", {"margin": code(0)})
    look.legend(w, direction)
    source = w.source()
    svg, width, height, min_font = planner.draw(source)
    pages.append(
        DiagramPage(
            "Legend",
            count + 1,
            count,
            [],
            {},
            source,
            svg,
            width,
            height,
            min_font,
            legend=True,
        )
    )
    return pages


# -- PDF ----------------------------------------------------------------------------------


def paged_pdf(
    pages: Sequence[DiagramPage],
    *,
    sheet: tuple[float, float] = A4_LANDSCAPE,
    margin: float = PDF_MARGIN,
    timeout: float = DEFAULT_TIMEOUT,
) -> bytes:
    """One PDF with each page's picture from ``dot -Tpdf`` on a ``sheet`` (A4 landscape),
    scaled as :meth:`DiagramPage.scale` says for the sheet less its ``margin``, centred
    across and set at the top."""
    from pypdf import PageObject, PdfReader, PdfWriter, Transformation

    box = Box(sheet[0] - 2 * margin, sheet[1] - 2 * margin)
    writer = PdfWriter()
    for page in pages:
        drawn = PdfReader(io.BytesIO(run_dot(page.source, "pdf", timeout=timeout))).pages[0]
        width, height = float(drawn.mediabox.width), float(drawn.mediabox.height)
        scale = box.scale(width, height)
        x = margin + (box.width - width * scale) / 2
        y = sheet[1] - margin - height * scale
        sheet_page = PageObject.create_blank_page(width=sheet[0], height=sheet[1])
        sheet_page.merge_transformed_page(
            drawn, Transformation().scale(scale, scale).translate(x, y)
        )
        writer.add_page(sheet_page)
    writer.add_metadata({"/Producer": "toc-editor"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- the looks: a ToC, the changes between two versions -----------------------------------


def toc_look(theme: Theme) -> Look:
    """The ToC diagram's look (:func:`.theme.node_attrs`, :func:`.theme.edge_attrs`, the
    kinds' legend)."""
    return Look(
        theme,
        lambda node: node_attrs(node, theme),
        lambda edge, labels: edge_attrs(edge, labels, theme),
        lambda w, direction: legend(w, theme, kind_legend_rows(theme), direction),
    )


def diagram_pages(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    box: Box = REPORT_BOX,
    direction: str = "BT",
    theme: str = "light",
    titled: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[DiagramPage]:
    """The pages of the ToC diagram of ``doc`` (a normalised document) for ``box``;
    ``titled``: each picture carries the ToC's title lines (for a PDF; the Word report
    has its own headings)."""
    th = check_direction_theme(direction, theme)
    return plan_pages(
        list(doc.get("nodes") or []),
        list(doc.get("edges") or []),
        toc_look(th),
        box,
        direction=direction,
        title=meta_lines(meta or {}) if titled else (),
        timeout=timeout,
    )


def diff_pages(
    base_doc: Mapping[str, Any],
    head_doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    box: Box = PDF_BOX,
    direction: str = "BT",
    theme: str = "light",
    touched: Delta | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> list[DiagramPage]:
    """The pages of the diff diagram from ``base_doc`` to ``head_doc`` (as
    :func:`.diff.diff_to_dot` draws it, with its title on every page)."""
    th = check_direction_theme(direction, theme)
    changes = diff_status(base_doc, head_doc, touched)
    nodes, edges = diff_entities(base_doc, head_doc)
    look = Look(
        th,
        lambda node: diff_node_attrs(node, changes, th),
        lambda edge, labels: diff_edge_attrs(edge, changes, labels, th),
        lambda w, direction: diff_legend(w, th, direction),
    )
    return plan_pages(
        nodes,
        edges,
        look,
        box,
        direction=direction,
        title=diff_title(meta or {}, changes),
        timeout=timeout,
    )


def page_pngs(
    pages: Sequence[DiagramPage], *, dpi: int = 192, timeout: float = DEFAULT_TIMEOUT
) -> list[tuple[DiagramPage, bytes]]:
    """Each page with its picture as PNG at ``dpi`` (192: twice the size it prints at
    on screen, sharp on paper)."""
    return [(page, run_dot(page.source, "png", dpi=dpi, timeout=timeout)) for page in pages]
