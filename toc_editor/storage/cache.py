"""A small thread-safe LRU, bounded by total weight, for values derived from immutable commits.

Only derived data goes here (materialised graphs, serialised trees, renders), keyed by
commit id, so every worker may hold its own copy and none is ever the only one.
Graphs weigh their entity count; byte strings their length.

>>> cache = LRU(capacity=2)
>>> cache.put("a", 1); cache.put("b", 2); cache.get("a"); cache.put("c", 3)
1
>>> cache.get("b") is None, len(cache)
(True, 2)
>>> cache.put("huge", 4, weight=5)  # heavier than the whole budget: not kept
>>> "huge" in cache
False
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from .shared_cache import SharedCache


class LRU:
    def __init__(self, capacity: int) -> None:
        self.capacity = max(1, capacity)
        self._items: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._weight = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                self.hits += 1
                return self._items[key][0]
            self.misses += 1
            return None

    def put(self, key: Hashable, value: Any, weight: int = 1) -> None:
        if weight > self.capacity:
            return
        with self._lock:
            if key in self._items:
                self._weight -= self._items.pop(key)[1]
            self._items[key] = (value, weight)
            self._weight += weight
            while self._weight > self.capacity:
                _, (_, dropped) = self._items.popitem(last=False)
                self._weight -= dropped

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._items

    def __len__(self) -> int:
        return len(self._items)

    @property
    def weight(self) -> int:
        return self._weight

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._weight = 0


def _no_shared_level() -> SharedCache:
    return SharedCache(None, 0)


@dataclass
class Caches:
    """Per-worker caches: ``graphs`` (weight = nodes + edges) and ``blobs`` (weight =
    bytes); ``shared``, the second level behind ``blobs`` that every worker reads
    (:mod:`toc_editor.storage.shared_cache`; off unless given), with this worker's
    single flights."""

    graphs: LRU
    blobs: LRU
    shared: SharedCache = field(default_factory=_no_shared_level)
