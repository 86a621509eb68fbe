"""Imports: an uploaded file (JSON, GraphML or CSV zip) becomes a new commit, or a new graph.

The API's ``POST .../import`` and the CLI's ``import`` both come here.
"""

from __future__ import annotations

from typing import Any

from ..domain import model
from ..domain.errors import ImportFormatError, InvalidEntity
from ..exchange import read_document
from ..storage.models import Commit, Graph
from .context import Ctx
from .errors import Invalid
from .graphs import create_graph
from .versioning import replace_content


def read_file(data: bytes, filename: str) -> dict[str, Any]:
    """The document in an uploaded file, validated; 422 naming where it is wrong."""
    try:
        doc = read_document(data, filename)
        if not isinstance(doc, dict):
            raise ImportFormatError("must be a JSON object with nodes and edges", where="file")
        model.from_document(doc, "file")
    except (ImportFormatError, InvalidEntity) as exc:
        raise Invalid(exc.message, where=exc.where or "file") from None
    return doc


def import_file(
    ctx: Ctx, org_slug: str, slug: str, branch: str, data: bytes, filename: str, message: str
) -> Commit:
    """Commit the file's content onto ``branch`` (writers; 422 if it holds exactly that)."""
    G = model.from_document(read_file(data, filename), "file")
    return replace_content(ctx, org_slug, slug, branch, G, message)


def create_from_file(
    ctx: Ctx,
    org_slug: str,
    slug: str,
    data: bytes,
    filename: str,
    *,
    title: str | None,
    visibility: str,
    message: str,
) -> Graph:
    """A new graph whose first commit is the file's content (its title, unless given)."""
    doc = read_file(data, filename)
    return create_graph(
        ctx,
        org_slug,
        slug=slug,
        title=title or doc.get("title") or slug,
        description=doc.get("description") or "",
        visibility=visibility,
        document={"nodes": doc.get("nodes", []), "edges": doc.get("edges", [])},
        message=message,
    )
