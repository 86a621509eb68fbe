"""Diagrams of a version, or of what changed between two: rendered once, cached forever.

Commits never change, so a picture is keyed by (commit ids, format, options) and kept in
the worker's blob cache and in the shared cache every worker reads; it is drawn once for
all of them, whoever asks at the same time (:mod:`toc_editor.services.derived`). The HTTP
layer serves the same key as the ETag.

Uncached renders are bounded, so that nobody can stall a worker by asking for pictures
that are not cached yet (issue 9, item 15). As :class:`RenderPolicy` says:

- options that change the picture take a few values only: ``dpi`` is rounded to the
  nearest of :data:`DPI_STEPS` (direction, theme and format are choices already), so
  random values find the cache;
- a render that failed or timed out is remembered under the same key for
  ``failed_for`` seconds, by every worker: asking again gets the same error at once,
  without ``dot``;
- ``admit`` (the API's per-client limit) counts each uncached render of its caller and
  may refuse it; cached answers, and requests that wait for another's render of the
  same picture, are never counted;
- a render takes one of ``concurrency`` ``dot`` slots per worker before any work
  (:func:`toc_editor.rendering.runner.slot`); it waits at most ``wait`` seconds for one,
  and only while fewer than ``queue`` others wait, else :class:`Busy` (503, Retry-After);
- requests waiting for another's render of the same picture take no slot but hold a
  thread: at most ``concurrency + queue`` requests per worker draw or wait at once, the
  next one gets :class:`Busy` at once, so the worker's other threads stay free.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from typing import Any

from .. import rendering
from ..rendering import CONTENT_TYPES as CONTENT_TYPES  # re-exported: the choices
from ..rendering import DIRECTIONS as DIRECTIONS  # a caller of this service has
from ..rendering import FORMATS as FORMATS
from ..rendering import MAX_DPI as MAX_DPI
from ..rendering import MIN_DPI as MIN_DPI
from ..rendering import THEMES as THEMES
from ..rendering.runner import DEFAULT_CONCURRENCY, RenderBusy, set_concurrency, slot
from ..storage.models import Commit, Graph, User
from . import derived
from .context import Ctx
from .errors import Busy, Invalid
from .graphs import resolve

DPI_STEPS = (72, 96, 150, 300, 600)
"""The resolutions PNGs are drawn at; any other ``dpi`` is rounded to the nearest."""

Refund = Callable[[], None]


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class RenderPolicy:
    """How a worker bounds renders that are not cached (see the module docstring)."""

    concurrency: int = DEFAULT_CONCURRENCY
    queue: int = 1
    wait: float = 2.0
    failed_for: float = 60.0
    admit: Callable[[User | None], Refund] | None = None
    """Counts one uncached render for the caller (raises to refuse it) and returns how
    to give it back when no ``dot`` ran after all."""


_policy: Callable[[], RenderPolicy] = RenderPolicy


def configure(policy: Callable[[], RenderPolicy]) -> None:
    """Where renders find their policy: ``policy()`` is asked before each uncached one."""
    global _policy
    _policy = policy


def nearest_dpi(dpi: int) -> int:
    """The step of :data:`DPI_STEPS` nearest to ``dpi`` (the lower one on a tie).

    >>> [nearest_dpi(d) for d in (36, 100, 123, 124, 450, 600)]
    [72, 96, 96, 150, 300, 600]
    """
    return min(DPI_STEPS, key=lambda step: (abs(step - dpi), step))


def _canonical(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` as drawn: the same picture always gets the same cache key."""
    out = dict(options)
    if "dpi" in out:
        out["dpi"] = nearest_dpi(int(out["dpi"]))
    return out


def meta_of(graph: Graph, commit: Commit) -> dict[str, Any]:
    """Title-line facts for pictures and reports."""
    return {
        "title": graph.title,
        "description": graph.description,
        "org": graph.org.slug,
        "graph": graph.slug,
        "commit": commit.id,
        "date": commit.created_at.strftime("%Y-%m-%d"),
    }


def policy() -> RenderPolicy:
    """The render policy in force (the API's settings, or the defaults)."""
    return _policy()


