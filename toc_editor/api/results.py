"""Results (issue 13): what was measured per indicator and period, beside the ToC.

Editors and owners write; members read; anyone else reads the results of a public graph
only when its owners opted in (`results_public` on the graph); otherwise 404, as for
private content. Writes are all or nothing.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import results, results_import
from .auth import ctx
from .schemas import ImportFileSchema
from .schemas.results import (
    HistoryQuerySchema,
    ImportQuerySchema,
    ImportRefusedSchema,
    ImportReportSchema,
    ResultBatchSchema,
    ResultListSchema,
    ResultQuerySchema,
    ResultsRefusedSchema,
    StoredBatchSchema,
    StoredResultSchema,
)

blp = Blueprint("results", __name__, description="Results: indicator values per period")

_READ = (
    "Members read results; anyone else only those of a public graph whose owners opted in "
    "(`results_public`), else 404."
)


def _download(body: bytes, content_type: str, filename: str) -> Response:
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-cache"
    return response


@blp.route("/graphs/<org>/<graph>/results")
class Results(MethodView):
    @blp.arguments(ResultQuerySchema, location="query")
    @blp.response(200, ResultListSchema)
    @blp.doc(description=_READ)
    def get(self, query: dict[str, Any], org: str, graph: str) -> Any:
        """The current value of each indicator and period (the latest reported), with the
        ids of archived indicators (removed from the ToC, their results kept)."""
        return results.listing(
            ctx(),
            org,
            graph,
            indicator=query.get("indicator"),
            from_=query.get("from_"),
            to=query.get("to"),
        )

    @blp.arguments(ResultBatchSchema)
    @blp.response(201, StoredBatchSchema)
    @blp.alt_response(
        422,
        schema=ResultsRefusedSchema,
        description="Nothing was written: `problems` lists every `{where, message}`, "
        "`where` naming `results/<i>/<field>`",
    )
    def post(self, body: dict[str, Any], org: str, graph: str) -> Any:
        """Report results (editors and owners): 1-1000 entries, all written or none.

        Each entry is checked against its indicator's definition at the head of the
        default branch: the indicator exists, the period has its frequency and has begun,
        the value fits its unit type (percentages: `value` or `numerator` and
        `denominator`), categories are its declared ones and a full split adds up. A new
        value for a period does not replace the old one: it becomes current, and the old
        one stays in the history.
        """
        return {"results": results.write(ctx(), org, graph, body["results"])}, 201


@blp.route("/graphs/<org>/<graph>/results/<indicator>/history")
class History(MethodView):
    @blp.arguments(HistoryQuerySchema, location="query")
    @blp.response(200, StoredResultSchema(many=True))
    @blp.doc(description=_READ)
    def get(self, query: dict[str, Any], org: str, graph: str, indicator: str) -> Any:
        """Every value reported for an indicator (in one period), newest first: the audit
        trail, overwritten values included. 404 for an indicator that is neither in the ToC
        nor has results."""
        return results.history(ctx(), org, graph, indicator, query.get("period"))


@blp.route("/graphs/<org>/<graph>/results.csv")
class ResultsCsv(MethodView):
    @blp.response(200, content_type="text/csv")
    @blp.doc(description=_READ)
    def get(self, org: str, graph: str) -> Any:
        """The current values as CSV: indicator, node, period, value, numerator,
        denominator, text_value, a column per category (`gender:female`), note, source,
        reported_by, reported_at. It can be imported back."""
        body, filename = results_import.export_csv(ctx(), org, graph)
        return _download(body, "text/csv; charset=utf-8", filename)


_TEMPLATE = (
    "The import template: a row per indicator and period due (the indicator's frequency, "
    "from baseline_date to target_date, or the last four periods), with the columns "
    "indicator, indicator_name, node (its label), period, value, numerator, denominator, "
    "text_value, a column per category, note and source. Fill it in and import it. "
)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/graphs/<org>/<graph>/results/template.csv")
class TemplateCsv(MethodView):
    @blp.response(200, content_type="text/csv")
    @blp.doc(description=_TEMPLATE + _READ)
    def get(self, org: str, graph: str) -> Any:
        """The import template as CSV."""
        body, content_type, filename = results_import.template(ctx(), org, graph, "csv")
        return _download(body, content_type, filename)


@blp.route("/graphs/<org>/<graph>/results/template.xlsx")
class TemplateXlsx(MethodView):
    @blp.response(200, content_type=XLSX)
    @blp.doc(description=_TEMPLATE + "The workbook's sheet `indicators` describes them. " + _READ)
    def get(self, org: str, graph: str) -> Any:
        """The import template as an Excel workbook."""
        body, content_type, filename = results_import.template(ctx(), org, graph, "xlsx")
        return _download(body, content_type, filename)


@blp.route("/graphs/<org>/<graph>/results/import")
class Import(MethodView):
    @blp.arguments(ImportQuerySchema, location="query")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(
        422,
        schema=ImportRefusedSchema,
        description="dry_run=false and some row is wrong: nothing was written; `problems` "
        "lists every `{row, column, message}`",
    )
    def post(self, query: dict[str, Any], files: dict[str, Any], org: str, graph: str) -> Any:
        """Import results from a CSV or XLSX file, or the results of an IATI XML (`.xml`) or
        CIDS JSON-LD (`.jsonld`) export (multipart `file`; editors and owners).

        `dry_run=true` (the default) checks every row and lists every problem by row
        (the header is row 1; in IATI and CIDS files the result's place, from 1) and
        column, with a preview of the first 20 entries;
        `dry_run=false` writes all rows or none. Rows with no value are skipped (a template
        row not filled in). The columns are the template's (`GET .../results/template.csv`).
        """
        upload = files["file"]
        return results_import.import_file(
            ctx(),
            org,
            graph,
            upload.read(),
            upload.filename or "",
            dry_run=query["dry_run"],
        )
