"""Graphviz DOT for a theory of change: themes, lanes, the legend.

All DOT text is written through :mod:`toc_editor.rendering.dot_writer`, the security
boundary (attribute allowlist, escaping, safe node names). The only HTML-like label is
the legend, built from constants.

Layout: one ``rank=same`` lane per kind (outcomes split by horizon), lanes kept in
order by an invisible chain of lane headers, impact on top (``rankdir=BT``) or on the
right (``LR``). A lane of more than :data:`WRAP_AFTER` nodes (ToC diagrams only) is
wrapped onto several ranks, each with an invisible ``_row_`` anchor in the chain, so a
large ToC is not one very long strip. Shape and fill per kind come from the Okabe-Ito
palette, edge width and dash from confidence.

Examples
--------
>>> doc = {"nodes": [{"id": "a", "kind": "activity", "label": 'Say "hi" \\\\N'}],
...        "edges": []}
>>> src = to_dot(doc, {"title": "Demo"}).source
>>> 'label="Say \\\\"hi\\\\" \\\\\\\\N"' in src
True
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .dot_writer import (
    LABEL_MAX,
    DotGraph,
    DotWriter,
    code,
    text_value,
    tooltip,
    user_label,
)
from .text import clean, shorten

__all__ = [
    "DIRECTIONS",
    "HUGE_GRAPH",
    "LANES",
    "LARGE_GRAPH",
    "ROW_NODES",
    "THEMES",
    "WRAP_AFTER",
    "Theme",
    "lane_of",
    "meta_lines",
    "row_nodes",
    "to_dot",
    "wrap_lane",
]

LARGE_GRAPH = 150
#: A lane with more nodes than this is wrapped onto several ranks (rows, or columns
#: with ``LR``/``RL``). Seed ToCs have at most 10 nodes in a lane, so they never wrap.
WRAP_AFTER = 24
#: Nodes per wrapped row (column with ``LR``/``RL``: a node is about 3x wider than tall).
#: Edges crossing the stacked rows add Graphviz virtual nodes, which dominate the width,
#: so wrapped diagrams also get :data:`WRAPPED_NODESEP`. With these a generated
#: 300-node ToC lays out at about 6,200 x 1,700 pt and 1,000 nodes at 13,800 x 4,700
#: (one strip of 18,600 x 700 and 59,000 x 700 before).
ROW_NODES = {"BT": 20, "TB": 20, "LR": 60, "RL": 60}
#: Past this many nodes rows are 1.5x longer: Graphviz's time grows with the edges crossing
#: rows (1,000 nodes: 3.4 s with rows of 20, 2.2 s with 30, at width/height 2.9 vs 4.7).
HUGE_GRAPH = 400
#: Network-simplex iterations per node when placing nodes (Graphviz ``nslimit``). Past
#: :data:`HUGE_GRAPH` nodes x placement took most of the time: 1,000 nodes 3.2 s of CPU
#: at 1 (1,037 iterations, 2.3 s of them placing), 1.3 s at 0.2, at the same size.
NSLIMIT = {"large": "1", "huge": "0.2"}
WRAPPED_NODESEP = "0.15"


def row_nodes(direction: str, size: int) -> int:
    """Nodes per wrapped row (column) for a diagram of ``size`` nodes.

    >>> row_nodes("BT", 300), row_nodes("BT", 1000), row_nodes("LR", 1000)
    (20, 30, 90)
    """
    base = ROW_NODES[direction]
    return base * 3 // 2 if size > HUGE_GRAPH else base


DIRECTIONS = ("BT", "LR", "TB", "RL")


# -- themes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class KindStyle:
    """How one kind of node looks."""

    shape: str
    style: str
    fill: str
    border: str
    font: str = "#1A1A1A"
    penwidth: str = "1.2"
    peripheries: str = "1"


@dataclass(frozen=True)
class Theme:
    """Colours and fonts of a diagram."""

    name: str
    background: str
    text: str
    muted: str
    edge: str
    edge_unknown: str
    kinds: Mapping[str, KindStyle]
    fontname: str = "Helvetica"
    # diff colours: added, removed, changed, unchanged (fill, border)
    added: tuple[str, str] = ("#D9F2E6", "#007A5A")
    removed: tuple[str, str] = ("#FBE3D6", "#C0471A")
    changed: tuple[str, str] = ("#FFF0C2", "#B87800")
    unchanged: tuple[str, str] = ("#F2F2F2", "#9A9A9A")


# Okabe-Ito: sky blue #56B4E9, orange #E69F00, bluish green #009E73, blue #0072B2,
# vermillion #D55E00. Fills are light tints so black text stays readable; shapes differ
# by kind too, so colour is never the only cue.
LIGHT = Theme(
    name="light",
    background="#FFFFFF",
    text="#1A1A1A",
    muted="#6B6B6B",
    edge="#4D4D4D",
    edge_unknown="#8C8C8C",
    kinds={
        "activity": KindStyle("box", "filled", "#DCEFFB", "#2F8FCB"),
        "output": KindStyle("box", "rounded,filled", "#FCEBC4", "#C98A00"),
        "outcome": KindStyle("box", "rounded,filled", "#CFEFE4", "#00876A", penwidth="1.6"),
        "impact": KindStyle(
            "box", "rounded,filled,bold", "#0072B2", "#004F7C", font="#FFFFFF",
            penwidth="2", peripheries="2",
        ),
    },
)  # fmt: skip
PRINT = Theme(
    name="print",
    background="#FFFFFF",
    text="#000000",
    muted="#555555",
    edge="#333333",
    edge_unknown="#777777",
    kinds={
        "activity": KindStyle("box", "filled", "#FFFFFF", "#000000", "#000000"),
        "output": KindStyle("box", "rounded,filled", "#F0F0F0", "#000000", "#000000"),
        "outcome": KindStyle(
            "box", "rounded,filled", "#DDDDDD", "#000000", "#000000", penwidth="1.6"
        ),
        "impact": KindStyle(
            "box", "rounded,filled,bold", "#BBBBBB", "#000000", "#000000",
            penwidth="2", peripheries="2",
        ),
    },
    added=("#FFFFFF", "#000000"),
    removed=("#FFFFFF", "#777777"),
    changed=("#E6E6E6", "#000000"),
    unchanged=("#FFFFFF", "#AAAAAA"),
)  # fmt: skip
THEMES: dict[str, Theme] = {"light": LIGHT, "print": PRINT}

LANES: dict[str, str] = {
    "activity": "ACTIVITIES",
    "output": "OUTPUTS",
    "outcome_short": "SHORT-TERM OUTCOMES",
    "outcome_medium": "MEDIUM-TERM OUTCOMES",
    "outcome_long": "LONG-TERM OUTCOMES",
    "outcome_none": "OUTCOMES (NO TERM SET)",
    "impact": "IMPACT",
}
KIND_NAMES = {"activity": "Activity", "output": "Output", "outcome": "Outcome", "impact": "Impact"}
RELATION_ARROWS = {"leads_to": "normal", "contributes_to": "onormal", "enables": "odiamond"}
RELATION_NAMES = {"leads_to": "leads to", "contributes_to": "contributes to", "enables": "enables"}


def lane_of(node: Mapping[str, Any]) -> str:
    """The lane (rank) key of a node: its kind, or ``outcome_<horizon>``."""
    kind = str(node.get("kind"))
    if kind == "outcome":
        return f"outcome_{node.get('horizon') or 'none'}"
    return kind if kind in LANES else "outcome_none"


# -- pieces shared by every diagram -----------------------------------------------------


def meta_lines(meta: Mapping[str, Any]) -> list[str]:
    """Title lines: the graph's name, then organisation, short commit id and date."""
    title = clean(meta.get("title") or meta.get("graph") or "Theory of change", 100)
    details = []
    org, graph = clean(meta.get("org"), 60), clean(meta.get("graph"), 60)
    if org or graph:
        details.append("/".join(x for x in (org, graph) if x))
    commit = clean(meta.get("commit"), 64)
    if commit:
        details.append(f"version {commit[:8]}")
    date = meta.get("date")
    if date:
        date_text = date.isoformat() if hasattr(date, "isoformat") else date
        details.append(clean(date_text, 40))
    return [title, "   ·   ".join(details)] if details else [title]


