"""Derived data (diagrams, layouts, exports) made once for every worker: two cache levels
and a single flight per key.

:func:`fetch` returns the bytes under a key from the first place that has them:

1. this worker's LRU (``ctx.store.blobs``);
2. the shared table (``ctx.store.shared``, :mod:`toc_editor.storage.shared_cache`), read by
   every worker and host; a hit there fills the first level;
3. else they are made, once: threads of this worker asking for the same key meanwhile
   wait for the one that makes it, and so do other workers and hosts, through its claim
   in the shared table. Only the maker enters ``guard`` (for diagrams: the per-client
   render limit and a ``dot`` slot); waiting takes neither. Making and waiting both hold
   a thread, so at most ``room`` threads of a worker do either at once (for diagrams the
   slots and their queue: ``TOC_RENDER_CONCURRENCY + TOC_RENDER_QUEUE``); one more is
   refused at once (503), and the worker's other threads stay free for other requests.

A render that failed or timed out (``RenderFailed``, ``RenderTimeout``) is remembered
for ``failed_for`` seconds in both levels: whoever asks for it meanwhile, in any worker,
gets the same error at once, without ``dot``. A maker that found no ``dot`` slot free
(503) answers its worker's waiters the same; its other errors (its client over its
limit) are its own: the waiters then try again, one of them as the maker.

Shared rows are named by the key and the ``dot`` program in use (its path, size and
time), so a Graphviz upgrade draws afresh; the shared level adds a digest of the code.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any

from .. import rendering
from ..rendering.runner import dot_binary
from .context import Ctx
from .errors import Busy

MARGIN = 10.0
"""Seconds a claim outlives the longest making it covers (building DOT, checking SVG)."""
SHARED_ERRORS = (rendering.RenderTimeout, rendering.RenderFailed)
"""Failures that are the picture's, not the asker's: everyone gets them (see above)."""
ATTEMPTS = 3
"""Times a thread waits for another's making that ended in that one's own error, before
making it without waiting."""
_FAILED_WEIGHT = 256  # bytes charged to the first level for a remembered failure

Guard = Callable[[], AbstractContextManager[None]]


@dataclass(frozen=True)
class _Order:
    """What :func:`fetch` was asked to make (see its arguments); ``name`` is the key's
    name in the shared level."""

    key: str
    name: str
    make: Callable[[], bytes]
    lease: float
    guard: Guard
    failed_for: float


@dataclass(frozen=True)
class _Failed:
    """A failure remembered in the first level until ``until`` (``time.monotonic()``)."""

    until: float
    error: rendering.RenderError


def again(err: BaseException) -> BaseException:
    """A fresh copy of a shared failure, to raise once more (each raise its own)."""
    if isinstance(err, rendering.RenderTimeout):
        return rendering.RenderTimeout(err.seconds)
    if isinstance(err, rendering.RenderFailed):
        return rendering.RenderFailed(str(err), err.stderr)
    return rendering.RenderError(str(err))


def _encode(err: rendering.RenderError) -> str:
    if isinstance(err, rendering.RenderTimeout):
        return json.dumps({"timeout": err.seconds})
    return json.dumps({"failed": str(err), "stderr": getattr(err, "stderr", "")})


def _decode(text: str) -> rendering.RenderError:
    """The error of a failure marker (a plain failure if it cannot be read)."""
    try:
        data = json.loads(text)
        if "timeout" in data:
            return rendering.RenderTimeout(float(data["timeout"]))
        return rendering.RenderFailed(str(data["failed"]), str(data.get("stderr", "")))
    except (ValueError, TypeError, KeyError):
        return rendering.RenderFailed("Graphviz failed")


@functools.cache
def _tool(path: str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return path
    return f"{path}:{st.st_size}:{st.st_mtime_ns}"


def shared_name(key: str) -> str:
    """The name of ``key`` in the shared level: with the ``dot`` program that draws it."""
    return f"{key}|{_tool(dot_binary())}"


def _remember(blobs: Any, key: str, err: BaseException, seconds: float) -> None:
    if seconds > 0 and isinstance(err, rendering.RenderError):
        until = time.monotonic() + seconds
        blobs.put(("failed", key), _Failed(until, err), weight=_FAILED_WEIGHT)


def _remembered(blobs: Any, key: str) -> None:
    """Raise the failure remembered for ``key``, if its time has not passed."""
    failed = blobs.get(("failed", key))
    if isinstance(failed, _Failed) and failed.until > time.monotonic():
        raise again(failed.error)


def fetch(
    ctx: Ctx,
    key: str,
    make: Callable[[], bytes],
    *,
    lease: float,
    guard: Guard = nullcontext,
    failed_for: float = 0.0,
    room: int | None = None,
    retry_after: int = 2,
) -> bytes:
    """The bytes under ``key``: cached, or made once by ``make()`` inside ``guard()``.

    ``lease``: seconds the maker's claim lasts (the longest it may take, with margin);
    after that another worker may take over. ``failed_for``: seconds a shared failure is
    remembered (0: not). ``room``: how many threads of this worker may make or wait for
    uncached blobs at once (None: any); one more gets :class:`Busy` (503, ``retry_after``)
    at once, so the worker keeps threads for other requests.
    """
    blobs, shared = ctx.store.blobs, ctx.store.shared
    order = _Order(key, shared_name(key), make, lease, guard, failed_for)
    name = order.name
    for attempt in range(ATTEMPTS + 1):
        body = blobs.get(key)
        if body is not None:
            return body  # type: ignore[no-any-return]
        _remembered(blobs, key)
        body = shared.get(name)
        if body is not None:
            blobs.put(key, body, weight=len(body))
            return body  # type: ignore[no-any-return]
        if not shared.enter(room):
            raise Busy(
                "this worker is drawing or waiting for as many pictures as it may at once; "
                "try again after the time in Retry-After",
                retry_after=retry_after,
            )
        try:
            if attempt == ATTEMPTS:  # the others' makings kept failing: make it here
                return _make_shared(ctx, order)
            body = _in_flight(ctx, order)
        finally:
            shared.leave()
        if body is not None:
            return body
    raise AssertionError("unreachable")  # pragma: no cover


def _in_flight(ctx: Ctx, order: _Order) -> bytes | None:
    """Make ``key`` as this worker's one flight for it, or wait for the thread that does;
    None when that one was refused for its own reasons (then ask again)."""
    flights, key = ctx.store.shared.flights, order.key
    flight, leader = flights.join(key)
    if leader:
        try:
            body = _make_shared(ctx, order)
        except BaseException as exc:
            flights.land(key, flight, error=exc)
            raise
        flights.land(key, flight, value=body)
        return body
    if not flights.follow(flight, 3 * order.lease + MARGIN):
        raise Busy(
            "another request is still making this; try again after the time in Retry-After",
            retry_after=max(1, int(order.lease / 4)),
        )
    if flight.error is None and flight.value is not None:
        return flight.value
    if isinstance(flight.error, SHARED_ERRORS):
        raise again(flight.error)
    if isinstance(flight.error, Busy):  # no dot slot came free: none would for us
        raise Busy(flight.error.message, where=flight.error.where, **flight.error.extra)
    return None  # the maker was turned away (its client over its limit) or broke


def _make_shared(ctx: Ctx, order: _Order) -> bytes:
    """Made once across workers (or found stored meanwhile); fills the first level."""
    blobs = ctx.store.blobs
    body = _make_once(blobs, ctx.store.shared, order)
    blobs.put(order.key, body, weight=len(body))
    return body


def _make_once(blobs: Any, shared: Any, order: _Order) -> bytes:
    key, name, lease, failed_for = order.key, order.name, order.lease, order.failed_for
    until = time.monotonic() + 2 * lease
    while True:
        claim = shared.claim(name, lease)
        if claim.mine:
            break
        outcome = claim if claim.failure is not None else shared.wait(name, until)
        if isinstance(outcome, bytes):
            return outcome
        if outcome is not None and outcome.failure is not None:
            err = _decode(outcome.failure)
            _remember(blobs, key, err, outcome.left)
            raise err
        if outcome is not None or time.monotonic() >= until:
            raise Busy(
                "another worker is still making this; try again after the time in Retry-After",
                retry_after=max(1, int(lease / 4)),
            )
        # nobody is making it now (the maker gave up, or died and its claim expired)
    try:
        body = shared.get(name)  # stored by another between our miss and our claim?
        if body is not None:
            shared.release(name, claim.token)
            return body  # type: ignore[no-any-return]
        with order.guard():
            body = order.make()
    except SHARED_ERRORS as exc:
        _remember(blobs, key, exc, failed_for)
        shared.fail(name, claim.token, _encode(exc), failed_for)
        raise
    except BaseException:
        shared.release(name, claim.token)
        raise
    shared.put(name, body, release=claim.token)
    return body
