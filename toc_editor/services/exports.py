"""Exports of a version: the open exchange formats and the Word report, cached per commit.

One use case for the API's ``GET .../export/{ref}{suffix}`` and the CLI's ``export``:
the suffix chooses the format (:data:`SUFFIXES`); the answer is cached in the worker's
blob cache by (commit, suffix), since commits never change.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import checks
from ..exchange import FORMATS, UnknownSuffix, split_suffix
from ..rendering import docx_report, render
from ..storage.models import Commit, Graph
from .context import Ctx
from .diagrams import meta_of
from .errors import NotFound

WORD = ".docx"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUFFIXES = (*FORMATS, WORD)
"""Every file ending an export may have: the exchange formats and the Word report."""


@dataclass(frozen=True)
class Export:
    body: bytes
    content_type: str
    etag: str
    filename: str


def split_ref(ref_with_suffix: str, suffixes: Sequence[str] = SUFFIXES) -> tuple[str, str]:
    """``("main", ".csv.zip")`` from ``"main.csv.zip"``; 404 for an unknown ending."""
    try:
        return split_suffix(ref_with_suffix, suffixes)
    except UnknownSuffix as exc:
        raise NotFound(str(exc)) from None


def content_type(suffix: str) -> str:
    return WORD_TYPE if suffix == WORD else FORMATS[suffix].content_type


def export(ctx: Ctx, graph: Graph, commit: Commit, suffix: str, render_timeout: float) -> Export:
    """The version ``commit`` of ``graph`` as a file (the caller checked read access)."""
    key = ("export", commit.id, suffix)
    body = ctx.store.blobs.get(key)
    if body is None:
        body = _make(ctx, graph, commit, suffix, render_timeout)
        ctx.store.blobs.put(key, body, weight=len(body))
    return Export(
        body=body,
        content_type=content_type(suffix),
        etag=f"{commit.id}{suffix}",
        filename=f"{graph.slug}-{commit.id[:8]}{suffix}",
    )


def _make(ctx: Ctx, graph: Graph, commit: Commit, suffix: str, timeout: float) -> bytes:
    doc = ctx.store.document(commit.id)
    meta: dict[str, Any] = meta_of(graph, commit)
    if suffix != WORD:
        return FORMATS[suffix].write(doc, meta)
    png = render(doc, meta, "png", dpi=192, timeout=timeout)
    return docx_report.to_docx(doc, meta, checks.findings(ctx.store.graph(commit.id)), png)
