"""The second level of the derived-data cache: one table that every worker and host reads.

What derives from an immutable commit (a diagram, a layout, an export) is the same bytes
whoever makes it, so it is made once and kept where every worker finds it:

- first level, per worker: :class:`~toc_editor.storage.cache.LRU` (``Caches.blobs``);
- second level, shared: :class:`SharedCache`, the ``derived_blobs`` table in the app's
  own database (the SQLite file on the embedded default, PostgreSQL on the scale-out
  path), bounded by ``capacity`` bytes, the least recently used out first.

Rows are content-addressed: the key is a SHA-256 of (``namespace``, name), where the name
is the service's cache key (commit ids, kind, options) and the namespace a digest of the
code (:func:`code_digest`), so a worker running other code never serves what this code
would not make. ``last_used`` is refreshed on a hit at most every ``touch_every``
seconds, so reads do not write.

**Single flight.** ``derived_claims`` says who is making a key, until when: :meth:`claim`
inserts the row, or takes over one that expired (its maker died); the others
:meth:`wait` until the blob is there, the claim turned into a failure marker
(:meth:`fail`: the same error for everyone for a while), or the claim is gone without
either (then they claim it themselves). Within one worker, threads that ask for the same
key join one :class:`~.flights.Flight`, so only one of them claims and polls; the others wait for
it in memory.

Every statement runs on its own short connection from the engine and is committed at
once, never in the request's transaction: a blob stored survives the request's rollback,
and the other workers see it at once. Times are the database's clock, so hosts need not
agree on theirs. A database error is logged and taken as a miss (the worker makes the
blob itself): this cache may save work, never fail a request.

Why one module of about 400 lines: blobs, their eviction, claims and failure markers are
one protocol over two tables sharing the SQL helpers (the clock, the dialect's upsert);
in-process single flight is apart, in :mod:`.flights`.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from .flights import Flight as Flight  # re-exported: the services wait on one
from .flights import Flights as Flights

log = logging.getLogger(__name__)

_NOW = {  # seconds since the epoch by the database's clock
    "sqlite": "((julianday('now') - 2440587.5) * 86400.0)",
    "postgresql": "CAST(EXTRACT(EPOCH FROM clock_timestamp()) AS DOUBLE PRECISION)",
}
TOUCH_EVERY = 60.0
"""Seconds between two refreshes of a row's ``last_used`` by hits."""
EVICT_TO = 0.9
"""Share of the capacity an eviction brings the table down to (not every put evicts)."""
LARGEST_SHARE = 4
"""A blob larger than ``capacity / LARGEST_SHARE`` stays in its worker's cache only."""
_READ = "SELECT body, last_used < {now} - :every FROM derived_blobs WHERE key = :key"
POLL = (0.05, 0.1)
"""First and longest pause, in seconds, between two looks at another worker's claim."""