def _cached(
    ctx: Ctx, key: str, make: Callable[[], bytes], timeout: float, runs_dot: bool = True
) -> bytes:
    """The cached picture (this worker's, else the shared one), or ``make()`` run once
    for every worker, within the policy (``runs_dot=False``: the DOT text only, which
    takes no slot and is not counted). Requests that wait for another's render take no
    slot and are not counted either (:func:`toc_editor.services.derived.fetch`), but they
    hold a thread: drawing and waiting together are bounded by the slots and their queue."""
    current = _policy()

    @contextmanager
    def turn() -> Iterator[None]:
        """The maker's turn: counted for its caller, holding a ``dot`` slot."""
        set_concurrency(current.concurrency)
        refund = current.admit(ctx.user) if current.admit and runs_dot else _nothing
        try:
            with slot(current.wait, current.queue) if runs_dot else nullcontext():
                yield
        except RenderBusy as exc:
            refund()
            raise Busy(str(exc), retry_after=exc.retry_after) from None
        except ValueError as exc:
            refund()
            raise Invalid(str(exc), where="query") from None

    return derived.fetch(
        ctx,
        key,
        make,
        lease=timeout + current.wait + derived.MARGIN,
        guard=turn,
        failed_for=current.failed_for,
        room=current.concurrency + current.queue,
        retry_after=max(1, math.ceil(current.wait)),
    )


def diagram(
    ctx: Ctx, graph: Graph, commit: Commit, fmt: str, options: dict[str, Any], timeout: float
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the ToC at ``commit`` drawn as ``fmt``.

    The ``progress`` theme draws each box's progress on today's results (for those who
    may read them: :func:`toc_editor.services.progress.diagram_marks`); its key holds a
    digest of those statuses and the day, so a new result or a new day draws anew.
    """
    options = _canonical(options)
    meta = meta_of(graph, commit)
    marks: dict[str, Any] | None = None
    keyed = options
    if options.get("theme") == "progress":
        from .progress import diagram_marks, marks_digest

        day, marks = diagram_marks(ctx, graph, commit)
        meta["as_of"] = day.isoformat()
        keyed = {**options, "as_of": meta["as_of"], "progress": marks_digest(marks)}
    key = rendering.cache_key(commit.id, fmt, keyed)

    def make() -> bytes:
        doc = ctx.store.document(commit.id)
        return rendering.render(
            doc, meta, fmt, timeout=timeout, trusted=True, progress=marks, **options
        )

    return key, _cached(ctx, key, make, timeout, runs_dot=fmt != "dot")


def diff_diagram(
    ctx: Ctx,
    graph: Graph,
    base_ref: str,
    head_ref: str,
    fmt: str,
    options: dict[str, Any],
    timeout: float,
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the diff diagram from ``base_ref`` to ``head_ref``."""
    base, head = resolve(ctx, graph, base_ref), resolve(ctx, graph, head_ref)
    options = _canonical(options)
    key = rendering.cache_key(f"{base.id}...{head.id}", f"diff-{fmt}", options)

    def make() -> bytes:
        base_doc = ctx.store.document(base.id)
        delta = ctx.store.delta_between(base.id, head.id)  # stored: no second document
        meta = {**meta_of(graph, head), "base_commit": base.id}
        return rendering.render_changes(base_doc, delta, meta, fmt, timeout=timeout, **options)

    return key, _cached(ctx, key, make, timeout)


def sector_diagram(
    ctx: Ctx, org_slug: str, slug: str, fmt: str, options: dict[str, Any], timeout: float
) -> tuple[str, bytes]:
    """``(cache key, bytes)`` of the sector map of a shared ToC, as this viewer may see it.

    The key covers the commit and the contributions drawn, so it changes when a member
    links or unlinks, and differs between viewers who may see different private graphs.
    """
    from .access import readable_graph
    from .sector import sector_map

    graph = readable_graph(ctx, org_slug, slug)
    data = sector_map(ctx, org_slug, slug, None, placeholders=True)
    commit = resolve(ctx, graph, data["commit"])
    contributions = {n["id"]: n["contributors"] for n in data["nodes"] if n["contributors"]}
    options = _canonical(options)
    key = rendering.cache_key(f"sector:{commit.id}", fmt, {**options, "c": contributions})

    def make() -> bytes:
        doc = ctx.store.document(commit.id)
        return rendering.render_sector(
            doc, contributions, meta_of(graph, commit), fmt, timeout=timeout, **options
        )

    return key, _cached(ctx, key, make, timeout)
