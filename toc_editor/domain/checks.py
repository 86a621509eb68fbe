"""Quality findings on a ToC: soft problems a reviewer would point out.

Each finding is ``{code, severity, message, nodes, edges}``. Codes:

=========================  ========  ==================================================
code                       severity  meaning
=========================  ========  ==================================================
``no_impact``              error     the ToC has nodes but no impact
``no_path_to_impact``      warning   a node from which no path reaches any impact
``activity_leads_nowhere`` warning   an activity with no outgoing link
``outcome_without_indicators`` warning  an outcome nobody can measure yet
``impact_unreached``       warning   an impact that no activity leads to
``cycle``                  warning   a causal loop
``backwards_edge``         info      a link that runs back down the chain
``duplicate_label``        info      two or more nodes with the same label
=========================  ========  ==================================================

Examples
--------
>>> from .model import from_document
>>> G = from_document({"nodes": [
...     {"id": "a", "kind": "activity", "label": "Coaching"},
...     {"id": "o", "kind": "outcome", "label": "Confidence"}],
...     "edges": [{"id": "e", "source": "a", "target": "o"}]})
>>> sorted(f["code"] for f in findings(G))
['no_impact', 'outcome_without_indicators']
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from .model import HORIZONS, KIND_RANK

__all__ = ["CODES", "findings"]

CODES = (
    "no_impact",
    "no_path_to_impact",
    "activity_leads_nowhere",
    "outcome_without_indicators",
    "impact_unreached",
    "cycle",
    "backwards_edge",
    "duplicate_label",
)
Finding = dict[str, Any]


def _finding(
    code: str, severity: str, message: str, nodes: list[str], edges: list[str] | None = None
) -> Finding:
    return {
        "code": code,
        "severity": severity,
        "message": message,
        "nodes": nodes,
        "edges": edges or [],
    }


def _label(G: nx.DiGraph, n: str) -> str:
    label: str = G.nodes[n]["label"]
    return label if len(label) <= 60 else label[:57] + "..."


def _of_kind(G: nx.DiGraph, kind: str) -> list[str]:
    return sorted(n for n, k in G.nodes(data="kind") if k == kind)


def _rank(data: dict[str, Any]) -> float:
    """Position in the causal chain; outcome horizons fall between output and impact."""
    rank = float(KIND_RANK[data["kind"]])
    if data["kind"] == "outcome" and data.get("horizon") in HORIZONS:
        rank += (HORIZONS.index(data["horizon"]) - 1) * 0.25
    return rank


def _paths(G: nx.DiGraph) -> list[Finding]:
    impacts = _of_kind(G, "impact")
    if not impacts:
        return [_finding("no_impact", "error", "No impact yet: add the change you exist for.", [])]
    reaching = set(impacts)
    for impact in impacts:
        reaching |= nx.ancestors(G, impact)
    out = [
        _finding(
            "no_path_to_impact", "warning", f"'{_label(G, n)}' has no path to any impact.", [n]
        )
        for n in sorted(set(G) - reaching)
    ]
    activities = set(_of_kind(G, "activity"))
    for impact in impacts:
        if not activities & nx.ancestors(G, impact):
            out.append(
                _finding(
                    "impact_unreached",
                    "warning",
                    f"No activity leads to the impact '{_label(G, impact)}'.",
                    [impact],
                )
            )
    return out


def _local(G: nx.DiGraph) -> list[Finding]:
    out = []
    for n in _of_kind(G, "activity"):
        if G.out_degree(n) == 0:
            out.append(
                _finding(
                    "activity_leads_nowhere",
                    "warning",
                    f"The activity '{_label(G, n)}' leads to nothing yet.",
                    [n],
                )
            )
    for n in _of_kind(G, "outcome"):
        if not G.nodes[n]["indicators"]:
            out.append(
                _finding(
                    "outcome_without_indicators",
                    "warning",
                    f"The outcome '{_label(G, n)}' has no indicator.",
                    [n],
                )
            )
    for u, v, eid in sorted(G.edges(data="id"), key=lambda e: e[2]):
        if _rank(G.nodes[u]) > _rank(G.nodes[v]):
            out.append(
                _finding(
                    "backwards_edge",
                    "info",
                    f"The link from '{_label(G, u)}' ({G.nodes[u]['kind']}) to "
                    f"'{_label(G, v)}' ({G.nodes[v]['kind']}) runs back down the chain.",
                    [u, v],
                    [eid],
                )
            )
    return out


def _cycles(G: nx.DiGraph) -> list[Finding]:
    out = []
    for component in nx.strongly_connected_components(G):
        if len(component) > 1:
            members = sorted(component)
            edges = sorted(G.edges[u, v]["id"] for u, v in G.subgraph(members).edges)
            names = ", ".join(f"'{_label(G, n)}'" for n in members[:4])
            out.append(
                _finding("cycle", "warning", f"A causal loop runs through {names}.", members, edges)
            )
    return sorted(out, key=lambda f: f["nodes"])


def _duplicates(G: nx.DiGraph) -> list[Finding]:
    by_label: dict[str, list[str]] = defaultdict(list)
    for n, label in G.nodes(data="label"):
        by_label[" ".join(label.casefold().split())].append(n)
    # Name the group after its first id, not after whichever node was inserted first:
    # equal graphs must give equal findings (messages included).
    groups = [sorted(ids) for _, ids in sorted(by_label.items()) if len(ids) > 1]
    return [
        _finding(
            "duplicate_label", "info", f"{len(ids)} nodes are called '{_label(G, ids[0])}'.", ids
        )
        for ids in groups
    ]


def findings(G: nx.DiGraph) -> list[Finding]:
    """Every quality finding on ``G``, errors first, then in a stable order."""
    if len(G) == 0:
        return []
    order = {"error": 0, "warning": 1, "info": 2}
    found = [*_paths(G), *_local(G), *_cycles(G), *_duplicates(G)]
    return sorted(found, key=lambda f: (order[f["severity"]], CODES.index(f["code"]), f["nodes"]))
