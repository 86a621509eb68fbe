"""Progress of a theory of change and its dashboard (issue 13): who may read the results
may read these."""

from __future__ import annotations

from typing import Any

import orjson
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import progress
from .auth import ctx
from .schemas.progress import DashboardSchema, ProgressQuerySchema, ProgressSchema

blp = Blueprint("progress", __name__, description="Progress against the targets, and dashboards")


def _json(body: dict[str, Any]) -> Response:
    """The body as JSON (documented by the schema, not passed through it: the dashboard
    holds a row per indicator and period)."""
    response = Response(orjson.dumps(body), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blp.route("/graphs/<org>/<graph>/progress")
class Progress(MethodView):
    @blp.arguments(ProgressQuerySchema, location="query")
    @blp.response(200, ProgressSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """Each indicator's status, each box's, and what lies upstream of each box.

        An indicator is `on_track` when its latest value has made at least 90% of the
        progress expected by the end of its period (the straight line from baseline to
        target, or that period's own target), `behind` from 60%, `off_track` below;
        `no_recent_data` when nothing was reported or two whole periods have ended since
        the latest value; `no_target` without a (numeric) target, or for text. A box takes
        the worst of its indicators; `upstream` is `at_risk` when a box with a path into it
        is behind or off track (`reasons`, nearest first). The indicators are those of
        `ref`, the results the current ones. Who may read the results may read this.
        """
        body = progress.progress(ctx(), org, graph, query.get("ref"), query.get("as_of"))
        return _json(body)


@blp.route("/graphs/<org>/<graph>/dashboard")
class Dashboard(MethodView):
    @blp.arguments(ProgressQuerySchema, location="query")
    @blp.response(200, DashboardSchema)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """One chart's data per indicator: its definition, box, status and a row per
        period (from the baseline date to the target date, and every period with a result
        or a target): the value expected on the path (`target`), the value reported
        (`actual`; cumulative: the running total) and its categories. Boxes in causal
        order, activities first. Who may read the results may read this.
        """
        body = progress.dashboard(ctx(), org, graph, query.get("ref"), query.get("as_of"))
        return _json(body)
