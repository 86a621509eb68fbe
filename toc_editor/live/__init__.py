"""The live channel: push of landed commits, and presence, to everyone with a branch open.

The transport is ``api/live_stream.py`` (Server-Sent Events on uvicorn, the Flask app
beside it through a2wsgi on a fixed thread pool); the README's "Live editing" says why.

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
