"""The sector map: who contributes to each node of a shared ToC, and where the gaps are.

Contributions come from the ``node_links`` index (the links on every graph's default
branch). Privacy: a contribution from a private graph the viewer cannot read is counted
(``count`` and ``private_count``) but never named: no org, graph, node or label leaks.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.utils import default_process

from .access import can_read, readable_graph
from .context import Ctx
from .errors import NotFound
from .graphs import resolve
from .links import find_graph


def sector_map(
    ctx: Ctx, org_slug: str, slug: str, ref: str | None, placeholders: bool = False
) -> dict[str, Any]:
    """The sector map as JSON. With ``placeholders``, private contributions are also listed
    as anonymous contributors (``org`` "Private members", ``graph`` "private-N") so a
    diagram can count them without naming anything."""
    graph = readable_graph(ctx, org_slug, slug)
    commit = resolve(ctx, graph, ref or graph.default_branch)
    G = ctx.store.graph(commit.id)
    key = f"{graph.org.slug}/{graph.slug}"
    rows = ctx.uow.graphs.links_to(key)
    readable: dict[int, bool] = {}
    named: dict[str, list[dict[str, Any]]] = defaultdict(list)
    hidden: dict[str, int] = defaultdict(int)
    anonymous: dict[int, str] = {}
    graphs: dict[int, dict[str, Any]] = {}
    private_graphs: set[int] = set()
    for link, source in rows:
        node_id = link.target.partition("#")[2]
        if node_id not in G or source.id == graph.id:
            continue
        if source.id not in readable:
            readable[source.id] = can_read(ctx, source)
        if not readable[source.id]:
            hidden[node_id] += 1
            private_graphs.add(source.id)
            if placeholders:
                name = anonymous.setdefault(source.id, f"private-{len(anonymous) + 1}")
                named[node_id].append(
                    {
                        "org": "Private members",
                        "graph": name,
                        "node": f"{name}-{hidden[node_id]}",
                        "label": "a private contribution",
                        "relation": link.relation,
                    }
                )
            continue
        named[node_id].append(
            {
                "org": source.org.slug,
                "graph": source.slug,
                "node": link.node_id,
                "label": link.label,
                "relation": link.relation,
            }
        )
        entry = graphs.setdefault(
            source.id,
            {"org": source.org.slug, "graph": source.slug, "title": source.title, "links": 0},
        )
        entry["links"] += 1
    nodes = []
    for node_id, data in sorted(G.nodes(data=True), key=lambda n: (n[1]["kind"], n[1]["label"])):
        contributors = sorted(named.get(node_id, []), key=lambda c: (c["org"], c["graph"]))
        count = len(contributors) + (0 if placeholders else hidden.get(node_id, 0))
        nodes.append(
            {
                "id": node_id,
                "label": data["label"],
                "kind": data["kind"],
                "contributors": contributors,
                "count": count,
                "private_count": hidden.get(node_id, 0),
            }
        )
    gaps = [n["id"] for n in nodes if n["kind"] in ("outcome", "impact") and n["count"] == 0]
    return {
        "commit": commit.id,
        "nodes": nodes,
        "gaps": gaps,
        "graphs": sorted(graphs.values(), key=lambda g: (g["org"], g["graph"])),
        "private_graphs": len(private_graphs),
    }


def _text(data: dict[str, Any]) -> str:
    parts = [data["label"], data.get("description", "")[:500]]
    parts += [i["name"] for i in data.get("indicators", [])]
    return " ".join(p for p in parts if p)


def similarity(a: dict[str, Any], b: dict[str, Any]) -> tuple[float, str]:
    """A 0-100 score and its main reason.

    70% ``token_sort_ratio`` of the labels (order-insensitive, penalises extra words) and
    30% ``token_set_ratio`` of label + description + indicator names (shared vocabulary).

    >>> similarity({"label": "Young people feel confident"},
    ...            {"label": "Young people feel more confident"})[0] > 85
    True
    """
    label = fuzz.token_sort_ratio(a["label"], b["label"], processor=default_process)
    text = fuzz.token_set_ratio(_text(a), _text(b), processor=default_process)
    score = 0.7 * label + 0.3 * text
    reason = "similar labels" if label >= text else "shared words in descriptions or indicators"
    return round(score, 1), reason


def suggestions(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    target_key: str,
    ref: str | None = None,
    limit: int = 20,
    min_score: float = 50.0,
) -> list[dict[str, Any]]:
    """Pairs (this graph's outcome or impact, a target outcome or impact) ranked by
    :func:`similarity`, best three per node of ours; already-linked pairs are left out."""
    graph = readable_graph(ctx, org_slug, slug)
    target = find_graph(ctx, target_key)
    if target is None or not can_read(ctx, target):
        raise NotFound(f"no graph {target_key}")
    ours = ctx.store.graph(resolve(ctx, graph, ref or graph.default_branch).id)
    theirs = ctx.store.graph(resolve(ctx, target, target.default_branch).id)
    candidates = [(n, d) for n, d in theirs.nodes(data=True) if d["kind"] in ("outcome", "impact")]
    out = []
    for node_id, data in ours.nodes(data=True):
        if data["kind"] not in ("outcome", "impact"):
            continue
        linked = {link["target"] for link in data.get("links", [])}
        scored = []
        for target_node, other in candidates:
            if f"{target_key}#{target_node}" in linked:
                continue
            score, reason = similarity(data, other)
            if score >= min_score:
                scored.append((score, target_node, other["label"], reason))
        for score, target_node, target_label, reason in sorted(scored, reverse=True)[:3]:
            out.append(
                {
                    "node": node_id,
                    "label": data["label"],
                    "target_node": target_node,
                    "target_label": target_label,
                    "score": score,
                    "reason": reason,
                }
            )
    out.sort(key=lambda s: (-s["score"], s["node"], s["target_node"]))
    return out[:limit]
