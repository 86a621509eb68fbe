"""Memory of one worker at its cache defaults (README: Configuration, Scale-out).

Measures the resident set size (RSS) of this process: after building the app (a worker's
base), after filling the per-worker graph cache to ``TOC_GRAPH_CACHE_ENTITIES`` with
materialised generated ToCs of the given size (the objects the cache really holds), and
after filling the blob cache to ``TOC_BLOB_CACHE_BYTES`` with serialised trees. Each
configuration runs in a fresh subprocess, side by side, so the figures share one machine
state. Prints a Markdown table.

    python bench/bench_memory.py                 # the defaults, and the old defaults
    python bench/bench_memory.py --nodes 2000
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

MB = 1024 * 1024


def rss() -> int:
    """Resident set size of this process in bytes (Linux)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def measure(nodes: int, entities: int, blob_bytes: int) -> dict[str, Any]:
    """Run in a fresh process: base, + full graph cache, + full blob cache."""
    os.environ["TOC_INSTANCE_PATH"] = tempfile.mkdtemp()
    os.environ["TOC_GRAPH_CACHE_ENTITIES"] = str(entities)
    os.environ["TOC_BLOB_CACHE_BYTES"] = str(blob_bytes)
    import orjson

    from tests.generate import generate
    from toc_editor import create_app
    from toc_editor.domain import model
    from toc_editor.storage.graph_store import _weight

    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    caches = app.extensions["toc_cache"]
    gc.collect()
    base = rss()
    i = 0
    while caches.graphs.weight + nodes * 3 <= caches.graphs.capacity:
        G = model.from_document(generate(nodes, seed=i))
        caches.graphs.put(("graph", i), G, weight=_weight(G))
        i += 1
    gc.collect()
    with_graphs = rss()
    tree = orjson.dumps(model.to_document(G))
    j = 0
    while caches.blobs.weight + len(tree) <= caches.blobs.capacity:
        caches.blobs.put(("tree", j), bytes(tree) + str(j).encode(), weight=len(tree) + 8)
        j += 1
    gc.collect()
    full = rss()
    return {
        "entities": caches.graphs.weight,
        "graphs": len(caches.graphs),
        "blob_bytes": caches.blobs.weight,
        "base": base,
        "graphs_rss": with_graphs - base,
        "blobs_rss": full - with_graphs,
        "full": full,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000, help="nodes per cached graph")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.nodes, *map(int, args.child.split(",")))))
        return
    from toc_editor.config import DEFAULT_BLOB_CACHE_BYTES, DEFAULT_GRAPH_CACHE_ENTITIES

    configs = [
        ("defaults", DEFAULT_GRAPH_CACHE_ENTITIES, DEFAULT_BLOB_CACHE_BYTES),
        ("before (400,000 / 128 MB)", 400_000, 128 * MB),
    ]
    print(
        f"| caches | graph entities held | base RSS | + graph cache | per entity "
        f"| + blob cache | worker at full caches | 4 workers |  ({args.nodes}-node graphs)"
    )
    print("|---|---|---|---|---|---|---|---|")
    for name, entities, blobs in configs:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--nodes",
                str(args.nodes),
                "--child",
                f"{entities},{blobs}",
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"| {name} | {r['entities']:,} | {r['base'] / MB:.0f} MB "
            f"| {r['graphs_rss'] / MB:.0f} MB | {r['graphs_rss'] / r['entities']:.0f} B "
            f"| {r['blobs_rss'] / MB:.0f} MB | {r['full'] / MB:.0f} MB "
            f"| {4 * r['full'] / MB:,.0f} MB |"
        )


if __name__ == "__main__":
    main()
