"""Turn stored rows into the plain dicts the schemas document."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Response, request

from ..services.access import can_write, is_member, visible_name
from ..services.context import Ctx

if TYPE_CHECKING:
    from ..storage.models import Commit, Graph


def graph(ctx: Ctx, row: Graph) -> dict[str, Any]:
    """A graph's settings; its upstream is named only to callers who can read it."""
    upstream = visible_name(ctx, row.upstream)
    return {
        "org": row.org.slug,
        "slug": row.slug,
        "title": row.title,
        "description": row.description,
        "visibility": row.visibility,
        "default_branch": row.default_branch,
        "upstream": upstream,
        "upstream_private": row.upstream is not None and upstream is None,
        "created_at": row.created_at,
        "can_write": can_write(ctx, row),
        "results_public": bool(row.results_public),
        "share_results": row.share_results if is_member(ctx, row.org) else None,
        "aggregate_k": row.aggregate_k,
    }


def commit(row: Commit) -> dict[str, Any]:
    return {
        "id": row.id,
        "parents": [p for p in (row.parent1, row.parent2) if p],
        "author": row.author_name,
        "message": row.message,
        "created_at": row.created_at,
        "stats": row.stats,
    }


def immutable(body: bytes, mimetype: str, commit_id: str, **headers: str) -> Response:
    """A response for content derived from one commit: ETag = commit-derived key, 304 aware."""
    etag = commit_id
    if request.if_none_match.contains(etag):
        response = Response(status=304)
    else:
        response = Response(body, mimetype=mimetype)
    response.set_etag(etag)
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    response.headers.update(headers)
    return response
