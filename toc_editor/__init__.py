"""toc-editor: a versioned, collaborative theory-of-change editor.

``create_app(config=None)`` is the app factory (pallets' flaskr style).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, abort, request, send_from_directory


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by ``config``."""
    from . import api, cli
    from .config import from_environment
    from .storage import shared_cache
    from .storage.cache import LRU, Caches
    from .storage.db import db, migrate
    from .storage.uow import UnitOfWork

    app = Flask(
        __name__, instance_path=os.environ.get("TOC_INSTANCE_PATH") or None, static_folder=None
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(from_environment(app.instance_path))
    if config:
        app.config.update(config)
    if app.config["TOC_PROXY_HOPS"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TOC_PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    from .server import BodyLimit

    app.wsgi_app = BodyLimit(app.wsgi_app, app.config["MAX_CONTENT_LENGTH"])  # type: ignore[method-assign]
    db.init_app(app)
    migrate.init_app(app, db)
    caches = app.extensions["toc_cache"] = Caches(
        graphs=LRU(app.config["TOC_GRAPH_CACHE_ENTITIES"]),
        blobs=LRU(app.config["TOC_BLOB_CACHE_BYTES"]),
        shared=shared_cache.from_app(app),
    )
    app.extensions["toc_unit_of_work"] = lambda: UnitOfWork(db.session, caches)
    dist = _frontend_dist()
    if (dist / "swagger-ui" / "swagger-ui-bundle.js").is_file() and not (
        config and "OPENAPI_SWAGGER_UI_URL" in config
    ):
        app.config["OPENAPI_SWAGGER_UI_URL"] = "/swagger-ui/"  # built with the front end
    api.init_app(app)
    cli.init_app(app)
    _serve_frontend(app, dist)
    _security_headers(app)
    return app


SPA_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _security_headers(app: Flask) -> None:
    """Headers every response gets; the editor's shell also gets a strict CSP."""

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path == "/" or request.path.startswith("/assets/"):
            response.headers.setdefault("Content-Security-Policy", SPA_CSP)
        return response


def _frontend_dist() -> Path:
    return Path(
        os.environ.get("TOC_FRONTEND_DIST", Path(__file__).parent.parent / "frontend" / "dist")
    )


def _serve_frontend(app: Flask, dist: Path) -> None:
    @app.get("/")
    def index() -> Any:
        if not (dist / "index.html").exists():
            return (
                "<!doctype html><title>toc-editor</title><p>The front end is not built. "
                "Run <code>make run</code>, or see <a href='/api/docs'>the API docs</a>.",
                200,
            )
        return send_from_directory(dist, "index.html")

    @app.get("/assets/<path:name>")
    def assets(name: str) -> Any:
        if not (dist / "assets").is_dir():
            abort(404)
        return send_from_directory(dist / "assets", name, max_age=31536000)

    @app.get("/swagger-ui/<path:name>")
    def swagger_ui(name: str) -> Any:
        """Swagger UI for /api/docs, from the npm package copied in by the front end's build."""
        if not (dist / "swagger-ui").is_dir():
            abort(404)
        return send_from_directory(dist / "swagger-ui", name, max_age=3600)
