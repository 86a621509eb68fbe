"""The HTTP server: gunicorn as ``toc-editor serve`` runs it, and the WSGI middleware
that gives bodies over ``TOC_MAX_BODY_BYTES`` a JSON 413 every kind of client can read.

Two things stop a plain 413 from reaching a client:

- a client that sends its whole body without waiting (``urllib``, ``requests``) is still
  writing when the server answers and closes; unread bytes make the kernel reset the
  connection, and the client sees a broken pipe instead of the answer (seen with urllib
  from about 4 MB). So a body declared over the limit is read and thrown away first, up
  to :func:`drain_limit` (64 MB, or 4 x the limit if more); beyond that the connection is
  closed at once;
- a client that asks ``Expect: 100-continue`` must hear the 413 *instead of* ``100
  Continue``. gunicorn answers 100 as soon as it has read the headers, before the app
  runs; :func:`pre_request` (a gunicorn hook, set by ``toc-editor serve``) withdraws
  that for bodies declared over the limit, and :class:`BodyLimit` answers 413.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

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


def pre_request(limit: int) -> Callable[[Any, Any], None]:
    """A gunicorn ``pre_request`` hook: no ``100 Continue`` for bodies declared over
    ``limit`` (gunicorn would send it before the app can refuse the body).

    gunicorn offers no setting for this; the hook clears the flag its HTTP/1 request
    parser sets for ``Expect: 100-continue`` (``_expected_100_continue``, read in
    ``gunicorn.http.wsgi.create`` right after this hook).
    """

    def hook(worker: Any, req: Any) -> None:
        declared = next((v for k, v in req.headers if k == "CONTENT-LENGTH"), None)
        if _declared(declared) > limit and getattr(req, "_expected_100_continue", False):
            req._expected_100_continue = False

    return hook


def serve(
    app_factory: Callable[[], Flask], host: str, port: int, workers: int, threads: int
) -> None:
    """Run the app under gunicorn until stopped; each worker calls ``app_factory``."""
    from gunicorn.app.base import BaseApplication

    from .config import max_body_bytes

    class App(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {
                "bind": f"{host}:{port}",
                "workers": workers,
                "threads": threads,
                "accesslog": "-",
                "timeout": 60,
                "pre_request": pre_request(max_body_bytes()),
            }.items():
                self.cfg.set(key, value)

        def load(self) -> Flask:
            return app_factory()

    App().run()
