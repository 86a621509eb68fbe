"""Proposals: merge requests from a fork's branch into a branch of its upstream.

Anyone who can read the target may comment and vote (the sector's open innovation);
only the target's writers merge; writers or the author close.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select

from ..storage.models import Graph, Proposal, ProposalComment, ProposalVote
from .access import can_write, readable_graph, require_user
from .context import Ctx
from .errors import Conflict, Forbidden, Invalid, NotFound
from .graphs import branch_of
from .network import Plan, merge_into, plan_merge, resolve_source


def open_proposal(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    source: str,
    target: str | None,
    title: str,
    description: str,
) -> Proposal:
    graph = readable_graph(ctx.session, ctx.user, org_slug, slug)
    user = require_user(ctx.user)
    src = resolve_source(ctx, graph, source)
    if not can_write(ctx.session, user, src.graph):
        raise Forbidden(f"only writers of {src.graph.org.slug}/{src.graph.slug} may propose it")
    dst = branch_of(ctx, graph, target or graph.default_branch)
    if src.graph.id == graph.id and src.branch.id == dst.id:
        raise Invalid("source and target are the same branch", where="source")
    if not 1 <= len(title.strip()) <= 200:
        raise Invalid("a title of 1-200 characters", where="title")
    number = 1 + (
        ctx.session.scalar(select(func.max(Proposal.number)).where(Proposal.graph_id == graph.id))
        or 0
    )
    row = Proposal(
        graph_id=graph.id,
        number=number,
        source_graph_id=src.graph.id,
        source_branch=src.branch.name,
        target_branch=dst.name,
        title=title.strip(),
        description=description,
        status="open",
        author_id=user.id,
    )
    ctx.session.add(row)
    ctx.session.commit()
    return row


def get(ctx: Ctx, org_slug: str, slug: str, number: int) -> Proposal:
    graph = readable_graph(ctx.session, ctx.user, org_slug, slug)
    row = ctx.session.scalar(
        select(Proposal).where(Proposal.graph_id == graph.id, Proposal.number == number)
    )
    if row is None:
        raise NotFound(f"no proposal #{number} on {org_slug}/{slug}")
    return row


def list_for(ctx: Ctx, org_slug: str, slug: str, status: str | None = None) -> list[Proposal]:
    graph = readable_graph(ctx.session, ctx.user, org_slug, slug)
    query = select(Proposal).where(Proposal.graph_id == graph.id)
    if status:
        query = query.where(Proposal.status == status)
    return list(ctx.session.scalars(query.order_by(Proposal.number.desc())))


def source_label(row: Proposal) -> str:
    g = row.source_graph
    return f"{g.org.slug}/{g.slug}:{row.source_branch}" if g else f"(deleted):{row.source_branch}"


def current_plan(ctx: Ctx, row: Proposal) -> Plan | None:
    """The merge preview as things stand now (recomputed when either side moves)."""
    if row.status != "open" or row.source_graph is None:
        return None
    target = branch_of(ctx, row.graph, row.target_branch)
    source = branch_of(ctx, row.source_graph, row.source_branch)
    return plan_merge(ctx, target.head, source.head)


def comment(ctx: Ctx, row: Proposal, body: str) -> ProposalComment:
    user = require_user(ctx.user)
    if not 1 <= len(body.strip()) <= 10_000:
        raise Invalid("a comment of 1-10,000 characters", where="body")
    item = ProposalComment(proposal_id=row.id, author_id=user.id, body=body.strip())
    ctx.session.add(item)
    row.updated_at = datetime.now(UTC)
    ctx.session.commit()
    return item


def vote(ctx: Ctx, row: Proposal, up: bool) -> None:
    user = require_user(ctx.user)
    existing = ctx.session.get(ProposalVote, (row.id, user.id))
    if up and existing is None:
        ctx.session.add(ProposalVote(proposal_id=row.id, user_id=user.id))
    elif not up and existing is not None:
        ctx.session.delete(existing)
    ctx.session.commit()


def votes(ctx: Ctx, row: Proposal) -> tuple[int, bool]:
    count = ctx.session.scalar(select(func.count()).where(ProposalVote.proposal_id == row.id)) or 0
    mine = ctx.user is not None and ctx.session.get(ProposalVote, (row.id, ctx.user.id)) is not None
    return int(count), mine


def comments(ctx: Ctx, row: Proposal) -> list[ProposalComment]:
    return list(
        ctx.session.scalars(
            select(ProposalComment)
            .where(ProposalComment.proposal_id == row.id)
            .order_by(ProposalComment.id)
        )
    )


def merge(
    ctx: Ctx, row: Proposal, resolutions: list[dict[str, Any]] | None, message: str | None = None
) -> tuple[str, Any]:
    if row.status != "open":
        raise Conflict(f"proposal #{row.number} is {row.status}")
    if row.source_graph is None:
        raise Conflict("the proposal's source graph was deleted")
    graph: Graph = row.graph
    result, commit = merge_into(
        ctx,
        graph.org.slug,
        graph.slug,
        source_label(row),
        row.target_branch,
        message or f"Merge proposal #{row.number}: {row.title}",
        resolutions,
    )
    row = ctx.session.get(Proposal, row.id)  # type: ignore[assignment]
    row.status, row.merged_commit, row.updated_at = "merged", commit.id, datetime.now(UTC)
    ctx.session.commit()
    return result, commit


def close(ctx: Ctx, row: Proposal) -> None:
    user = require_user(ctx.user)
    if row.author_id != user.id and not can_write(ctx.session, user, row.graph):
        raise Forbidden("only the author or the target's writers may close a proposal")
    if row.status != "open":
        raise Conflict(f"proposal #{row.number} is {row.status} already")
    row.status, row.updated_at = "closed", datetime.now(UTC)
    ctx.session.commit()
