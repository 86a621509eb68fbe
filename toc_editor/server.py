"""The HTTP server: uvicorn as ``toc-editor serve`` runs it, and the WSGI middleware
that gives bodies over ``TOC_MAX_BODY_BYTES`` a JSON 413 every kind of client can read.

Two things stop a plain 413 from reaching a client:

- a client that sends its whole body without waiting (``urllib``, ``requests``) is still
  writing when the server answers and closes; unread bytes make the kernel reset the
  connection, and the client sees a broken pipe instead of the answer (seen with urllib
  from about 4 MB). So a body declared over the limit is read and thrown away first, up
  to :func:`drain_limit` (64 MB, or 4 x the limit if more); beyond that the connection is
  closed at once;
- a client that asks ``Expect: 100-continue`` must hear the 413 *instead of* ``100
  Continue``. uvicorn sends ``100 Continue`` only when the app first reads the body, and
  :class:`BodyLimit` answers such a request without reading it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from typing import Any

_CHUNK = 64 * 1024


def drain_limit(limit: int) -> int:
    """The largest declared body read and discarded before a 413.

    >>> drain_limit(5 * 2**20) // 2**20
    64
    """
    return max(4 * limit, 64 * 2**20)


def _declared(value: str | None) -> int:
    try:
        return max(0, int(value or 0))
    except ValueError:
        return 0


class BodyLimit:
    """WSGI middleware: a JSON 413 for bodies declared over ``limit`` bytes, readable by
    every client (see the module docstring)."""

    def __init__(self, app: Callable[..., Iterable[bytes]], limit: int) -> None:
        self.app = app
        self.limit = limit

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        length = _declared(environ.get("CONTENT_LENGTH"))
        if length <= self.limit:
            return self.app(environ, start_response)
        expects_continue = environ.get("HTTP_EXPECT", "").lower() == "100-continue"
        if not expects_continue and length <= drain_limit(self.limit):
            _drain(environ["wsgi.input"], length)
        message = (
            f"the request body is {length:,} bytes; this server accepts at most "
            f"{self.limit:,} (TOC_MAX_BODY_BYTES)"
        )
        error = {"code": 413, "status": "Request Entity Too Large", "message": message}
        body = json.dumps(error).encode()  # the API's error shape (api/errors.py)
        start_response(
            "413 Request Entity Too Large",
            [
                ("Content-Type", "application/json"),
                ("Content-Length", str(len(body))),
                ("Connection", "close"),
            ],
        )
        return [body]


def _drain(stream: Any, length: int) -> None:
    """Read and discard ``length`` bytes (less if the client stops sending)."""
    left = length
    while left > 0:
        chunk = stream.read(min(_CHUNK, left))
        if not chunk:
            return
        left -= len(chunk)


def serve(host: str, port: int, workers: int, threads: int, database_url: str) -> None:
    """Run the app under uvicorn until stopped: ``workers`` processes, each serving the
    live stream on its event loop and the Flask app on ``threads`` threads.

    The embedded default (SQLite) runs one process: its live bus is in-process, so a
    second process would not hear the first one's commits. PostgreSQL's bus reaches every
    process and host.
    """
    import uvicorn

    if workers > 1 and not database_url.startswith("postgresql"):
        raise SystemExit(
            "toc-editor serve: --workers above 1 needs PostgreSQL (DATABASE_URL=postgresql://...): "
            "on SQLite, live updates reach only the process that made them. Use --threads "
            "to serve more requests at once."
        )
    os.environ["TOC_THREADS"] = str(threads)  # read by each worker's create_asgi_app
    uvicorn.run(
        "toc_editor:create_asgi_app",
        factory=True,
        host=host,
        port=port,
        workers=workers if workers > 1 else None,
        timeout_graceful_shutdown=5,
        proxy_headers=False,  # TOC_PROXY_HOPS (werkzeug's ProxyFix) decides what to trust
        log_level="info",
    )
