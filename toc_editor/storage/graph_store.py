"""The versioned graph store: write commits as deltas, read any commit as a graph.

Reading commit C walks first parents back to the nearest commit that is cached in this
worker or has a checkpoint, then replays the deltas in between. A checkpoint is written
when the entities changed since the last one reach ``max(CHECKPOINT_MIN, size //
CHECKPOINT_DIVISOR)``, so replay work is bounded and checkpoint bytes, spread over the
commits that triggered them, stay proportional to the change.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import networkx as nx
from sqlalchemy import bindparam, func, insert, select, text, update
from sqlalchemy.orm import Session, make_transient_to_detached

from ..domain import model
from ..domain.delta import Delta, compose, patch_entities, patch_in_place, without_no_ops
from ..domain.diff import CommitContent
from ..domain.history import commit_dag
from . import db as db_module
from .cache import Caches
from .models import Branch, Checkpoint, Commit, CommitChange
from .serial import canonical, fast_dumps, fast_loads, gc_paused

CHECKPOINT_MIN = 256
CHECKPOINT_DIVISOR = 8
_CHUNK = 500


def _weight(G: nx.DiGraph) -> int:
    return 1 + len(G) + len(G.graph["edge_ids"])


# Built once: every commit runs them (building a statement costs about as much as
# running it). Table-level (Core) statements: nothing in the session is synchronised.
_INSERT_COMMIT = insert(Commit.__table__)
_INSERT_CHANGES = insert(CommitChange.__table__)
_INSERT_CHECKPOINT = insert(Checkpoint.__table__)
_branches = Branch.__table__
_TURN_PG = (  # the lock timeout is set by the row filter, which runs before the row lock
    select(_branches.c.head)
    .where(
        _branches.c.id == bindparam("branch"),
        func.set_config("lock_timeout", bindparam("wait"), True).is_not(None),
    )
    .with_for_update()
)
_TURN_SQLITE = (  # a no-op write: SQLite's write lock
    update(_branches).where(_branches.c.id == bindparam("branch")).values(head=_branches.c.head)
)
_TURN_SQLITE_RETURNING = _TURN_SQLITE.returning(_branches.c.head)
_HEAD = select(_branches.c.head).where(_branches.c.id == bindparam("branch"))
_MOVE = (
    update(_branches)
    .where(_branches.c.id == bindparam("branch"), _branches.c.head == bindparam("expected"))
    .values(head=bindparam("new"), updated_at=bindparam("now"))
)


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class GraphStore:
    """Commits and their graphs, over one SQLAlchemy session and a per-worker cache."""

    def __init__(self, session: Session, caches: Caches) -> None:
        self.session = session
        self.cache = caches.graphs
        self.blobs = caches.blobs
        self.shared = caches.shared

    # -- reading ------------------------------------------------------------------------

    def commit(self, commit_id: str) -> Commit | None:
        return self.session.get(Commit, commit_id)

    def find_commit(self, network_id: int, prefix: str) -> Commit | None:
        """A commit of this network by full id or unique prefix (at least 7 characters)."""
        if len(prefix) == 40:
            row = self.commit(prefix)
            return row if row is not None and row.network_id == network_id else None
        if len(prefix) < 7 or not all(c in "0123456789abcdef" for c in prefix):
            return None
        rows = self.session.scalars(
            select(Commit)
            .where(Commit.network_id == network_id, Commit.id.startswith(prefix))
            .limit(2)
        ).all()
        return rows[0] if len(rows) == 1 else None

    def graph(self, commit_id: str) -> nx.DiGraph:
        """The ToC at a commit. Shared and cached: never change the returned graph."""
        cached = self.cache.get(("graph", commit_id))
        if cached is not None:
            return cached
        with gc_paused():
            chain, start = self._replay_plan(commit_id)
            G = model.copy(start) if isinstance(start, nx.DiGraph) else self._load_checkpoint(start)
            changes = self._changes(chain)
            for cid in reversed(chain):
                patch_in_place(G, changes.get(cid, Delta()))
        self.cache.put(("graph", commit_id), G, weight=_weight(G))
        return G

    def document(self, commit_id: str) -> dict[str, list[dict[str, Any]]]:
        """The JSON document ``{nodes, edges}`` of a commit, sorted by id.

        Equal to ``model.to_document(self.graph(commit_id))``, but when the graph is not
        cached it is built from the checkpoint's entities and the deltas alone, without a
        networkx graph, and nothing is cached: reading a 20,000-node tree this way costs
        about half as much, and leaves no million objects behind for the garbage
        collector to scan. Serialising inside :func:`gc_paused` and dropping the result
        there keeps the collector off it entirely.
        """
        with gc_paused():
            cached = self.cache.get(("graph", commit_id))
            if cached is not None:
                return model.to_document(cached)
            chain, start = self._replay_plan(commit_id)
            if isinstance(start, nx.DiGraph):
                doc = model.to_document(start)
            else:
                doc = self._checkpoint_doc(start)
            nodes = {n["id"]: n for n in doc["nodes"]}
            edges = {e["id"]: e for e in doc["edges"]}
            changes = self._changes(chain)
            for cid in reversed(chain):
                patch_entities(nodes, edges, changes.get(cid, Delta()))
            return {
                "nodes": [nodes[k] for k in sorted(nodes)],
                "edges": [edges[k] for k in sorted(edges)],
            }

    def _replay_plan(self, commit_id: str) -> tuple[list[str], nx.DiGraph | str]:
        """The commits to replay, newest first, and where to start: a cached ancestor's
        graph or the id of the checkpoint commit."""
        row = self.commit(commit_id)
        if row is None:
            raise KeyError(commit_id)
        parents: dict[str, str | None] = dict(
            self.session.execute(
                select(Commit.id, Commit.parent1).where(Commit.checkpoint_id == row.checkpoint_id)
            ).all()
        )
        chain: list[str] = []
        cursor = commit_id
        while True:
            found = self.cache.get(("graph", cursor)) if cursor != commit_id else None
            if found is not None:
                return chain, found
            if cursor == row.checkpoint_id:
                return chain, cursor
            chain.append(cursor)
            parent = parents[cursor]
            assert parent is not None, f"{cursor} has no parent before its checkpoint"
            cursor = parent

    def _checkpoint_doc(self, commit_id: str) -> dict[str, list[dict[str, Any]]]:
        blob = self.session.get(Checkpoint, commit_id)
        assert blob is not None, f"checkpoint of {commit_id} is missing"
        return fast_loads(zlib.decompress(blob.data))  # type: ignore[no-any-return]

    def _load_checkpoint(self, commit_id: str) -> nx.DiGraph:
        doc = self._checkpoint_doc(commit_id)
        return model.assemble(doc["nodes"], doc["edges"])

    def _changes(self, commit_ids: Sequence[str]) -> dict[str, Delta]:
        out: dict[str, Delta] = {cid: Delta() for cid in commit_ids}
        for chunk in _chunks(list(commit_ids)):
            rows = self.session.execute(
                select(
                    CommitChange.commit_id,
                    CommitChange.entity,
                    CommitChange.entity_id,
                    CommitChange.data,
                ).where(CommitChange.commit_id.in_(chunk))
            )
            for cid, entity, eid, data in rows:
                section = out[cid].nodes if entity == "n" else out[cid].edges
                section[eid] = None if data is None else fast_loads(data)
        return out

    def delta(self, commit_id: str) -> Delta:
        """What a commit changed against its first parent."""
        return self._changes([commit_id])[commit_id]

    def delta_between(self, base: str, head: str) -> Delta:
        """The delta turning commit ``base`` into commit ``head``.

        When ``base`` lies on ``head``'s first-parent chain (the usual case for a writer a
        few commits behind) the commits' deltas are composed: cost follows the change.
        Otherwise the two graphs are compared whole.
        """
        if base == head:
            return Delta()
        chain = self.first_parents(head, stop=base, limit=CHECKPOINT_MIN)
        if chain and chain[-1] != base:
            from ..domain.delta import between

            return between(self.graph(base), self.graph(head))
        changes = self._changes(chain[:-1])
        composed = compose(*(changes[cid] for cid in reversed(chain[:-1])))
        return without_no_ops(self.graph(base), composed)

    def first_parents(self, head: str, stop: str, limit: int) -> list[str]:
        """``head`` and its first parents down to ``stop`` (included when reached)."""
        chain = [head]
        cursor: str | None = head
        while cursor != stop and len(chain) <= limit:
            row = self.commit(cursor) if cursor else None
            cursor = row.parent1 if row is not None else None
            if cursor is None:
                return []
            chain.append(cursor)
        return chain

    def ancestors(self, head: str) -> list[Commit]:
        """Every commit in ``head``'s history, newest first (generation, then time)."""
        cte = text(
            """
            WITH RECURSIVE anc(id) AS (
                SELECT CAST(:head AS VARCHAR(40))
                UNION
                SELECT CASE WHEN k.n = 1 THEN c.parent1 ELSE c.parent2 END
                FROM commits c
                JOIN anc ON c.id = anc.id
                CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 AS n) k
                WHERE (CASE WHEN k.n = 1 THEN c.parent1 ELSE c.parent2 END) IS NOT NULL
            )
            SELECT id FROM anc
            """
        )
        ids = [r[0] for r in self.session.execute(cte, {"head": head})]
        rows: list[Commit] = []
        for chunk in _chunks(ids):
            rows.extend(self.session.scalars(select(Commit).where(Commit.id.in_(chunk))))
        rows.sort(key=lambda c: (c.generation, c.created_at, c.id), reverse=True)
        return rows

    def reachable(self, heads: Sequence[str], commit_id: str) -> bool:
        """True when ``commit_id`` is one of ``heads`` or in the history of one of them.

        One recursive query walking parents from the heads, pruned by generation: a
        commit's parents are older generations, so nothing at or below the target's
        generation (other than the target) can lead to it. Checking a recent commit
        walks only the few commits above it, not the whole history.
        """
        if commit_id in heads:
            return True
        target = self.commit(commit_id)
        if not heads or target is None:
            return False
        names = ", ".join(f":h{i}" for i in range(len(heads)))
        query = text(
            f"""
            WITH RECURSIVE anc(id) AS (
                SELECT c.id FROM commits c WHERE c.id IN ({names})
                UNION
                SELECT CASE WHEN k.n = 1 THEN c.parent1 ELSE c.parent2 END
                FROM commits c
                JOIN anc ON c.id = anc.id
                CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 AS n) k
                WHERE c.generation > :generation
                  AND (CASE WHEN k.n = 1 THEN c.parent1 ELSE c.parent2 END) IS NOT NULL
            )
            SELECT 1 FROM anc WHERE id = :target LIMIT 1
            """
        )
        params = {f"h{i}": head for i, head in enumerate(heads)} | {
            "target": commit_id,
            "generation": target.generation,
        }
        return self.session.execute(query, params).first() is not None

    def dag(self, heads: Iterable[str]) -> nx.DiGraph:
        """The commit DAG holding the history of every head."""
        seen: dict[str, Commit] = {}
        for head in heads:
            if head not in seen:
                seen.update((c.id, c) for c in self.ancestors(head))
        return commit_dag((c.id, [p for p in (c.parent1, c.parent2) if p]) for c in seen.values())

    # -- writing ------------------------------------------------------------------------

    def write_commit(
        self,
        *,
        network_id: int,
        parents: Sequence[str],
        author_id: int | None,
        author_name: str,
        message: str,
        content: CommitContent,
        created_at: datetime | None = None,
    ) -> Commit:
        """Store a commit as the service worked it out (not yet committed to the database)
        and return its row; the content's delta is relative to ``parents[0]`` (or to the
        empty graph for a root commit). Storage adds only what is its own: the id, the
        generation and whether to keep a checkpoint. ``created_at``: its time (default now)."""
        delta, new_graph = content.delta, content.graph
        parent_row = self.commit(parents[0]) if parents else None
        created = created_at or datetime.now(UTC)
        rows = [
            ("n", eid, None if data is None else canonical(data))
            for eid, data in sorted(delta.nodes.items())
        ] + [
            ("e", eid, None if data is None else canonical(data))
            for eid, data in sorted(delta.edges.items())
        ]
        digest = hashlib.sha256(
            canonical(
                {
                    "network": network_id,
                    "parents": list(parents),
                    "author": author_name,
                    "message": message,
                    "created": created.isoformat(),
                    "changes": rows,
                }
            ).encode()
        ).hexdigest()[:40]
        size = len(new_graph) + len(new_graph.graph["edge_ids"])
        since = (parent_row.since_checkpoint if parent_row else 0) + len(delta)
        checkpoint = parent_row is None or since >= max(CHECKPOINT_MIN, size // CHECKPOINT_DIVISOR)
        parent_rows = [row for row in map(self.commit, parents) if row is not None]
        generation = 1 + max((row.generation for row in parent_rows), default=0)
        values = {
            "id": digest,
            "network_id": network_id,
            "parent1": parents[0] if parents else None,
            "parent2": parents[1] if len(parents) > 1 else None,
            "author_id": author_id,
            "author_name": author_name,
            "message": message,
            "created_at": created,
            "stats": content.stats,
            "generation": generation,
            "checkpoint_id": digest if checkpoint else parent_row.checkpoint_id,  # type: ignore[union-attr]
            "since_checkpoint": 0 if checkpoint else since,
        }
        # Plain inserts (the changes in one executemany), not the ORM's unit of work: the
        # row is returned detached with every column loaded, so committing the transaction
        # does not expire it, and reading it for the answer costs no query.
        self.session.execute(_INSERT_COMMIT, values)
        if rows:
            self.session.execute(
                _INSERT_CHANGES,
                [
                    {"commit_id": digest, "entity": entity, "entity_id": eid, "data": data}
                    for entity, eid, data in rows
                ],
            )
        if checkpoint:
            blob = zlib.compress(fast_dumps(model.to_document(new_graph)), 6)
            self.session.execute(_INSERT_CHECKPOINT, {"commit_id": digest, "data": blob})
        row = Commit(**values)
        make_transient_to_detached(row)
        self.cache.put(("graph", digest), new_graph, weight=_weight(new_graph))
        return row

    def lock_branch(self, branch_id: int) -> str | None:
        """Wait for this writer's turn on a branch and return its head (None: deleted).

        The turn lasts until the transaction ends (commit or rollback), so writers to one
        branch take turns instead of racing: PostgreSQL locks the branch's row (``SELECT
        ... FOR UPDATE``, waiting at most ``WRITE_WAIT_SECONDS``); SQLite, which locks the
        whole database for writing, takes its write lock now with a no-op update (waiting
        at most its ``busy_timeout``, the same 30 s). Either wait, exceeded, raises
        SQLAlchemy's ``OperationalError``. PostgreSQL grants a row lock to its waiters in
        order; SQLite's busy handler retries until the lock is free, and since each turn
        lasts one rebase and write (milliseconds), a waiter gets in well within the bound.
        """
        dialect = self.session.get_bind().dialect
        wait_ms = int(db_module.WRITE_WAIT_SECONDS * 1000)
        if dialect.name == "postgresql":  # one statement: timeout and lock
            return self.session.scalar(_TURN_PG, {"branch": branch_id, "wait": f"{wait_ms}ms"})
        connection = self.session.connection()
        if connection.info.get("busy_timeout") != wait_ms:  # set on connect (storage.db)
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {wait_ms}")
            connection.info["busy_timeout"] = wait_ms
        if dialect.update_returning:  # SQLite 3.35+: the write lock and the head at once
            return self.session.scalar(_TURN_SQLITE_RETURNING, {"branch": branch_id})
        self.session.execute(_TURN_SQLITE, {"branch": branch_id})
        return self.session.scalar(_HEAD, {"branch": branch_id})

    def move_branch(
        self, branch: Branch, expected: str, new: str, now: datetime | None = None
    ) -> bool:
        """Compare-and-swap a branch head; False when someone moved it first."""
        at = now or datetime.now(UTC)
        result = self.session.execute(
            _MOVE, {"branch": branch.id, "expected": expected, "new": new, "now": at}
        )
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]
