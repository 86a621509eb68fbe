"""Links from a node to a node of a shared ToC (``org/graph#node``): checked and indexed.

A link must point at a node that exists on the default branch of a graph the linking
organisation can read (public, or its own). The ``node_links`` table mirrors the links at
each graph's default-branch head; it is updated in the transaction that moves the head.
"""

from __future__ import annotations

import networkx as nx

from ..domain.delta import Delta, current
from ..storage.models import Graph, NodeLink
from .context import Ctx
from .errors import Invalid


def find_graph(ctx: Ctx, key: str) -> Graph | None:
    """The graph named ``org/graph``, or None."""
    org_slug, _, slug = key.partition("/")
    return ctx.uow.graphs.by_slugs(org_slug, slug)


_PUBLIC_TO_PRIVATE = "{key} is private: a public graph may link only to public graphs"


def check_links(ctx: Ctx, graph: Graph, delta: Delta, before: nx.DiGraph) -> None:
    """Invalid unless every link added or changed by ``delta`` points somewhere readable:
    a public graph, or (from a private graph only) a graph of the same organisation. A
    public graph linking to a private one would show its name to everyone."""
    for node_id, data in sorted(delta.nodes.items()):
        if data is None:
            continue
        old = current(before, "node", node_id)
        old_targets = {link["target"] for link in (old or {}).get("links", [])}
        for index, link in enumerate(data.get("links", [])):
            if link["target"] in old_targets:
                continue
            where = f"nodes/{node_id}/links/{index}/target"
            key, _, target_node = link["target"].partition("#")
            target = find_graph(ctx, key)
            readable = target is not None and (
                target.visibility == "public" or target.org_id == graph.org_id
            )
            if target is None or not readable:
                raise Invalid(f"no graph {key} that {graph.org.slug} can read", where=where)
            if target.visibility != "public" and graph.visibility == "public":
                raise Invalid(_PUBLIC_TO_PRIVATE.format(key=key), where=where)
            head = ctx.uow.graphs.branch(target.id, target.default_branch)
            if head is None or target_node not in ctx.store.graph(head.head):
                raise Invalid(f"{key} has no node {target_node}", where=where)


def reindex(ctx: Ctx, graph: Graph, delta: Delta, before: nx.DiGraph | None = None) -> None:
    """Bring ``node_links`` up to date for the nodes ``delta`` touched on the default branch.

    ``before``, the default branch's graph that ``delta`` applies to, lets nodes with no
    links before or after be skipped (``node_links`` mirrors that graph: they have none).
    """
    touched = [
        node_id
        for node_id, data in delta.nodes.items()
        if before is None
        or (data is not None and data.get("links"))
        or (node_id in before and before.nodes[node_id].get("links"))
    ]
    if touched:
        ctx.uow.graphs.unindex(graph.id, touched)
    rows = []
    for node_id, data in delta.nodes.items():
        if data is None:
            continue
        for link in data.get("links", []):
            rows.append(
                NodeLink(
                    graph_id=graph.id,
                    node_id=node_id,
                    target=link["target"],
                    target_graph=link["target"].partition("#")[0],
                    relation=link["relation"],
                    label=data["label"],
                    kind=data["kind"],
                )
            )
    if rows:
        ctx.uow.graphs.index({(r.node_id, r.target): r for r in rows}.values())


def reindex_all(ctx: Ctx, graph: Graph, head: str) -> None:
    """Rebuild ``node_links`` of ``graph`` from the commit ``head`` (default branch changed)."""
    from ..domain.model import nodes_by_id

    ctx.uow.graphs.unindex(graph.id)
    reindex(ctx, graph, Delta(nodes=dict(nodes_by_id(ctx.store.graph(head)))))


def check_public_links(ctx: Ctx, graph: Graph, heads: list[str]) -> None:
    """Invalid (naming ``visibility``) when making ``graph`` public would publish a link
    to a private graph: every branch head is checked, since every branch becomes public."""
    for head in heads:
        for node_id, data in ctx.store.graph(head).nodes(data=True):
            for link in data.get("links", []):
                key = link["target"].partition("#")[0]
                target = find_graph(ctx, key)
                if target is not None and target.visibility != "public":
                    message = _PUBLIC_TO_PRIVATE.format(key=key)
                    problem = f"{message} (node {node_id}); remove the link first"
                    raise Invalid(problem, where="visibility")
