"""The PostgreSQL bus: fan-out between processes and hosts through ``LISTEN/NOTIFY``.

**When the NOTIFY is sent.** Inside the landing transaction, just before its commit (the
unit of work stages it), not after it on another connection. PostgreSQL delivers a
transaction's notifications only when it commits, never when it rolls back, and
notifications of different transactions in the order they committed; and the branch's
row lock is still held when the NOTIFY is queued. So every listener sees the moves of a
branch in commit order, exactly once, and a process that dies between its commit and a
later publish cannot lose one (an after-commit NOTIFY from each process could arrive out
of order, or never). Cost: one ``SELECT pg_notify(...)`` per move in the transaction, and
PostgreSQL's brief global lock on its notification queue at commit.

**Large events.** A NOTIFY payload must be under 8,000 bytes; most edits are a few
hundred. An event whose JSON is larger (an import, a merge, a big paste) is written to
the table ``live_events`` in the same transaction, and its id is notified
(``{"ref": id, "graph_id": ..., "branch": ...}``); a listener that has subscribers for
that branch reads the row on a second connection of its own. We keep the row rather than
notify bare commit ids and rebuild the delta from the commit tables because a move's
delta is not always one commit's (a fast-forward spans several) and rebuilding it would
need the GraphStore, the app and its caches in the listener; a row is one indexed read.
Rows older than ``keep_seconds`` (an hour) are deleted by the next large event; a
listener that finds its row gone sends :class:`~toc_editor.live.bus.Resync`.

**Listening.** One thread per process, on its own autocommit psycopg connection (never
the app's pool), started by the first subscription (each server process starts its own)
and restarted in a forked child. One channel for the database;
each process drops events of branches it has no subscriber for. If the connection
drops, the thread reconnects (backing off to 5 s) and sends every subscriber a
``Resync``: notifications sent meanwhile are lost to it.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson
import psycopg
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from ..domain.events import BranchMoved, Event
from .bus import (
    Bus,
    LiveUnavailable,
    Presence,
    from_dict,
    presence_from_dict,
    presence_to_json,
    to_json,
)

__all__ = ["INLINE_BYTES", "PostgresBus", "conninfo"]

log = logging.getLogger(__name__)

CHANNEL = "toc_live"
INLINE_BYTES = 7900
"""Largest payload notified as is (PostgreSQL's limit is 8,000 bytes)."""


def conninfo(database_url: str) -> str:
    """A libpq connection string for the SQLAlchemy ``database_url``."""
    url = make_url(database_url).set(drivername="postgresql")
    return url.render_as_string(hide_password=False)


class _Sent:
    """Staged NOTIFYs need nothing more: the server delivers them at the commit."""

    def release(self) -> None:
        return None

    def abandon(self) -> None:
        return None


SENT = _Sent()


class PostgresBus(Bus):
    """``LISTEN/NOTIFY`` on ``channel`` of the database at ``dsn`` (a libpq string)."""

    def __init__(
        self,
        dsn: str,
        *,
        channel: str = CHANNEL,
        keep_seconds: float = 3600,
        ready_timeout: float = 5.0,
        connect: Callable[..., Any] = psycopg.connect,
    ) -> None:
        super().__init__()
        if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", channel):
            raise ValueError(f"not a channel name: {channel!r}")
        self.dsn = dsn
        self.channel = channel
        self.keep_seconds = keep_seconds
        self.ready_timeout = ready_timeout
        self._connect = connect
        self._lock = threading.Lock()
        self._pid = os.getpid()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._reader: Any = None
        self._announcer: Any = None
        self._announce_lock = threading.Lock()
        self.reconnects = 0

    # publishing (in the landing transaction) ---------------------------------------

    def stage(self, session: Session, events: Sequence[Event]) -> _Sent:
        for event in events:
            payload = to_json(event)
            if len(payload) > INLINE_BYTES:
                payload = self._store(session, event, payload)
            session.execute(
                text("SELECT pg_notify(:channel, :payload)"),
                {"channel": self.channel, "payload": payload.decode()},
            )
        return SENT

    def _store(self, session: Session, event: BranchMoved, payload: bytes) -> bytes:
        now = "extract(epoch from clock_timestamp())"
        session.execute(
            text(f"DELETE FROM live_events WHERE created < {now} - :keep"),
            {"keep": self.keep_seconds},
        )
        ref = session.execute(
            text(f"INSERT INTO live_events (created, payload) VALUES ({now}, :p) RETURNING id"),
            {"p": payload.decode()},
        ).scalar_one()
        return orjson.dumps({"ref": ref, "graph_id": event.graph_id, "branch": event.branch})

    @property
    def kind(self) -> str:  # type: ignore[override]
        if self._thread is None or not self._thread.is_alive():
            return "postgres LISTEN/NOTIFY (starts with the first stream)"
        return "postgres LISTEN/NOTIFY" + ("" if self._ready.is_set() else " (reconnecting)")

    def announce(self, presence: Presence) -> None:
        """NOTIFY at once, on a connection of this bus (autocommit), not the app's pool."""
        payload = presence_to_json(presence).decode()
        if len(payload) > INLINE_BYTES:
            raise ValueError("a presence must stay under 7,900 bytes")
        with self._announce_lock:
            for attempt in (1, 2):
                try:
                    if self._announcer is None or self._announcer.closed:
                        self._announcer = self._connect(self.dsn, autocommit=True)
                    self._announcer.execute("SELECT pg_notify(%s, %s)", (self.channel, payload))
                    return
                except psycopg.OperationalError:
                    self._announcer = None
                    if attempt == 2:
                        raise

    # listening (one thread per process) ---------------------------------------------

    def listen(self) -> None:
        with self._lock:
            if self._pid != os.getpid():  # a forked child: the parent's thread is not here
                self._pid, self._thread, self._reader = os.getpid(), None, None
                self._announcer = None
                self._stop, self._ready = threading.Event(), threading.Event()
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._run, name="toc-live-listener", daemon=True
                )
                self._thread.start()
        if not self._ready.wait(self.ready_timeout):
            raise LiveUnavailable("the live channel cannot reach the database")

    def close(self) -> None:
        with self._lock:
            thread, self._thread = self._thread, None
            self._stop.set()
        if thread is not None and thread.is_alive() and self._pid == os.getpid():
            thread.join(timeout=5)
        for name in ("_reader", "_announcer"):
            conn = getattr(self, name)
            if conn is not None:
                conn.close()
                setattr(self, name, None)

    def _run(self) -> None:
        backoff, connected_before = 0.1, False
        stop, ready = self._stop, self._ready
        while not stop.is_set():
            try:
                with self._connect(self.dsn, autocommit=True) as conn:
                    conn.execute(f"LISTEN {self.channel}")
                    if connected_before:
                        self.reconnects += 1
                        self.hub.resync_all("the live listener reconnected")
                    connected_before, backoff = True, 0.1
                    ready.set()
                    while not stop.is_set():
                        for note in conn.notifies(timeout=0.5):
                            self._receive(note.payload)
            except psycopg.Error as exc:
                ready.clear()
                log.warning("live listener: %s; reconnecting in %.1f s", exc, backoff)
                stop.wait(backoff)
                backoff = min(backoff * 2, 5.0)
            except Exception:  # a bug must not silently end live delivery for this process
                log.exception("live listener failed on a notification")
                self.hub.resync_all("the live listener failed")
        ready.clear()

    def _receive(self, payload: str) -> None:
        data = orjson.loads(payload)
        key = (int(data["graph_id"]), str(data["branch"]))
        if not self.hub.wanted(key):
            return
        if data.get("kind") == "presence":
            self.hub.deliver(presence_from_dict(data))
            return
        if "ref" in data:
            stored = self._fetch(int(data["ref"]))
            if stored is None:
                self.hub.resync(key, "the event was too old to fetch")
                return
            data = orjson.loads(stored)
        self.hub.deliver(from_dict(data))

    def _fetch(self, ref: int) -> str | None:
        for attempt in (1, 2):
            try:
                if self._reader is None or self._reader.closed:
                    self._reader = self._connect(self.dsn, autocommit=True)
                row = self._reader.execute(
                    "SELECT payload FROM live_events WHERE id = %s", (ref,)
                ).fetchone()
                return None if row is None else str(row[0])
            except psycopg.OperationalError:
                self._reader = None
                if attempt == 2:
                    raise
        return None  # pragma: no cover