def graph_header(
    w: DotWriter,
    theme: Theme,
    title: list[str],
    *,
    direction: str,
    size: int,
    nodesep: str = "0.3",
) -> None:
    """Graph-wide attributes and node/edge defaults."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    graph = {
        "rankdir": code(direction),
        "bgcolor": code(theme.background),
        "fontname": code(theme.fontname),
        "fontcolor": code(theme.text),
        "fontsize": code(18),
        "label": text_value(title, left=True),
        "labelloc": code("t"),
        "labeljust": code("l"),
        "pad": code("0.4"),
        "nodesep": code(nodesep),
        "ranksep": code("0.55"),
        "newrank": code("true"),
        "charset": code("UTF-8"),
        "outputorder": code("edgesfirst"),
    }
    if size > LARGE_GRAPH:
        # DESIGN.md: a 1,000-node graph took 35 s with defaults, 2.6 s with these.
        nslimit = NSLIMIT["huge" if size > HUGE_GRAPH else "large"]
        graph.update(mclimit=code("0.1"), nslimit=code(nslimit), searchsize=code("10"))
    w.defaults("graph", graph)
    w.defaults(
        "node",
        {
            "fontname": code(theme.fontname),
            "fontsize": code(12),
            "fontcolor": code(theme.text),
            "margin": code("0.14,0.07"),
            "penwidth": code("1.2"),
        },
    )
    w.defaults(
        "edge",
        {"color": code(theme.edge), "arrowsize": code("0.8"), "penwidth": code("1.2")},
    )


def wrap_lane(names: list[str], per_row: int) -> list[list[str]]:
    """``names`` cut into balanced rows of at most ``per_row``; one row when short.

    >>> [len(r) for r in wrap_lane([f"n{i}" for i in range(45)], 20)]
    [15, 15, 15]
    >>> len(wrap_lane(["a"] * WRAP_AFTER, 20))
    1
    """
    if len(names) <= max(WRAP_AFTER, per_row):
        return [names]
    count = -(-len(names) // per_row)
    size, extra = divmod(len(names), count)
    cuts = [i * size + min(i, extra) for i in range(count + 1)]
    return [names[a:b] for a, b in itertools.pairwise(cuts)]


def lanes(
    w: DotWriter, theme: Theme, members: Mapping[str, list[str]], *, per_row: int | None = None
) -> None:
    """A header per non-empty lane, chained invisibly, and ``rank=same`` per lane.

    With ``per_row``, a long lane becomes several ``rank=same`` rows: the header heads the
    first row, an empty ``_row_<lane>_<i>`` anchor each further one, and the anchors join
    the chain, so the rows stack in order between the lanes below and above.
    """
    used = [lane for lane in LANES if members.get(lane)]
    rows = {
        lane: wrap_lane(members[lane], per_row) if per_row else [members[lane]] for lane in used
    }
    for lane in used:
        w.node(
            f"_lane_{lane}",
            {
                "shape": code("plaintext"),
                "label": text_value([LANES[lane]]),
                "fontname": code(f"{theme.fontname} Bold"),
                "fontsize": code(11),
                "fontcolor": code(theme.muted),
            },
        )
    anchors: dict[str, list[str]] = {}
    for lane in used:
        anchors[lane] = [f"_lane_{lane}"] + [f"_row_{lane}_{i}" for i in range(1, len(rows[lane]))]
        for name in anchors[lane][1:]:
            w.node(name, {"shape": code("plaintext"), "label": code(""), "width": code("0.1")})
    chain = [name for lane in used for name in anchors[lane]]
    for low, high in itertools.pairwise(chain):
        w.edge(low, high, {"style": code("invis"), "weight": code(100)})
    for lane in used:
        for anchor, row in zip(anchors[lane], rows[lane], strict=True):
            w.same_rank([anchor, *row])


def header_and_lanes(
    w: DotWriter,
    theme: Theme,
    title: list[str],
    nodes: list[Mapping[str, Any]],
    direction: str,
) -> None:
    """The graph header and the lanes, long lanes wrapped onto rows (tighter ``nodesep``
    when any is). Written before the nodes, so lane headers start out on the left/top."""
    members = lane_members(nodes)
    per_row = row_nodes(direction, len(nodes))
    wrapped = any(len(wrap_lane(names, per_row)) > 1 for names in members.values())
    graph_header(
        w,
        theme,
        title,
        direction=direction,
        size=len(nodes),
        nodesep=WRAPPED_NODESEP if wrapped else "0.3",
    )
    lanes(w, theme, members, per_row=per_row)


def lane_members(nodes: Iterable[Mapping[str, Any]]) -> dict[str, list[str]]:
    """Node ids per lane, in document order."""
    members: dict[str, list[str]] = {}
    for node in nodes:
        members.setdefault(lane_of(node), []).append(str(node["id"]))
    return members


def node_attrs(
    node: Mapping[str, Any], theme: Theme, *, extra_line: str | None = None
) -> dict[str, str]:
    """Label, tooltip, shape and colours of a ToC node."""
    kind = str(node.get("kind"))
    style = theme.kinds.get(kind, theme.kinds["outcome"])
    lines = user_label(node.get("label"))
    if kind in ("outcome", "impact"):
        count = len(node.get("indicators") or [])
        lines.append("")
        lines.append(f"{count} indicator{'' if count == 1 else 's'}")
    if extra_line:
        lines.append(extra_line)
    horizon = node.get("horizon")
    kind_name = KIND_NAMES.get(kind, "Node") + (f" ({horizon} term)" if horizon else "")
    return {
        "label": text_value(lines),
        "tooltip": tooltip(kind_name, node.get("label"), node.get("description")),
        "shape": code(style.shape),
        "style": code(style.style),
        "fillcolor": code(style.fill),
        "color": code(style.border),
        "fontcolor": code(style.font),
        "penwidth": code(style.penwidth),
        "peripheries": code(style.peripheries),
    }


def confidence_style(confidence: object) -> tuple[str, str]:
    """(penwidth, style) for an edge's confidence: thick when high, dashed when low."""
    if isinstance(confidence, int) and not isinstance(confidence, bool):
        if confidence >= 70:
            return "2.6", "solid"
        if confidence >= 40:
            return "1.5", "solid"
    return "1.2", "dashed"


