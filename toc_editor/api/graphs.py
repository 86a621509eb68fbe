"""Graphs, branches, trees, commits, comparisons and checks."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import graphs, versioning
from ..services.access import readable_graph
from . import present, schemas
from .auth import ctx

blp = Blueprint("graphs", __name__, description="Graphs, branches and versions")


@blp.route("/graphs/<org>/<graph>")
class OneGraph(MethodView):
    @blp.response(200, schemas.GraphSchema)
    def get(self, org: str, graph: str) -> Any:
        """A graph's settings. `upstream` names the graph this was forked from only to
        callers who can read it; otherwise it is null and `upstream_private` is true."""
        c = ctx()
        return present.graph(c, readable_graph(c, org, graph))

    @blp.arguments(schemas.GraphPatchSchema)
    @blp.response(200, schemas.GraphSchema)
    def patch(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Change title, description, visibility or default branch (editors and owners).

        Only owners may change `visibility` (403 for editors); a fork of a private graph
        cannot be made public (422 naming `visibility`).
        """
        c = ctx()
        return present.graph(c, graphs.update_graph(c, org, graph, body))

    @blp.response(204)
    def delete(self, org: str, graph: str) -> None:
        """Delete a graph and its branches (owners only). Forks keep their history."""
        graphs.delete_graph(ctx(), org, graph)


@blp.route("/graphs/<org>/<graph>/branches")
class Branches(MethodView):
    @blp.response(200, schemas.BranchSchema(many=True))
    def get(self, org: str, graph: str) -> Any:
        """Every branch and its head commit."""
        c = ctx()
        return graphs.branches(c, readable_graph(c, org, graph))

    @blp.arguments(schemas.BranchCreateSchema)
    @blp.response(201, schemas.BranchSchema)
    def post(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Start a branch at a branch or commit."""
        row = graphs.create_branch(ctx(), org, graph, body["name"], body["from_"])
        return (
            row,
            201,
            {"Location": url_for("graphs.OneBranch", org=org, graph=graph, branch=row.name)},
        )


@blp.route("/graphs/<org>/<graph>/branches/<branch>")
class OneBranch(MethodView):
    @blp.response(200, schemas.BranchSchema)
    def get(self, org: str, graph: str, branch: str) -> Any:
        """A branch's head (poll this to see others' commits)."""
        c = ctx()
        return graphs.branch_of(c, readable_graph(c, org, graph), branch)

    @blp.response(204)
    def delete(self, org: str, graph: str, branch: str) -> None:
        """Delete a branch (not the default one). Its commits stay in the history."""
        graphs.delete_branch(ctx(), org, graph, branch)


@blp.route("/graphs/<org>/<graph>/tree/<path:ref>")
class Tree(MethodView):
    @blp.response(200, schemas.TreeSchema)
    @blp.alt_response(304, description="Not modified (If-None-Match matched the commit)")
    def get(self, org: str, graph: str, ref: str) -> Any:
        """The whole ToC at a branch or commit; ETag is the commit id."""
        c = ctx()
        _, commit = graphs.readable_at(c, org, graph, ref)
        return present.immutable(versioning.tree_json(c, commit.id), "application/json", commit.id)


@blp.route("/graphs/<org>/<graph>/branches/<branch>/commits")
class BranchCommits(MethodView):
    @blp.arguments(schemas.CommitCreateSchema)
    @blp.response(201, schemas.CommitSchema)
    @blp.alt_response(409, description="Conflicts with what landed since `base`: `conflicts`")
    def post(self, body: dict[str, Any], org: str, graph: str, branch: str) -> Any:
        """Commit a batch of ops written against `base` (rebased if the branch moved)."""
        row = versioning.commit_ops(
            ctx(),
            org,
            graph,
            branch,
            base=body["base"],
            message=body["message"],
            op_list=body["ops"],
        )
        return (
            present.commit(row),
            201,
            {"Location": url_for("graphs.OneCommit", org=org, graph=graph, commit_id=row.id)},
        )


@blp.route("/graphs/<org>/<graph>/branches/<branch>/restore")
class Restore(MethodView):
    @blp.arguments(schemas.RestoreSchema)
    @blp.response(201, schemas.CommitSchema)
    def post(self, body: dict[str, Any], org: str, graph: str, branch: str) -> Any:
        """Restore an old version as a new commit on the branch (nothing is lost)."""
        row = versioning.restore(ctx(), org, graph, branch, body["commit"], body.get("message"))
        return (
            present.commit(row),
            201,
            {"Location": url_for("graphs.OneCommit", org=org, graph=graph, commit_id=row.id)},
        )


@blp.route("/graphs/<org>/<graph>/commits")
class Commits(MethodView):
    @blp.arguments(schemas.CommitQuerySchema, location="query")
    @blp.response(200, schemas.CommitSchema(many=True))
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """History of a ref, newest first."""
        c = ctx()
        g = readable_graph(c, org, graph)
        rows = versioning.log(
            c, g, query.get("ref") or g.default_branch, query["limit"], query.get("before")
        )
        return [present.commit(r) for r in rows]


@blp.route("/graphs/<org>/<graph>/commits/<commit_id>")
class OneCommit(MethodView):
    @blp.response(200, schemas.CommitSchema)
    def get(self, org: str, graph: str, commit_id: str) -> Any:
        """One commit."""
        c = ctx()
        g = readable_graph(c, org, graph)
        return present.commit(graphs.resolve(c, g, commit_id))


@blp.route("/graphs/<org>/<graph>/compare/<path:spec>")
class Compare(MethodView):
    @blp.response(200, schemas.CompareSchema)
    def get(self, org: str, graph: str, spec: str) -> Any:
        """What changed from `base` to `head`, written `base...head`."""
        c = ctx()
        g = readable_graph(c, org, graph)
        base, head = split_range(spec)
        return versioning.compare(c, g, base, head)


def split_range(spec: str) -> tuple[str, str]:
    from ..services.errors import Invalid

    base, sep, head = spec.partition("...")
    if not sep or not base or not head:
        raise Invalid("write the range as BASE...HEAD (branches or commit ids)", where="path")
    return base, head


@blp.route("/graphs/<org>/<graph>/checks/<path:ref>")
class Checks(MethodView):
    @blp.response(200, schemas.ChecksSchema)
    def get(self, org: str, graph: str, ref: str) -> Any:
        """Quality findings: orphans, no path to impact, outcomes without indicators..."""
        c = ctx()
        commit, found = versioning.findings(c, readable_graph(c, org, graph), ref)
        return {"commit": commit.id, "findings": found}
