"""Commits: write a batch of ops (rebasing on a moved branch), read trees, log, compare."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import networkx as nx

from ..domain import checks, diff, lengths, ops
from ..domain.delta import Delta, without_no_ops
from ..domain.errors import InvalidEntity
from ..domain.merge import merge
from ..storage.models import Commit, Graph
from ..storage.serial import fast_dumps, gc_paused
from .access import writable_graph
from .context import Ctx
from .errors import Conflict, Invalid, NotFound
from .graphs import branch_of, find_visible_commit, resolve, writable_branch_and_head
from .landing import Step, Write, land


def tree_json(ctx: Ctx, commit_id: str) -> bytes:
    """The tree of a commit as JSON bytes ``{commit, nodes, edges}``, cached by commit id
    (commits never change)."""
    key = ("tree-json", commit_id)
    body = ctx.store.blobs.get(key)
    if body is None:
        with gc_paused():
            body = fast_dumps({"commit": commit_id, **ctx.store.document(commit_id)})
        ctx.store.blobs.put(key, body, weight=len(body))
    return body  # type: ignore[no-any-return]


def tree(ctx: Ctx, graph: Graph, ref: str) -> tuple[Commit, nx.DiGraph]:
    commit = resolve(ctx, graph, ref)
    return commit, ctx.store.graph(commit.id)


def plan_ops(G: nx.DiGraph, op_list: Any) -> Delta:
    try:
        return ops.plan(G, op_list)
    except InvalidEntity as exc:
        raise Invalid(exc.message, where=exc.where) from None


def commit_ops(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    branch_name: str,
    *,
    base: str,
    message: str,
    op_list: list[Any],
) -> Commit:
    """Apply ``op_list``, written against commit ``base``, on top of the branch.

    If the branch moved since ``base``, the ops are rebased onto the new head when they
    touch no (entity, field) changed meanwhile; otherwise Conflict lists what collides.
    Writers to one branch take turns (``landing.land``).
    """
    with ctx.uow:
        graph, branch, head_row = writable_branch_and_head(ctx, org_slug, slug, branch_name)
        if not lengths.MESSAGE.fits(message):
            raise Invalid(lengths.MESSAGE.message, where="message")
        if not op_list:
            raise Invalid("no ops: nothing to commit", where="ops")
        # Written against the branch's head (the usual case): a published tip, so visible,
        # and its row is loaded already (landing reads it again as the new commit's parent).
        fast = base.lower() == head_row.id
        base_row = head_row if fast else find_visible_commit(ctx, graph, base)
        if base_row is None:
            raise Invalid(f"unknown base commit {base!r}", where="base")
        base_id = base_row.id
        base_graph = ctx.store.graph(base_id)
        ours = without_no_ops(base_graph, plan_ops(base_graph, op_list))
        if not ours:
            raise Invalid("these ops change nothing", where="ops")
        landed = land(ctx, graph, branch.id, rebase_onto_head(ctx, base_id, ours, message))
        ctx.uow.commit()
    return landed.commit


def rebase_onto_head(ctx: Ctx, base_id: str, ours: Delta, message: str) -> Callable[[str], Step]:
    """A landing plan: ``ours`` (a delta on ``base_id``) rebased onto the head it finds.

    When the branch moved since ``base_id``, the ops land on the new head if they touch no
    (entity, field) changed meanwhile; otherwise Conflict lists what collides.
    """

    def plan(head: str) -> Step:
        if head == base_id:
            return Write([head], ours, message)
        theirs = ctx.store.delta_between(base_id, head)
        result = merge(ctx.store.graph(base_id), ours, theirs)
        if result.conflicts:
            raise Conflict(
                "the branch moved and your change collides with what landed meanwhile",
                conflicts=result.conflicts,
                head=head,
            )
        delta = without_no_ops(ctx.store.graph(head), result.delta)
        return Write([head], delta, message) if delta else None

    return plan


def log(
    ctx: Ctx, graph: Graph, ref: str, limit: int = 50, before: str | None = None
) -> list[Commit]:
    """Commits in the history of ``ref``, newest first; ``before`` pages on."""
    head = resolve(ctx, graph, ref)
    rows = ctx.store.ancestors(head.id)
    if before:
        ids = [c.id for c in rows]
        cursor = resolve(ctx, graph, before).id
        if cursor not in ids:
            raise NotFound(f"{before!r} is not in the history of {ref!r}")
        rows = rows[ids.index(cursor) + 1 :]
    return rows[:limit]


def compare(ctx: Ctx, graph: Graph, base_ref: str, head_ref: str) -> dict[str, Any]:
    base = resolve(ctx, graph, base_ref)
    head = resolve(ctx, graph, head_ref)
    delta = ctx.store.delta_between(base.id, head.id)
    return diff.field_changes(ctx.store.graph(base.id), delta)


def findings(ctx: Ctx, graph: Graph, ref: str) -> tuple[Commit, list[dict[str, Any]]]:
    commit, G = tree(ctx, graph, ref)
    return commit, checks.findings(G)


def replace_content(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    branch_name: str,
    G_new: nx.DiGraph,
    message: str,
    where: str = "file",
) -> Commit:
    """A commit that makes the branch hold exactly ``G_new`` (import, restore)."""
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        row = _replace(ctx, graph, branch_name, G_new, message, where)
        ctx.uow.commit()
    return row


def _replace(
    ctx: Ctx, graph: Graph, branch_name: str, G_new: nx.DiGraph, message: str, where: str
) -> Commit:
    from ..domain.delta import between

    branch = branch_of(ctx, graph, branch_name)
    head = branch.head
    delta = between(ctx.store.graph(head), G_new)
    if not delta:
        raise Invalid("the branch holds exactly this already: nothing to commit", where=where)
    return land(ctx, graph, branch.id, rebase_onto_head(ctx, head, delta, message)).commit


def restore(
    ctx: Ctx, org_slug: str, slug: str, branch_name: str, ref: str, message: str | None
) -> Commit:
    """A new commit on the branch whose content is exactly that of ``ref`` (history kept)."""
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        old = resolve(ctx, graph, ref)
        text = message or f"Restore version {old.id[:10]}"
        row = _replace(ctx, graph, branch_name, ctx.store.graph(old.id), text, where="commit")
        ctx.uow.commit()
    return row
