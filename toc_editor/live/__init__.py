"""The live channel: push of landed commits (and, later, presence) to open editors.

Transport (a design note for the next step; nothing here serves HTTP yet)
-----------------------------------------------------------------------
Rule: 200 open editors on one host must not hold the small fixed pool of request threads
(``toc-editor serve``: 2 gunicorn gthread workers x 4 threads), and ``make run`` needs no
Redis. Candidates:

- *flask-sock (simple-websocket) or an SSE response from Flask, under today's gthread
  workers*: each open connection holds a request thread for its whole life; 8 editors
  would starve the server. Raising the pool to hundreds of threads breaks the rule
  instead of meeting it. Ruled out.
- *gunicorn gevent workers*: a greenlet per connection is cheap, but the whole app turns
  cooperative: CPU-bound work (rebases, merges, 10 MB trees, 0.1-2 s) stalls every
  connection of the worker, an SQLite writer waiting for the write lock (up to 30 s,
  inside the C library) blocks the worker's hub, and the dot slots, caches and locks
  were written for threads. Too wide a change for one feature.
- *ASGI for the live routes only* (recommended): Starlette + uvicorn, each open
  connection a coroutine (tens of KB, no thread), serving ``GET
  /api/v1/live/{org}/{graph}/{branch}`` as Server-Sent Events. SSE suffices: edits
  already go up as ordinary POSTs to the API, presence updates can be small POSTs too,
  and ``EventSource`` reconnects by itself with ``Last-Event-ID`` = the last commit seen,
  from which the server replays ``delta_between(last, head)`` (no gap, no duplicate) or
  says "reload" when too far behind. It authenticates like the API (session cookie or
  token; reads need no CSRF) by calling the services in a small thread pool, rechecks
  membership every few seconds (cut off within 5 s), and bridges a
  :class:`~toc_editor.live.bus.Subscription` to the loop with ``on_item`` +
  ``loop.call_soon_threadsafe``. Proxies: ``proxy_buffering off`` /
  ``X-Accel-Buffering: no``, read timeout above the 15 s heartbeat comment.

  Where it runs matters for the embedded default, because the in-process bus reaches
  only its own process. Best: *one* process type, uvicorn serving the live routes
  natively and the Flask app through a WSGI adapter (a2wsgi) on a fixed thread pool
  (today's threads), same origin and port; ``make run`` starts one such process on
  SQLite (:class:`~toc_editor.live.local.LocalBus`), the scale-out path runs N of them on
  PostgreSQL (:class:`~toc_editor.live.postgres.PostgresBus`). A *separate* ASGI process
  beside gunicorn would instead need a cross-process bus even on SQLite (commits land in
  the gunicorn workers), plus a proxy or a second origin. Note that ``make run`` serves
  2 gunicorn workers today: with the in-process bus, an editor attached to one worker
  would not see commits landed by the other, so either serve the embedded default as one
  process or give SQLite a cross-process bus (poll ``live_events`` by id every ~50 ms:
  SQLite's write lock makes its ids commit-ordered).

Buses: :func:`bus_for` picks one by database URL; the app factory plugs it into the unit
of work as its outbox (``app.extensions["toc_live"]``).
"""

from __future__ import annotations

from .bus import Bus, Item, LiveUnavailable, Presence, Resync, Subscription, event_dict
from .local import LocalBus

__all__ = [
    "Bus",
    "Item",
    "LiveUnavailable",
    "LocalBus",
    "Presence",
    "Resync",
    "Subscription",
    "bus_for",
    "event_dict",
]


def bus_for(database_url: str, kind: str | None = None) -> Bus:
    """The bus for the app's database: ``LISTEN/NOTIFY`` on PostgreSQL, in-process
    otherwise; ``kind`` ("local" or "postgres") overrides the choice."""
    kind = kind or ("postgres" if database_url.startswith("postgresql") else "local")
    if kind == "postgres":
        from .postgres import PostgresBus, conninfo

        return PostgresBus(conninfo(database_url))
    if kind == "local":
        return LocalBus()
    raise ValueError(f"unknown live bus: {kind!r}")
