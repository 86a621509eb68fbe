"""Commit a batch of ops (``versioning.commit_ops``), one row per case.

A batch lands as one commit on the branch head it was written against; a refused batch
(invalid ops, message or base; a caller who may not write) raises and leaves everything as
it was. The rebase of a batch written against an older head: test_rebase_table.py.
"""

from __future__ import annotations

import functools
from typing import Any

import pytest

from tests.services.fake_uow import Moved, moves, relabel
from toc_editor.services import versioning
from toc_editor.services.errors import Forbidden, Invalid, NotFound, Unauthorized

START = {"a": "Run clubs", "o": "Confidence", "i": "Good work"}
ADD_X = {"op": "add_node", "node": {"id": "x", "kind": "output", "label": "Clubs held"}}
EDGE_AX = {"op": "add_edge", "edge": {"id": "ex", "source": "a", "target": "x"}}


def arrange(world, visibility="private"):
    """``org/toc``: ana owns ``org``, eve edits, vic views; sam belongs nowhere."""
    world.org("ana", "org", eve="editor", vic="viewer")
    world.user("sam")
    world.graph("ana", "org", "toc", visibility=visibility)


ARRANGED = {v: functools.partial(arrange, visibility=v) for v in ("private", "public")}


@pytest.fixture
def toc(world):
    world.arranged(ARRANGED["private"])
    return world.find("org", "toc")


def commit(world, who="ana", ops=None, *, base=None, message="edit", branch="main", slug="toc"):
    base = base or world.head("org", "toc")
    return versioning.commit_ops(
        world.ctx(who),
        "org",
        slug,
        branch,
        base=base,
        message=message,
        op_list=[relabel("o", "Self-belief")] if ops is None else ops,
    )


STATS = [f"{e}_{w}" for e in ("nodes", "edges") for w in ("added", "removed", "changed")]
STATS += ["nodes", "edges"]

# ops -> the labels after the commit, and its stats (those not given: 0)
# ops -> the labels after the commit, its stats (those not given: 0), and the entities
# its BranchMoved event says changed
LANDS = [
    pytest.param(
        [relabel("o", "Self-belief")],
        {**START, "o": "Self-belief"},
        {"nodes_changed": 1, "nodes": 3, "edges": 2},
        {"o"},
        id="relabel one node",
    ),
    pytest.param(
        [ADD_X, EDGE_AX],
        {**START, "x": "Clubs held"},
        {"nodes_added": 1, "edges_added": 1, "nodes": 4, "edges": 3},
        {"x", "ex"},
        id="add a node and an edge to it",
    ),
    pytest.param(
        [{"op": "remove_node", "id": "o"}],
        {"a": "Run clubs", "i": "Good work"},
        {"nodes_removed": 1, "edges_removed": 2, "nodes": 2},
        {"o", "e1", "e2"},
        id="remove a node and with it its two edges",
    ),
    pytest.param(
        [{"op": "remove_edge", "id": "e1"}],
        START,
        {"edges_removed": 1, "nodes": 3, "edges": 1},
        {"e1"},
        id="remove one edge",
    ),
    pytest.param(
        [relabel("o", "First"), relabel("o", "Second")],
        {**START, "o": "Second"},
        {"nodes_changed": 1, "nodes": 3, "edges": 2},
        {"o"},
        id="two edits of one field: the later wins",
    ),
    pytest.param(
        [{"op": "update_edge", "id": "e2", "set": {"confidence": 40}}],
        START,
        {"edges_changed": 1, "nodes": 3, "edges": 2},
        {"e2"},
        id="change an edge's field",
    ),
    pytest.param(
        [ADD_X, {"op": "remove_node", "id": "x"}, relabel("a", "Run two clubs")],
        {**START, "a": "Run two clubs"},
        {"nodes_changed": 1, "nodes": 3, "edges": 2},
        {"a"},
        id="a node added and removed in one batch leaves no trace",
    ),
    pytest.param(
        [relabel("a", "Run two clubs"), relabel("o", "Confidence")],
        {**START, "a": "Run two clubs"},
        {"nodes_changed": 1, "nodes": 3, "edges": 2},
        {"a"},
        id="an op that sets a field to its value is no change",
    ),
]


@pytest.mark.parametrize(("ops", "labels", "stats", "touched"), LANDS)
def test_a_batch_lands_as_one_commit_on_its_base(world, fake_uow, toc, ops, labels, stats, touched):
    base = world.head("org", "toc")
    fake_uow.forget()
    row = commit(world, ops=ops, base=base)
    assert (fake_uow.commits, fake_uow.rollbacks) == (1, 0)
    assert moves(fake_uow.published) == [Moved(toc.id, "main", base, row.id)]
    assert world.head("org", "toc") == row.id
    assert (row.parent1, row.parent2, row.author_name) == (base, None, "ana")
    assert world.labels(row.id) == labels
    assert row.stats == {**dict.fromkeys(STATS, 0), **stats}
    delta = fake_uow.published[0].delta
    assert set(delta.nodes) | set(delta.edges) == touched


