"""Graphviz diagrams of a version and of a comparison."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..services import diagrams, graphs
from ..services.access import readable_graph
from ..services.exports import download_name, split_ref
from . import limits, present
from .auth import ctx
from .graphs import split_range
from .schemas import Strict

blp = Blueprint("render", __name__, description="Diagrams (the real Graphviz)")


_STEPS = ", ".join(map(str, diagrams.DPI_STEPS))


class RenderQuerySchema(Strict):
    direction = fields.String(
        load_default="BT",
        validate=validate.OneOf(diagrams.DIRECTIONS),
        metadata={"description": "BT: impact on top; LR: left to right"},
    )
    dpi = fields.Integer(
        load_default=96,
        validate=validate.Range(
            diagrams.MIN_DPI,
            diagrams.MAX_DPI,
            error="must be from {min} to {max}; PNGs are drawn at "
            + _STEPS
            + " dpi (others are rounded to the nearest)",
        ),
        metadata={"description": f"png only; drawn at {_STEPS} dpi, others rounded to the nearest"},
    )
    theme = fields.String(
        load_default="light",
        validate=validate.OneOf(diagrams.THEMES),
        metadata={
            "description": "light, print (greyscale) or progress: each box in the colours and "
            "words of its status on today's results (On track, Behind, Off track, No recent "
            "data, At risk upstream), for those who may read the results (else 404)"
        },
    )


def _render_policy() -> diagrams.RenderPolicy:
    """The settings of the app at hand (``TOC_RENDER_*``), for the diagram service."""
    if not has_app_context():
        return diagrams.RenderPolicy()
    config = current_app.config
    return diagrams.RenderPolicy(
        concurrency=int(config["TOC_RENDER_CONCURRENCY"]),
        queue=int(config["TOC_RENDER_QUEUE"]),
        wait=float(config["TOC_RENDER_WAIT"]),
        failed_for=float(config["TOC_RENDER_FAILURE_SECONDS"]),
        admit=limits.uncached_render,
    )


diagrams.configure(_render_policy)


def _serve(key: str, body: bytes, fmt: str, **extra: str) -> Any:
    headers = {
        "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'",
        "X-Content-Type-Options": "nosniff",
        **extra,
    }
    return present.immutable(body, diagrams.CONTENT_TYPES[fmt], key, **headers)


def _options(query: dict[str, Any], fmt: str) -> dict[str, Any]:
    options = {"direction": query["direction"], "theme": query["theme"]}
    if fmt == "png":
        options["dpi"] = query["dpi"]
    return options


@blp.route("/graphs/<org>/<graph>/render/<path:ref_format>")
class Render(MethodView):
    @blp.arguments(RenderQuerySchema(), location="query")
    @blp.response(200, content_type="image/svg+xml")
    @blp.doc(
        description="`{ref}.svg|.png|.pdf|.dot|.json`; `.json` is the layout the editor "
        "draws: node id -> x, y, width, height and edge id -> points, y down."
    )
    def get(self, query: dict[str, Any], org: str, graph: str, ref_format: str) -> Any:
        """Draw a version with Graphviz."""
        c = ctx()
        ref, suffix = split_ref(ref_format, [f".{f}" for f in diagrams.FORMATS])
        fmt = suffix[1:]
        g, commit = graphs.readable_at(c, org, graph, ref)
        key, body = diagrams.diagram(
            c, g, commit, fmt, _options(query, fmt), current_app.config["TOC_RENDER_TIMEOUT"]
        )
        name = download_name(g, ref, commit, suffix)
        return _serve(key, body, fmt, **{"Content-Disposition": f'inline; filename="{name}"'})


@blp.route("/graphs/<org>/<graph>/compare/<path:spec>/render.<fmt>")
class RenderCompare(MethodView):
    @blp.arguments(RenderQuerySchema(), location="query")
    @blp.response(200, content_type="image/svg+xml")
    @blp.doc(description="Added green, removed as red ghosts, changed amber. fmt: svg, png, pdf.")
    def get(self, query: dict[str, Any], org: str, graph: str, spec: str, fmt: str) -> Any:
        """Draw what changed from `base` to `head` (written `base...head`)."""
        from ..services.errors import NotFound

        if fmt not in ("svg", "png", "pdf"):
            raise NotFound("the diff diagram comes as render.svg, render.png or render.pdf")
        c = ctx()
        g = readable_graph(c, org, graph)
        base, head = split_range(spec)
        key, body = diagrams.diff_diagram(
            c, g, base, head, fmt, _options(query, fmt), current_app.config["TOC_RENDER_TIMEOUT"]
        )
        return _serve(key, body, fmt)
