"""The versioned GraphStore on SQLite and PostgreSQL: deltas, checkpoints, replay, caches."""

from __future__ import annotations

import pytest

from toc_editor.domain import model, ops
from toc_editor.domain.delta import between
from toc_editor.services import accounts, graphs, versioning
from toc_editor.services.context import Ctx
from toc_editor.storage import graph_store
from toc_editor.storage.db import db
from toc_editor.storage.models import Checkpoint, Commit, CommitChange
from toc_editor.storage.uow import UnitOfWork


@pytest.fixture
def ctx(app):
    with app.app_context():
        c = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        c.user = accounts.register(c, "keeper", "k@example.org", "long enough password")
        accounts.create_org(c, "org", "Org")
        yield c


def _doc(n: int) -> dict:
    nodes = [{"id": f"n{i}", "kind": "output", "label": f"Output {i}"} for i in range(n)]
    return {
        "nodes": nodes,
        "edges": [{"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 1}"} for i in range(n - 1)],
    }


def _edit(ctx, i: int, base: str) -> str:
    row = versioning.commit_ops(
        ctx,
        "org",
        "toc",
        "main",
        base=base,
        message=f"edit {i}",
        op_list=[{"op": "update_node", "id": f"n{i % 40}", "set": {"label": f"Revision {i}"}}],
    )
    return row.id


def test_a_commit_stores_only_its_change(ctx):
    graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(40))
    head = graphs.branch_of(
        ctx, graphs.find_org(ctx, "org") and ctx.uow.session.query(graphs.Graph).one(), "main"
    ).head
    new = _edit(ctx, 3, head)
    rows = ctx.uow.session.query(CommitChange).filter_by(commit_id=new).all()
    assert [(r.entity, r.entity_id) for r in rows] == [("n", "n3")]
    assert ctx.uow.session.get(Checkpoint, new) is None
    assert ctx.uow.session.get(Checkpoint, head) is not None  # the root is a checkpoint


def test_checkpoints_follow_the_policy_and_every_commit_reads_back(ctx, monkeypatch):
    monkeypatch.setattr(graph_store, "CHECKPOINT_MIN", 5)
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(40))
    head = graphs.branch_of(ctx, graph, "main").head
    history, expected = [head], [ctx.store.graph(head)]
    for i in range(23):
        head = _edit(ctx, i, head)
        history.append(head)
        expected.append(
            ops.apply(
                expected[-1],
                [{"op": "update_node", "id": f"n{i % 40}", "set": {"label": f"Revision {i}"}}],
            )
        )
    checkpointed = {c.commit_id for c in ctx.uow.session.query(Checkpoint)}
    # size 79 // 8 = 9 changes between checkpoints (MIN lowered to 5): root, 9, 18
    assert [history.index(c) for c in sorted(checkpointed, key=history.index)] == [0, 9, 18]
    for cid, want in zip(history, expected, strict=True):
        ctx.store.cache.clear()
        assert model.to_document(ctx.store.graph(cid)) == model.to_document(want)


def test_reading_through_a_cached_ancestor_equals_reading_from_a_checkpoint(ctx):
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(40))
    head = graphs.branch_of(ctx, graph, "main").head
    chain = [head]
    for i in range(12):
        chain.append(_edit(ctx, i, chain[-1]))
    ctx.store.cache.clear()
    cold = model.to_document(ctx.store.graph(chain[-1]))
    ctx.store.cache.clear()
    ctx.store.graph(chain[6])  # warm a middle commit
    warm = model.to_document(ctx.store.graph(chain[-1]))
    assert cold == warm


def test_documents_read_without_a_graph_equal_the_graphs_documents(ctx, monkeypatch):
    """``document`` replays entities, not a graph: from a checkpoint, from a cached
    ancestor and from the cached graph itself it gives what ``graph`` gives, also after
    removals, and it caches nothing."""
    monkeypatch.setattr(graph_store, "CHECKPOINT_MIN", 5)
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(40))
    chain = [graphs.branch_of(ctx, graph, "main").head]
    batches = [
        [{"op": "remove_node", "id": "n5"}],
        [{"op": "add_node", "node": {"id": "a0", "kind": "impact", "label": "New"}}],
        [{"op": "add_edge", "edge": {"id": "x1", "source": "n9", "target": "a0"}}],
        [{"op": "update_edge", "id": "e20", "set": {"rationale": "Because"}}],
        [{"op": "remove_edge", "id": "x1"}, {"op": "remove_node", "id": "n30"}],
    ] + [[{"op": "update_node", "id": f"n{i}", "set": {"label": f"R{i}"}}] for i in range(10, 22)]
    for i, batch in enumerate(batches):
        row = versioning.commit_ops(
            ctx, "org", "toc", "main", base=chain[-1], message=f"c{i}", op_list=batch
        )
        chain.append(row.id)
    expected = {}
    for cid in chain:
        ctx.store.cache.clear()
        expected[cid] = model.to_document(ctx.store.graph(cid))
    ctx.store.cache.clear()
    for cid in chain:
        assert ctx.store.document(cid) == expected[cid]
    assert len(ctx.store.cache) == 0
    ctx.store.graph(chain[3])  # a cached ancestor to start from
    for cid in chain[3:]:
        assert ctx.store.document(cid) == expected[cid]
    assert {n["id"] for n in expected[chain[-1]]["nodes"]} >= {"a0"}
    assert "n5" not in {n["id"] for n in expected[chain[-1]]["nodes"]}


def test_delta_between_composes_along_history_and_matches_a_full_diff(ctx):
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(40))
    base = graphs.branch_of(ctx, graph, "main").head
    head = base
    for i in range(6):
        head = _edit(ctx, i, head)
    head = _edit(ctx, 40, head)  # n0 changed twice ("Revision 40")
    composed = ctx.store.delta_between(base, head)
    full = between(ctx.store.graph(base), ctx.store.graph(head))
    assert composed == full
    assert sorted(composed.nodes) == [f"n{i}" for i in range(6)]


def test_commit_ids_are_content_hashes_with_generations(ctx):
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=_doc(3))
    root = graphs.branch_of(ctx, graph, "main").head
    child = _edit(ctx, 1, root)
    rows = {c.id: c for c in ctx.uow.session.query(Commit)}
    assert len(root) == len(child) == 40 and root != child
    assert (rows[root].generation, rows[child].generation) == (1, 2)
    assert rows[child].parent1 == root
