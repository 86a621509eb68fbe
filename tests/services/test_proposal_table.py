"""Proposals (``services.proposals``): a fork's writer opens one on the upstream, freezing
the proposed version; the upstream's writers merge it; the author or the target's writers
close it; the source's writers update it. Only open proposals change."""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, iter_conflicts, moves, relabel
from toc_editor.domain.merge import conflict_id
from toc_editor.services import forks, graphs, proposals
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound, Unauthorized

O_LABEL = conflict_id("both_changed", "node", "o", "label")


@pytest.fixture
def family(world):
    world.arranged(arrange_family)


def arrange_family(world):
    """``net/shared`` (public; ana owns ``net``, eve edits, vic views) and its public fork
    ``ben-org/shared`` (ben owns ``ben-org``, bea edits), where ben relabelled ``o``;
    ``ben-org/quiet`` is private; sam belongs nowhere."""
    world.org("ana", "net", eve="editor", vic="viewer")
    world.org("ben", "ben-org", bea="editor")
    world.user("sam")
    world.graph("ana", "net", "shared", visibility="public")
    world.graph("ben", "ben-org", "quiet")
    forks.fork(world.ctx("ben"), "net", "shared", "ben-org", None)
    world.edit("ben", "ben-org", "shared", [relabel("o", "Ben's wording")])


def open_one(world, who="ben", source="ben-org/shared:main", title="Wording"):
    return proposals.open_proposal(world.ctx(who), "net", "shared", source, None, title, "")


LINK_TO_QUIET = {"op": "update_node", "id": "i", "set": {"links": [{"target": "ben-org/quiet#o"}]}}

# who opens, from which source, with which title; a step before -> where Invalid points or
# the error (None: opened)
OPENS = [
    pytest.param("ben", "ben-org/shared:main", "Wording", None, None,
                 id="the fork's owner"),
    pytest.param("bea", "ben-org/shared:main", "Wording", None, None,
                 id="the fork's editor"),
    pytest.param("ben", "ben-org/shared", "Wording", None, None,
                 id="the fork by name: its default branch"),
    pytest.param("sam", "ben-org/shared:main", "Wording", None, Forbidden,
                 id="an outsider to the fork"),
    pytest.param("ana", "ben-org/shared:main", "Wording", None, Forbidden,
                 id="the target's owner, who cannot write the fork"),
    pytest.param(None, "ben-org/shared:main", "Wording", None, Unauthorized,
                 id="anonymous"),
    pytest.param("ben", "ben-org/shared:main", "   ", None, "title", id="a blank title"),
    pytest.param("ben", "ben-org/shared:main", "t" * 201, None, "title",
                 id="a title too long"),
    pytest.param("ana", "main", "Wording", None, "source",
                 id="source and target the same branch"),
    pytest.param("ben", "ben-org/shared:main", "Wording", LINK_TO_QUIET,
                 "nodes/i/links/0/target",
                 id="a private fork's link to its org's private graph would be published"),
    pytest.param("ben", "ben-org/shared:nope", "Wording", None, NotFound,
                 id="a source branch that does not exist"),
    pytest.param("ben", "ben-org/quiet:main", "Wording", None, Invalid,
                 id="a graph that shares no history"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "source", "title", "before_ops", "expected"), OPENS)
def test_who_may_open_a_proposal_of_what(
    world, fake_uow, family, who, source, title, before_ops, expected
):
    if before_ops:  # only a private graph may link to a private one: make the fork private
        graphs.update_graph(world.ctx("ben"), "ben-org", "shared", {"visibility": "private"})
        world.edit("ben", "ben-org", "shared", [before_ops])
    head = world.head("ben-org", "shared")
    before = fake_uow.snapshot()
    fake_uow.forget()
    if expected is None:
        row = open_one(world, who, source, title)
        assert (row.number, row.status, row.source_commit) == (1, "open", head)
        assert (fake_uow.commits, fake_uow.published) == (1, [])  # no branch moves
        return
    error = Invalid if isinstance(expected, str) else expected
    with pytest.raises(error) as caught:
        open_one(world, who, source, title)
    if isinstance(expected, str):
        assert caught.value.where == expected
    fake_uow.assert_nothing_written(before)


def arrange_opened(world):
    """``arrange_family``, and ben's proposal #1 of ``ben-org/shared:main`` to it."""
    arrange_family(world)
    open_one(world)


@pytest.fixture
def opened(world):
    world.arranged(arrange_opened)
    row = world.uow.proposals.by_number(world.find("net", "shared").id, 1)
    assert row is not None
    return row