# (call arguments, where the Invalid points)
INVALID = [
    pytest.param({"ops": []}, "ops", id="no ops"),
    pytest.param({"ops": [{"op": "rename_node", "id": "o"}]}, "ops/0/op", id="unknown op"),
    pytest.param({"ops": [relabel("nope", "X")]}, "ops/0/id", id="update of a missing node"),
    pytest.param({"ops": [relabel("o", "")]}, "ops/0/set/label", id="empty label"),
    pytest.param({"ops": [relabel("o", "x" * 301)]}, "ops/0/set/label", id="label too long"),
    pytest.param(
        {"ops": [ADD_X, {**ADD_X, "node": {**ADD_X["node"], "label": "Again"}}]},
        "ops/1/node/id",
        id="the same id added twice",
    ),
    pytest.param(
        {"ops": [{"op": "add_edge", "edge": {"id": "ez", "source": "a", "target": "zz"}}]},
        "ops/0/edge/target",
        id="edge to a missing node",
    ),
    pytest.param(
        {"ops": [{"op": "add_edge", "edge": {"id": "e9", "source": "a", "target": "o"}}]},
        "ops/0/edge/target",
        id="second edge on one pair",
    ),
    pytest.param(
        {"ops": [relabel("o", "X"), {"op": "update_node", "id": "o", "set": {"id": "p"}}]},
        "ops/1/set/id",
        id="a later op is wrong: nothing of the batch lands",
    ),
    pytest.param({"message": "  "}, "message", id="blank message"),
    pytest.param({"message": "m" * 2001}, "message", id="message too long"),
    pytest.param({"base": "f" * 40}, "base", id="unknown base"),
    pytest.param(
        {"ops": [relabel("o", "Confidence")]},
        "ops",
        id="ops that change nothing",
    ),
    pytest.param(
        {"ops": [ADD_X, {"op": "remove_node", "id": "x"}]},
        "ops",
        id="a node added and removed, nothing else",
    ),
]


@pytest.mark.parametrize(("args", "where"), INVALID)
def test_an_invalid_batch_is_refused_and_changes_nothing(world, fake_uow, toc, args, where):
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(Invalid) as caught:
        commit(world, **args)
    assert caught.value.where == where
    fake_uow.assert_nothing_written(before)


def test_a_base_from_another_graph_is_unknown_here(world, fake_uow, toc):
    world.graph("ana", "org", "other")
    elsewhere = world.head("org", "other")
    test_an_invalid_batch_is_refused_and_changes_nothing(
        world, fake_uow, toc, {"base": elsewhere}, "base"
    )


# who acts, the graph's visibility -> the error (None: the commit lands)
WHO = [
    pytest.param("ana", "private", None, id="owner"),
    pytest.param("eve", "private", None, id="editor"),
    pytest.param("vic", "private", Forbidden, id="viewer"),
    pytest.param("sam", "private", NotFound, id="outsider, private graph: it does not exist"),
    pytest.param("sam", "public", Forbidden, id="outsider, public graph"),
    pytest.param(None, "public", Unauthorized, id="anonymous, public graph"),
    pytest.param(None, "private", NotFound, id="anonymous, private graph"),
]


@pytest.mark.parametrize(("who", "visibility", "error"), WHO)
def test_who_may_commit(world, fake_uow, who, visibility, error):
    world.arranged(ARRANGED[visibility])
    base = world.head("org", "toc")
    before = fake_uow.snapshot()
    fake_uow.forget()
    if error is None:
        row = commit(world, who, base=base)
        assert fake_uow.commits == 1 and len(fake_uow.published) == 1
        assert world.head("org", "toc") == row.id
        return
    with pytest.raises(error):
        commit(world, who, base=base)
    fake_uow.assert_nothing_written(before)


def test_a_missing_branch_is_not_found(world, fake_uow, toc):
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(NotFound):
        commit(world, branch="draft")
    fake_uow.assert_nothing_written(before)


def commit_on(world: Any, branch: str) -> Any:
    return commit(world, base=world.head("org", "toc", branch), branch=branch)


def test_a_commit_on_another_branch_moves_only_that_branch(world, fake_uow, toc):
    world.branch("ana", "org", "toc", "draft")
    main = world.head("org", "toc")
    fake_uow.forget()
    row = commit_on(world, "draft")
    assert moves(fake_uow.published) == [Moved(toc.id, "draft", main, row.id)]
    assert world.head("org", "toc") == main and world.head("org", "toc", "draft") == row.id
