"""The frame of every diagram: the graph header, the title, and the lanes.

One ``rank=same`` lane per kind (outcomes split by horizon), lanes kept in order by an
invisible chain of lane headers, impact on top (``rankdir=BT``) or on the right
(``LR``). A lane of more than :data:`WRAP_AFTER` nodes (ToC diagrams only) is wrapped
onto several ranks, each with an invisible ``_row_`` anchor in the chain, so a large
ToC is not one very long strip. Large graphs get the Graphviz settings that keep their
layout fast (:data:`LARGE_GRAPH`, :data:`HUGE_GRAPH`).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from typing import Any

from .dot_writer import DotWriter, code, text_value
from .text import clean
from .theme import Theme

__all__ = [
    "DIRECTIONS",
    "HUGE_GRAPH",
    "LANES",
    "LARGE_GRAPH",
    "ROW_NODES",
    "WRAP_AFTER",
    "graph_header",
    "header_and_lanes",
    "lane_members",
    "lane_of",
    "lanes",
    "meta_lines",
    "row_nodes",
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

LANES: dict[str, str] = {
    "activity": "ACTIVITIES",
    "output": "OUTPUTS",
    "outcome_short": "SHORT-TERM OUTCOMES",
    "outcome_medium": "MEDIUM-TERM OUTCOMES",
    "outcome_long": "LONG-TERM OUTCOMES",
    "outcome_none": "OUTCOMES (NO TERM SET)",
    "impact": "IMPACT",
}


def lane_of(node: Mapping[str, Any]) -> str:
    """The lane (rank) key of a node: its kind, or ``outcome_<horizon>``."""
    kind = str(node.get("kind"))
    if kind == "outcome":
        return f"outcome_{node.get('horizon') or 'none'}"
    return kind if kind in LANES else "outcome_none"


def meta_lines(meta: Mapping[str, Any]) -> list[str]:
    """Title lines: the graph's name, then organisation, short commit id and date (and the
    day progress is judged on, ``as_of``, in the progress theme)."""
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
    as_of = meta.get("as_of")
    if as_of:
        details.append("progress on " + clean(getattr(as_of, "isoformat", lambda: as_of)(), 40))
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
