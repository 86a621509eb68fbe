"""Is the service healthy (``GET /health``), and the seed templates a ToC can start from
(``GET /templates``). The blueprint keeps its name ``meta``, the OpenAPI tag of both."""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import templates
from ..services.errors import NotFound
from . import schemas
from .auth import unit_of_work
from .limits import store_status

blp = Blueprint("meta", __name__, description="Health and templates")


@lru_cache(maxsize=1)
def graphviz_version() -> str:
    dot = shutil.which("dot")
    if dot is None:
        return "missing"
    try:
        out = subprocess.run([dot, "-V"], capture_output=True, text=True, timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "missing"
    return (out.stderr or out.stdout).strip() or "ok"


@blp.route("/health")
class Health(MethodView):
    @blp.response(200, schemas.HealthSchema)
    def get(self) -> Any:
        """Is the service up, can it reach its database, is Graphviz installed, where are
        sign-in limits counted (a Redis that is down: in each process's memory), and how
        does this process hear live events (and how many streams it holds)?"""
        database = unit_of_work().database_status()
        gv = graphviz_version()
        limiter = store_status()
        healthy = database == "ok" and gv != "missing" and "unreachable" not in limiter
        return {
            "status": "ok" if healthy else "degraded",
            "database": database,
            "graphviz": gv,
            "limiter": limiter,
            "live": current_app.extensions["toc_live"].status(),
        }


@blp.route("/templates")
class Templates(MethodView):
    @blp.response(200, schemas.TemplateSchema(many=True))
    def get(self) -> Any:
        """Seed ToCs to start from."""
        return [
            {
                "id": tid,
                "title": doc.get("title", tid),
                "description": doc.get("description", ""),
                "nodes": len(doc.get("nodes", [])),
            }
            for tid, doc in templates.templates()
        ]


@blp.route("/templates/<template_id>")
class OneTemplate(MethodView):
    @blp.response(200, schemas.DocumentSchema)
    def get(self, template_id: str) -> Any:
        """A template as a document (without its seed metadata)."""
        doc = templates.template(template_id)
        if doc is None:
            raise NotFound(f"no template {template_id!r}")
        return {k: v for k, v in doc.items() if k in ("title", "description", "nodes", "edges")}
