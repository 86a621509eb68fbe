"""Portfolios (issue 14): an organisation's member organisations, and the portfolios an
organisation belongs to.

`/orgs/{org}/portfolio...` is the organisation as the intermediary (its members);
`/orgs/{org}/portfolios...` is the organisation as a member (the portfolios that invited
it, and its answers).
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import portfolio, portfolio_csv, portfolio_listing
from .auth import ctx
from .schemas import ImportFileSchema
from .schemas.portfolio import (
    EntrySchema,
    InviteSchema,
    ListingQuerySchema,
    PortfolioImportQuerySchema,
    PortfolioImportRefusedSchema,
    PortfolioImportReportSchema,
    PortfolioSchema,
    StatusQuerySchema,
)

blp = Blueprint(
    "portfolio", __name__, description="Portfolios: an organisation's member organisations"
)

_WHO_SEES = (
    "Members of the organisation (any role) see its portfolio. Of an active member's ToCs, "
    "those you may read are listed (`readable: true`); its private ones too, to the "
    "portfolio's owners and editors only (`readable: false`: title, versions, last change, "
    "quality findings counted by severity, data completeness, shared outcomes linked; "
    "never their content or results), and to its viewers only as a count "
    "(`private_tocs`). Invited, declined or departed members are listed without figures."
)


def _json(body: dict[str, Any]) -> Response:
    """The body as JSON, documented by the schema but not passed through it (600 ToCs:
    marshmallow took about as long as the listing itself)."""
    response = Response(orjson.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blp.route("/orgs/<org>/portfolio")
class Portfolio(MethodView):
    @blp.arguments(ListingQuerySchema, location="query")
    @blp.response(200, PortfolioSchema)
    @blp.doc(description=_WHO_SEES)
    def get(self, query: dict[str, Any], org: str) -> Any:
        """The portfolio: each member organisation with its ToCs, their quality checks,
        the shared outcomes they link, data completeness for the last ended period and
        the last activity; filtered by `q` and `status`, ordered by `sort`.

        Completeness: of the indicators at each ToC's default-branch head, the share with
        a result for the last ended period of the indicator's frequency (`periods`). A
        portfolio holds at most 500 organisations, so the listing comes whole.
        """
        listing = portfolio_listing.listing(
            ctx(), org, q=query["q"], status=query.get("status"), sort=query["sort"]
        )
        return _json(listing)

    @blp.arguments(InviteSchema)
    @blp.response(201, EntrySchema)
    @blp.alt_response(404, description="No such organisation")
    @blp.alt_response(409, description="It is a member or invited already")
    @blp.alt_response(422, description="The organisation itself, or the portfolio is full")
    def post(self, body: dict[str, Any], org: str) -> Any:
        """Invite an organisation into the portfolio (owners). Its owners accept or
        decline (`POST /orgs/{member}/portfolios/{org}/accept|decline`). Inviting again
        after a decline or a departure is allowed."""
        return portfolio.invite(ctx(), org, body["org"], body["note"])


@blp.route("/orgs/<org>/portfolio/<member>")
class PortfolioMember(MethodView):
    @blp.response(204)
    @blp.alt_response(404, description="Not in the portfolio, in any status")
    def delete(self, org: str, member: str) -> None:
        """Take a member out of the portfolio, or withdraw an invitation (owners)."""
        portfolio.remove(ctx(), org, member)


@blp.route("/orgs/<org>/portfolio.csv")
class PortfolioCsv(MethodView):
    @blp.arguments(ListingQuerySchema, location="query")
    @blp.response(200, content_type="text/csv")
    @blp.doc(description=_WHO_SEES)
    def get(self, query: dict[str, Any], org: str) -> Any:
        """The portfolio as CSV, filtered and ordered as the listing: a row per member
        with org, name, status, tocs, private_tocs, toc_titles, errors, warnings, infos,
        indicators, reported, completeness, shared_outcomes, last_activity, invited_by,
        invited_at, answered_at, note. Cells that a spreadsheet would take for a formula
        start with an apostrophe."""
        body, filename = portfolio_csv.export_csv(
            ctx(), org, q=query["q"], status=query.get("status"), sort=query["sort"]
        )
        response = Response(body, content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["Cache-Control"] = "private, no-cache"
        return response


@blp.route("/orgs/<org>/portfolio/import")
class PortfolioImport(MethodView):
    @blp.arguments(PortfolioImportQuerySchema, location="query")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, PortfolioImportReportSchema)
    @blp.alt_response(
        422,
        schema=PortfolioImportRefusedSchema,
        description="dry_run=false and some row is wrong: nobody was invited; `problems` "
        "lists every `{row, column, message}`",
    )
    def post(self, query: dict[str, Any], files: dict[str, Any], org: str) -> Any:
        """Invite many organisations at once from a CSV (multipart `file`; owners).

        The header names the columns `org` (the organisation's slug) and `note`
        (optional). `dry_run=true` (the default) checks every row and lists every problem
        by row (the header is row 1) and column, with a preview of the first 20
        invitations; `dry_run=false` invites them all or none.
        """
        upload = files["file"]
        return portfolio_csv.import_file(ctx(), org, upload.read(), dry_run=query["dry_run"])


@blp.route("/orgs/<org>/portfolios")
class Portfolios(MethodView):
    @blp.arguments(StatusQuerySchema, location="query")
    @blp.response(200, EntrySchema(many=True))
    def get(self, query: dict[str, Any], org: str) -> Any:
        """The portfolios this organisation is invited to (`status=invited`), belongs to,
        declined or left, each naming the portfolio's organisation (members of the
        organisation, any role)."""
        return portfolio.memberships(ctx(), org, query.get("status"))


@blp.route("/orgs/<org>/portfolios/<owner>/accept")
class Accept(MethodView):
    @blp.response(200, EntrySchema)
    @blp.alt_response(404, description="That organisation has not invited this one")
    @blp.alt_response(409, description="No pending invitation (a member already, declined...)")
    def post(self, org: str, owner: str) -> Any:
        """Accept the invitation into the portfolio of `owner` (owners of `org`): its
        owners and editors will see the figures of your ToCs, private ones included
        (never their content or results)."""
        return portfolio.answer(ctx(), org, owner, accept=True)


@blp.route("/orgs/<org>/portfolios/<owner>/decline")
class Decline(MethodView):
    @blp.response(200, EntrySchema)
    @blp.alt_response(404, description="That organisation has not invited this one")
    @blp.alt_response(409, description="No pending invitation")
    def post(self, org: str, owner: str) -> Any:
        """Decline the invitation into the portfolio of `owner` (owners of `org`)."""
        return portfolio.answer(ctx(), org, owner, accept=False)


@blp.route("/orgs/<org>/portfolios/<owner>/leave")
class Leave(MethodView):
    @blp.response(200, EntrySchema)
    @blp.alt_response(404, description="Not in that portfolio")
    @blp.alt_response(409, description="Not a member now (invited, declined or gone)")
    def post(self, org: str, owner: str) -> Any:
        """Leave the portfolio of `owner` (owners of `org`): from now on it sees nothing
        of your ToCs but what anyone may."""
        return portfolio.leave(ctx(), org, owner)
