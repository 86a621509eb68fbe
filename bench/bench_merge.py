"""Three-way merge benchmark (issue 3): our merge engine next to ``git merge-file``.

For generated ToCs of 2,000 and 20,000 nodes:

1. ``base`` is the generated graph; ``ours`` and ``theirs`` are op batches of 100 ops each
   (60 ``update_node`` of label / description / indicators, 20 ``update_edge`` of rationale /
   confidence, 5 ``add_node`` + 5 ``add_edge`` wiring each new node in, 5 ``remove_edge`` and
   5 ``remove_node`` of a leaf activity). The two sides touch disjoint entities, except for
   5 nodes whose ``label`` both change differently: exactly 5 ``both_changed`` conflicts.
   The deltas come from ``ops.plan(base, batch)``, as a commit stores them.
2. Times ``merge.merge(base, ours_delta, theirs_delta)`` (what the merge service runs: its
   deltas come from history, so the cost follows the change), the same merge with the 5
   conflicts answered "ours", and the "from whole graphs" path (``delta.between`` of base
   and each side's full graph, then merge) that shows the O(graph) part separately.
3. Writes the canonical pretty-printed JSON of the three versions to temp files and times
   ``git merge-file -p --diff3 ours base theirs``; counts git's conflict hunks (its exit
   code, capped at 127) and the ``<<<<<<<`` markers in its output.
4. Checks (asserts) that with the conflicts answered "ours" the merged graph holds both
   sides' non-conflicting changes: it equals ``theirs`` then ``ours`` applied to ``base``.

Medians of 7 runs after 1 warm-up. Run: ``python bench/bench_merge.py [--sizes 2000 20000]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import networkx as nx

from tests.generate import generate
from toc_editor.domain import model, ops
from toc_editor.domain.delta import Delta, between, patch
from toc_editor.domain.merge import merge

RUNS = 7
SHARED = 5  # nodes whose label both sides change differently


def median_ms(fn: Callable[[], Any], runs: int = RUNS) -> tuple[float, Any]:
    """Median wall time of ``fn()`` in ms over ``runs`` runs after one warm-up."""
    result = fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times), result


def _leaf_activities(G: nx.DiGraph) -> list[str]:
    return [
        n
        for n, d in G.nodes(data=True)
        if d["kind"] == "activity" and G.in_degree(n) == 0 and G.out_degree(n) == 1
    ]


def make_batches(G: nx.DiGraph, seed: int) -> tuple[list[dict[str, Any]], ...]:
    """Two op batches of 100 ops on ``G``: disjoint but for ``SHARED`` label conflicts."""
    rng = random.Random(seed)
    claimed_nodes: set[str] = set()
    claimed_edges: set[str] = set()

    def take_nodes(pool: list[str], k: int) -> list[str]:
        out = []
        for nid in pool:
            if len(out) == k:
                break
            if nid in claimed_nodes:
                continue
            claimed_nodes.add(nid)
            out.append(nid)
        assert len(out) == k, f"only {len(out)} of {k} nodes available"
        return out

    def take_edges(pool: list[str], k: int) -> list[str]:
        out = []
        for eid in pool:
            if len(out) == k:
                break
            u, v = model.edge_pair(G, eid)
            if eid in claimed_edges or u in claimed_nodes or v in claimed_nodes:
                continue
            claimed_edges.add(eid)
            out.append(eid)
        assert len(out) == k, f"only {len(out)} of {k} edges available"
        return out

    node_ids = sorted(G.nodes)
    rng.shuffle(node_ids)
    with_indicators = [n for n in node_ids if G.nodes[n]["indicators"]]
    outputs = [n for n in node_ids if G.nodes[n]["kind"] == "output"]
    leaves = _leaf_activities(G)
    rng.shuffle(leaves)

    # Leaf removals first: a removed node's edge must not be touched by the other side.
    removals = {}
    for side in ("ours", "theirs"):
        chosen = take_nodes(leaves, 5)
        for nid in chosen:
            claimed_edges.update(eid for *_, eid in G.out_edges(nid, data="id"))
        removals[side] = chosen
    shared = take_nodes(node_ids, SHARED)
    batches: dict[str, list[dict[str, Any]]] = {}
    for side in ("ours", "theirs"):
        batch: list[dict[str, Any]] = []
        # 60 update_node: the shared label changes, then label / description / indicators.
        for k, nid in enumerate(shared):
            batch.append({"op": "update_node", "id": nid, "set": {"label": f"{side} relabel {k}"}})
        for nid in take_nodes(with_indicators, 15):
            indicators = [dict(i) for i in G.nodes[nid]["indicators"]]
            indicators[0]["target"] = 95
            indicators.append({"id": f"{nid}-{side}-new", "name": f"Added by {side}"})
            batch.append({"op": "update_node", "id": nid, "set": {"indicators": indicators}})
        for k, nid in enumerate(take_nodes(node_ids, 20)):
            batch.append(
                {"op": "update_node", "id": nid, "set": {"description": f"{side} note {k}"}}
            )
        for k, nid in enumerate(take_nodes(node_ids, 60 - SHARED - 15 - 20)):
            batch.append({"op": "update_node", "id": nid, "set": {"label": f"{side} label {k}"}})
        # 20 update_edge: rationale or confidence.
        edge_ids = sorted(G.graph["edge_ids"])
        rng.shuffle(edge_ids)
        for k, eid in enumerate(take_edges(edge_ids, 20)):
            change = {"rationale": f"{side} because {k}"} if k % 2 else {"confidence": 33 + k}
            batch.append({"op": "update_edge", "id": eid, "set": change})
        # 5 add_node + 5 add_edge: a new activity feeding an existing output.
        for k, target in enumerate(take_nodes(outputs, 5)):
            nid = f"new-{side}-{k}"
            batch.append(
                {
                    "op": "add_node",
                    "node": {"id": nid, "kind": "activity", "label": f"{side} activity {k}"},
                }
            )
            batch.append(
                {"op": "add_edge", "edge": {"id": f"e-{nid}", "source": nid, "target": target}}
            )
        # 5 remove_edge + 5 remove_node (leaf activities, with their one edge).
        for eid in take_edges(edge_ids, 5):
            batch.append({"op": "remove_edge", "id": eid})
        for nid in removals[side]:
            batch.append({"op": "remove_node", "id": nid})
        assert len(batch) == 100, len(batch)
        batches[side] = batch
    return batches["ours"], batches["theirs"]


def canonical(G: nx.DiGraph) -> str:
    return json.dumps(model.to_document(G), indent=2, sort_keys=True) + "\n"


def git_merge_file(workdir: str) -> tuple[float, int, int]:
    """(median ms, conflict hunks from the exit code, ``<<<<<<<`` markers in the output)."""
    paths = [os.path.join(workdir, name) for name in ("ours.json", "base.json", "theirs.json")]

    def run() -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(
            ["git", "merge-file", "-p", "--diff3", *paths],
            capture_output=True,
            check=False,
        )

    ms, proc = median_ms(run)
    assert proc.returncode >= 0, proc.stderr.decode()
    markers = sum(1 for line in proc.stdout.decode().splitlines() if line.startswith("<<<<<<<"))
    return ms, proc.returncode, markers


def check_merge(
    base: nx.DiGraph, ours: Delta, theirs: Delta, shared: list[str], conflicts: list[Any]
) -> None:
    """Both sides' non-conflicting changes land; the 5 conflicts answered "ours"."""
    assert len(conflicts) == SHARED, conflicts
    assert all(c["kind"] == "both_changed" and c["field"] == "label" for c in conflicts)
    assert sorted(c["entity_id"] for c in conflicts) == sorted(shared)
    answers = {c["id"]: ("ours", None) for c in conflicts}
    result = merge(base, ours, theirs, answers)
    assert not result.conflicts, result.conflicts
    merged = patch(base, result.delta)
    # The sides are disjoint but for the shared labels, where ours wins: so the merged
    # graph is theirs' changes then ours' applied on base.
    expected = patch(patch(base, theirs), ours)
    assert model.to_document(merged) == model.to_document(expected)
    for delta in (ours, theirs):
        for nid, data in delta.nodes.items():
            got = model.node(merged, nid) if nid in merged else None
            if nid in shared:
                assert got is not None and got["label"] == ours.nodes[nid]["label"]
            else:
                assert got == data, nid
        for eid, data in delta.edges.items():
            got = model.edge(merged, eid) if eid in merged.graph["edge_ids"] else None
            assert got == data, eid


