"""The ``dot`` slots of this process: how many runs go on at once, and who waits.

At most :func:`set_concurrency` (2 unless set) ``dot`` runs go on at once per process,
whoever asks (diagrams, the Word report, the CLI); the others wait for a slot, as long
as their own timeout (then :class:`RenderTimeout`). ``with slot(seconds, queue):``
takes a slot up front for a whole rendering (building the DOT, ``dot``, checking the
SVG), which the runs inside then use: it waits at most ``seconds``, and only while
fewer than ``queue`` others wait, else :class:`RenderBusy` at once. That is how a web
request is refused before it does any work while ``dot`` is busy
(:mod:`toc_editor.services.diagrams`). Each run of
:func:`~toc_editor.rendering.runner.run_dot` goes through :func:`run_slot`.
"""

from __future__ import annotations

import contextvars
import math
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .errors import RenderError, RenderTimeout

__all__ = ["DEFAULT_CONCURRENCY", "RenderBusy", "run_slot", "set_concurrency", "slot"]


class RenderBusy(RenderError):
    """Every ``dot`` slot of this process stayed taken (or too many runs wait already);
    ``retry_after`` is a guess, in whole seconds, of when one comes free."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class _Slots:
    """At most ``size`` ``dot`` runs at once in this process; FIFO is not promised."""

    def __init__(self, size: int) -> None:
        self.size = max(1, size)
        self._reset()

    def _reset(self) -> None:
        self._cond = threading.Condition()
        self._pid = os.getpid()
        self.running = 0
        self.waiting = 0
        self.average = 1.0  # seconds a run takes, a moving average

    def _mine(self) -> None:
        if self._pid != os.getpid():  # forked: the parent's runs are not ours
            self._reset()

    def retry_after(self) -> int:
        """Seconds until a slot is likely free for one more run, 1 to 60."""
        ahead = self.waiting + 1
        return max(1, min(60, math.ceil(self.average * ahead / self.size)))

    def _busy(self, why: str) -> RenderBusy:
        return RenderBusy(
            f"the server is drawing as many diagrams as it can at once ({self.size} per "
            f"worker){why}; try again after the time in Retry-After",
            self.retry_after(),
        )

    def acquire(self, wait: float, queue: int | None = None) -> None:
        """Take a slot within ``wait`` seconds; with a ``queue`` bound, refuse at once when
        that many wait already. :class:`RenderBusy` when none is had."""
        self._mine()
        with self._cond:
            if self.running < self.size:
                self.running += 1
                return
            if queue is not None and self.waiting >= queue:
                raise self._busy(" and others are waiting already")
            self.waiting += 1
            try:
                got = self._cond.wait_for(lambda: self.running < self.size, max(0.0, wait))
            finally:
                self.waiting -= 1
            if not got:
                raise self._busy("")
            self.running += 1

    def release(self, seconds: float) -> None:
        with self._cond:
            self.running = max(0, self.running - 1)
            self.average += (seconds - self.average) / 4
            self._cond.notify()

    def resize(self, size: int) -> None:
        with self._cond:
            self.size = max(1, size)
            self._cond.notify_all()


DEFAULT_CONCURRENCY = 2
_SLOTS = _Slots(DEFAULT_CONCURRENCY)
_HELD: contextvars.ContextVar[bool] = contextvars.ContextVar("toc_dot_slot_held", default=False)


def set_concurrency(size: int) -> None:
    """How many ``dot`` processes may run at once in this process (at least 1)."""
    if size != _SLOTS.size:
        _SLOTS.resize(size)


@contextmanager
def slot(wait: float, queue: int) -> Iterator[None]:
    """Hold one ``dot`` slot for the block; the runs inside it use that slot. Waits at
    most ``wait`` seconds for it, and only while fewer than ``queue`` others wait; else
    :class:`RenderBusy`. Inside a block that holds one already, takes none."""
    if _HELD.get():
        yield
        return
    _SLOTS.acquire(wait, max(0, queue))
    token = _HELD.set(True)
    began = time.monotonic()
    try:
        yield
    finally:
        _HELD.reset(token)
        _SLOTS.release(time.monotonic() - began)


@contextmanager
def run_slot(timeout: float) -> Iterator[None]:
    """The slot of one ``dot`` run: the caller's, inside :func:`slot`; else one taken for
    the run, waiting for it at most ``timeout`` seconds (then :class:`RenderTimeout`)."""
    if _HELD.get():
        yield
        return
    try:
        _SLOTS.acquire(timeout)
    except RenderBusy:
        raise RenderTimeout(timeout) from None
    began = time.monotonic()
    try:
        yield
    finally:
        _SLOTS.release(time.monotonic() - began)
