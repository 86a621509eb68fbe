"""Proposals: merge requests from a fork's branch into a branch of its upstream.

Opening a proposal publishes the proposed version: ``source_commit`` is frozen at the
source branch's head at that moment, and everyone who can read the target sees that
version (the preview, its commits by id), and the target's writers can merge it, even
when the source is a private fork they cannot read. Later commits on the source stay
private until a writer of the source updates the proposal (:func:`update_proposal`).
Callers who cannot read the source see it named as "a private fork" (:func:`source_label`).

Anyone who can read the target may comment and vote (the sector's open innovation);
only the target's writers merge; writers or the author close.
"""

from __future__ import annotations

from typing import Any

from ..domain import lengths
from ..domain.history import merge_base
from ..storage.models import Graph, Proposal, ProposalComment, ProposalVote
from .access import (
    PRIVATE_SOURCE,
    can_read,
    can_write,
    readable_graph,
    require_user,
    visible_name,
    writable_graph,
)
from .context import Ctx
from .errors import Conflict, Forbidden, Invalid, NotFound
from .forks import Plan, merge_commit, plan_merge, resolve_source
from .graphs import branch_of
from .links import check_links
from .reports_to import check_reports_to


def open_proposal(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    source: str,
    target: str | None,
    title: str,
    description: str,
) -> Proposal:
    with ctx.uow:
        graph = readable_graph(ctx, org_slug, slug)
        user = require_user(ctx.user)
        src = resolve_source(ctx, graph, source)
        if not can_write(ctx, src.graph):
            raise Forbidden(f"only writers of {src.graph.org.slug}/{src.graph.slug} may propose it")
        dst = branch_of(ctx, graph, target or graph.default_branch)
        if src.graph.id == graph.id and src.branch.id == dst.id:
            raise Invalid("source and target are the same branch", where="source")
        if not lengths.TITLE.fits(title):
            raise Invalid(lengths.TITLE.message, where="title")
        _check_publishable(ctx, graph, dst.head, src.branch.head)
        now = ctx.now()
        row = ctx.uow.proposals.add(
            Proposal(
                graph_id=graph.id,
                number=ctx.uow.proposals.next_number(graph.id),
                source_graph_id=src.graph.id,
                source_branch=src.branch.name,
                source_commit=src.branch.head,
                target_branch=dst.name,
                title=title.strip(),
                description=description,
                status="open",
                author_id=user.id,
                created_at=now,
                updated_at=now,
            )
        )
        ctx.uow.commit()
    return row


def get(ctx: Ctx, org_slug: str, slug: str, number: int) -> Proposal:
    """Proposal ``number`` of a graph the caller can read (404 otherwise, also for numbers
    no proposal can have: the column is a 32-bit integer)."""
    graph = readable_graph(ctx, org_slug, slug)
    if not 0 < number < 2**31:
        raise NotFound(f"no proposal #{number} on {org_slug}/{slug}")
    row = ctx.uow.proposals.by_number(graph.id, number)
    if row is None:
        raise NotFound(f"no proposal #{number} on {org_slug}/{slug}")
    return row


def list_for(ctx: Ctx, org_slug: str, slug: str, status: str | None = None) -> list[Proposal]:
    graph = readable_graph(ctx, org_slug, slug)
    return ctx.uow.proposals.of_graph(graph.id, status)


def _check_publishable(ctx: Ctx, graph: Graph, target_head: str, source_commit: str) -> None:
    """Invalid when the proposed version adds a link or a ``reports_to`` the target could
    not hold (a link to a private graph elsewhere: proposing would publish its name; a
    shared indicator of the target itself)."""
    dag = ctx.store.dag([target_head, source_commit])
    base = merge_base(dag, target_head, source_commit)
    if base is None:
        raise Invalid("these branches share no history", where="source")
    delta, before = ctx.store.delta_between(base, source_commit), ctx.store.graph(base)
    check_links(ctx, graph, delta, before)
    check_reports_to(ctx, graph, delta, before)


def update_proposal(ctx: Ctx, row: Proposal) -> Proposal:
    """Move the proposed version to the source branch's current head, publishing it.

    Writers of the source graph only (the proposer was one when opening it; one who has
    since lost write access can no longer publish the source), and only while open.
    """
    require_user(ctx.user)
    with ctx.uow:
        ctx.uow.proposals.lock(row)
        if row.status != "open":
            raise Conflict(f"proposal #{row.number} is {row.status}: only open proposals change")
        source = row.source_graph
        if source is None:
            raise Conflict("the proposal's source graph was deleted; nothing to update from")
        if not can_write(ctx, source):
            raise Forbidden("only writers of the proposal's source may update what it proposes")
        head = branch_of(ctx, source, row.source_branch).head
        target = branch_of(ctx, row.graph, row.target_branch)
        _check_publishable(ctx, row.graph, target.head, head)
        row.source_commit, row.updated_at = head, ctx.now()
        ctx.uow.commit()
    return row


