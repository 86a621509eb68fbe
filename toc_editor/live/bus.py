"""The live channel's event bus: what subscribers get, and the fan-out every bus shares.

A bus takes the ``BranchMoved`` events of a transaction from the unit of work (it is its
``Outbox``: :meth:`Bus.stage` inside the transaction, then ``release`` or ``abandon``)
and hands each committed one to every :class:`Subscription` of its (graph, branch), in
commit order, once. Two buses implement it: :class:`~toc_editor.live.local.LocalBus`
(one process, the embedded default) and :class:`~toc_editor.live.postgres.PostgresBus`
(``LISTEN/NOTIFY``, every process and host on one PostgreSQL).

A subscription is a bounded queue that any thread (or, through ``on_item``, an event
loop) can wait on. A subscriber that falls more than ``limit`` items behind, or a bus
that may have missed events (its listener reconnected), gets a :class:`Resync` instead of
a silent gap: the subscriber then reads what it missed from storage (the delta between
the last commit it saw and the branch's head) and carries on.

>>> from toc_editor.domain.delta import Delta
>>> moved = BranchMoved(7, "main", "a" * 40, "b" * 40, Delta(nodes={"n": None}),
...                     ("a" * 40,), "ana", "Drop n")
>>> from_json(to_json(moved)) == moved
True
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from sqlalchemy.orm import Session

from ..domain.delta import Delta
from ..domain.events import BranchMoved, Event

__all__ = [
    "Bus",
    "Hub",
    "Item",
    "LiveUnavailable",
    "Presence",
    "Resync",
    "Subscription",
    "event_dict",
    "from_dict",
    "from_json",
    "presence_from_dict",
    "presence_to_json",
    "to_json",
]

Key = tuple[int, str]
"""(graph id, branch name): what one subscribes to."""


@dataclass(frozen=True)
class Resync:
    """Events of (``graph_id``, ``branch``) may have been missed: read them from storage."""

    graph_id: int
    branch: str
    reason: str


@dataclass(frozen=True)
class Presence:
    """Who has (graph, branch) open and what they point at: ephemeral, never stored.

    ``data`` is the wire form the clients receive (session, user, display_name,
    selection, field, gone); the bus only routes it by (``graph_id``, ``branch``).
    """

    graph_id: int
    branch: str
    data: dict[str, Any]


Item = BranchMoved | Resync | Presence


class LiveUnavailable(RuntimeError):
    """The bus cannot listen right now (its database is unreachable); try again later."""


def event_dict(event: BranchMoved) -> dict[str, Any]:
    """The wire form of ``event`` (what a live client receives, as JSON)."""
    return {
        "graph_id": event.graph_id,
        "branch": event.branch,
        "commit": event.new,
        "old": event.old,
        "parents": list(event.parents),
        "author": event.author,
        "message": event.message,
        "delta": {"nodes": event.delta.nodes, "edges": event.delta.edges},
    }


def from_dict(data: dict[str, Any]) -> BranchMoved:
    delta = data["delta"]
    return BranchMoved(
        graph_id=int(data["graph_id"]),
        branch=str(data["branch"]),
        old=data["old"],
        new=str(data["commit"]),
        delta=Delta(nodes=dict(delta["nodes"]), edges=dict(delta["edges"])),
        parents=tuple(data["parents"]),
        author=str(data["author"]),
        message=str(data["message"]),
    )


def to_json(event: BranchMoved) -> bytes:
    return orjson.dumps(event_dict(event))


def from_json(payload: bytes | str) -> BranchMoved:
    return from_dict(orjson.loads(payload))


def presence_to_json(item: Presence) -> bytes:
    """The bus form of a presence: its route and its data, marked as presence.

    >>> p = Presence(7, "main", {"session": "s1", "gone": False})
    >>> presence_from_dict(orjson.loads(presence_to_json(p))) == p
    True
    """
    return orjson.dumps(
        {"kind": "presence", "graph_id": item.graph_id, "branch": item.branch, "data": item.data}
    )


def presence_from_dict(data: dict[str, Any]) -> Presence:
    return Presence(int(data["graph_id"]), str(data["branch"]), dict(data["data"]))


class Subscription:
    """The events of one (graph, branch) for one subscriber, in commit order.

    ``get(timeout)`` returns the next :data:`Item`, or None after ``timeout`` seconds
    without one (None waits for ever) or once the subscription is closed. ``on_item``,
    if given, is called (from the publishing thread, so it must be quick and thread-safe,
    e.g. ``loop.call_soon_threadsafe``) whenever an item is queued.
    """

    def __init__(self, hub: Hub, key: Key, limit: int, on_item: Callable[[], None] | None) -> None:
        self.graph_id, self.branch = key
        self._hub = hub
        self._limit = limit
        self._on_item = on_item
        self._items: deque[Item] = deque()
        self._ready = threading.Condition()
        self.closed = False

    def get(self, timeout: float | None = None) -> Item | None:
        with self._ready:
            if not self._items and not self.closed:
                self._ready.wait(timeout)
            return self._items.popleft() if self._items else None

    def pending(self) -> int:
        return len(self._items)

    def close(self) -> None:
        self._hub.remove(self)
        with self._ready:
            self.closed = True
            self._ready.notify_all()

    def __enter__(self) -> Subscription:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def put(self, item: Item) -> None:
        """Queue ``item`` (the bus calls this); past ``limit``, a :class:`Resync` instead."""
        with self._ready:
            if self.closed:
                return
            if len(self._items) >= self._limit:
                self._items.clear()  # what is queued is stale once a resync is due
                item = Resync(self.graph_id, self.branch, "the subscriber fell behind")
            self._items.append(item)
            self._ready.notify_all()
        if self._on_item is not None:
            self._on_item()


class Hub:
    """The subscriptions of one process, by (graph, branch); thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subs: dict[Key, set[Subscription]] = {}

    def add(self, sub: Subscription) -> None:
        with self._lock:
            self._subs.setdefault((sub.graph_id, sub.branch), set()).add(sub)

    def remove(self, sub: Subscription) -> None:
        with self._lock:
            subs = self._subs.get((sub.graph_id, sub.branch))
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._subs[(sub.graph_id, sub.branch)]

    def wanted(self, key: Key) -> bool:
        with self._lock:
            return key in self._subs

    def _targets(self, key: Key) -> list[Subscription]:
        with self._lock:
            return list(self._subs.get(key, ()))

    def deliver(self, event: BranchMoved | Presence) -> None:
        """Hand ``event`` to every subscription of its branch. Callers deliver one at a
        time, in commit order (each bus serialises its deliveries)."""
        for sub in self._targets((event.graph_id, event.branch)):
            sub.put(event)

    def resync(self, key: Key, reason: str) -> None:
        for sub in self._targets(key):
            sub.put(Resync(key[0], key[1], reason))

    def resync_all(self, reason: str) -> None:
        with self._lock:
            keys = list(self._subs)
        for key in keys:
            self.resync(key, reason)

    def count(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subs.values())