def edge_attrs(edge: Mapping[str, Any], labels: Mapping[str, str], theme: Theme) -> dict[str, str]:
    """Width, dash, arrowhead and tooltip of a ToC edge."""
    penwidth, style = confidence_style(edge.get("confidence"))
    relation = str(edge.get("relation") or "leads_to")
    confidence = edge.get("confidence")
    conf_text = "confidence unknown" if confidence is None else f"confidence {confidence}%"
    return {
        "penwidth": code(penwidth),
        "style": code(style),
        "color": code(theme.edge if confidence is not None else theme.edge_unknown),
        "arrowhead": code(RELATION_ARROWS.get(relation, "normal")),
        "tooltip": tooltip(
            f"{shorten(labels.get(str(edge.get('source')), ''), 60)} → "
            f"{shorten(labels.get(str(edge.get('target')), ''), 60)}",
            RELATION_NAMES.get(relation, relation),
            conf_text,
            edge.get("rationale"),
        ),
    }


def _swatch(fill: str, border: str, text: str, width: str = "110") -> str:
    return (
        f'<TD BGCOLOR="{fill}" COLOR="{border}" BORDER="1" WIDTH="{width}" '
        f'CELLPADDING="4"><FONT POINT-SIZE="10">{text}</FONT></TD>'
    )


