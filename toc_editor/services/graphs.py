"""Graphs and branches: create (optionally from a document), read, change, delete."""

from __future__ import annotations

from typing import Any

from ..domain import lengths, model, names
from ..domain.delta import Delta
from ..domain.errors import InvalidEntity
from ..domain.shared_measurement import CONSENTS
from ..domain.text import text_problem
from ..storage.models import Branch, Commit, Graph, Org
from .access import (
    WRITERS,
    can_read,
    check_fork_visibility,
    org_by_slug,
    require_results_public_change,
    require_role,
    require_sharing_change,
    require_visibility_change,
    writable_branch,
    writable_graph,
)
from .context import Ctx
from .errors import Conflict, Invalid, NotFound
from .explore import reindex_all_labels
from .landing import FastForward, Write, start_branch
from .links import check_public_links, reindex_all
from .reports_to import check_public_reports, reindex_all_reports

BRANCH = names.BRANCH.regex  # the domain's rule (domain/names.py)
VISIBILITIES = ("private", "public")
SHARING = ("share_results", "aggregate_k")
MAX_K = 100
"""The largest ``aggregate_k`` a framework may set (1 shows every figure to members)."""


def document_delta(document: Any, where: str = "document") -> Delta:
    """A root delta holding every entity of a document (validated)."""
    try:
        G = model.from_document(document, where)
    except InvalidEntity as exc:
        raise Invalid(exc.message, where=exc.where) from None
    return Delta(
        nodes=model.nodes_by_id(G),
        edges=model.edges_by_id(G),
    )


def create_graph(
    ctx: Ctx,
    org_slug: str,
    *,
    slug: str,
    title: str,
    description: str = "",
    visibility: str = "private",
    document: Any = None,
    message: str | None = None,
) -> Graph:
    """A new graph with branch ``main`` at its first commit (the document, if given)."""
    with ctx.uow:
        org = org_by_slug(ctx, org_slug)
        require_role(ctx, org, WRITERS)
        _check_graph_fields(slug=slug, title=title, visibility=visibility, description=description)
        delta = document_delta(document) if document is not None else Delta()
        if ctx.uow.graphs.slug_taken(org.id, slug):
            raise Conflict(f"{org_slug}/{slug} exists already", where="slug")
        graph = ctx.uow.graphs.add(
            Graph(
                org_id=org.id,
                slug=slug,
                title=title.strip(),
                description=description,
                visibility=visibility,
                default_branch="main",
            )
        )
        graph.network_id = graph.id
        start_branch(ctx, graph, "main", Write([], delta, message or f"Create {title.strip()}"))
        ctx.uow.commit()
    return graph


def _check_graph_fields(**fields: Any) -> None:
    for key in ("title", "description"):
        problem = text_problem(fields.get(key) or "")
        if problem:
            raise Invalid(problem, where=key)
    if "slug" in fields and not names.GRAPH_SLUG.matches(fields["slug"]):
        raise Invalid(names.GRAPH_SLUG.problem(fields["slug"]), where="slug")
    if "title" in fields and not lengths.TITLE.fits(fields["title"] or ""):
        raise Invalid(lengths.TITLE.message, where="title")
    if "description" in fields and not lengths.DESCRIPTION.fits(fields["description"] or ""):
        raise Invalid(lengths.DESCRIPTION.message, where="description")
    if "visibility" in fields and fields["visibility"] not in VISIBILITIES:
        raise Invalid("must be private or public", where="visibility")
    if "results_public" in fields and not isinstance(fields["results_public"], bool):
        raise Invalid("must be true or false", where="results_public")
    if "share_results" in fields and fields["share_results"] not in CONSENTS:
        raise Invalid(f"must be one of {', '.join(CONSENTS)}", where="share_results")
    k = fields.get("aggregate_k", 5)
    if not isinstance(k, int) or isinstance(k, bool) or not 1 <= k <= MAX_K:
        raise Invalid(f"must be a whole number from 1 to {MAX_K}", where="aggregate_k")


def list_graphs(ctx: Ctx, org_slug: str) -> list[Graph]:
    org = org_by_slug(ctx, org_slug)
    return [g for g in ctx.uow.graphs.in_org(org.id) if can_read(ctx, g)]


def update_graph(ctx: Ctx, org_slug: str, slug: str, changes: dict[str, Any]) -> Graph:
    """Change settings (writers); changing the visibility, ``results_public`` (whether
    anyone may read a public graph's results), ``share_results`` (whether its results
    on shared indicators flow to the frameworks it reports to; withdrawing is ``none``,
    and the frameworks stop showing its data at once: they read it when asked) or
    ``aggregate_k`` (a framework's k) needs an owner, and a fork of a private graph
    cannot be made public."""
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        _check_graph_fields(**changes)
        if changes.get("visibility", graph.visibility) != graph.visibility:
            require_visibility_change(ctx, graph)
            check_fork_visibility(graph.upstream, changes["visibility"])
            if changes["visibility"] == "public":
                heads = [b.head for b in branches(ctx, graph)]
                check_public_links(ctx, graph, heads)
                check_public_reports(ctx, graph, heads)
        if changes.get("results_public", graph.results_public) != graph.results_public:
            require_results_public_change(ctx, graph)
        if any(changes.get(k, getattr(graph, k)) != getattr(graph, k) for k in SHARING):
            require_sharing_change(ctx, graph)
        if "default_branch" in changes:
            branch_of(ctx, graph, changes["default_branch"])
        for key, value in changes.items():
            setattr(graph, key, value.strip() if key == "title" else value)
        if "default_branch" in changes:
            head = branch_of(ctx, graph, changes["default_branch"]).head
            reindex_all(ctx, graph, head)
            reindex_all_labels(ctx, graph, head)
            reindex_all_reports(ctx, graph, head)
        ctx.uow.commit()
    return graph


