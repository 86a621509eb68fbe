"""Forks and merges within a fork network (graphs that share one commit history).

Merge base: the lowest common ancestor in the commit DAG (``domain.history.merge_base``;
with several best candidates, the one with the longest history). A merge is one of:

- ``up_to_date``: the source is already in the target's history (nothing to do);
- ``fast_forward``: the target's head is in the source's history (the branch just moves);
- ``merged``: a two-parent commit holding both sides, when no conflict is left open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..domain import diff, names
from ..domain.delta import without_no_ops
from ..domain.history import is_ancestor, merge_base
from ..domain.merge import merge
from ..storage.models import Branch, Graph
from .access import (
    PRIVATE_SOURCE,
    WRITERS,
    can_read,
    check_fork_visibility,
    org_by_slug,
    readable_graph,
    require_role,
    writable_graph,
)
from .context import Ctx
from .errors import Conflict, Invalid, NotFound
from .graphs import _check_graph_fields, branch_of
from .landing import FastForward, Step, Write, land, start_branch
from .links import find_graph


def fork(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    into_org: str,
    new_slug: str | None,
    visibility: str | None = None,
) -> Graph:
    """A new graph in ``into_org`` sharing the history of ``org_slug/slug``.

    Its visibility defaults to the source's; a fork of a private graph must be private.
    """
    if not names.ORG_SLUG.matches(into_org):
        raise Invalid(names.ORG_SLUG.problem(into_org), where="org")
    with ctx.uow:
        source = readable_graph(ctx, org_slug, slug)
        org = org_by_slug(ctx, into_org)
        require_role(ctx, org, WRITERS)
        new_slug = new_slug or source.slug
        visibility = visibility or source.visibility
        _check_graph_fields(slug=new_slug, visibility=visibility)
        check_fork_visibility(source, visibility)
        if ctx.uow.graphs.slug_taken(org.id, new_slug):
            raise Conflict(
                f"{into_org}/{new_slug} exists already; choose another slug", where="slug"
            )
        head = branch_of(ctx, source, source.default_branch).head
        graph = ctx.uow.graphs.add(
            Graph(
                org_id=org.id,
                slug=new_slug,
                title=source.title,
                description=source.description,
                visibility=visibility,
                default_branch="main",
                network_id=source.network_id or source.id,
                upstream_id=source.id,
            )
        )
        start_branch(ctx, graph, "main", FastForward(head))
        ctx.uow.commit()
    return graph


@dataclass
class Side:
    graph: Graph
    branch: Branch

    @property
    def label(self) -> str:
        return f"{self.graph.org.slug}/{self.graph.slug}:{self.branch.name}"


def resolve_source(ctx: Ctx, graph: Graph, source: str) -> Side:
    """``branch`` of this graph, ``org/graph:branch`` in its network, or ``upstream``."""
    if source == "upstream":
        if graph.upstream is None:
            raise Invalid(f"{graph.org.slug}/{graph.slug} has no upstream", where="source")
        other = graph.upstream
        if not can_read(ctx, other):
            raise NotFound("no upstream you can read")
        return Side(other, branch_of(ctx, other, other.default_branch))
    if ":" in source or "/" in source:
        key, _, branch = source.partition(":")
        other = find_graph(ctx, key)
        if other is None or not can_read(ctx, other):
            raise NotFound(f"no graph {key}")
        if (other.network_id or other.id) != (graph.network_id or graph.id):
            raise Invalid(
                f"{key} does not share history with {graph.org.slug}/{graph.slug}", where="source"
            )
        return Side(other, branch_of(ctx, other, branch or other.default_branch))
    return Side(graph, branch_of(ctx, graph, source))


@dataclass
class Plan:
    """What merging source into target would do."""

    result: str
    merge_base: str | None
    target_head: str
    source_head: str
    ours: dict[str, Any] = field(default_factory=dict)
    theirs: dict[str, Any] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    delta: Any = None


def plan_merge(
    ctx: Ctx,
    target_head: str,
    source_head: str,
    resolutions: dict[str, tuple[str, Any]] | None = None,
) -> Plan:
    dag = ctx.store.dag([target_head, source_head])
    base = merge_base(dag, target_head, source_head)
    if is_ancestor(dag, source_head, target_head):
        return Plan("up_to_date", base, target_head, source_head)
    if base is None:
        raise Invalid("these branches share no history", where="source")
    base_graph = ctx.store.graph(base)
    ours = ctx.store.delta_between(base, target_head)
    theirs = ctx.store.delta_between(base, source_head)
    plan = Plan(
        "fast_forward" if base == target_head else "merged",
        base,
        target_head,
        source_head,
        diff.field_changes(base_graph, ours),
        diff.field_changes(base_graph, theirs),
    )
    if plan.result == "merged":
        outcome = merge(base_graph, ours, theirs, resolutions)
        plan.conflicts = outcome.conflicts
        plan.delta = without_no_ops(ctx.store.graph(target_head), outcome.delta)
    return plan


def preview(ctx: Ctx, org_slug: str, slug: str, source: str, target: str | None) -> Plan:
    graph = readable_graph(ctx, org_slug, slug)
    src = resolve_source(ctx, graph, source)
    dst = branch_of(ctx, graph, target or graph.default_branch)
    return plan_merge(ctx, dst.head, src.branch.head)


def parse_resolutions(raw: list[dict[str, Any]] | None) -> dict[str, tuple[str, Any]]:
    out: dict[str, tuple[str, Any]] = {}
    for index, item in enumerate(raw or []):
        take = item.get("take")
        if take not in ("ours", "theirs", "value"):
            raise Invalid("take must be ours, theirs or value", where=f"resolutions/{index}/take")
        if take == "value" and "value" not in item:
            raise Invalid("give the value to use", where=f"resolutions/{index}/value")
        out[str(item.get("conflict"))] = (take, item.get("value"))
    return out


def merge_into(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    source: str,
    target: str | None,
    message: str | None,
    resolutions: list[dict[str, Any]] | None = None,
) -> tuple[str, Any]:
    """Merge ``source`` into branch ``target``; returns (result, commit row)."""
    with ctx.uow:
        graph = writable_graph(ctx, org_slug, slug)
        src = resolve_source(ctx, graph, source)
        dst = branch_of(ctx, graph, target or graph.default_branch)

        def source_head() -> str:  # read after the target's lock: what the source holds now
            head = ctx.uow.graphs.head_of(src.branch.id)
            assert head is not None
            return head

        text = message or f"Merge {shown_label(src, graph)} into {dst.name}"
        result = merge_commit(ctx, graph, dst, source_head, text, resolutions)
        ctx.uow.commit()
    return result


def shown_label(side: Side, target: Graph) -> str:
    """How a merge commit in ``target`` names its source: by name, unless that would show
    a private graph's name to the target's readers who are not its members."""
    if side.graph.visibility == "public" or side.graph.org_id == target.org_id:
        return side.label
    return PRIVATE_SOURCE


def merge_commit(
    ctx: Ctx,
    graph: Graph,
    dst: Branch,
    source_head: Callable[[], str],
    message: str,
    resolutions: list[dict[str, Any]] | None = None,
) -> tuple[str, Any]:
    """Land the merge of the commit ``source_head()`` into ``dst`` of ``graph`` (the caller
    checked who may, and commits); returns (result, commit row)."""
    answers = parse_resolutions(resolutions)
    outcome: list[str] = []

    def plan(target_head: str) -> Step:
        head = source_head()
        found = plan_merge(ctx, target_head, head, answers)
        outcome.append(found.result)
        if found.result == "up_to_date":
            return None
        if found.conflicts:
            raise Conflict(
                f"{len(found.conflicts)} conflict(s): answer each in resolutions",
                conflicts=found.conflicts,
                merge_base=found.merge_base,
            )
        if found.result == "fast_forward":
            return FastForward(head)
        return Write([target_head, head], found.delta, message)

    landed = land(ctx, graph, dst.id, plan)
    return outcome[-1], landed.commit
