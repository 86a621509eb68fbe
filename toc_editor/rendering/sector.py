"""A sector map: a shared theory of change and who contributes to it.

``contributions`` maps a shared node id to a list of ``{"org", "graph", "node",
"label"}``: a member organisation's node (in its own graph) linked into the shared node.
Every shared node shows how many organisations and graphs contribute to it; nodes no one
contributes to are marked as gaps. Up to :data:`AGGREGATE_AFTER` distinct contributing
graphs, each member organisation is a cluster of its contributing nodes with edges into
the shared nodes; beyond that the map is aggregated (counts and a shade per shared node,
no member clusters) so it stays readable and quick to lay out.

All contribution fields are untrusted text: member nodes get generated DOT names and
their text goes only into escaped labels and tooltips.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .dot import (
    check_direction_theme,
    edge_attrs,
    graph_header,
    kind_legend_rows,
    lane_members,
    lanes,
    legend,
    meta_lines,
    node_attrs,
)
from .dot_writer import LABEL_MAX, DotGraph, DotWriter, code, text_value, tooltip, user_label
from .text import clean

__all__ = ["AGGREGATE_AFTER", "Contribution", "normalize_contributions", "sector_to_dot"]

AGGREGATE_AFTER = 50
MEMBER_FILL, MEMBER_BORDER = "#F5E3EE", "#A8578A"  # Okabe-Ito reddish purple, tinted
# Shades for aggregated counts: none (a gap), 1-2, 3-9, 10 or more.
HEAT = [("#FFFFFF", "#A8578A"), ("#F5E3EE", "#A8578A"), ("#E2B4CF", "#8A3F6E"),
        ("#C77FAA", "#6B2753")]  # fmt: skip
HEAT_PRINT = [("#FFFFFF", "#000000"), ("#EEEEEE", "#000000"), ("#CCCCCC", "#000000"),
              ("#999999", "#000000")]  # fmt: skip

Contribution = dict[str, str]


def normalize_contributions(
    contributions: Mapping[str, Any] | None, node_ids: set[str]
) -> dict[str, list[Contribution]]:
    """Well-formed contributions to known shared nodes; fields become cleaned strings."""
    out: dict[str, list[Contribution]] = {}
    for node_id, items in (contributions or {}).items():
        if node_id not in node_ids or not isinstance(items, list):
            continue
        seen: set[tuple[str, str, str]] = set()
        for item in items:
            if not isinstance(item, Mapping):
                continue
            entry = {k: clean(item.get(k), 200) for k in ("org", "graph", "node", "label")}
            key = (entry["org"], entry["graph"], entry["node"])
            if key not in seen:
                seen.add(key)
                out.setdefault(node_id, []).append(entry)
    return out


def _heat(count: int) -> int:
    return 0 if count == 0 else 1 if count < 3 else 2 if count < 10 else 3


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sector_to_dot(
    doc: Mapping[str, Any],
    contributions: Mapping[str, Any] | None,
    meta: Mapping[str, Any] | None = None,
    *,
    direction: str = "BT",
    theme: str = "light",
    aggregate_after: int = AGGREGATE_AFTER,
) -> DotGraph:
    """DOT source of the sector map of shared ToC ``doc``."""
    th = check_direction_theme(direction, theme)
    nodes: list[Mapping[str, Any]] = list(doc.get("nodes") or [])
    edges: list[Mapping[str, Any]] = list(doc.get("edges") or [])
    contrib = normalize_contributions(contributions, {str(n["id"]) for n in nodes})
    graphs = {(c["org"], c["graph"]) for items in contrib.values() for c in items}
    orgs = sorted({c["org"] for items in contrib.values() for c in items})
    aggregated = len(graphs) > aggregate_after

    title = meta_lines(meta or {})
    title.append(
        f"Sector map: {_plural(len(orgs), 'organisation')}, "
        f"{_plural(len(graphs), 'contributing graph')}"
        + ("   ·   aggregated view" if aggregated else "")
    )
    w = DotWriter()
    size = len(nodes) + (0 if aggregated else sum(len(v) for v in contrib.values()))
    graph_header(w, th, title, direction=direction, size=size)
    lanes(w, th, lane_members(nodes))

    heat = HEAT_PRINT if th.name == "print" else HEAT
    node_ids: dict[str, str] = {}
    labels: dict[str, str] = {}
    for i, node in enumerate(nodes):
        nid = str(node["id"])
        items = contrib.get(nid, [])
        n_orgs = len({c["org"] for c in items})
        n_graphs = len({(c["org"], c["graph"]) for c in items})
        result = node.get("kind") in ("outcome", "impact")
        if items:
            line: str | None = f"{_plural(n_orgs, 'organisation')} · {_plural(n_graphs, 'graph')}"
        else:
            line = "no contributors yet" if result else None
        attrs = node_attrs(node, th, extra_line=line)
        if aggregated:
            fill, border = heat[_heat(n_graphs)]
            attrs.update(fillcolor=code(fill), color=code(border), fontcolor=code(th.text))
        if not items and result:  # a gap: a result nobody reports contributing to
            attrs["style"] = code(attrs["style"].strip('"') + ",dashed")
        node_ids[f"n{i}"] = nid
        labels[nid] = clean(node.get("label"), LABEL_MAX)
        w.node(nid, {"id": code(f"n{i}"), **attrs})

    edge_ids: dict[str, str] = {}
    for i, edge in enumerate(edges):
        edge_ids[f"e{i}"] = str(edge["id"])
        attrs = {"id": code(f"e{i}"), **edge_attrs(edge, labels, th)}
        w.edge(str(edge["source"]), str(edge["target"]), attrs)

    if not aggregated:
        _members(w, contrib, orgs, direction)
    if aggregated:
        rows = [
            (*heat[0], "no contributors (gap)"),
            (*heat[1], "1\u20132 contributing graphs"),
            (*heat[2], "3\u20139 contributing graphs"),
            (*heat[3], "10 or more"),
        ]
        legend(w, th, rows, direction, ["Shared nodes shaded by contributions."])
    else:
        rows = [*kind_legend_rows(th), (MEMBER_FILL, MEMBER_BORDER, "Member organisation node")]
        legend(w, th, rows, direction, ["Dashed: results no one contributes to yet.",
                                         "Clusters: member organisations."])  # fmt: skip
    return DotGraph(w.source(), node_ids, edge_ids)


def _members(
    w: DotWriter, contrib: Mapping[str, list[Contribution]], orgs: list[str], direction: str
) -> None:
    """One cluster per organisation holding its contributing nodes, edges into the map."""
    member_names: dict[tuple[str, str, str], str] = {}
    by_org: dict[str, list[tuple[str, Contribution]]] = {org: [] for org in orgs}
    for items in contrib.values():
        for c in items:
            key = (c["org"], c["graph"], c["node"])
            if key not in member_names:
                member_names[key] = f"_m{len(member_names)}"
                by_org[c["org"]].append((member_names[key], c))
    for j, org in enumerate(orgs):
        w.open(
            f"cluster_org_{j}",
            {
                "label": text_value([clean(org, 60) or "(unnamed organisation)"]),
                "labeljust": code("l"),
                "labelloc": code("b" if direction == "BT" else "t"),
                "fontsize": code(11),
                "style": code("rounded,dashed"),
                "color": code(MEMBER_BORDER),
                "fontcolor": code(MEMBER_BORDER),
            },
        )
        for name, c in by_org[org]:
            lines = user_label(c["label"] or c["node"] or "(unnamed)", limit=80, width=22)
            if c["graph"]:
                lines.append(f"in {clean(c['graph'], 40)}")
            w.node(
                name,
                {
                    "label": text_value(lines),
                    "tooltip": tooltip(c["org"], c["graph"], c["label"]),
                    "shape": code("box"),
                    "style": code("rounded,filled"),
                    "fillcolor": code(MEMBER_FILL),
                    "color": code(MEMBER_BORDER),
                    "fontsize": code(10),
                },
            )
        w.close()
    for target, items in contrib.items():
        for c in items:
            w.edge(
                member_names[(c["org"], c["graph"], c["node"])],
                target,
                {
                    "color": code(MEMBER_BORDER),
                    "style": code("dashed"),
                    "arrowhead": code("onormal"),
                    "tooltip": tooltip(f"{c['org']} contributes", c["label"]),
                },
            )