def run(size: int, seed: int) -> dict[str, Any]:
    base = model.from_document(generate(size, seed))
    ours_ops, theirs_ops = make_batches(base, seed)
    ours = ops.plan(base, ours_ops)
    theirs = ops.plan(base, theirs_ops)
    shared = [op["id"] for op in ours_ops[:SHARED]]
    ours_graph, theirs_graph = patch(base, ours), patch(base, theirs)

    merge_ms, result = median_ms(lambda: merge(base, ours, theirs))
    check_merge(base, ours, theirs, shared, result.conflicts)
    answers = {c["id"]: ("ours", None) for c in result.conflicts}
    resolved_ms, _ = median_ms(lambda: merge(base, ours, theirs, answers))

    def from_graphs() -> Any:
        return merge(base, between(base, ours_graph), between(base, theirs_graph))

    whole_ms, whole = median_ms(from_graphs)
    assert len(whole.conflicts) == len(result.conflicts)

    with tempfile.TemporaryDirectory() as workdir:
        sizes = {}
        for name, G in (("ours", ours_graph), ("base", base), ("theirs", theirs_graph)):
            text = canonical(G)
            sizes[name] = text.count("\n")
            Path(workdir, f"{name}.json").write_text(text)
        git_ms, git_hunks, git_markers = git_merge_file(workdir)
    return {
        "size": size,
        "edges": base.number_of_edges(),
        "delta_sizes": (len(ours), len(theirs)),
        "json_lines": sizes["base"],
        "merge_ms": merge_ms,
        "resolved_ms": resolved_ms,
        "whole_ms": whole_ms,
        "git_ms": git_ms,
        "conflicts": len(result.conflicts),
        "git_hunks": git_hunks,
        "git_markers": git_markers,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    results = []
    for size in args.sizes:
        print(f"... {size} nodes", flush=True)
        results.append(run(size, args.seed))
    print()
    print(
        "| nodes | our merge (deltas) ms | our merge, 5 answered ms | "
        "our merge from whole graphs ms | git merge-file ms | our conflicts | "
        "git conflict hunks (<<<<<<< markers) |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['size']:,} | {r['merge_ms']:.2f} | {r['resolved_ms']:.2f} | "
            f"{r['whole_ms']:.1f} | {r['git_ms']:.1f} | {r['conflicts']} | "
            f"{r['git_hunks']} ({r['git_markers']}) |"
        )
    print()
    for r in results:
        print(
            f"- {r['size']:,} nodes / {r['edges']:,} edges; delta sizes ours / theirs "
            f"{r['delta_sizes'][0]} / {r['delta_sizes'][1]} entities; "
            f"canonical JSON {r['json_lines']:,} lines"
        )
    if len(results) >= 2:
        small, large = results[0], results[-1]
        print(
            f"- {large['size']:,} vs {small['size']:,} nodes: our merge (deltas) "
            f"{large['merge_ms'] / small['merge_ms']:.2f}x, from whole graphs "
            f"{large['whole_ms'] / small['whole_ms']:.2f}x, git merge-file "
            f"{large['git_ms'] / small['git_ms']:.2f}x"
        )
    target = 250.0
    for r in results:
        verdict = "meets" if r["merge_ms"] < target else "MISSES"
        print(f"- {r['size']:,} nodes: our merge {verdict} the {target:.0f} ms target")
    print("- merged graph checked: both sides' non-conflicting changes present (asserted)")


if __name__ == "__main__":
    main()