def prepare(world, row, step):
    """A step before the action: the target or the source moved, or the proposal ended."""
    if step == "target moved":
        world.edit("ana", "net", "shared", [relabel("i", "Net's impact")])
    elif step == "target collides":
        world.edit("ana", "net", "shared", [relabel("o", "Net's wording")])
    elif step == "source moved":
        world.edit("ben", "ben-org", "shared", [relabel("a", "Ben's clubs")])
    elif step == "closed":
        proposals.close(world.ctx("ben"), row)
    elif step == "merged":
        proposals.merge(world.ctx("ana"), row, None)


def act(world, row, who, action, answers=None):
    ctx = world.ctx(who)
    if action == "merge":
        return proposals.merge(ctx, row, answers)
    if action == "close":
        return proposals.close(ctx, row)
    return proposals.update_proposal(ctx, row)


# a step before, who, what they do, resolutions -> (result, target labels) of a merge;
# None for close/update; or the error
ACTIONS = [
    pytest.param(None, "ana", "merge", None, ("fast_forward", "Ben's wording"),
                 id="merge by the target's owner: fast-forward"),
    pytest.param(None, "eve", "merge", None, ("fast_forward", "Ben's wording"),
                 id="merge by the target's editor"),
    pytest.param("target moved", "ana", "merge", None, ("merged", "Ben's wording"),
                 id="merge after the target moved: a merge commit"),
    pytest.param("source moved", "ana", "merge", None, ("fast_forward", "Ben's wording"),
                 id="merge lands the proposed version, not the source's later work"),
    pytest.param("target collides", "ana", "merge", [{"conflict": O_LABEL, "take": "theirs"}],
                 ("merged", "Ben's wording"), id="merge of a conflict answered theirs"),
    pytest.param("target collides", "ana", "merge", [{"conflict": O_LABEL, "take": "ours"}],
                 ("merged", "Net's wording"), id="merge of a conflict answered ours"),
    pytest.param("target collides", "ana", "merge", None, Conflict,
                 id="merge of an unanswered conflict"),
    pytest.param(None, "ben", "merge", None, Forbidden,
                 id="merge by the author, who cannot write the target"),
    pytest.param(None, "vic", "merge", None, Forbidden, id="merge by a viewer of the target"),
    pytest.param(None, None, "merge", None, Unauthorized, id="merge by anonymous"),
    pytest.param("closed", "ana", "merge", None, Conflict, id="merge of a closed proposal"),
    pytest.param("merged", "ana", "merge", None, Conflict, id="merge of a merged proposal"),
    pytest.param(None, "ben", "close", None, None, id="close by the author"),
    pytest.param(None, "eve", "close", None, None, id="close by the target's editor"),
    pytest.param(None, "sam", "close", None, Forbidden, id="close by an outsider"),
    pytest.param(None, "vic", "close", None, Forbidden, id="close by a viewer of the target"),
    pytest.param("closed", "ben", "close", None, Conflict, id="close of a closed proposal"),
    pytest.param("merged", "ana", "close", None, Conflict, id="close of a merged proposal"),
    pytest.param("source moved", "ben", "update", None, None,
                 id="update by the source's owner: the later version"),
    pytest.param("source moved", "bea", "update", None, None,
                 id="update by the source's editor"),
    pytest.param("source moved", "ana", "update", None, Forbidden,
                 id="update by the target's owner, who cannot write the source"),
    pytest.param("closed", "ben", "update", None, Conflict, id="update of a closed proposal"),
]  # fmt: skip


@pytest.mark.parametrize(("step", "who", "action", "answers", "expected"), ACTIONS)
def test_what_may_happen_to_an_open_proposal(
    world, fake_uow, opened, step, who, action, answers, expected
):
    row = opened
    proposed = row.source_commit
    prepare(world, row, step)
    target = world.find("net", "shared")
    head = world.head("net", "shared")
    status = row.status
    before = fake_uow.snapshot()
    fake_uow.forget()
    if isinstance(expected, type):
        with pytest.raises(expected) as caught:
            act(world, row, who, action, answers)
        fake_uow.assert_nothing_written(before)
        assert row.status == status
        if step == "target collides" and expected is Conflict:
            assert list(iter_conflicts(caught.value)) == [("both_changed", "o", "label")]
        return
    found = act(world, row, who, action, answers)
    assert fake_uow.commits == 1
    if action == "merge":
        result, commit = found
        assert (result, world.labels(commit.id)["o"]) == expected
        assert (row.status, row.merged_commit) == ("merged", commit.id)
        assert moves(fake_uow.published) == [Moved(target.id, "main", head, commit.id)]
        assert commit.id == proposed if result == "fast_forward" else commit.parent2 == proposed
    elif action == "close":
        assert (row.status, fake_uow.published, world.head("net", "shared")) == ("closed", [], head)
    else:
        source_head = world.head("ben-org", "shared")
        assert (row.source_commit, row.status, fake_uow.published) == (source_head, "open", [])
        assert source_head != proposed
