"""Settings from the environment. SQLite file by default; ``DATABASE_URL`` for PostgreSQL.

- ``DATABASE_URL``: SQLAlchemy URL (``postgresql://...`` or ``sqlite:///...``);
  default ``instance/toc-editor.sqlite3``.
- ``TOC_SECRET_KEY``: signs browser sessions; set it when running several workers or hosts;
  default a random key kept in the instance folder.
- ``TOC_OPEN_REGISTRATION``: ``1`` (default) lets anyone sign up, ``0`` only ``create-user``.
- ``TOC_MAX_BODY_BYTES``: largest request body accepted, 413 beyond; default 5 MB.
- ``TOC_RENDER_TIMEOUT``: seconds ``dot`` may run before a 504; default 20.
- ``TOC_RENDER_CONCURRENCY``: ``dot`` processes running at once per worker; default 2.
- ``TOC_RENDER_QUEUE``: renders that may wait for one of those at once per worker (503
  beyond); default 1. ``TOC_RENDER_WAIT``: seconds one may wait (503 after); default 2.
- ``TOC_RENDER_FAILURE_SECONDS``: how long a failed or timed-out render is remembered
  (the same 502/504 again, without running ``dot``); default 60.
- ``TOC_RENDER_LIMIT``: uncached renders per anonymous client address (429 beyond);
  default ``30 per minute``.
- ``TOC_GRAPH_CACHE_ENTITIES``: materialised commits kept per worker (LRU), counted in
  nodes + edges; default 120,000 (about 100 MB).
- ``TOC_BLOB_CACHE_BYTES``: serialised trees, exports and renders kept per worker (the
  first cache level); default 64 MB.
- ``TOC_SHARED_CACHE_BYTES``: diagrams, layouts and exports kept in the database for
  every worker and host (the second cache level, LRU by total size); 0 turns it off;
  default 256 MB.
- ``TOC_COOKIE_SECURE``: ``1`` sends the session cookie over HTTPS only; default ``0``.
- ``TOC_SIGNIN_LIMIT``: failed sign-ins allowed per client address and username; default
  ``10 per minute`` (Flask-Limiter notation; ``;`` separates several).
- ``TOC_SIGNIN_ADDRESS_LIMIT``: failed sign-ins allowed per client address, whatever the
  usernames; default ``30 per 10 minutes``.
- ``TOC_SIGNIN_USER_LIMIT``: failed sign-ins allowed per username, whatever the addresses;
  beyond it only clients that have not failed for that username may still sign in;
  default ``20 per 5 minutes``.
- ``TOC_SIGNUP_LIMIT``: sign-ups per client address (accounts made, or names found
  taken); default ``50 per day``.
- ``TOC_RATELIMIT_STORAGE_URI``: where those counters live; default ``memory://`` (per
  worker), ``redis://host:6379`` to share them; while it is unreachable each worker
  counts alone (and says so in the log and ``/health``).
- ``TOC_TOKEN_DAYS``: how long a new API token works unless its maker asks otherwise;
  default 90. ``TOC_TOKEN_MAX_DAYS``: the longest anyone may ask for; default 365.
- ``TOC_PROXY_HOPS``: trusted proxies in front (their ``X-Forwarded-For``/``-Proto`` are
  believed); default 0.
- ``TOC_INSTANCE_PATH``: the instance folder (SQLite file, secret key).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any


def _flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


def database_url(instance_path: str) -> str:
    """The SQLAlchemy URL: ``DATABASE_URL`` (postgres:// accepted) or the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "toc-editor.sqlite3")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def secret_key(instance_path: str) -> str:
    """``TOC_SECRET_KEY``, or a random key persisted in the instance folder."""
    key = os.environ.get("TOC_SECRET_KEY", "").strip()
    if key:
        return key
    path = Path(instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def max_body_bytes() -> int:
    """``TOC_MAX_BODY_BYTES``: the largest request body (413 beyond); default 5 MB."""
    return int(os.environ.get("TOC_MAX_BODY_BYTES", 5 * 1024 * 1024))


# Per-worker caches, sized so that 4 workers fit a 2 GB host beside PostgreSQL
# (bench/bench_memory.py measures a worker at these defaults; see the README).
DEFAULT_GRAPH_CACHE_ENTITIES = 120_000
DEFAULT_BLOB_CACHE_BYTES = 64 * 1024 * 1024
# Shared by every worker and host, in the database (storage/shared_cache.py).
DEFAULT_SHARED_CACHE_BYTES = 256 * 1024 * 1024


def ratelimit_storage_options(uri: str) -> dict[str, Any]:
    """Short network timeouts for a Redis counter store, so that one that is down or
    unreachable costs a sign-in a second at most (then the limiter counts in memory)."""
    if uri.split("://", 1)[0] in ("redis", "rediss", "redis+unix"):
        return {"socket_connect_timeout": 1, "socket_timeout": 1}
    return {}


def from_environment(instance_path: str) -> dict[str, Any]:
    """The app's configuration mapping."""
    url = database_url(instance_path)
    storage_uri = os.environ.get("TOC_RATELIMIT_STORAGE_URI", "memory://")
    engine: dict[str, Any] = {"pool_pre_ping": True}
    if url.startswith("sqlite"):
        engine = {"connect_args": {"timeout": 30, "check_same_thread": False}}
    return {
        "SECRET_KEY": secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": url,
        "SQLALCHEMY_ENGINE_OPTIONS": engine,
        "MAX_CONTENT_LENGTH": max_body_bytes(),
        "TOC_MAX_OPS": int(os.environ.get("TOC_MAX_OPS", 1000)),
        "TOC_OPEN_REGISTRATION": _flag("TOC_OPEN_REGISTRATION", "1"),
        "TOC_RENDER_TIMEOUT": float(os.environ.get("TOC_RENDER_TIMEOUT", 20)),
        "TOC_RENDER_CONCURRENCY": int(os.environ.get("TOC_RENDER_CONCURRENCY", 2)),
        "TOC_RENDER_QUEUE": int(os.environ.get("TOC_RENDER_QUEUE", 1)),
        "TOC_RENDER_WAIT": float(os.environ.get("TOC_RENDER_WAIT", 2)),
        "TOC_RENDER_FAILURE_SECONDS": float(os.environ.get("TOC_RENDER_FAILURE_SECONDS", 60)),
        "TOC_RENDER_LIMIT": os.environ.get("TOC_RENDER_LIMIT", "30 per minute"),
        "TOC_GRAPH_CACHE_ENTITIES": int(
            os.environ.get("TOC_GRAPH_CACHE_ENTITIES", DEFAULT_GRAPH_CACHE_ENTITIES)
        ),
        "TOC_BLOB_CACHE_BYTES": int(
            os.environ.get("TOC_BLOB_CACHE_BYTES", DEFAULT_BLOB_CACHE_BYTES)
        ),
        "TOC_SHARED_CACHE_BYTES": int(
            os.environ.get("TOC_SHARED_CACHE_BYTES", DEFAULT_SHARED_CACHE_BYTES)
        ),
        "TOC_SIGNIN_LIMIT": os.environ.get("TOC_SIGNIN_LIMIT", "10 per minute"),
        "TOC_SIGNIN_ADDRESS_LIMIT": os.environ.get("TOC_SIGNIN_ADDRESS_LIMIT", "30 per 10 minutes"),
        "TOC_SIGNIN_USER_LIMIT": os.environ.get("TOC_SIGNIN_USER_LIMIT", "20 per 5 minutes"),
        "TOC_SIGNUP_LIMIT": os.environ.get("TOC_SIGNUP_LIMIT", "50 per day"),
        "TOC_TOKEN_DAYS": int(os.environ.get("TOC_TOKEN_DAYS", 90)),
        "TOC_TOKEN_MAX_DAYS": int(os.environ.get("TOC_TOKEN_MAX_DAYS", 365)),
        "RATELIMIT_STORAGE_URI": storage_uri,
        "RATELIMIT_STORAGE_OPTIONS": ratelimit_storage_options(storage_uri),
        # Flask-Limiter's own limits (none today) count in memory while the store is down.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        "RATELIMIT_HEADERS_ENABLED": True,
        "TOC_PROXY_HOPS": int(os.environ.get("TOC_PROXY_HOPS", 0)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _flag("TOC_COOKIE_SECURE", "0"),
        "API_TITLE": "toc-editor",
        "API_VERSION": "v1",
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/api",
        "OPENAPI_JSON_PATH": "v1/openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        # create_app serves Swagger UI itself when the front end is built (frontend/dist);
        # without a build, /api/docs loads it from this CDN.
        "OPENAPI_SWAGGER_UI_URL": "https://cdn.jsdelivr.net/npm/swagger-ui-dist/",
        "OPENAPI_REDOC_PATH": None,
    }
