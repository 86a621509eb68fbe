"""Time rendering: raw ``dot -Tsvg`` on our DOT versus our ``render(...)``, uncached.

Run ``python bench/bench_render.py`` from the repository root. For generated 300- and
1,000-node ToCs (and every ``seed_graphs/*.json``) it prints the seconds taken by plain
``dot -Tsvg`` on exactly the DOT text we build, by our full ``render(doc, meta, "svg")``
(validation, DOT building, the contained subprocess and SVG sanitising), and their
ratio. ``--untuned`` also times dot with Graphviz's default layout settings (slow: the
DESIGN notes measured 35 s for 1,000 nodes). Caching happens in the service layer, so
nothing here is cached.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.generate import generate  # noqa: E402
from toc_editor.domain.model import from_document, to_document  # noqa: E402
from toc_editor.rendering import render  # noqa: E402
from toc_editor.rendering.dot import to_dot  # noqa: E402
from toc_editor.rendering.runner import dot_binary  # noqa: E402

TUNING = re.compile(r', (mclimit|nslimit|searchsize)="[^"]*"')


def _time(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def _raw_dot(source: str) -> None:
    subprocess.run([dot_binary(), "-Tsvg"], input=source.encode(), capture_output=True,
                   check=True)  # fmt: skip


def cases() -> list[tuple[str, dict[str, Any]]]:
    """(name, document) pairs to time."""
    out = [(f"generated {n}", generate(n, seed=1)) for n in (300, 1000)]
    for path in sorted((ROOT / "seed_graphs").glob("*.json")):
        data = json.loads(path.read_text())
        out.append((path.stem, {"nodes": data.get("nodes", []), "edges": data.get("edges", [])}))
    return out


def main(argv: list[str] | None = None) -> None:
    """Print the timing table."""
    parser = argparse.ArgumentParser(description="Rendering benchmark")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument("--untuned", action="store_true", help="also time default settings")
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args(argv)

    header = f"{'graph':<44} {'nodes':>6} {'edges':>6} {'raw dot':>9} {'render()':>9} {'ratio':>6}"
    if args.untuned:
        header += f" {'untuned':>9}"
    print(header)
    print("-" * len(header))
    for name, raw in cases():
        doc = to_document(from_document(raw))
        meta = {"title": name, "org": "bench", "graph": "bench", "commit": "0" * 40}
        source = to_dot(doc, meta).source
        repeat = 1 if len(doc["nodes"]) >= 1000 else args.repeat
        raw_s = _time(partial(_raw_dot, source), repeat)
        ours_s = _time(partial(render, doc, meta, "svg", timeout=args.timeout), repeat)
        line = (
            f"{name[:44]:<44} {len(doc['nodes']):>6} {len(doc['edges']):>6} "
            f"{raw_s:>8.2f}s {ours_s:>8.2f}s {ours_s / raw_s:>6.2f}"
        )
        if args.untuned:
            untuned = TUNING.sub("", source)
            line += f" {_time(partial(_raw_dot, untuned), 1):>8.2f}s"
        print(line, flush=True)


if __name__ == "__main__":
    main()
