"""Exports in open formats, and imports that become a new commit."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.datastructures import FileStorage

from ..domain import checks, model
from ..domain.errors import ImportFormatError, InvalidEntity
from ..rendering import exchange as formats
from ..services import graphs, versioning
from ..services.context import Ctx
from ..services.diagrams import meta_of
from ..services.errors import Invalid, NotFound
from ..storage.models import Commit
from . import present, schemas
from .auth import ctx

blp = Blueprint("exchange", __name__, description="Exports and imports")


Exporter = Callable[[dict[str, Any], dict[str, Any], Ctx, Commit], bytes]


def _json(doc: dict[str, Any], meta: dict[str, Any], *_: Any) -> bytes:
    out = {
        "format": "toc-editor/1",
        "title": meta["title"],
        "description": meta["description"],
        "commit": meta["commit"],
        **doc,
    }
    return json.dumps(out, ensure_ascii=False, indent=2).encode()


def _docx(doc: dict[str, Any], meta: dict[str, Any], c: Ctx, commit: Commit) -> bytes:
    from ..rendering import docx_report, render

    png = render(doc, meta, "png", dpi=192, timeout=current_app.config["TOC_RENDER_TIMEOUT"])
    return docx_report.to_docx(doc, meta, checks.findings(c.store.graph(commit.id)), png)


EXPORTS: dict[str, tuple[str, Exporter]] = {
    ".json": ("application/json", _json),
    ".graphml": ("application/graphml+xml", lambda d, m, *_: formats.to_graphml(d)),
    ".csv.zip": ("application/zip", lambda d, m, *_: formats.to_csv_zip(d)),
    ".cids.jsonld": (
        "application/ld+json",
        lambda d, m, *_: json.dumps(formats.to_cids_jsonld(d, m), indent=2).encode(),
    ),
    ".iati.xml": ("application/xml", lambda d, m, *_: formats.to_iati_xml(d, m)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", _docx),
}


def split_suffix(value: str, suffixes: list[str]) -> tuple[str, str]:
    """``("main", ".csv.zip")`` from ``"main.csv.zip"``; the longest known suffix wins."""
    for suffix in sorted(suffixes, key=len, reverse=True):
        if value.endswith(suffix) and len(value) > len(suffix):
            return value[: -len(suffix)], suffix
    raise NotFound(f"unknown format; add one of {', '.join(sorted(suffixes))} to the ref")


@blp.route("/graphs/<org>/<graph>/export/<path:ref_format>")
class Export(MethodView):
    @blp.response(200, content_type="application/octet-stream")
    @blp.doc(description="Formats: " + ", ".join(EXPORTS) + ". ETag is derived from the commit.")
    def get(self, org: str, graph: str, ref_format: str) -> Any:
        """Download a version in an open format: `{ref}.json`, `.graphml`, `.csv.zip`..."""
        c = ctx()
        ref, suffix = split_suffix(ref_format, list(EXPORTS))
        g, commit = graphs.readable_at(c, org, graph, ref)
        mimetype, exporter = EXPORTS[suffix]
        key = ("export", commit.id, suffix)
        body = c.store.blobs.get(key)
        if body is None:
            doc = c.store.document(commit.id)
            body = exporter(doc, meta_of(g, commit), c, commit)
            c.store.blobs.put(key, body, weight=len(body))
        filename = f"{g.slug}-{commit.id[:8]}{suffix}"
        return present.immutable(
            body,
            mimetype,
            f"{commit.id}{suffix}",
            **{"Content-Disposition": f'attachment; filename="{filename}"'},
        )


def read_upload(upload: FileStorage) -> Any:
    """A document from an uploaded JSON, GraphML or CSV-zip file (422 naming where not)."""
    try:
        return formats.read_document(upload.read(), upload.filename or "")
    except ImportFormatError as exc:
        raise Invalid(exc.message, where=exc.where or "file") from None


@blp.route("/graphs/<org>/<graph>/import")
class Import(MethodView):
    @blp.arguments(schemas.ImportFormSchema, location="form")
    @blp.arguments(schemas.ImportFileSchema, location="files")
    @blp.response(201, schemas.CommitSchema)
    def post(self, form: dict[str, Any], files: dict[str, Any], org: str, graph: str) -> Any:
        """Replace the branch's content with an uploaded JSON, GraphML or CSV-zip ToC."""
        doc = read_upload(files["file"])
        try:
            G = model.from_document(doc, "file")
        except InvalidEntity as exc:
            raise Invalid(exc.message, where=exc.where) from None
        row = versioning.replace_content(ctx(), org, graph, form["branch"], G, form["message"])
        return present.commit(row), 201
