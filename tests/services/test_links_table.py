"""Links from a node to a node of a shared ToC (``org/graph#node``): checked when a commit
adds them (``links.check_links``), and indexed in ``node_links`` as each graph's default
branch holds them (``links.reindex``, run by the landing function)."""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, moves
from toc_editor.services import forks, graphs
from toc_editor.services.errors import Invalid


@pytest.fixture
def sector(world):
    world.arranged(arrange)


def arrange(world):
    """``net/shared`` (public; its ``draft`` branch alone has node ``x``) and ``net/own``
    (private), ana's; ``ben-org/toc`` and ``ben-org/quiet`` (private), ben's;
    ``cy-org/secret`` (private), cy's."""
    world.org("ana", "net")
    world.org("ben", "ben-org")
    world.org("cy", "cy-org")
    world.graph("ana", "net", "shared", visibility="public")
    world.branch("ana", "net", "shared", "draft")
    x = {"op": "add_node", "node": {"id": "x", "kind": "outcome", "label": "Draft only"}}
    world.edit("ana", "net", "shared", [x], branch="draft")
    world.graph("ana", "net", "own")
    world.graph("ben", "ben-org", "toc")
    world.graph("ben", "ben-org", "quiet")
    world.graph("cy", "cy-org", "secret")


def link(node, *targets, relation="contributes_to"):
    links = [{"target": t, "relation": relation} for t in targets]
    return {"op": "update_node", "id": node, "set": {"links": links}}


def index(world, org, slug):
    """``(node, target, relation)`` of every indexed link of ``org/slug``."""
    rows = world.uow.graphs.links_from(world.find(org, slug).id)
    return sorted((r.node_id, r.target, r.relation) for r in rows)


# what ben links ben-org/toc's node o to -> where the Invalid points (None: it lands)
TARGETS = [
    pytest.param("net/shared#o", None, id="a node of another organisation's public graph"),
    pytest.param("net/shared#a", None, id="an activity of a public graph"),
    pytest.param("ben-org/quiet#o", None, id="a node of its own organisation's private graph"),
    pytest.param("ben-org/toc#i", None, id="a node of its own graph"),
    pytest.param("cy-org/secret#o", "nodes/o/links/0/target",
                 id="a node of another organisation's private graph"),
    pytest.param("net/own#o", "nodes/o/links/0/target",
                 id="a private graph of the public graph's organisation"),
    pytest.param("net/shared#nope", "nodes/o/links/0/target", id="a node that does not exist"),
    pytest.param("net/shared#x", "nodes/o/links/0/target",
                 id="a node only a non-default branch holds"),
    pytest.param("net/gone#o", "nodes/o/links/0/target", id="a graph that does not exist"),
    pytest.param("nobody/none#o", "nodes/o/links/0/target",
                 id="an organisation that does not exist"),
    pytest.param("net/shared", "ops/0/set/links/0/target", id="no node named"),
]  # fmt: skip


@pytest.mark.parametrize(("target", "where"), TARGETS)
def test_what_a_link_may_point_at(world, fake_uow, sector, target, where):
    toc = world.find("ben-org", "toc")
    head = world.head("ben-org", "toc")
    before = fake_uow.snapshot()
    fake_uow.forget()
    if where is None:
        row = world.edit("ben", "ben-org", "toc", [link("o", target)])
        assert (fake_uow.commits, moves(fake_uow.published)) == (
            1,
            [Moved(toc.id, "main", head, row.id)],
        )
        assert index(world, "ben-org", "toc") == [("o", target, "contributes_to")]
        return
    with pytest.raises(Invalid) as caught:
        world.edit("ben", "ben-org", "toc", [link("o", target)])
    assert caught.value.where == where
    fake_uow.assert_nothing_written(before)


def test_only_added_links_are_checked_the_second_of_two_is_blamed(world, fake_uow, sector):
    world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")])
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(Invalid) as caught:
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o", "cy-org/secret#o")])
    assert caught.value.where == "nodes/o/links/1/target"
    fake_uow.assert_nothing_written(before)


SHARED_O = ("o", "net/shared#o", "contributes_to")


