"""A batch written against an older head (``versioning.commit_ops`` on a moved branch).

The branch moved since the writer's base (others' batches, ``theirs``): the writer's ops
(``ours``) land rebased onto the new head when they touch no (entity, field) changed
meanwhile; else ``Conflict`` lists each collision and nothing is written; a change that
landed already returns the head without a new commit.
"""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, iter_conflicts, moves, relabel
from toc_editor.services import versioning
from toc_editor.services.errors import Conflict

START = {"a": "Run clubs", "o": "Confidence", "i": "Good work"}


def node(nid, label, kind="output"):
    return {"op": "add_node", "node": {"id": nid, "kind": kind, "label": label}}


def edge(eid, source, target):
    return {"op": "add_edge", "edge": {"id": eid, "source": source, "target": target}}


def describe(nid, text):
    return {"op": "update_node", "id": nid, "set": {"description": text}}


REMOVE_O = {"op": "remove_node", "id": "o"}


def arrange(world):
    world.org("ana", "org", eve="editor")
    world.graph("ana", "org", "toc")


@pytest.fixture
def moved(world):
    """``org/toc`` and its first head (the writer's base); eve and ana both edit."""
    world.arranged(arrange)
    return world.find("org", "toc"), world.head("org", "toc")


def land_theirs(world, batches):
    for ops in batches:
        world.edit("eve", "org", "toc", ops)
    return world.head("org", "toc")


def ours(world, base, ops):
    return versioning.commit_ops(
        world.ctx("ana"), "org", "toc", "main", base=base, message="ours", op_list=ops
    )


# theirs (batches landed since the base), ours -> the labels after ours lands
REBASES = [
    pytest.param([[relabel("a", "Run two clubs")]], [relabel("o", "Self-belief")],
                 {"a": "Run two clubs", "o": "Self-belief", "i": "Good work"},
                 id="different nodes"),
    pytest.param([[describe("o", "Measured at exit")]], [relabel("o", "Self-belief")],
                 {**START, "o": "Self-belief"},
                 id="one node, different fields"),
    pytest.param([[relabel("a", "A2")], [relabel("i", "I2")]], [relabel("o", "O2")],
                 {"a": "A2", "o": "O2", "i": "I2"},
                 id="two batches landed meanwhile"),
    pytest.param([[node("x", "Clubs held")]], [node("y", "Sessions run")],
                 {**START, "x": "Clubs held", "y": "Sessions run"},
                 id="both add a node, different ids"),
    pytest.param([[{"op": "remove_edge", "id": "e1"}]], [relabel("a", "A2")],
                 {**START, "a": "A2"},
                 id="they removed an edge, we relabel its source"),
    pytest.param([[relabel("o", "Self-belief")]], [relabel("o", "Self-belief"), relabel("a", "A2")],
                 {"a": "A2", "o": "Self-belief", "i": "Good work"},
                 id="one change landed already, the other lands"),
]  # fmt: skip


@pytest.mark.parametrize(("theirs", "ops", "labels"), REBASES)
def test_a_batch_that_collides_with_nothing_lands_rebased(
    world, fake_uow, moved, theirs, ops, labels
):
    graph, base = moved
    head = land_theirs(world, theirs)
    fake_uow.forget()
    row = ours(world, base, ops)
    assert (row.parent1, row.parent2) == (head, None)  # on the new head, not on the base
    assert (fake_uow.commits, moves(fake_uow.published)) == (
        1,
        [Moved(graph.id, "main", head, row.id)],
    )
    assert world.head("org", "toc") == row.id
    assert world.labels(row.id) == labels


# theirs, ours -> (kind, entity id, field) of each conflict
CONFLICTS = [
    pytest.param([[relabel("o", "Theirs")]], [relabel("o", "Ours")],
                 [("both_changed", "o", "label")],
                 id="one field, different values"),
    pytest.param([[relabel("o", "Theirs")], [relabel("a", "A2")]], [relabel("o", "Ours")],
                 [("both_changed", "o", "label")],
                 id="collides with the older of two batches"),
    pytest.param([[REMOVE_O]], [relabel("o", "Ours")],
                 [("delete_modify", "o", None)],
                 id="we edit a node they removed"),
    pytest.param([[relabel("o", "Theirs")]], [REMOVE_O],
                 [("delete_modify", "o", None)],
                 id="we remove a node they edited"),
    pytest.param([[REMOVE_O]], [edge("u", "o", "a")],
                 [("dangling_edge", "u", "source")],
                 id="our new edge starts at a node they removed"),
    pytest.param([[node("n", "Theirs")]], [node("n", "Ours")],
                 [("add_add", "n", None)],
                 id="both add one id, different content"),
    pytest.param([[edge("t", "a", "i")]], [edge("u", "a", "i")],
                 [("invalid", "u", "target")],
                 id="both connect one pair: the result would be invalid"),
    pytest.param([[relabel("o", "Theirs"), relabel("a", "Theirs too")]],
                 [relabel("o", "Ours"), relabel("a", "Ours too")],
                 [("both_changed", "a", "label"), ("both_changed", "o", "label")],
                 id="two collisions, both listed"),
]  # fmt: skip


@pytest.mark.parametrize(("theirs", "ops", "conflicts"), CONFLICTS)
def test_a_colliding_batch_is_refused_with_its_conflicts(
    world, fake_uow, moved, theirs, ops, conflicts
):
    _, base = moved
    head = land_theirs(world, theirs)
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(Conflict) as caught:
        ours(world, base, ops)
    assert sorted(iter_conflicts(caught.value)) == conflicts
    assert caught.value.extra["head"] == head  # the head to rebase onto by hand
    fake_uow.assert_nothing_written(before)


# theirs (the same change we send, landed by someone, maybe with more after it)
ALREADY = [
    pytest.param([[relabel("o", "Self-belief")]], id="the same change landed"),
    pytest.param([[relabel("o", "Self-belief")], [relabel("a", "A2")]],
                 id="the same change landed, then another"),
    pytest.param([[relabel("o", "Self-belief"), relabel("a", "A2")]],
                 id="the same change landed within a larger batch"),
]  # fmt: skip


@pytest.mark.parametrize("theirs", ALREADY)
def test_a_change_that_landed_already_returns_the_head(world, fake_uow, moved, theirs):
    _, base = moved
    head = land_theirs(world, theirs)
    before = fake_uow.snapshot()
    fake_uow.forget()
    row = ours(world, base, [relabel("o", "Self-belief")])
    assert row.id == head
    assert (fake_uow.commits, fake_uow.published) == (1, [])  # ends its unit, moves nothing
    assert fake_uow.snapshot() == before
