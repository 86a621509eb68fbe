"""Collaboration across organisations: forks, merges, proposals, the sector map."""

from __future__ import annotations

from typing import Any

from flask import current_app, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import diagrams, forks, proposals, sector
from ..services.context import Ctx
from . import present, schemas
from .auth import ctx
from .render import RenderQuerySchema, _options, _serve

blp = Blueprint("collab", __name__, description="Forks, merges, proposals and the sector map")


def _plan(plan: forks.Plan) -> dict[str, Any]:
    return {
        "result": plan.result,
        "merge_base": plan.merge_base,
        "target_head": plan.target_head,
        "source_head": plan.source_head,
        "ours": plan.ours,
        "theirs": plan.theirs,
        "conflicts": plan.conflicts,
    }


@blp.route("/graphs/<org>/<graph>/forks")
class Forks(MethodView):
    @blp.arguments(schemas.ForkCreateSchema)
    @blp.response(201, schemas.GraphSchema)
    def post(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Fork into another organisation: a new graph sharing this history, upstream = this.

        `visibility` defaults to this graph's; a fork of a private graph must be private
        (422 naming `visibility` otherwise, whoever asks).
        """
        c = ctx()
        row = forks.fork(c, org, graph, body["org"], body.get("slug"), body.get("visibility"))
        return (
            present.graph(c, row),
            201,
            {"Location": url_for("graphs.OneGraph", org=row.org.slug, graph=row.slug)},
        )


@blp.route("/graphs/<org>/<graph>/merges/preview")
class MergePreview(MethodView):
    @blp.arguments(schemas.MergeQuerySchema, location="query")
    @blp.response(200, schemas.PreviewSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """What merging `source` into `target` would do, without writing anything."""
        return _plan(forks.preview(ctx(), org, graph, query["source"], query.get("target")))


def _merge_result(result: str, commit: Any) -> dict[str, Any]:
    return {
        "result": result,
        "fast_forward": result == "fast_forward",
        "commit": present.commit(commit),
    }


@blp.route("/graphs/<org>/<graph>/merges")
class Merges(MethodView):
    @blp.arguments(schemas.MergeCreateSchema)
    @blp.response(201, schemas.MergeResultSchema)
    @blp.alt_response(409, description="Open conflicts: answer each in `resolutions`")
    def post(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Merge a branch, a graph of the fork network, or `upstream` into a branch."""
        result, commit = forks.merge_into(
            ctx(),
            org,
            graph,
            body["source"],
            body.get("target"),
            body.get("message"),
            body.get("resolutions"),
        )
        return _merge_result(result, commit)


def _proposal(c: Ctx, row: Any, with_preview: bool = True) -> dict[str, Any]:
    count, mine = proposals.votes(c, row)
    plan = proposals.current_plan(c, row) if with_preview else None
    return {
        "number": row.number,
        "status": row.status,
        "title": row.title,
        "description": row.description,
        "source": proposals.source_label(c, row),
        "source_hidden": proposals.source_hidden(c, row),
        "source_commit": row.source_commit,
        "can_update": proposals.can_update(c, row),
        "target": row.target_branch,
        "author": row.author.username if row.author else None,
        "created_at": row.created_at,
        "votes": count,
        "voted": mine,
        "merged_commit": row.merged_commit,
        "comments": [
            {
                "author": i.author.username if i.author else None,
                "body": i.body,
                "created_at": i.created_at,
            }
            for i in proposals.comments(c, row)
        ],
        "preview": _plan(plan) if plan else None,
    }


@blp.route("/graphs/<org>/<graph>/proposals")
class Proposals(MethodView):
    @blp.arguments(schemas.ProposalQuerySchema, location="query")
    @blp.response(200, schemas.ProposalSchema(many=True))
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """Proposals to this graph, newest first, each with its preview.

        A proposal's `source` is named only to callers who can read the source graph;
        others see "a private fork" (and `source_hidden: true`).
        """
        c = ctx()
        return [_proposal(c, p) for p in proposals.list_for(c, org, graph, query.get("status"))]

    @blp.arguments(schemas.ProposalCreateSchema)
    @blp.response(201, schemas.ProposalSchema)
    def post(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Propose merging a branch of a fork into this graph (writers of the source).

        **Opening a proposal publishes the proposed version** (the source branch's head
        now, returned as `source_commit`) to everyone who can read this graph, even when
        the source is a private fork: its content shows in the preview and its commits are
        readable by id through this graph, and this graph's writers can merge it. Later
        commits on the source stay private until the proposal is updated
        (`POST .../proposals/{number}/update`). The source graph's name is shown only to
        callers who can read it. A proposal may not add links to private graphs elsewhere
        (422 naming the link).
        """
        c = ctx()
        row = proposals.open_proposal(
            c, org, graph, body["source"], body.get("target"), body["title"], body["description"]
        )
        return (
            _proposal(c, row),
            201,
            {"Location": url_for("collab.OneProposal", org=org, graph=graph, number=row.number)},
        )


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>")
class OneProposal(MethodView):
    @blp.response(200, schemas.ProposalSchema)
    def get(self, org: str, graph: str, number: int) -> Any:
        """One proposal with comments, votes and the preview of merging the proposed
        version (`source_commit`, frozen when opened or updated) into the target."""
        c = ctx()
        return _proposal(c, proposals.get(c, org, graph, number))


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>/comments")
class ProposalComments(MethodView):
    @blp.arguments(schemas.CommentCreateSchema)
    @blp.response(201, schemas.CommentSchema)
    def post(self, body: dict[str, Any], org: str, graph: str, number: int) -> Any:
        """Comment (anyone signed in who can read the graph)."""
        c = ctx()
        item = proposals.comment(c, proposals.get(c, org, graph, number), body["body"])
        return {
            "author": item.author.username if item.author else None,
            "body": item.body,
            "created_at": item.created_at,
        }


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>/vote")
class ProposalVote(MethodView):
    @blp.response(200, schemas.ProposalSchema)
    def put(self, org: str, graph: str, number: int) -> Any:
        """Vote for a proposal (idempotent)."""
        c = ctx()
        row = proposals.get(c, org, graph, number)
        proposals.vote(c, row, up=True)
        return _proposal(c, row, with_preview=False)

    @blp.response(200, schemas.ProposalSchema)
    def delete(self, org: str, graph: str, number: int) -> Any:
        """Withdraw your vote (idempotent)."""
        c = ctx()
        row = proposals.get(c, org, graph, number)
        proposals.vote(c, row, up=False)
        return _proposal(c, row, with_preview=False)


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>/merge")
class ProposalMerge(MethodView):
    @blp.arguments(schemas.ProposalMergeSchema)
    @blp.response(201, schemas.MergeResultSchema)
    @blp.alt_response(409, description="Open conflicts: answer each in `resolutions`")
    def post(self, body: dict[str, Any], org: str, graph: str, number: int) -> Any:
        """Merge the proposed version (`source_commit`) into the target (its writers only).

        Needs no access to the source: what was proposed was published when it was opened.
        """
        c = ctx()
        row = proposals.get(c, org, graph, number)
        result, commit = proposals.merge(c, row, body.get("resolutions"), body.get("message"))
        return _merge_result(result, commit)


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>/update")
class ProposalUpdate(MethodView):
    @blp.response(200, schemas.ProposalSchema)
    def post(self, org: str, graph: str, number: int) -> Any:
        """Propose the source branch's current head instead (writers of the source; open
        proposals only).

        This publishes the new version to everyone who can read this graph, like opening.
        """
        c = ctx()
        row = proposals.update_proposal(c, proposals.get(c, org, graph, number))
        return _proposal(c, row)


@blp.route("/graphs/<org>/<graph>/proposals/<int:number>/close")
class ProposalClose(MethodView):
    @blp.response(200, schemas.ProposalSchema)
    def post(self, org: str, graph: str, number: int) -> Any:
        """Close without merging (the author or the target's writers)."""
        c = ctx()
        row = proposals.get(c, org, graph, number)
        proposals.close(c, row)
        return _proposal(c, row, with_preview=False)


@blp.route("/graphs/<org>/<graph>/sector")
class Sector(MethodView):
    @blp.arguments(schemas.RefQuerySchema, location="query")
    @blp.response(200, schemas.SectorSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """Who contributes to each node of this shared ToC; gaps nobody contributes to."""
        return sector.sector_map(ctx(), org, graph, query.get("ref"))


@blp.route("/graphs/<org>/<graph>/sector/render.<fmt>")
class SectorRender(MethodView):
    @blp.arguments(RenderQuerySchema(), location="query")
    @blp.response(200, content_type="image/svg+xml")
    def get(self, query: dict[str, Any], org: str, graph: str, fmt: str) -> Any:
        """The sector map as a diagram (svg or png); past 50 contributing graphs, an overview."""
        from ..services.errors import NotFound

        if fmt not in ("svg", "png"):
            raise NotFound("the sector map comes as render.svg or render.png")
        key, body = diagrams.sector_diagram(
            ctx(), org, graph, fmt, _options(query, fmt), current_app.config["TOC_RENDER_TIMEOUT"]
        )
        return _serve(key, body, fmt)


@blp.route("/graphs/<org>/<graph>/links/suggestions")
class LinkSuggestions(MethodView):
    @blp.arguments(schemas.SuggestionQuerySchema, location="query")
    @blp.response(200, schemas.SuggestionSchema(many=True))
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """Nodes of a shared ToC that this graph's outcomes may contribute to (rapidfuzz)."""
        return sector.suggestions(
            ctx(), org, graph, query["target"], query.get("ref"), query["limit"]
        )