@functools.cache
def code_digest() -> str:
    """A digest of this package's Python source: the namespace of the shared rows, so a
    deployment of other code starts from an empty cache instead of serving stale blobs."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Claim:
    """Who makes a key: ``mine`` (``token`` ends the claim), or another worker, which is
    still making it (``failure`` None) or failed (``failure``), for ``left`` seconds more."""

    mine: bool
    token: str = ""
    failure: str | None = None
    left: float = 0.0


class SharedCache:
    """The shared level (see the module docstring); ``engine=None`` or ``capacity <= 0``
    turn it off: then every read misses and every claim is the caller's, without a query."""

    def __init__(
        self,
        engine: Engine | None,
        capacity: int,
        *,
        namespace: str = "",
        touch_every: float = TOUCH_EVERY,
        poll: tuple[float, float] = POLL,
    ) -> None:
        self.capacity = max(0, capacity)
        self.namespace = namespace
        self.touch_every = touch_every
        self.poll = poll
        self.flights = Flights()
        self.engine: Engine | None = None
        self._now = ""
        self._driver_error: type[Exception] = SQLAlchemyError
        if engine is not None and self.capacity > 0:
            if engine.dialect.name in _NOW:
                self.engine, self._now = engine, _NOW[engine.dialect.name]
                self._driver_error = engine.dialect.loaded_dbapi.Error
            else:
                log.warning("no shared cache on %s databases", engine.dialect.name)
        self._lock = threading.Lock()
        self._polling = 0
        self._busy = 0
        self._warned = 0.0
        self.hits = self.misses = self.stores = 0

    @property
    def enabled(self) -> bool:
        return self.engine is not None

    @property
    def waiting(self) -> int:
        """Threads of this worker waiting for a blob another thread or worker makes."""
        return self.flights.waiting + self._polling

    @property
    def busy(self) -> int:
        """Threads of this worker making or waiting for an uncached blob (:meth:`enter`)."""
        return self._busy

    def enter(self, room: int | None) -> bool:
        """Count one more thread making or waiting for an uncached blob, unless ``room``
        (None: no bound) do already; then False. :meth:`leave` when done."""
        with self._lock:
            if room is not None and self._busy >= room:
                return False
            self._busy += 1
            return True

    def leave(self) -> None:
        with self._lock:
            self._busy -= 1

    def key(self, name: str) -> str:
        """The row key of ``name``: SHA-256 of the namespace and the name."""
        return hashlib.sha256(f"{self.namespace}\0{name}".encode()).hexdigest()

    def _sql(self, statement: str) -> Any:
        return text(statement.replace("{now}", self._now))

    def _trouble(self, doing: str, exc: Exception) -> None:
        """Log a database error (at most once a minute); the caller carries on without."""
        now = time.monotonic()
        if now - self._warned >= 60 or not self._warned:
            self._warned = now
            log.warning("shared cache: %s failed, working without it: %s", doing, exc)

    # -- blobs -----------------------------------------------------------------------------

    def get(self, name: str) -> bytes | None:
        """The blob stored under ``name``, or None."""
        if self.engine is None:
            return None
        key = self.key(name)
        try:
            with self.engine.connect() as conn:
                row = self._read(conn, key)
            if row is not None and row[1]:  # stale: stamp it (at most once a minute)
                with self.engine.begin() as conn:
                    conn.execute(
                        self._sql("UPDATE derived_blobs SET last_used = {now} WHERE key = :key"),
                        {"key": key},
                    )
        except (SQLAlchemyError, self._driver_error) as exc:
            self._trouble("a read", exc)
            return None
        with self._lock:
            if row is None:
                self.misses += 1
                return None
            self.hits += 1
        return bytes(row[0])

    def _read(self, conn: Connection, key: str) -> Any:
        """``(body, stale)`` of ``key``'s row, or None; ``stale``: ``last_used`` is older
        than ``touch_every``."""
        params = {"key": key, "every": self.touch_every}
        statement = _READ.replace("{now}", self._now)
        if conn.dialect.name != "postgresql":
            return conn.execute(text(statement), params).first()
        # bytea in binary: psycopg's default (text, hex) took 6 ms for 1 MB, binary 0.9 ms
        driver = conn.connection.driver_connection
        assert driver is not None
        with driver.cursor(binary=True) as cursor:
            cursor.execute(re.sub(r":(\w+)", r"%(\1)s", statement), params)
            return cursor.fetchone()

    def put(self, name: str, body: bytes, *, release: str = "") -> bool:
        """Store ``body`` under ``name`` and end the claim ``release`` in one transaction
        (waiters never see the claim gone before the blob is there); then evict the least
        recently used rows beyond the capacity. False when not stored (too large, off, or
        the database failed)."""
        if self.engine is None:
            return False
        key = self.key(name)
        fits = len(body) <= self.capacity // LARGEST_SHARE
        try:
            with self.engine.begin() as conn:
                if fits:
                    conn.execute(
                        self._sql(
                            "INSERT INTO derived_blobs (key, size, last_used, body) "
                            "VALUES (:key, :size, {now}, :body) ON CONFLICT (key) DO UPDATE "
                            "SET size = excluded.size, last_used = excluded.last_used, "
                            "body = excluded.body"
                        ),
                        {"key": key, "size": len(body), "body": body},
                    )
                if release:
                    conn.execute(
                        text("DELETE FROM derived_claims WHERE key = :key AND owner = :owner"),
                        {"key": key, "owner": release},
                    )
            if fits:
                with self._lock:
                    self.stores += 1
                self._evict()
        except SQLAlchemyError as exc:
            self._trouble("a write", exc)
            return False
        return fits

    def _evict(self) -> None:
        """Delete the least recently used rows while the table holds more than the
        capacity, down to :data:`EVICT_TO` of it."""
        assert self.engine is not None
        with self.engine.begin() as conn:
            total = conn.execute(text("SELECT COALESCE(SUM(size), 0) FROM derived_blobs")).scalar()
            if int(total or 0) <= self.capacity:
                return
            excess = int(total) - int(self.capacity * EVICT_TO)
            doomed: list[str] = []
            rows = conn.execute(text("SELECT key, size FROM derived_blobs ORDER BY last_used, key"))
            for key, size in rows:
                if excess <= 0:
                    break
                doomed.append(key)
                excess -= int(size)
            rows.close()
            for start in range(0, len(doomed), 500):
                chunk = doomed[start : start + 500]
                names = ", ".join(f":k{i}" for i in range(len(chunk)))
                conn.execute(
                    text(f"DELETE FROM derived_blobs WHERE key IN ({names})"),
                    {f"k{i}": key for i, key in enumerate(chunk)},
                )

    def usage(self) -> tuple[int, int]:
        """``(rows, bytes)`` in the table (0, 0 when off)."""
        if self.engine is None:
            return 0, 0
        with self.engine.connect() as conn:
            row = conn.execute(text("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM derived_blobs"))
            count, size = row.one()
        return int(count), int(size)

    def clear(self) -> None:
        """Forget every blob and claim (benchmarks, tests)."""
        if self.engine is None:
            return
        with self.engine.begin() as conn:
            conn.execute(text("DELETE FROM derived_blobs"))
            conn.execute(text("DELETE FROM derived_claims"))

    # -- claims ----------------------------------------------------------------------------

    def claim(self, name: str, seconds: float) -> Claim:
        """Claim the making of ``name`` for ``seconds`` (a free or expired claim), or say
        who has it. When the shared level is off or fails, the claim is the caller's."""
        if self.engine is None:
            return Claim(mine=True)
        key, token = self.key(name), uuid.uuid4().hex
        try:
            with self.engine.begin() as conn:
                won = conn.execute(
                    self._sql(
                        "INSERT INTO derived_claims (key, owner, expires, failure) "
                        "VALUES (:key, :owner, {now} + :seconds, NULL) ON CONFLICT (key) "
                        "DO UPDATE SET owner = excluded.owner, expires = excluded.expires, "
                        "failure = NULL WHERE derived_claims.expires <= {now} RETURNING owner"
                    ),
                    {"key": key, "owner": token, "seconds": seconds},
                ).first()
                if won is not None:
                    return Claim(mine=True, token=token)
                row = conn.execute(
                    self._sql(
                        "SELECT failure, expires - {now} FROM derived_claims WHERE key = :key"
                    ),
                    {"key": key},
                ).first()
        except SQLAlchemyError as exc:
            self._trouble("a claim", exc)
            return Claim(mine=True)
        if row is None:  # ended between the two statements: nobody's, so try again
            return Claim(mine=False)
        return Claim(mine=False, failure=row[0], left=max(0.0, float(row[1])))

    def state(self, name: str) -> Claim | None:
        """Another's live claim on ``name``, or None (none, or expired)."""
        if self.engine is None:
            return None
        try:
            with self.engine.connect() as conn:
                row = conn.execute(
                    self._sql(
                        "SELECT failure, expires - {now} FROM derived_claims WHERE key = :key"
                    ),
                    {"key": self.key(name)},
                ).first()
        except SQLAlchemyError as exc:
            self._trouble("a look at a claim", exc)
            return None
        if row is None or float(row[1]) <= 0:
            return None
        return Claim(mine=False, failure=row[0], left=float(row[1]))

    def release(self, name: str, token: str) -> None:
        """End the claim ``token`` without a blob (the waiters then claim it)."""
        if self.engine is None or not token:
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    text("DELETE FROM derived_claims WHERE key = :key AND owner = :owner"),
                    {"key": self.key(name), "owner": token},
                )
        except SQLAlchemyError as exc:
            self._trouble("a release", exc)

    def fail(self, name: str, token: str, failure: str, seconds: float) -> None:
        """Turn the claim ``token`` into a failure marker for ``seconds``: whoever asks
        meanwhile gets ``failure`` instead of trying again (``seconds <= 0``: release)."""
        if self.engine is None or not token:
            return
        if seconds <= 0:
            self.release(name, token)
            return
        try:
            with self.engine.begin() as conn:
                conn.execute(
                    self._sql(
                        "UPDATE derived_claims SET failure = :failure, expires = {now} + :seconds "
                        "WHERE key = :key AND owner = :owner"
                    ),
                    {"key": self.key(name), "owner": token, "failure": failure, "seconds": seconds},
                )
        except SQLAlchemyError as exc:
            self._trouble("a failure marker", exc)

    def wait(self, name: str, until: float) -> bytes | Claim | None:
        """Wait while another worker makes ``name``: its blob once stored, its failure (a
        :class:`Claim` with ``failure``), the live claim when ``until``
        (``time.monotonic()``) has passed, or None when nobody makes it any more (the
        claim ended without a blob, or expired: claim it)."""
        delay = self.poll[0]
        with self._counted():
            while True:
                state = self.state(name)
                if state is None:
                    return self.get(name)
                left = until - time.monotonic()
                if state.failure is not None or left <= 0:
                    return state
                time.sleep(min(delay, left))
                delay = min(delay * 1.5, self.poll[1])

    @contextmanager
    def _counted(self) -> Iterator[None]:
        with self._lock:
            self._polling += 1
        try:
            yield
        finally:
            with self._lock:
                self._polling -= 1


def from_app(app: Any) -> SharedCache:
    """The shared level of a Flask app: its database, ``TOC_SHARED_CACHE_BYTES`` (0: off;
    off too for an in-memory SQLite database, which is one connection)."""
    from .db import db

    capacity = int(app.config.get("TOC_SHARED_CACHE_BYTES", 0))
    with app.app_context():
        engine: Engine | None = db.engine
    assert engine is not None
    if engine.dialect.name == "sqlite" and engine.url.database in (None, "", ":memory:"):
        engine = None
    return SharedCache(engine, capacity, namespace=code_digest())
