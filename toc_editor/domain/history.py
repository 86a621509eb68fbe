"""The commit DAG as an ``nx.DiGraph`` (parent -> child): ancestry and merge bases.

Examples
--------
>>> dag = commit_dag([("a", []), ("b", ["a"]), ("c", ["a"]), ("m", ["b", "c"])])
>>> merge_base(dag, "b", "c"), merge_base(dag, "m", "c"), is_ancestor(dag, "a", "m")
('a', 'c', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import networkx as nx

__all__ = ["commit_dag", "first_parent_chain", "is_ancestor", "merge_base", "merge_bases"]


def commit_dag(commits: Iterable[tuple[str, Sequence[str]]]) -> nx.DiGraph:
    """Build the DAG from ``(commit_id, parent_ids)`` pairs; parents listed first-parent first."""
    dag = nx.DiGraph()
    for cid, parents in commits:
        dag.add_node(cid)
        for position, parent in enumerate(parents):
            dag.add_edge(parent, cid, position=position)
    return dag


def is_ancestor(dag: nx.DiGraph, ancestor: str, commit: str) -> bool:
    """True when ``ancestor`` is ``commit`` or lies in its history."""
    return ancestor == commit or nx.has_path(dag, ancestor, commit)


def merge_bases(dag: nx.DiGraph, a: str, b: str) -> list[str]:
    """All best common ancestors of ``a`` and ``b`` (none is an ancestor of another)."""
    common = (nx.ancestors(dag, a) | {a}) & (nx.ancestors(dag, b) | {b})
    return sorted(c for c in common if not any(nx.has_path(dag, c, d) for d in common - {c}))


def merge_base(dag: nx.DiGraph, a: str, b: str) -> str | None:
    """The merge base of ``a`` and ``b``, or None when they share no history.

    With several best common ancestors (criss-cross merges) we take the one with the
    longest history (most ancestors), ties broken by id, rather than merging the
    candidates recursively as git does: any of them is a correct base, and a shallower
    choice can only add conflicts, never lose a change silently.
    """
    if a == b:
        return a
    if a in dag and b in dag and nx.has_path(dag, a, b):
        return a
    if a in dag and b in dag and nx.has_path(dag, b, a):
        return b
    candidates = merge_bases(dag, a, b)
    if not candidates:
        return None
    return max(candidates, key=lambda c: (len(nx.ancestors(dag, c)), c))


def first_parent_chain(dag: nx.DiGraph, head: str, stop: str | None = None) -> list[str]:
    """Commits from ``head`` back along first parents, down to ``stop`` (excluded)."""
    chain = []
    current: str | None = head
    while current is not None and current != stop:
        chain.append(current)
        firsts = [p for p, _, pos in dag.in_edges(current, data="position") if pos == 0]
        current = firsts[0] if firsts else None
    return chain
