"""What a portfolio's listing needs of each ToC's content (issue 14), made once per commit.

A commit is immutable, so its summary is too: the count of its quality findings by
severity (:func:`toc_editor.domain.checks.findings`) and its indicators with their
frequencies (:func:`toc_editor.services.results.definitions`). Summaries are kept in the
``commit_summaries`` table, under :func:`rules` (a digest of the code that counts), so a
listing of 600 ToCs reads them in one query. The landing function keeps the summary of
each new default-branch head (:func:`keep`); commits never summarised (those landed before
this table, or after :func:`rules` changed) are read and checked when a listing needs them
(1-2 ms each here), then kept in one statement.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
from collections import Counter
from collections.abc import Iterable
from typing import Any

import networkx as nx

from ..domain import checks
from ..storage.serial import fast_dumps, fast_loads, gc_paused
from . import results
from .context import Ctx

__all__ = ["SEVERITIES", "keep", "rules", "summaries", "summarise"]

SEVERITIES = ("error", "warning", "info")
Summary = dict[str, Any]
"""``{"findings": {severity: count}, "indicators": [[id, frequency], ...]}``."""


@functools.cache
def rules() -> str:
    """A digest of the code a summary follows: what counts findings, what reads indicators,
    and this module. Other code makes (and keeps) its own summaries."""
    digest = hashlib.sha256()
    for module in (checks, results, inspect.getmodule(rules)):
        digest.update(inspect.getsource(module).encode())  # type: ignore[arg-type]
    return digest.hexdigest()[:16]


def summarise(G: nx.DiGraph) -> Summary:
    """The summary of a ToC.

    >>> from toc_editor.domain.model import from_document
    >>> summarise(from_document({"nodes": [{"id": "o", "kind": "outcome", "label": "Jobs",
    ...     "indicators": [{"id": "i", "name": "Jobs", "frequency": "yearly"}]}]}))
    {'findings': {'error': 1, 'warning': 0, 'info': 0}, 'indicators': [['i', 'yearly']]}
    """
    counts = Counter(f["severity"] for f in checks.findings(G))
    return {
        "findings": {s: counts.get(s, 0) for s in SEVERITIES},
        "indicators": [[i.id, i.frequency] for i in results.definitions(G).values()],
    }


def summaries(ctx: Ctx, commit_ids: Iterable[str]) -> dict[str, Summary]:
    """The summary of each commit, by id: those kept, and the others made and kept
    (in the caller's unit of work: it commits)."""
    wanted = set(commit_ids)
    code = rules()
    out: dict[str, Summary] = {}
    for commit_id, row in ctx.uow.portfolios.summaries(wanted, code).items():
        findings = {"error": row.errors, "warning": row.warnings, "info": row.infos}
        out[commit_id] = {"findings": findings, "indicators": fast_loads(row.indicators)}
    made = []
    with gc_paused():  # once for all: paused and resumed per graph, it took twice as long
        for commit_id in sorted(wanted - set(out)):
            out[commit_id] = summary = summarise(ctx.store.graph(commit_id))
            made.append(_row(commit_id, code, summary))
    ctx.uow.portfolios.keep_summaries(made)
    return out


def keep(ctx: Ctx, commit_id: str) -> None:
    """Make and keep the summary of a commit that has just become a default branch's head
    (the landing function calls it, as it keeps the link index), so that a portfolio's
    listing finds it made: only a change of :func:`rules` (an upgrade) leaves commits to
    summarise when someone looks."""
    ctx.uow.portfolios.keep_summaries(
        [_row(commit_id, rules(), summarise(ctx.store.graph(commit_id)))]
    )


def _row(commit_id: str, code: str, summary: Summary) -> dict[str, Any]:
    counts = summary["findings"]
    return {
        "commit_id": commit_id,
        "rules": code,
        "errors": counts["error"],
        "warnings": counts["warning"],
        "infos": counts["info"],
        "indicators": fast_dumps(summary["indicators"]).decode(),
    }