CONFIDENCE_NOTES = [
    "━━  confidence 70 or more",
    "───  confidence 40\u201369",
    "- - -  below 40 or unknown",
    "▶ leads to   ▷ contributes to   ◇ enables",
]


def legend(
    w: DotWriter,
    theme: Theme,
    rows: list[tuple[str, str, str]],
    direction: str = "BT",
    notes: list[str] | None = None,
) -> None:
    """A legend cluster: a table built only from constants.

    ``rows`` are (fill, border, text) swatches and ``notes`` plain lines; both must be
    constants of this package (they go into an HTML-like label unescaped).
    """
    cells = "".join(f"<TR>{_swatch(*row)}</TR>" for row in rows)
    note_lines = "".join(f'{line}<BR ALIGN="LEFT"/>' for line in (notes or CONFIDENCE_NOTES))
    table = (
        '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="1">'
        f'{cells}<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="10">{note_lines}</FONT></TD></TR>'
        "</TABLE>>"
    )
    w.open(
        "cluster_legend",
        {
            "label": text_value(["Legend"]),
            # cluster labels follow rankdir: "b" is the visual top when bottom-to-top
            "labelloc": code("b" if direction == "BT" else "t"),
            "labeljust": code("l"),
            "fontsize": code(11),
            "fontcolor": code(theme.muted),
            "style": code("rounded"),
            "color": code("#CCCCCC"),
            "margin": code(10),
        },
    )
    w.node("_legend", {"shape": code("plaintext"), "label": table, "margin": code(0)})
    w.close()


