"""Shared measurement on a framework ToC (issue 14): its shared indicators with the
figures each viewer may see, the sector dashboard, and the shared indicators to offer
when linking an outcome. The framework must be readable by the caller (else 404).

Who sees what (:mod:`toc_editor.domain.shared_measurement`): the framework's maintainers
(owners and editors of its organisation) see the figures over the member ToCs that
share with them (`share_results` `maintainers` or `members`), never hidden, and those
members' values by name; a member (a role in an organisation whose ToC reports to the
framework) sees its own values, and, when one of its ToCs shares with the members, the
anonymous figures over the ToCs sharing with the members and where its values stand;
any figure built from fewer than the framework's `aggregate_k` member ToCs is hidden
from everyone but the maintainers; anyone sees the values of member ToCs whose results
are public.
"""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import sector_dashboard, shared_measurement, shared_measurement_csv, shared_offers
from .auth import ctx
from .schemas.shared_measurement import (
    LinkIndicatorsQuerySchema,
    LinkIndicatorsSchema,
    SectorDashboardQuerySchema,
    SectorDashboardSchema,
    SharedIndicatorSchema,
    SharedIndicatorsSchema,
    SharedListQuerySchema,
    SharedQuerySchema,
)

blp = Blueprint(
    "shared_measurement",
    __name__,
    description="Shared measurement: a framework's shared indicators, aggregated",
)


def _json(body: dict[str, Any]) -> Response:
    """The body as JSON (documented by the schema, not passed through it: a framework's
    figures may hold a row per indicator and period for thousands of members)."""
    response = Response(orjson.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blp.route("/graphs/<org>/<graph>/shared-indicators")
class SharedIndicators(MethodView):
    @blp.arguments(SharedListQuerySchema, location="query")
    @blp.response(200, SharedIndicatorsSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """Every indicator of this framework (at the head of its default branch) with the
        figures this viewer may see: per period the member ToCs reporting, coverage,
        sum, mean, median and quartiles, share of yes, change, and disaggregations where
        the categories match; `aggregates` null when this viewer gets none (`note`).
        `values`: the viewer's own ToCs' values (with `named=true`, also those of every
        member ToC the viewer may see by name)."""
        body = shared_measurement.shared_indicators(
            ctx(), org, graph, from_=query.get("from_"), to=query.get("to"), named=query["named"]
        )
        return _json(body)


@blp.route("/graphs/<org>/<graph>/shared-indicators.csv")
class SharedIndicatorsCsv(MethodView):
    @blp.arguments(SharedQuerySchema, location="query")
    @blp.response(200, content_type="text/csv")
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """The figures this viewer may see as CSV: a row per shared indicator and period
        (indicator, indicator_name, node, unit_type, period, linked, reporting, coverage,
        sum, mean, median, q1, q3, yes_share, change, suppressed, reason, and a column per
        category, `gender:female`); a hidden figure is an empty cell."""
        body, filename = shared_measurement_csv.export_csv(
            ctx(), org, graph, from_=query.get("from_"), to=query.get("to")
        )
        response = Response(body, content_type="text/csv; charset=utf-8")
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        response.headers["Cache-Control"] = "private, no-cache"
        return response


@blp.route("/graphs/<org>/<graph>/shared-indicators/<indicator>")
class SharedIndicator(MethodView):
    @blp.arguments(SharedQuerySchema, location="query")
    @blp.response(200, SharedIndicatorSchema)
    def get(self, query: dict[str, Any], org: str, graph: str, indicator: str) -> Any:
        """One shared indicator: its figures, the values of the member ToCs this viewer
        may see by name, and where the viewer's own values stand against the quartiles
        (`benchmarks`). 404 for an indicator not at the head of the default branch."""
        body = shared_measurement.shared_indicator(
            ctx(), org, graph, indicator, from_=query.get("from_"), to=query.get("to")
        )
        return _json(body)


@blp.route("/graphs/<org>/<graph>/sector/dashboard")
class SectorDashboard(MethodView):
    @blp.arguments(SectorDashboardQuerySchema, location="query")
    @blp.response(200, SectorDashboardSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """The sector pathway dashboard: per node of the framework its shared indicators
        with the aggregate headline figure, trend and status (the framework indicator's
        path judged against the aggregate, where this viewer gets figures), the node's
        worst status, the contributors linking into it (named where this viewer may see
        them, counted in `unnamed` otherwise) with their reporting status, and the gaps:
        outcomes nobody links into (`gaps`), outcomes no member measures (`unmeasured`)."""
        return _json(sector_dashboard.dashboard(ctx(), org, graph, query.get("as_of")))


@blp.route("/graphs/<org>/<graph>/links/indicators")
class LinkIndicators(MethodView):
    @blp.arguments(LinkIndicatorsQuerySchema, location="query")
    @blp.response(200, LinkIndicatorsSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """The shared indicators on a framework's node (`target`, "org/graph#node"), to
        offer when this graph links an outcome to it: each definition ready to copy into
        the box, with `reports_to` set; `reported_by` names this graph's indicator that
        reports to it already."""
        return shared_offers.offers(ctx(), org, graph, query["target"])
