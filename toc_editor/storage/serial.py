"""JSON and memory helpers for the graph store: fast (de)serialisation, canonical JSON,
and pausing the cyclic garbage collector while large graphs are built.

>>> canonical({"b": 1, "a": [1, 2]})
'{"a":[1,2],"b":1}'
>>> fast_loads(fast_dumps({"label": "Café", "n": [1, 2.5]}))
{'label': 'Café', 'n': [1, 2.5]}
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import orjson


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large graph.

    Materialising a 20,000-node ToC allocates millions of objects; the collector's
    repeated passes over them made parsing a checkpoint 3-5x slower (0.09 s paused vs
    0.26-0.45 s). Reference counting still frees memory meanwhile, and cycles are
    collected after. Process-wide: with threads, another request may turn it back on
    early, which costs only speed.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def fast_loads(data: bytes | str) -> Any:
    """Parse JSON with orjson (about 3x faster than the standard library)."""
    return orjson.loads(data)


def fast_dumps(value: Any) -> bytes:
    """UTF-8 JSON bytes; orjson, or the standard library for what orjson refuses
    (integers beyond 64 bits)."""
    try:
        return orjson.dumps(value)
    except TypeError:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def canonical(value: Any) -> str:
    """Canonical JSON: sorted keys, no spaces (hashes and stored values use it)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
