"""Render a theory of change: safe DOT, Graphviz pictures, layouts and open-data exports.

The facade below is what the services call. Every function takes a document in the JSON
format (``{"nodes": [...], "edges": [...]}``; it is validated and normalised with
:func:`toc_editor.domain.model.from_document` first, unless the caller passes
``trusted=True`` for a document that ``to_document`` just produced from a stored
graph) and a ``meta`` dict with optional
``title``, ``org``, ``graph``, ``commit`` and ``date``. Results are bytes ready to serve
with :data:`CONTENT_TYPES`. Nothing here caches: commits are immutable, so the service
layer caches by :func:`cache_key`.

Formats: ``svg`` (sanitised), ``png`` (``dpi``), ``pdf``, ``dot`` (the DOT source) and
``json`` (the layout from :func:`layout`, for the editor's canvas).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from toc_editor.domain.delta import Delta
from toc_editor.domain.model import from_document, to_document

from .diff import diff_status, diff_to_dot, head_of
from .dot import DIRECTIONS, THEMES, to_dot
from .dot_writer import DotGraph
from .errors import RenderError, RenderFailed, RenderTimeout
from .layout import parse_layout
from .pages import diff_pages, paged_pdf
from .runner import DEFAULT_TIMEOUT, run_dot
from .sector import AGGREGATE_AFTER, sector_to_dot
from .svg import SvgSanitizer, sanitize_svg

__all__ = [
    "AGGREGATE_AFTER",
    "CONTENT_TYPES",
    "DIRECTIONS",
    "FORMATS",
    "RENDERER_VERSION",
    "THEMES",
    "RenderError",
    "RenderFailed",
    "RenderTimeout",
    "cache_key",
    "diff_status",
    "layout",
    "render",
    "render_changes",
    "render_diff",
    "render_sector",
    "sanitize_svg",
]

#: Bump when the pictures change, so cached renderings are not reused.
RENDERER_VERSION = "4"
FORMATS = ("svg", "png", "pdf", "dot", "json")
CONTENT_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz; charset=utf-8",
    "json": "application/json",
}
MIN_DPI, MAX_DPI = 36, 600


def _normalize(doc: Mapping[str, Any]) -> dict[str, Any]:
    return to_document(from_document(doc))


def _output(graph: DotGraph, fmt: str, *, dpi: int, timeout: float) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")
    if fmt == "dot":
        return graph.source.encode("utf-8")
    if fmt == "json":
        raw = run_dot(graph.source, "json", timeout=timeout, warm=True)
        return json.dumps(parse_layout(raw, graph), separators=(",", ":")).encode()
    if fmt == "png":
        if not MIN_DPI <= dpi <= MAX_DPI:
            raise ValueError(f"dpi must be from {MIN_DPI} to {MAX_DPI}")
        return run_dot(graph.source, "png", timeout=timeout, dpi=dpi, warm=True)
    if fmt == "svg":  # checked as dot writes it, so part of the work overlaps dot's
        sanitizer = SvgSanitizer()
        run_dot(graph.source, fmt, timeout=timeout, on_output=sanitizer.feed, warm=True)
        return sanitizer.close()
    return run_dot(graph.source, fmt, timeout=timeout, warm=True)


def render(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    fmt: str = "svg",
    *,
    direction: str = "BT",
    dpi: int = 96,
    theme: str = "light",
    timeout: float = DEFAULT_TIMEOUT,
    trusted: bool = False,
    progress: Mapping[str, Mapping[str, Any]] | None = None,
) -> bytes:
    """The ToC diagram of ``doc`` as ``fmt`` bytes (svg is sanitised).

    ``theme="progress"`` draws each box in the colours and words of its status from
    ``progress`` (node id -> ``{"status", "upstream", "reasons"}``, the ``nodes`` of the
    progress API; worked out by the caller: rendering reads no results). ``meta`` may add
    ``as_of`` for the title line.

    Raises InvalidEntity for a bad document, ValueError for bad options, RenderTimeout
    and RenderFailed when Graphviz does not deliver. ``trusted=True`` skips validating
    and normalising ``doc``: pass it only for the output of
    :func:`~toc_editor.domain.model.to_document` (the DOT builder still checks every
    id and escapes every text, so a wrong document cannot inject DOT either way).
    """
    graph = to_dot(
        doc if trusted else _normalize(doc), meta, direction=direction, theme=theme,
        progress=progress,
    )  # fmt: skip
    return _output(graph, fmt, dpi=dpi, timeout=timeout)


def layout(
    doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    *,
    direction: str = "BT",
    timeout: float = DEFAULT_TIMEOUT,
) -> dict[str, Any]:
    """Node centres and edge splines of the same picture :func:`render` draws.

    ``{"width", "height", "nodes": {id: {"x","y","width","height"}},
    "edges": {id: {"points": [[x, y], ...], "tip"}}, "lanes": {lane: {"x","y"}}}``,
    in points with y growing downwards.
    """
    graph = to_dot(_normalize(doc), meta, direction=direction)
    return parse_layout(run_dot(graph.source, "json", timeout=timeout, warm=True), graph)


def render_diff(
    base_doc: Mapping[str, Any],
    head_doc: Mapping[str, Any],
    meta: Mapping[str, Any] | None = None,
    fmt: str = "svg",
    *,
    direction: str = "BT",
    dpi: int = 96,
    theme: str = "light",
    timeout: float = DEFAULT_TIMEOUT,
    touched: Delta | None = None,
) -> bytes:
    """The diff diagram from ``base_doc`` to ``head_doc`` as ``fmt`` bytes (``touched``:
    the delta between them, when known: only the entities it names are compared).

    ``meta`` may add ``base_commit`` to the usual keys. A PDF is printed on A4 landscape
    pages, split by level where the whole does not fit with text of at least 8 pt
    (:mod:`.pages`); the other formats are one picture.
    """
    base = _normalize(base_doc) if touched is None else base_doc
    head = _normalize(head_doc) if touched is None else head_doc
    if fmt == "pdf":
        pages = diff_pages(
            base, head, meta, direction=direction, theme=theme, touched=touched, timeout=timeout
        )
        return paged_pdf(pages, timeout=timeout)
    graph = diff_to_dot(base, head, meta, direction=direction, theme=theme, touched=touched)
    return _output(graph, fmt, dpi=dpi, timeout=timeout)


def render_changes(
    base_doc: Mapping[str, Any],
    delta: Delta,
    meta: Mapping[str, Any] | None = None,
    fmt: str = "svg",
    **options: Any,
) -> bytes:
    """:func:`render_diff` from a stored base document (normalised when it was stored)
    and the stored delta to the head: no second document to read, and only the entities
    the delta names are compared."""
    return render_diff(base_doc, head_of(base_doc, delta), meta, fmt, touched=delta, **options)


def render_sector(
    doc: Mapping[str, Any],
    contributions: Mapping[str, Any] | None,
    meta: Mapping[str, Any] | None = None,
    fmt: str = "svg",
    *,
    direction: str = "BT",
    dpi: int = 96,
    theme: str = "light",
    timeout: float = DEFAULT_TIMEOUT,
    aggregate_after: int = AGGREGATE_AFTER,
) -> bytes:
    """The sector map of shared ToC ``doc`` with member ``contributions``.

    ``contributions``: ``{shared_node_id: [{"org", "graph", "node", "label"}, ...]}``.
    """
    graph = sector_to_dot(
        _normalize(doc),
        contributions,
        meta,
        direction=direction,
        theme=theme,
        aggregate_after=aggregate_after,
    )
    return _output(graph, fmt, dpi=dpi, timeout=timeout)


def cache_key(commit: str, fmt: str, options: Mapping[str, Any] | None = None) -> str:
    """A stable cache key for a rendering of an (immutable) commit.

    >>> cache_key("abc", "svg", {"theme": "light"}) == cache_key("abc", "svg", {"theme": "light"})
    True
    >>> cache_key("abc", "svg").startswith(f"render:{RENDERER_VERSION}:svg:")
    True
    """
    payload = json.dumps(
        {"commit": commit, "fmt": fmt, "options": dict(options or {})},
        sort_keys=True,
        default=str,
    )
    digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
    return f"render:{RENDERER_VERSION}:{fmt}:{digest}"
