"""Restore an older version (``versioning.restore``): a new commit on the branch whose
content is exactly that version's, history kept; restoring what the branch holds already
is refused."""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, moves, relabel
from toc_editor.services import versioning
from toc_editor.services.errors import Forbidden, Invalid, NotFound

ADD_X = [
    {"op": "add_node", "node": {"id": "x", "kind": "output", "label": "Clubs held"}},
    {"op": "add_edge", "edge": {"id": "ex", "source": "a", "target": "x"}},
]


@pytest.fixture
def versions(world):
    return world.arranged(arrange)


def arrange(world):
    """``org/toc`` with history v1 (created) <- v2 (o relabelled) <- v3 (x added) = main;
    ``draft`` branched at v1 with ``a`` relabelled; ``org/other``, an unrelated graph;
    vic views ``org``, sam belongs nowhere."""
    world.user("sam")
    world.org("ana", "org", vic="viewer")
    world.graph("ana", "org", "toc")
    found = {"v1": world.head("org", "toc")}
    world.branch("ana", "org", "toc", "draft")
    found["draft"] = world.edit("ana", "org", "toc", [relabel("a", "Run two clubs")], "draft").id
    found["v2"] = world.edit("ana", "org", "toc", [relabel("o", "Self-belief")]).id
    found["v3"] = world.edit("ana", "org", "toc", ADD_X).id
    world.graph("ana", "org", "other")
    found["other"] = world.head("org", "other")
    return found


def ref_of(versions, spec):
    """``v1`` -> its id; ``v1[:10]`` -> a prefix; anything else (a branch name) as is."""
    name, _, cut = spec.partition("[:")
    if name not in versions:
        return spec
    return versions[name][: int(cut.rstrip("]"))] if cut else versions[name]


def restore(world, ref, who="ana", message=None, branch="main"):
    return versioning.restore(world.ctx(who), "org", "toc", branch, ref, message)


# the ref to restore, the message given -> the version whose content the branch then holds
RESTORES = [
    pytest.param("v1", None, "v1", id="the first version, by id"),
    pytest.param("v2", None, "v2", id="the previous version, by id"),
    pytest.param("v1[:10]", None, "v1", id="by a 10-character prefix"),
    pytest.param("v2[:7]", None, "v2", id="by the shortest prefix, 7 characters"),
    pytest.param("draft", None, "draft", id="another branch's head, by its name"),
    pytest.param("v1", "Back to the start", "v1", id="with a message of its own"),
]


@pytest.mark.parametrize(("spec", "message", "expected"), RESTORES)
def test_restoring_a_version_commits_its_content(
    world, fake_uow, versions, spec, message, expected
):
    graph = world.find("org", "toc")
    head = versions["v3"]
    fake_uow.forget()
    row = restore(world, ref_of(versions, spec), message=message)
    assert (fake_uow.commits, moves(fake_uow.published)) == (
        1,
        [Moved(graph.id, "main", head, row.id)],
    )
    assert row.id not in versions.values() and (row.parent1, row.parent2) == (head, None)
    assert world.content(row.id) == world.content(versions[expected])
    assert row.message == (message or f"Restore version {versions[expected][:10]}")
    history = [c.id for c in versioning.log(world.ctx("ana"), graph, "main")]
    assert history[:4] == [row.id, versions["v3"], versions["v2"], versions["v1"]]


# the ref, who restores, onto which branch -> the error, and where it points
REFUSED = [
    pytest.param("v3", "ana", "main", Invalid, "commit", id="the head itself"),
    pytest.param("main", "ana", "main", Invalid, "commit", id="the branch's own name"),
    pytest.param("v2", "ana", "reverted", Invalid, "commit",
                 id="an older version whose content the branch holds again"),
    pytest.param("f" * 40, "ana", "main", NotFound, None, id="an unknown commit"),
    pytest.param("v3[:6]", "ana", "main", NotFound, None, id="a prefix shorter than 7"),
    pytest.param("other", "ana", "main", NotFound, None,
                 id="a commit of another graph's history"),
    pytest.param("v1", "vic", "main", Forbidden, None, id="a viewer"),
    pytest.param("v1", "sam", "main", NotFound, None, id="an outsider: no such graph"),
    pytest.param("v1", "ana", "nope", NotFound, None, id="a missing branch"),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "who", "branch", "error", "where"), REFUSED)
def test_a_refused_restore_changes_nothing(
    world, fake_uow, versions, spec, who, branch, error, where
):
    if branch == "reverted":  # main: v3 <- v4 = v3 without x, so the content of v2
        world.edit("ana", "org", "toc", [{"op": "remove_node", "id": "x"}])
        branch = "main"
    before = fake_uow.snapshot()
    fake_uow.forget()
    with pytest.raises(error) as caught:
        restore(world, ref_of(versions, spec), who=who, branch=branch)
    assert caught.value.where == where
    fake_uow.assert_nothing_written(before)
