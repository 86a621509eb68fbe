"""One making per key within a worker (services/derived.py), without a database: threads
that ask for the same key wait for the one that makes it, and what each gets when that
one fails depends on whose failure it is. The makers block until the test has seen the
others wait, so nothing depends on timing."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from types import SimpleNamespace
from typing import Any

import pytest

from toc_editor.rendering import RenderFailed
from toc_editor.services import derived
from toc_editor.services.errors import Busy, Forbidden
from toc_editor.storage.cache import LRU
from toc_editor.storage.shared_cache import SharedCache

THREADS = 6


def worker_ctx() -> Any:
    """A use-case context with a worker's caches and no shared level."""
    store = SimpleNamespace(blobs=LRU(1 << 20), shared=SharedCache(None, 0))
    return SimpleNamespace(store=store, user=None)


def ask_at_once(
    ctx: Any, make: Callable[[], bytes], guard: Callable[[], AbstractContextManager[None]]
) -> list[Any]:
    """``THREADS`` threads fetch one key; returns each one's bytes or error."""
    results: list[Any] = []
    lock = threading.Lock()

    def ask() -> None:
        try:
            out: Any = derived.fetch(ctx, "k", make, lease=30, guard=guard, failed_for=60)
        except Exception as exc:
            out = exc
        with lock:
            results.append(out)

    threads = [threading.Thread(target=ask) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def until_waiting(ctx: Any, others: int) -> None:
    """Return once ``others`` threads wait for this one's making (at most 30 s)."""
    deadline = time.monotonic() + 30
    while ctx.store.shared.waiting < others and time.monotonic() < deadline:
        time.sleep(0.01)
    assert ctx.store.shared.waiting == others


def test_threads_asking_for_one_key_wait_for_one_making() -> None:
    ctx = worker_ctx()
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        until_waiting(ctx, THREADS - 1)
        return b"drawn"

    assert ask_at_once(ctx, make, nullcontext) == [b"drawn"] * THREADS
    assert len(calls) == 1
    assert derived.fetch(ctx, "k", make, lease=30) == b"drawn" and len(calls) == 1


def test_a_failed_render_is_everyones_and_is_remembered() -> None:
    ctx = worker_ctx()
    calls: list[int] = []

    def make() -> bytes:
        calls.append(1)
        until_waiting(ctx, THREADS - 1)
        raise RenderFailed("Graphviz failed with exit status 3", "syntax error")

    results = ask_at_once(ctx, make, nullcontext)
    assert len(calls) == 1
    assert all(isinstance(r, RenderFailed) and r.stderr == "syntax error" for r in results)
    assert len({id(r) for r in results}) == THREADS  # each its own copy to raise
    with pytest.raises(RenderFailed):
        derived.fetch(ctx, "k", make, lease=30)
    assert len(calls) == 1


def test_a_maker_without_a_dot_slot_answers_its_waiters_503() -> None:
    ctx = worker_ctx()

    def no_slot() -> AbstractContextManager[None]:
        until_waiting(ctx, THREADS - 1)
        raise Busy("no dot slot", retry_after=3)

    results = ask_at_once(ctx, lambda: b"never", no_slot)
    assert all(isinstance(r, Busy) and r.extra == {"retry_after": 3} for r in results)


def test_a_maker_refused_for_its_own_reasons_leaves_the_making_to_a_waiter() -> None:
    ctx = worker_ctx()
    turns: list[int] = []
    calls: list[int] = []

    def first_one_refused() -> AbstractContextManager[None]:
        turns.append(1)
        if len(turns) == 1:  # e.g. its anonymous client is over its render limit
            until_waiting(ctx, THREADS - 1)
            raise Forbidden("over the limit")
        return nullcontext()

    def make() -> bytes:
        calls.append(1)
        until_waiting(ctx, THREADS - 2)
        return b"drawn"

    results = ask_at_once(ctx, make, first_one_refused)
    assert sorted(type(r).__name__ for r in results) == ["Forbidden"] + ["bytes"] * (THREADS - 1)
    assert len(calls) == 1 and len(turns) == 2


def test_threads_beyond_the_room_are_refused_at_once() -> None:
    ctx = worker_ctx()
    release = threading.Event()
    refused: list[Any] = []

    def make() -> bytes:
        until_waiting(ctx, 1)  # room for 2: this one makes, one waits
        try:
            derived.fetch(ctx, "k", make, lease=30, room=2, retry_after=4)
        except Busy as exc:
            refused.append(exc)
        release.set()
        return b"drawn"

    results = []
    follower = threading.Thread(
        target=lambda: results.append(derived.fetch(ctx, "k", make, lease=30, room=2))
    )

    def lead() -> None:
        results.append(derived.fetch(ctx, "k", make, lease=30, room=2))

    leader = threading.Thread(target=lead)
    leader.start()
    deadline = time.monotonic() + 30
    while ctx.store.shared.busy < 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    follower.start()
    leader.join(30)
    follower.join(30)
    assert release.is_set() and results == [b"drawn", b"drawn"]
    assert [r.extra for r in refused] == [{"retry_after": 4}]
    assert ctx.store.shared.busy == 0