def delete_graph(ctx: Ctx, org_slug: str, slug: str) -> None:
    """Delete a graph and its branches (owners only). Commits stay for its forks."""
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        require_role(ctx, graph.org, ("owner",))
        for fork in ctx.uow.graphs.forks_of(graph.id):
            fork.upstream_id = None
        ctx.uow.graphs.delete(graph)
        ctx.uow.commit()


# -- branches and refs --------------------------------------------------------------------


def branches(ctx: Ctx, graph: Graph) -> list[Branch]:
    return ctx.uow.graphs.branches(graph.id)


def branch_of(ctx: Ctx, graph: Graph, name: str) -> Branch:
    row = ctx.uow.graphs.branch(graph.id, name)
    if row is None:
        raise NotFound(f"no branch {name!r} in {graph.org.slug}/{graph.slug}")
    return row


def writable_branch_and_head(
    ctx: Ctx, org_slug: str, slug: str, name: str
) -> tuple[Graph, Branch, Commit]:
    """:func:`access.writable_graph` and :func:`branch_of`, with the row of the branch's
    head commit, in one query."""
    graph, branch, head = writable_branch(ctx, org_slug, slug, name)
    if branch is None or head is None:
        raise NotFound(f"no branch {name!r} in {graph.org.slug}/{graph.slug}")
    return graph, branch, head


def resolve(ctx: Ctx, graph: Graph, ref: str) -> Commit:
    """A branch name of this graph, or a commit id (or unique prefix of 7+) readable
    through it (:func:`find_visible_commit`)."""
    head = ctx.uow.graphs.head_commit(graph.id, ref)
    return head if head is not None else _visible_commit(ctx, graph, ref)


def readable_at(ctx: Ctx, org_slug: str, slug: str, ref: str) -> tuple[Graph, Commit]:
    """:func:`readable_graph` and :func:`resolve` together: for a branch name, one query.

    Every read of content (tree, diagram, export) starts here, so it is worth a join.
    """
    row = ctx.uow.graphs.with_branch_head(org_slug, slug, ref)
    if row is None or not can_read(ctx, row[0]):
        raise NotFound(f"no graph {org_slug}/{slug}")
    graph, head = row
    return graph, head if head is not None else _visible_commit(ctx, graph, ref)


def _visible_commit(ctx: Ctx, graph: Graph, ref: str) -> Commit:
    found = find_visible_commit(ctx, graph, ref)
    if found is None:
        raise NotFound(f"no branch or commit {ref!r} in {graph.org.slug}/{graph.slug}")
    return found


def find_visible_commit(ctx: Ctx, graph: Graph, ref: str) -> Commit | None:
    """A commit readable through ``graph`` (by id or unique prefix), or None.

    The one rule for reading commits by id: a commit is readable through a graph only
    when it is one of the graph's :func:`published_tips` or in the history of one.
    Whatever else its fork network holds (a private upstream's later commits, a fork's
    unproposed work, graphs deleted since) is not readable through this graph, whoever
    asks; who may read the graph itself is :func:`access.can_read`'s question.
    """
    tips = published_tips(ctx, graph)
    ref = ref.lower()
    if ref in tips:  # the fast path: a head or a proposed version by full id
        return ctx.store.commit(ref)
    commit = ctx.store.find_commit(graph.network_id or graph.id, ref)
    if commit is None:
        return None
    return commit if ctx.store.reachable(tips, commit.id) else None


def published_tips(ctx: Ctx, graph: Graph) -> list[str]:
    """The graph's branch heads and the versions proposed to it (what opening a proposal
    published): everything readable through the graph is in the history of these."""
    return ctx.uow.graphs.tips(graph.id)


def create_branch(ctx: Ctx, org_slug: str, slug: str, name: str, start: str) -> Branch:
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        if not names.BRANCH.matches(name):
            raise Invalid(names.BRANCH.message, where="name")
        commit = resolve(ctx, graph, start)
        if ctx.uow.graphs.branch(graph.id, name) is not None:
            raise Conflict(f"the branch {name!r} exists already", where="name")
        start_branch(ctx, graph, name, FastForward(commit.id))
        row = branch_of(ctx, graph, name)
        ctx.uow.commit()
    return row


def delete_branch(ctx: Ctx, org_slug: str, slug: str, name: str) -> None:
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        row = branch_of(ctx, graph, name)
        if name == graph.default_branch:
            raise Conflict(f"{name!r} is the default branch; make another branch the default first")
        ctx.uow.graphs.delete(row)
        ctx.uow.commit()


def graph_named(ctx: Ctx, org_slug: str, slug: str) -> Graph | None:
    """The graph ``org_slug/slug`` whoever asks, or None: for the server's own commands
    (callers on behalf of a user check access with :func:`access.readable_graph`)."""
    return ctx.uow.graphs.by_slugs(org_slug, slug)


def find_org(ctx: Ctx, slug: str) -> Org:
    return org_by_slug(ctx, slug)