def can_update(ctx: Ctx, row: Proposal) -> bool:
    """Whether the caller may :func:`update_proposal` now."""
    source = row.source_graph
    return row.status == "open" and source is not None and can_write(ctx, source)


def source_label(ctx: Ctx, row: Proposal) -> str:
    """``org/graph:branch`` to callers who can read the source, else "a private fork"."""
    if row.source_graph is None:
        return f"(deleted):{row.source_branch}"
    name = visible_name(ctx, row.source_graph)
    return f"{name}:{row.source_branch}" if name else PRIVATE_SOURCE


def source_hidden(ctx: Ctx, row: Proposal) -> bool:
    """True when the caller cannot read the source (its name is not shown)."""
    return row.source_graph is not None and not can_read(ctx, row.source_graph)


def current_plan(ctx: Ctx, row: Proposal) -> Plan | None:
    """The merge preview of the proposed version into the target's current head."""
    if row.status != "open" or row.source_commit is None:
        return None
    target = ctx.uow.graphs.branch(row.graph_id, row.target_branch)
    head = target.head if target is not None else None
    return plan_merge(ctx, head, row.source_commit) if head is not None else None


def comment(ctx: Ctx, row: Proposal, body: str) -> ProposalComment:
    user = require_user(ctx.user)
    if not lengths.COMMENT.fits(body):
        raise Invalid(lengths.COMMENT.message, where="body")
    with ctx.uow:
        now = ctx.now()
        item = ProposalComment(
            proposal_id=row.id, author_id=user.id, body=body.strip(), created_at=now
        )
        ctx.uow.proposals.add(item)
        row.updated_at = now
        ctx.uow.commit()
    return item


def vote(ctx: Ctx, row: Proposal, up: bool) -> None:
    user = require_user(ctx.user)
    with ctx.uow:
        existing = ctx.uow.proposals.vote(row.id, user.id)
        if up and existing is None:
            ctx.uow.proposals.add(ProposalVote(proposal_id=row.id, user_id=user.id))
        elif not up and existing is not None:
            ctx.uow.proposals.delete(existing)
        ctx.uow.commit()


def votes(ctx: Ctx, row: Proposal) -> tuple[int, bool]:
    count = ctx.uow.proposals.vote_count(row.id)
    mine = ctx.user is not None and ctx.uow.proposals.vote(row.id, ctx.user.id) is not None
    return count, mine


def comments(ctx: Ctx, row: Proposal) -> list[ProposalComment]:
    return ctx.uow.proposals.comments(row.id)


def merge(
    ctx: Ctx, row: Proposal, resolutions: list[dict[str, Any]] | None, message: str | None = None
) -> tuple[str, Any]:
    """Merge the proposed version (``source_commit``) into the target (its writers only).

    Works without read access to the source, and after the source was deleted: what was
    proposed was published when the proposal was opened.
    """
    with ctx.uow:
        graph: Graph = row.graph
        graph = writable_graph(ctx, graph.org.slug, graph.slug)
        ctx.uow.proposals.lock(row)  # a close or another merge waits for this one
        if row.status != "open":
            raise Conflict(f"proposal #{row.number} is {row.status}")
        proposed = row.source_commit
        if proposed is None:
            raise Conflict("this proposal holds no proposed version; open a new one")
        result, commit = merge_commit(
            ctx,
            graph,
            branch_of(ctx, graph, row.target_branch),
            lambda: proposed,
            message or f"Merge proposal #{row.number}: {row.title}",
            resolutions,
        )
        row.status, row.merged_commit, row.updated_at = "merged", commit.id, ctx.now()
        ctx.uow.commit()
    return result, commit


def close(ctx: Ctx, row: Proposal) -> None:
    user = require_user(ctx.user)
    if row.author_id != user.id and not can_write(ctx, row.graph):
        raise Forbidden("only the author or the target's writers may close a proposal")
    with ctx.uow:
        ctx.uow.proposals.lock(row)
        if row.status != "open":
            raise Conflict(f"proposal #{row.number} is {row.status} already")
        row.status, row.updated_at = "closed", ctx.now()
        ctx.uow.commit()
