"""Exports in open formats, and imports that become a new commit."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import exports, graphs, imports
from . import present, schemas
from .auth import ctx

blp = Blueprint("exchange", __name__, description="Exports and imports")


@blp.route("/graphs/<org>/<graph>/export/<path:ref_format>")
class Export(MethodView):
    @blp.response(200, content_type="application/octet-stream")
    @blp.doc(
        description="Formats: " + ", ".join(exports.SUFFIXES) + ". ETag is derived from the commit."
    )
    def get(self, org: str, graph: str, ref_format: str) -> Any:
        """Download a version in an open format: `{ref}.json`, `.graphml`, `.csv.zip`..."""
        c = ctx()
        ref, suffix = exports.split_ref(ref_format)
        g, commit = graphs.readable_at(c, org, graph, ref)
        timeout = current_app.config["TOC_RENDER_TIMEOUT"]
        out = exports.export(c, g, commit, suffix, timeout, ref=ref)
        return present.immutable(
            out.body,
            out.content_type,
            out.etag,
            **{"Content-Disposition": f'attachment; filename="{out.filename}"'},
        )


@blp.route("/graphs/<org>/<graph>/import")
class Import(MethodView):
    @blp.arguments(schemas.ImportFormSchema, location="form")
    @blp.arguments(schemas.ImportFileSchema, location="files")
    @blp.response(201, schemas.CommitSchema)
    def post(self, form: dict[str, Any], files: dict[str, Any], org: str, graph: str) -> Any:
        """Replace the branch's content with an uploaded JSON, GraphML or CSV-zip ToC."""
        upload = files["file"]
        row = imports.import_file(
            ctx(), org, graph, form["branch"], upload.read(), upload.filename or "", form["message"]
        )
        return present.commit(row), 201