def kind_legend_rows(theme: Theme) -> list[tuple[str, str, str]]:
    """Legend rows for the four kinds."""
    rows = []
    for kind in ("impact", "outcome", "output", "activity"):
        style = theme.kinds[kind]
        label = {"impact": "Impact", "outcome": "Outcome", "output": "Output",
                 "activity": "Activity"}[kind]  # fmt: skip
        if style.font.upper() == "#FFFFFF":
            label = f'<FONT COLOR="#FFFFFF">{label}</FONT>'
        rows.append((style.fill, style.border, label))
    return rows


def check_direction_theme(direction: str, theme: str) -> Theme:
    """The Theme for ``theme``; ValueError on an unknown theme or direction."""
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
    try:
        return THEMES[theme]
    except KeyError:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}") from None


# -- the ToC diagram --------------------------------------------------------------------


def to_dot(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    direction: str = "BT",
    theme: str = "light",
    show_legend: bool = True,
) -> DotGraph:
    """DOT source for a ToC document (``{"nodes", "edges"}`` as ``to_document`` gives)."""
    th = check_direction_theme(direction, theme)
    nodes: list[Mapping[str, Any]] = list(doc.get("nodes") or [])
    edges: list[Mapping[str, Any]] = list(doc.get("edges") or [])
    w = DotWriter()
    header_and_lanes(w, th, meta_lines(meta or {}), nodes, direction)

    node_ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, node in enumerate(nodes):
        nid = str(node["id"])
        token = f"n{i}"
        node_ids[token] = nid
        labels[nid] = clean(node.get("label"), LABEL_MAX)
        w.node(nid, {"id": code(token), **node_attrs(node, th)})

    edge_ids: dict[str, str] = {}
    for i, edge in enumerate(edges):
        token = f"e{i}"
        edge_ids[token] = str(edge["id"])
        w.edge(
            str(edge["source"]),
            str(edge["target"]),
            {"id": code(token), **edge_attrs(edge, labels, th)},
        )
    if show_legend:
        legend(w, th, kind_legend_rows(th), direction)
    return DotGraph(w.source(), node_ids, edge_ids)