class Bus(ABC):
    """Publish committed branch moves; subscribe per (graph, branch)."""

    def __init__(self) -> None:
        self.hub = Hub()

    @abstractmethod
    def stage(self, session: Session, events: Sequence[Event]) -> Any:
        """Take ``events`` of the transaction open in ``session``, just before it commits;
        the result's ``release()``/``abandon()`` says whether it did (the UoW's Outbox)."""

    def subscribe(
        self,
        graph_id: int,
        branch: str,
        *,
        limit: int = 1000,
        on_item: Callable[[], None] | None = None,
    ) -> Subscription:
        """Every move of ``branch`` of ``graph_id`` committed from now on (once this
        returns, nothing committed later is missed)."""
        self.listen()
        sub = Subscription(self.hub, (graph_id, branch), limit, on_item)
        self.hub.add(sub)
        return sub

    @abstractmethod
    def announce(self, presence: Presence) -> None:
        """Hand ``presence`` to every subscriber of its branch, in every process, now (it
        belongs to no transaction). Best effort: presence is refreshed by its senders."""

    def status(self) -> str:
        """How this process hears events, for ``GET /health``."""
        return f"{self.kind}; {self.hub.count()} open in this process"

    kind = "in-process"

    def listen(self) -> None:  # noqa: B027 - a bus that needs no listener does nothing
        """Make sure this process receives events (raise :class:`LiveUnavailable` if not)."""

    def close(self) -> None:  # noqa: B027
        """Stop listening (idempotent)."""
