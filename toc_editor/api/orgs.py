"""Organisations, their members and their graphs."""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import accounts, graphs
from . import present, schemas
from .auth import ctx

blp = Blueprint("orgs", __name__, description="Organisations and members")


def _member(row: Any, email: bool) -> dict[str, Any]:
    shown = {"username": row.user.username, "role": row.role}
    if email:
        shown["email"] = row.user.email
    return shown


def _org(c: Any, org: Any) -> dict[str, Any]:
    roster = accounts.roster(c, org)
    shown: dict[str, Any] = {
        "slug": org.slug,
        "name": org.name,
        "created_at": org.created_at,
        "your_role": roster.role,
    }
    if roster.members is not None:
        shown["members"] = [_member(m, roster.emails) for m in roster.members]
    return shown


@blp.route("/orgs")
class Orgs(MethodView):
    @blp.arguments(schemas.OrgCreateSchema)
    @blp.response(201, schemas.OrgSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Create an organisation; you become its owner."""
        c = ctx()
        org = accounts.create_org(c, body["slug"], body["name"])
        return _org(c, org), 201, {"Location": url_for("orgs.OneOrg", org=org.slug)}


@blp.route("/orgs/<org>")
class OneOrg(MethodView):
    @blp.response(200, schemas.OrgSchema)
    def get(self, org: str) -> Any:
        """An organisation and your role in it; its `members` only to its members (others
        get no `members`), their e-mails only to its owners."""
        c = ctx()
        return _org(c, graphs.find_org(c, org))


@blp.route("/orgs/<org>/members")
class Members(MethodView):
    @blp.arguments(schemas.MemberCreateSchema)
    @blp.response(201, schemas.MemberSchema)
    @blp.alt_response(404, description="No organisation, or no account with that name or e-mail")
    @blp.alt_response(409, description="They are a member already")
    def post(self, body: dict[str, Any], org: str) -> Any:
        """Add a person by username or e-mail with a role (owners only).

        `user` is matched regardless of case: a username, or with an `@` the e-mail of an
        account (422 when several accounts share it: add them by username). The answer
        is the new member, with their e-mail (you are an owner).
        """
        c = ctx()
        row = accounts.add_member(c, org, body["user"], body["role"])
        return _member(row, email=True)


@blp.route("/orgs/<org>/members/<username>")
class Member(MethodView):
    @blp.arguments(schemas.RoleSchema)
    @blp.response(200, schemas.MemberSchema)
    def put(self, body: dict[str, Any], org: str, username: str) -> Any:
        """Add a member or change their role (owners only; an organisation keeps at least
        one owner: demoting the last is a 409)."""
        c = ctx()
        row = accounts.set_member(c, org, username, body["role"])
        return _member(row, email=True)

    @blp.response(204)
    def delete(self, org: str, username: str) -> None:
        """Remove a member (owners only; an organisation keeps at least one owner)."""
        c = ctx()
        accounts.remove_member(c, org, username)


@blp.route("/orgs/<org>/graphs")
class OrgGraphs(MethodView):
    @blp.response(200, schemas.GraphSchema(many=True))
    def get(self, org: str) -> Any:
        """The organisation's graphs that you may see."""
        c = ctx()
        return [present.graph(c, g) for g in graphs.list_graphs(c, org)]

    @blp.arguments(schemas.GraphCreateSchema)
    @blp.response(201, schemas.GraphSchema)
    def post(self, body: dict[str, Any], org: str) -> Any:
        """Create a graph, branch main at its first commit (from `document` if given)."""
        c = ctx()
        graph = graphs.create_graph(
            c,
            org,
            slug=body["slug"],
            title=body["title"],
            description=body["description"],
            visibility=body["visibility"],
            document=body.get("document"),
        )
        return (
            present.graph(c, graph),
            201,
            {"Location": url_for("graphs.OneGraph", org=org, graph=graph.slug)},
        )
