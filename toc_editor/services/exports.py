"""Exports of a version: the open exchange formats and the Word report, cached per commit.

One use case for the API's ``GET .../export/{ref}{suffix}`` and the CLI's ``export``:
the suffix chooses the format (:data:`SUFFIXES`); the answer is cached by (commit,
suffix), since commits never change: in the worker's blob cache and in the shared one
every worker reads, made once for all of them (:mod:`toc_editor.services.derived`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import checks
from ..exchange import FORMATS, UnknownSuffix, split_suffix
from ..rendering import docx_report, render
from ..storage.models import Commit, Graph
from . import derived
from .context import Ctx
from .diagrams import meta_of, policy
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
    """The version ``commit`` of ``graph`` as a file (the caller checked read access),
    made once for every worker (:func:`toc_editor.services.derived.fetch`)."""
    word = suffix == WORD
    body = derived.fetch(
        ctx,
        f"export:{commit.id}{suffix}",
        lambda: _make(ctx, graph, commit, suffix, render_timeout),
        # the Word report's picture may wait for a dot slot as long as it may run
        lease=(2 * render_timeout if word else 0) + derived.MARGIN,
        failed_for=policy().failed_for if word else 0,
    )
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
