"""Generate random layered theories of change (seeded, valid documents).

``generate(n, seed)`` returns a document of ``n`` nodes in the JSON format:
activities -> outputs -> outcomes (short, medium, long term) -> impact, with about
1.5 edges per node, indicators on most outcomes, and a mix of relations and
confidences. Edges mostly point one layer up, sometimes two; there are no duplicates
and no self-loops, so ``toc_editor.domain.model.from_document`` accepts the result.

Run ``python tests/generate.py 300 --seed 1 > toc.json`` to write one to stdout.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
from typing import Any

__all__ = ["generate"]

_WHO = ["young people", "parents", "carers", "tenants", "volunteers", "teachers",
        "older residents", "new arrivals", "small farmers", "community leaders"]  # fmt: skip
_DO = ["run weekly sessions for", "train", "mentor", "provide advice to", "fund grants for",
       "organise peer groups for", "campaign with", "build a network of"]  # fmt: skip
_OUT = ["attend sessions", "complete the course", "receive advice", "join peer groups",
        "get a named mentor", "access grants"]  # fmt: skip
_CHANGE = ["feel more confident", "have stronger networks", "manage money better",
           "find stable work", "stay in school", "report better wellbeing",
           "influence local decisions", "are less isolated", "keep their homes"]  # fmt: skip
_IMPACT = [
    "Fewer people live in poverty",
    "Every child thrives in school",
    "Communities shape the decisions that affect them",
    "No one is left isolated",
]


def _layers(n: int) -> list[tuple[str, str | None, int]]:
    """(kind, horizon, count) per layer, summing to n."""
    impact = max(1, round(n * 0.02))
    rest = n - impact
    activity = round(rest * 0.34)
    output = round(rest * 0.30)
    outcomes = rest - activity - output
    short = round(outcomes * 0.4)
    medium = round(outcomes * 0.35)
    long_ = outcomes - short - medium
    return [
        ("activity", None, activity),
        ("output", None, output),
        ("outcome", "short", short),
        ("outcome", "medium", medium),
        ("outcome", "long", long_),
        ("impact", None, impact),
    ]


def _label(rng: random.Random, kind: str) -> str:
    who = rng.choice(_WHO)
    if kind == "activity":
        return f"{rng.choice(_DO).capitalize()} {who}"
    if kind == "output":
        return f"{rng.randint(10, 900)} {who} {rng.choice(_OUT)}"
    if kind == "outcome":
        return f"{who.capitalize()} {rng.choice(_CHANGE)}"
    return rng.choice(_IMPACT)


def generate(n: int, seed: int = 0, *, edges_per_node: float = 1.5) -> dict[str, Any]:
    """A random valid layered ToC document of ``n`` nodes (n >= 1)."""
    if n < 1:
        raise ValueError("n must be at least 1")
    rng = random.Random(seed)
    layers: list[list[str]] = []
    nodes: list[dict[str, Any]] = []
    for kind, horizon, count in _layers(n):
        ids = []
        for _ in range(count):
            node_id = f"{kind[:3]}-{len(nodes):05d}"
            indicators = []
            if kind in ("outcome", "impact") and rng.random() < 0.8:
                for k in range(rng.randint(1, 3)):
                    indicators.append(
                        {
                            "id": f"{node_id}-i{k}",
                            "name": f"Share of participants who {rng.choice(_CHANGE)}",
                            "unit": "%",
                            "baseline": rng.randint(5, 40),
                            "target": rng.randint(41, 90),
                            "source": rng.choice(["survey", "records", "interviews"]),
                        }
                    )
            nodes.append(
                {
                    "id": node_id,
                    "kind": kind,
                    "label": _label(rng, kind),
                    "horizon": horizon,
                    "description": "",
                    "indicators": indicators,
                    "assumptions": [],
                    "tags": [],
                    "links": [],
                }
            )
            ids.append(node_id)
        if ids:
            layers.append(ids)

    pairs: set[tuple[str, str]] = set()
    target_edges = round(n * edges_per_node)

    def add(source: str, target: str) -> None:
        if source != target and (source, target) not in pairs:
            pairs.add((source, target))

    # every node but the top layer gets one edge up, so the graph hangs together
    for low, high in itertools.pairwise(layers):
        for source in low:
            add(source, rng.choice(high))
    attempts = 0
    while len(pairs) < target_edges and attempts < target_edges * 20 and len(layers) > 1:
        attempts += 1
        li = rng.randrange(len(layers) - 1)
        jump = 2 if rng.random() < 0.15 and li + 2 < len(layers) else 1
        add(rng.choice(layers[li]), rng.choice(layers[li + jump]))
    edges: list[dict[str, Any]] = []
    for i, (source, target) in enumerate(sorted(pairs)):
        edges.append(
            {
                "id": f"edge-{i:05d}",
                "source": source,
                "target": target,
                "relation": rng.choices(
                    ["leads_to", "contributes_to", "enables"], weights=[6, 3, 1]
                )[0],
                "rationale": "",
                "assumptions": [],
                "evidence": [],
                "confidence": rng.choice([None, 20, 45, 60, 75, 90]),
            }
        )
    return {"nodes": nodes, "edges": edges}


def main(argv: list[str] | None = None) -> None:
    """Print a generated document as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    json.dump(generate(args.n, args.seed), sys.stdout, indent=1)


if __name__ == "__main__":
    main()
