"""What to offer when a member links an outcome into a framework (issue 14): the shared
indicators on the framework's node, each definition ready to copy into the member's
box with ``reports_to`` set (``GET .../links/indicators?target=org/graph#node``).

A copy has the shared indicator's name, unit, source, vocabulary and code and everything
that must match for the values to be put together (unit type, currency, scale,
frequency), with its direction, aggregation and disaggregations; not its id (the new
indicator gets its own), nor the framework's baseline, target, dates or period targets
(the member sets its own). ``reported_by`` names the member's indicator that reports to
it already (at the head of its default branch), if any: a ToC reports to a shared
indicator once.
"""

from __future__ import annotations

from typing import Any

from ..domain import names
from .access import can_read, readable_graph
from .context import Ctx
from .errors import Invalid, NotFound
from .links import find_graph

__all__ = ["COPIED", "offers"]

COPIED = (
    "name",
    "unit",
    "source",
    "vocabulary",
    "code",
    "direction",
    "unit_type",
    "currency",
    "scale_min",
    "scale_max",
    "frequency",
    "aggregation",
    "disaggregations",
)
"""The fields of a shared indicator a member's copy takes."""


def _head_graph(ctx: Ctx, graph: Any) -> Any:
    head = ctx.uow.graphs.head_commit(graph.id, graph.default_branch)
    if head is None:
        raise NotFound(f"{graph.org.slug}/{graph.slug} has no branch {graph.default_branch}")
    return ctx.store.graph(head.id)


def offers(ctx: Ctx, org_slug: str, slug: str, target: str) -> dict[str, Any]:
    """The shared indicators on the framework node ``target`` ("org/graph#node"), to offer
    to ``org_slug/slug``; 404 when either graph, or the node, is not there for the
    caller; 422 (in the query) for a target that is not "org/graph#node"."""
    graph = readable_graph(ctx, org_slug, slug)
    if not names.LINK_TARGET.matches(target):
        error = Invalid(names.LINK_TARGET.message, where="target")
        error.location = "query"
        raise error
    key, _, node_id = target.partition("#")
    framework = find_graph(ctx, key)
    if framework is None or not can_read(ctx, framework):
        raise NotFound(f"no graph {key}")
    theirs = _head_graph(ctx, framework)
    if node_id not in theirs:
        raise NotFound(f"{key} has no node {node_id}")
    taken: dict[str, str] = {}
    for _, data in _head_graph(ctx, graph).nodes(data=True):
        for indicator in data.get("indicators") or ():
            if indicator.get("reports_to"):
                taken.setdefault(indicator["reports_to"], indicator["id"])
    data = theirs.nodes[node_id]
    out = []
    for indicator in data.get("indicators") or ():
        address = f"{key}#{indicator['id']}"
        copy = {k: indicator[k] for k in COPIED if indicator.get(k) not in (None, [])}
        out.append(
            {
                "indicator": indicator["id"],
                "reports_to": address,
                "definition": {**copy, "reports_to": address},
                "reported_by": taken.get(address),
            }
        )
    return {
        "target": target,
        "label": data["label"],
        "kind": data["kind"],
        "indicators": out,
    }