def step(world, what):
    """One change to ``ben-org/toc`` (which starts with ``o`` linked on ``draft`` only)."""
    ctx = world.ctx("ben")
    if what == "link on main":
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")])
    elif what == "link on main as same_as":
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o", relation="same_as")])
    elif what == "two links on main":
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o"), link("i", "net/shared#i")])
    elif what == "nothing on main":
        pass
    elif what == "merge draft into main":
        forks.merge_into(ctx, "ben-org", "toc", "draft", None, None)
    elif what == "unlink on main":
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")])
        world.edit("ben", "ben-org", "toc", [link("o")])
    elif what == "remove the node on main":
        world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")])
        world.edit("ben", "ben-org", "toc", [{"op": "remove_node", "id": "o"}])
    elif what == "make draft the default branch":
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "draft"})
    elif what == "make draft default, then main again":
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "draft"})
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "main"})
    else:  # pragma: no cover
        raise AssertionError(what)


# a change -> the index of ben-org/toc's links after it
INDEX = [
    pytest.param("nothing on main", [], id="a link on a non-default branch is not indexed"),
    pytest.param("link on main", [SHARED_O], id="a link on the default branch is indexed"),
    pytest.param("link on main as same_as", [("o", "net/shared#o", "same_as")],
                 id="with its relation"),
    pytest.param("two links on main", [("i", "net/shared#i", "contributes_to"), SHARED_O],
                 id="two nodes, two links"),
    pytest.param("merge draft into main", [SHARED_O],
                 id="a merge into the default branch indexes what it brings"),
    pytest.param("unlink on main", [], id="a link removed is no longer indexed"),
    pytest.param("remove the node on main", [], id="a node removed takes its links along"),
    pytest.param("make draft the default branch", [SHARED_O],
                 id="a new default branch: the index follows it"),
    pytest.param("make draft default, then main again", [],
                 id="and back again"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "expected"), INDEX)
def test_the_index_mirrors_the_default_branch(world, fake_uow, sector, what, expected):
    world.branch("ben", "ben-org", "toc", "draft")
    world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")], branch="draft")
    step(world, what)
    assert index(world, "ben-org", "toc") == expected


def test_a_fork_indexes_the_links_it_starts_with(world, fake_uow, sector):
    world.edit("ben", "ben-org", "toc", [link("o", "net/shared#o")])
    world.org("ben", "ben-2")
    fake_uow.forget()
    forks.fork(world.ctx("ben"), "ben-org", "toc", "ben-2", None)
    assert index(world, "ben-2", "toc") == [SHARED_O]
    assert fake_uow.commits == 1 and len(fake_uow.published) == 1


# A public graph may not name a private one, even of its own organisation: its readers
# would see the name (whoever links, and however the graph becomes public).
PUBLIC_TO_PRIVATE = [
    pytest.param("ben-org/quiet#o", "nodes/o/links/0/target", id="its own org's private graph"),
    pytest.param("net/shared#o", None, id="another organisation's public graph"),
]  # fmt: skip


@pytest.mark.parametrize(("target", "where"), PUBLIC_TO_PRIVATE)
def test_what_a_public_graph_may_link_to(world, fake_uow, sector, target, where):
    world.graph("ben", "ben-org", "open", visibility="public")
    before = fake_uow.snapshot()
    fake_uow.forget()
    if where is None:
        world.edit("ben", "ben-org", "open", [link("o", target)])
        assert index(world, "ben-org", "open") == [("o", target, "contributes_to")]
        return
    with pytest.raises(Invalid) as caught:
        world.edit("ben", "ben-org", "open", [link("o", target)])
    assert caught.value.where == where
    fake_uow.assert_nothing_written(before)


@pytest.mark.parametrize(
    ("target", "refused"),
    [
        pytest.param("ben-org/quiet#o", True, id="a link to a private graph: refused"),
        pytest.param("net/shared#o", False, id="a link to a public graph: made public"),
    ],
)
def test_a_graph_is_made_public_only_without_links_to_private_graphs(
    world, fake_uow, sector, target, refused
):
    world.edit("ben", "ben-org", "toc", [link("o", target)])
    ben = world.ctx("ben")
    if not refused:
        assert graphs.update_graph(ben, "ben-org", "toc", {"visibility": "public"}).visibility == (
            "public"
        )
        return
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(Invalid) as caught:
        graphs.update_graph(ben, "ben-org", "toc", {"visibility": "public"})
    assert caught.value.where == "visibility" and "ben-org/quiet" in caught.value.message
    fake_uow.assert_nothing_written(before)
