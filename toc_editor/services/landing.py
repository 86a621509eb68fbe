"""The one place a branch moves: wait for the branch's turn, plan on its head, write, move.

Commits, restores, imports and merges all land here. ``land`` takes the branch's lock
(``GraphStore.lock_branch``) *before* the caller's plan is computed, so the plan is made
against a head that cannot move until the transaction ends: writers to one branch take
turns instead of racing, a non-conflicting edit always lands, and a conflicting one gets
its 409 from the plan. Only when the database cannot give a turn in time (30 s) does the
writer get a 503 with ``Retry-After``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.exc import OperationalError

from ..domain.delta import Delta
from ..domain.diff import commit_content
from ..storage.models import Branch, Commit, Graph
from ..storage.repository import gc_paused
from .context import Ctx
from .errors import Busy, NotFound
from .links import check_links, reindex


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
    """Take the branch's turn, ask ``plan(head)`` what to do, do it and commit.

    ``plan`` runs while the branch is locked and may raise (a Conflict, say); the
    transaction is then rolled back and the lock released.
    """
    assert ctx.user is not None
    try:
        head = ctx.store.lock_branch(branch_id)
    except OperationalError:
        ctx.session.rollback()
        raise Busy(
            "the database could not give this write a turn in time; please retry",
            retry_after=2,
        ) from None
    try:
        if head is None:
            raise NotFound("the branch was deleted")
        step = plan(head)
        if step is None:
            ctx.session.commit()
            row = ctx.store.commit(head)
            assert row is not None
            return Landed(row, Delta(), moved=False)
        if isinstance(step, Write):
            parent = ctx.store.graph(step.parents[0])
            check_links(ctx, graph, step.delta, parent)
            with gc_paused():
                content = commit_content(parent, step.delta)
            row = ctx.store.write_commit(
                network_id=graph.network_id or graph.id,
                parents=step.parents,
                author_id=ctx.user.id,
                author_name=ctx.user.username,
                message=step.message,
                content=content,
            )
            moved = step.delta
        else:
            target = ctx.store.commit(step.to)
            assert target is not None
            row, moved = target, ctx.store.delta_between(head, step.to)
        branch = ctx.session.get(Branch, branch_id)
        assert branch is not None
        if not ctx.store.move_branch(branch, head, row.id):  # pragma: no cover - locked
            raise Busy("the branch moved while it was locked; please retry", retry_after=1)
        if branch.name == graph.default_branch:
            reindex(ctx, graph, moved)
        ctx.session.commit()
        return Landed(row, moved, moved=True)
    except BaseException:
        ctx.session.rollback()
        raise
