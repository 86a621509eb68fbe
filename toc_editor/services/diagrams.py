"""Diagrams of a version, or of what changed between two: rendered once, cached forever.

Commits never change, so a picture is keyed by (commit ids, format, options) and kept in
the worker's blob cache; the HTTP layer serves the same key as the ETag.
"""

from __future__ import annotations

from typing import Any

from .. import rendering
from ..storage.models import Commit, Graph
from .context import Ctx
from .errors import Invalid
from .graphs import resolve


def meta_of(graph: Graph, commit: Commit) -> dict[str, Any]:
    """Title-line facts for pictures and reports."""
    return {
        "title": graph.title,
        "description": graph.description,
        "org": graph.org.slug,
        "graph": graph.slug,
        "commit": commit.id,
        "date": commit.created_at.strftime("%Y-%m-%d"),
    }


def _cached(ctx: Ctx, key: str, make: Any) -> bytes:
    body = ctx.store.blobs.get(key)
    if body is None:
        try:
            body = make()
        except ValueError as exc:
            raise Invalid(str(exc), where="query") from None
        ctx.store.blobs.put(key, body, weight=len(body))
    return body  # type: ignore[no-any-return]


def diagram(
    ctx: Ctx, graph: Graph, commit: Commit, fmt: str, options: dict[str, Any], timeout: float
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the ToC at ``commit`` drawn as ``fmt``."""
    key = rendering.cache_key(commit.id, fmt, options)

    def make() -> bytes:
        doc = ctx.store.document(commit.id)
        return rendering.render(
            doc, meta_of(graph, commit), fmt, timeout=timeout, trusted=True, **options
        )

    return key, _cached(ctx, key, make)


def diff_diagram(
    ctx: Ctx,
    graph: Graph,
    base_ref: str,
    head_ref: str,
    fmt: str,
    options: dict[str, Any],
    timeout: float,
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the diff diagram from ``base_ref`` to ``head_ref``."""
    base, head = resolve(ctx, graph, base_ref), resolve(ctx, graph, head_ref)
    key = rendering.cache_key(f"{base.id}...{head.id}", f"diff-{fmt}", options)

    def make() -> bytes:
        base_doc = ctx.store.document(base.id)
        head_doc = ctx.store.document(head.id)
        meta = {**meta_of(graph, head), "base_commit": base.id}
        return rendering.render_diff(base_doc, head_doc, meta, fmt, timeout=timeout, **options)

    return key, _cached(ctx, key, make)


def sector_diagram(
    ctx: Ctx, org_slug: str, slug: str, fmt: str, options: dict[str, Any], timeout: float
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the sector map of a shared ToC, as this viewer may see it.

    The key covers the commit and the contributions drawn, so it changes when a member
    links or unlinks, and differs between viewers who may see different private graphs.
    """
    from .access import readable_graph
    from .sector import sector_map

    graph = readable_graph(ctx.session, ctx.user, org_slug, slug)
    data = sector_map(ctx, org_slug, slug, None, placeholders=True)
    commit = resolve(ctx, graph, data["commit"])
    contributions = {n["id"]: n["contributors"] for n in data["nodes"] if n["contributors"]}
    key = rendering.cache_key(f"sector:{commit.id}", fmt, {**options, "c": contributions})

    def make() -> bytes:
        doc = ctx.store.document(commit.id)
        return rendering.render_sector(
            doc, contributions, meta_of(graph, commit), fmt, timeout=timeout, **options
        )

    return key, _cached(ctx, key, make)
