"""Exports of a version: the open exchange formats and the Word report, cached per commit.

One use case for the API's ``GET .../export/{ref}{suffix}`` and the CLI's ``export``:
the suffix chooses the format (:data:`SUFFIXES`); the answer is cached by (commit,
suffix), since commits never change: in the worker's blob cache and in the shared one
every worker reads, made once for all of them (:mod:`toc_editor.services.derived`).

The Word report, IATI XML and CIDS JSON-LD (:data:`WITH_RESULTS`) also carry the
graph's current results, for a reader who may see them
(:func:`~toc_editor.services.access.can_read_results`): the report's "Results to date"
section is the dashboard's data (:func:`toc_editor.services.progress.dashboard`: the
definitions of this version, today's results, judged today), the IATI periods and CIDS
indicator reports are the current rows (:func:`toc_editor.services.results.current`)
with the target path per period; a framework's IATI and CIDS also carry the combined
figures of its shared indicators that the reader may see
(:mod:`toc_editor.services.combined_results`). Results are not a version, so such an
export's cache key and ETag add a digest of the rows (and figures) and the day judged; a
reader who may not see the results gets the export without them, under the plain key.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..domain import checks
from ..exchange import FORMATS, UnknownSuffix, split_suffix
from ..rendering import docx_report
from ..rendering.pages import diagram_pages, page_pngs
from ..storage.models import Commit, Graph
from . import derived, progress, results
from .access import can_read_results
from .combined_results import combined_rows
from .context import Ctx
from .diagrams import meta_of, policy
from .errors import NotFound

WORD = ".docx"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
SUFFIXES = (*FORMATS, WORD)
"""Every file ending an export may have: the exchange formats and the Word report."""
WITH_RESULTS = (WORD, ".iati.xml", ".cids.jsonld")
"""The exports that carry the current results, for those who may read them."""


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


def download_name(graph: Graph, ref: str, commit: Commit, suffix: str) -> str:
    """What a download of ``ref`` (a branch, or a commit id or prefix) is called: the ToC,
    the branch (or the commit's short id) and the version's date.

    >>> from types import SimpleNamespace as S
    >>> from datetime import datetime
    >>> g, c = S(slug="brightpath"), S(id="80ae94a2" + "0" * 32, created_at=datetime(2026, 12, 2))
    >>> download_name(g, "main", c, ".pdf"), download_name(g, "80ae94a", c, ".json")
    ('brightpath-main-2026-12-02.pdf', 'brightpath-80ae94a2-2026-12-02.json')
    >>> download_name(g, "team/draft 2", c, ".svg")
    'brightpath-team-draft-2-2026-12-02.svg'
    """
    is_commit = commit.id.startswith(ref.lower())
    label = commit.id[:8] if is_commit else re.sub(r"[^A-Za-z0-9._-]+", "-", ref).strip("-.")
    return f"{graph.slug}-{label or commit.id[:8]}-{commit.created_at:%Y-%m-%d}{suffix}"


def export(
    ctx: Ctx, graph: Graph, commit: Commit, suffix: str, render_timeout: float, ref: str = ""
) -> Export:
    """The version ``commit`` of ``graph`` (asked for as ``ref``) as a file (the caller
    checked read access), made once for every worker (:func:`derived.fetch`)."""
    word = suffix == WORD
    measured = _results(ctx, graph, commit) if suffix in WITH_RESULTS else None
    tag = f"{commit.id}{suffix}" + (f":r{measured['digest']}" if measured else "")
    body = derived.fetch(
        ctx,
        f"export:{tag}",
        lambda: _make(ctx, graph, commit, suffix, render_timeout, measured),
        # the Word report's pictures may wait for a dot slot as long as they may run
        lease=(2 * render_timeout if word else 0) + derived.MARGIN,
        failed_for=policy().failed_for if word else 0,
    )
    return Export(
        body=body,
        content_type=content_type(suffix),
        etag=tag,
        filename=download_name(graph, ref or commit.id, commit, suffix),
    )


def _results(ctx: Ctx, graph: Graph, commit: Commit) -> dict[str, Any] | None:
    """The results an export of ``commit`` carries: the dashboard's data, the current
    rows, the target path per indicator and period, and their digest; None for a reader
    who may not see them."""
    if not can_read_results(ctx, graph):
        return None
    board = progress.dashboard(ctx, graph.org.slug, graph.slug, commit.id)
    rows = [results.stored(row, archived=False) for row in results.current(ctx, graph)]
    combined = combined_rows(ctx, graph, rows)  # a framework: its members' figures
    expected = {
        str(ind["id"]): {
            row["period"]: row["target"] for row in ind["series"] if row["target"] is not None
        }
        for ind in board["indicators"]
    }
    payload = json.dumps(
        [board["as_of"], [row["id"] for row in rows], combined], separators=(",", ":"), default=str
    )
    digest = hashlib.sha256(payload.encode()).hexdigest()[:16]
    return {"dashboard": board, "rows": rows + combined, "expected": expected, "digest": digest}


def _make(
    ctx: Ctx,
    graph: Graph,
    commit: Commit,
    suffix: str,
    timeout: float,
    measured: dict[str, Any] | None = None,
) -> bytes:
    doc = ctx.store.document(commit.id)
    meta: dict[str, Any] = meta_of(graph, commit)
    if suffix != WORD:
        if measured is not None:
            meta.update(results=measured["rows"], expected=measured["expected"])
        return FORMATS[suffix].write(doc, meta)
    pages = page_pngs(diagram_pages(doc, meta, timeout=timeout), timeout=timeout)
    findings = checks.findings(ctx.store.graph(commit.id))
    board = measured["dashboard"] if measured is not None else None
    return docx_report.to_docx(doc, meta, findings, pages=pages, results=board)
