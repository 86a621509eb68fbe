"""toc-editor: a versioned, collaborative theory-of-change editor.

``create_app(config=None)`` is the app factory (pallets' flaskr style).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, abort, make_response, request, send_from_directory
from werkzeug.routing import PathConverter


def create_app(config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings from the environment, overridden by ``config``."""
    from . import api, cli, live
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
    bus = app.extensions["toc_live"] = live.bus_for(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config.get("TOC_LIVE_BUS")
    )
    # the bus stages each transaction's events before its commit and delivers them after
    app.extensions["toc_unit_of_work"] = lambda: UnitOfWork(db.session, caches, outbox=bus)
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


def create_asgi_app(threads: int | None = None) -> Any:
    """The app as ``toc-editor serve`` runs it: Flask on a fixed pool of ``threads``
    (``TOC_THREADS``, default 8) with the live stream beside it (api/live_stream.py)."""
    from .api.live_stream import asgi_app

    threads = threads or int(os.environ.get("TOC_THREADS", "8"))
    return asgi_app(create_app(), threads=threads)


SPA_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)


def _security_headers(app: Flask) -> None:
    """Headers every response gets; the editor's scripts also get a strict CSP (its pages
    get theirs from :func:`_serve_frontend`)."""

    @app.after_request
    def headers(response: Any) -> Any:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.path.startswith("/assets/"):
            response.headers.setdefault("Content-Security-Policy", SPA_CSP)
        return response


SERVER_PREFIXES = ("api", "assets", "swagger-ui")
"""First path segments the server answers itself (the API and its docs, the front end's
built files); every other GET is a page of the app (``/explore``, ``/{org}/{graph}``...).
Each is also a name no organisation may take (``domain.names.RESERVED_ORG_NAMES``)."""

NOT_BUILT = (
    "<!doctype html><title>toc-editor</title><p>The front end is not built. "
    "Run <code>make run</code>, or see <a href='/api/docs'>the API docs</a>."
)


def _frontend_dist() -> Path:
    return Path(
        os.environ.get("TOC_FRONTEND_DIST", Path(__file__).parent.parent / "frontend" / "dist")
    )


class _PageAddress(PathConverter):
    """A path whose first segment is not the server's: ``/api/...`` never matches, so
    routing answers there as if no page existed (404, or 405 for a wrong method)."""

    regex = "(?!(?:" + "|".join(SERVER_PREFIXES) + ")(?:/|$))[^/].*?"


def _serve_frontend(app: Flask, dist: Path) -> None:
    """The app's pages at browser-history addresses, and its built files.

    Every GET whose first path segment is not the server's (:data:`SERVER_PREFIXES`) and
    has no dot (organisation names have none; ``/favicon.svg`` does) answers the built
    ``index.html`` with the strict CSP, ``Cache-Control: no-cache`` (a new build is seen
    at once; its hashed assets are cached for a year) and 200: the app routes the address
    itself and shows its own "not found" for shapes it does not know. A path under
    ``/api`` that no endpoint serves stays a JSON 404. A first segment with a dot is a
    file at the root of the build (``favicon.svg``, ``robots.txt``) or a 404.
    """

    def page() -> Any:
        if (dist / "index.html").is_file():
            response = send_from_directory(dist, "index.html")
        else:
            response = make_response(NOT_BUILT, 200)
        response.headers["Content-Security-Policy"] = SPA_CSP
        response.headers["Cache-Control"] = "no-cache"
        return response

    @app.get("/")
    def index() -> Any:
        return page()

    app.url_map.converters["page"] = _PageAddress

    @app.get("/<page:address>")
    def app_page(address: str) -> Any:
        first = address.split("/", 1)[0]
        if address == "index.html":
            return page()
        if "." in first:
            if "/" in address or not (dist / first).is_file():
                abort(404)
            response = send_from_directory(dist, first, max_age=3600)
            response.headers["Content-Security-Policy"] = SPA_CSP
            return response
        return page()

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
