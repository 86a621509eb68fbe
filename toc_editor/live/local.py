"""The in-process bus: the embedded default (SQLite, one process).

Events are staged inside the landing transaction, while it holds the database's write
lock (SQLite's; a branch's row lock on PostgreSQL), so staging order is commit order. A
staged batch is delivered once its own transaction and every one staged before it have
settled (committed or rolled back): a thread that commits second but runs first still
waits for the first one's batch. Delivery is a few appends to subscriber queues under one
lock, in the thread that committed; no thread of its own.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Sequence

from sqlalchemy.orm import Session

from ..domain.events import Event
from .bus import Bus, Presence

__all__ = ["LocalBus"]


class _Batch:
    __slots__ = ("bus", "committed", "events")

    def __init__(self, bus: LocalBus, events: Sequence[Event]) -> None:
        self.bus = bus
        self.events = list(events)
        self.committed: bool | None = None  # None: not settled yet

    def release(self) -> None:
        self.bus._settle(self, True)

    def abandon(self) -> None:
        self.bus._settle(self, False)


class LocalBus(Bus):
    """Fan-out to the subscribers of this process, in commit order."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._staged: deque[_Batch] = deque()

    def stage(self, session: Session, events: Sequence[Event]) -> _Batch:
        batch = _Batch(self, events)
        with self._lock:
            self._staged.append(batch)
        return batch

    def _settle(self, batch: _Batch, committed: bool) -> None:
        with self._lock:
            if batch.committed is not None:
                return  # settled already: once only
            batch.committed = committed
            while self._staged and self._staged[0].committed is not None:
                done = self._staged.popleft()
                if done.committed:
                    for event in done.events:
                        self.hub.deliver(event)

    def announce(self, presence: Presence) -> None:
        self.hub.deliver(presence)
