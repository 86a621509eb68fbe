"""The one place a branch moves: wait for the branch's turn, plan on its head, write, move.

Commits, restores, imports, merges and proposal merges land on an existing branch with
:func:`land`; a new graph, a fork and a new branch start theirs with :func:`start_branch`.
Nothing else writes a commit or moves a branch, and each move is recorded here as a
:class:`~toc_editor.domain.events.BranchMoved` event, which the unit of work publishes once
the caller commits (never before, never for a rolled-back move).

``land`` takes the branch's lock
(``GraphStore.lock_branch``) *before* the caller's plan is computed, so the plan is made
against a head that cannot move until the transaction ends: writers to one branch take
turns instead of racing, a non-conflicting edit always lands, and a conflicting one gets
its 409 from the plan. Only when the database cannot give a turn in time (30 s) does the
writer get a 503 with ``Retry-After``. The head still moves by compare-and-swap
(``GraphStore.move_branch``), which under the lock cannot lose.

Neither function commits: the use case that called it ends the unit of work, which
releases the lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import OperationalError

from ..domain import model
from ..domain.delta import Delta
from ..domain.diff import commit_content
from ..domain.events import BranchMoved
from ..storage.models import Branch, Commit, Graph
from ..storage.serial import gc_paused
from . import commit_summaries
from .context import Ctx
from .errors import Busy, NotFound
from .explore import reindex_labels
from .links import check_links, reindex
from .reports_to import check_reports_to, reindex_reports


@dataclass(frozen=True)
class Write:
    """Write a new commit with these parents (``delta`` is relative to the first)."""

    parents: list[str]
    delta: Delta
    message: str


@dataclass(frozen=True)
class FastForward:
    """Move the branch to an existing commit that has its head in its history."""

    to: str


Step = Write | FastForward | None
"""What a plan asks for; ``None`` means the branch holds it already (nothing to write)."""


@dataclass(frozen=True)
class Landed:
    """What landed: the branch's new head, and how its content changed (empty: nothing)."""

    commit: Commit
    delta: Delta
    moved: bool


def land(ctx: Ctx, graph: Graph, branch_id: int, plan: Callable[[str], Step]) -> Landed:
    """Take the branch's turn, ask ``plan(head)`` what to do, and do it (not committed).

    ``plan`` runs while the branch is locked and may raise (a Conflict, say); the caller's
    unit of work then rolls back, which releases the lock.
    """
    try:
        head = ctx.store.lock_branch(branch_id)
    except OperationalError:
        ctx.uow.rollback()
        raise Busy(
            "the database could not give this write a turn in time; please retry",
            retry_after=2,
        ) from None
    if head is None:
        raise NotFound("the branch was deleted")
    step = plan(head)
    if step is None:
        row = ctx.store.commit(head)
        assert row is not None
        return Landed(row, Delta(), moved=False)
    if isinstance(step, Write):
        row, moved = _write(ctx, graph, step, ctx.store.graph(step.parents[0])), step.delta
    else:
        target = ctx.store.commit(step.to)
        assert target is not None
        row, moved = target, ctx.store.delta_between(head, step.to)
    branch = ctx.uow.graphs.branch_by_id(branch_id)
    assert branch is not None
    if not ctx.store.move_branch(branch, head, row.id, ctx.at):  # pragma: no cover - locked
        raise Busy("the branch moved while it was locked; please retry", retry_after=1)
    _moved(ctx, graph, branch.name, head, row, moved)
    return Landed(row, moved, moved=True)


def start_branch(ctx: Ctx, graph: Graph, name: str, step: Write | FastForward) -> Landed:
    """A new branch ``name`` of ``graph`` at a new commit (``Write``; no parents: a root
    commit) or at an existing one (``FastForward``, e.g. a fork's or a branch's start)."""
    if isinstance(step, Write):
        parent = ctx.store.graph(step.parents[0]) if step.parents else model.empty()
        row, moved = _write(ctx, graph, step, parent), step.delta
    else:
        target = ctx.store.commit(step.to)
        assert target is not None
        row, G = target, ctx.store.graph(target.id)
        moved = Delta(nodes=dict(model.nodes_by_id(G)), edges=dict(model.edges_by_id(G)))
    ctx.uow.graphs.add(Branch(graph_id=graph.id, name=name, head=row.id, updated_at=ctx.now()))
    _moved(ctx, graph, name, None, row, moved)
    return Landed(row, moved, moved=True)


def _write(ctx: Ctx, graph: Graph, step: Write, parent: Any) -> Commit:
    assert ctx.user is not None
    check_links(ctx, graph, step.delta, parent)
    check_reports_to(ctx, graph, step.delta, parent)
    with gc_paused():
        content = commit_content(parent, step.delta)
    return ctx.store.write_commit(
        network_id=graph.network_id or graph.id,
        parents=step.parents,
        author_id=ctx.user.id,
        author_name=ctx.user.username,
        message=step.message,
        content=content,
        created_at=ctx.at,
    )


def _moved(ctx: Ctx, graph: Graph, branch: str, old: str | None, row: Commit, delta: Delta) -> None:
    if branch == graph.default_branch:  # the indexes mirror the default branch's head
        # the graph at ``old`` lets nodes without links, and unchanged labels, be skipped
        before = ctx.store.graph(old) if old is not None else None
        reindex(ctx, graph, delta, before)
        reindex_labels(ctx, graph, delta, before)
        reindex_reports(ctx, graph, delta, before)
        commit_summaries.keep(ctx, row.id)
    parents = tuple(p for p in (row.parent1, row.parent2) if p is not None)
    ctx.uow.record(
        BranchMoved(graph.id, branch, old, row.id, delta, parents, row.author_name, row.message)
    )
