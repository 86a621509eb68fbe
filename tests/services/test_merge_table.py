"""Merge a branch into another (``forks.merge_into``): up to date, fast-forward, a
two-parent merge commit, or the conflicts, answered by resolutions (ours / theirs / a value).
"""

from __future__ import annotations

import pytest

from tests.services.fake_uow import Moved, iter_conflicts, moves, relabel
from toc_editor.domain.merge import conflict_id
from toc_editor.services import forks
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound

START = {"a": "Run clubs", "o": "Confidence", "i": "Good work"}
REMOVE_O = {"op": "remove_node", "id": "o"}
O_LABEL = conflict_id("both_changed", "node", "o", "label")
A_LABEL = conflict_id("both_changed", "node", "a", "label")
O_GONE = conflict_id("delete_modify", "node", "o", None)


def arrange_branches(world):
    """``org/toc`` with ``draft`` branched from ``main``; ana owns ``org``, vic views."""
    world.org("ana", "org", vic="viewer")
    world.graph("ana", "org", "toc")
    world.branch("ana", "org", "toc", "draft")


@pytest.fixture
def branches(world):
    world.arranged(arrange_branches)
    return world.find("org", "toc")


def arrange(world, on_draft, on_main):
    for ops in on_draft:
        world.edit("ana", "org", "toc", ops, branch="draft")
    for ops in on_main:
        world.edit("ana", "org", "toc", ops, branch="main")
    return world.head("org", "toc"), world.head("org", "toc", "draft")


def merge(world, resolutions=None, who="ana", source="draft", target=None):
    return forks.merge_into(world.ctx(who), "org", "toc", source, target, None, resolutions)


# draft's batches, main's batches, resolutions -> result, main's labels after
MERGES = [
    pytest.param([], [], None, "up_to_date", START,
                 id="nothing on either side: up to date"),
    pytest.param([], [[relabel("o", "Main")]], None, "up_to_date", {**START, "o": "Main"},
                 id="only main moved: up to date"),
    pytest.param([[relabel("o", "Draft")]], [], None, "fast_forward", {**START, "o": "Draft"},
                 id="only draft moved: fast-forward"),
    pytest.param([[relabel("o", "Draft")], [relabel("i", "Draft 2")]], [], None, "fast_forward",
                 {**START, "o": "Draft", "i": "Draft 2"},
                 id="draft two commits ahead: fast-forward"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("a", "Main")]], None, "merged",
                 {"a": "Main", "o": "Draft", "i": "Good work"},
                 id="both moved, different nodes: merged"),
    pytest.param([[relabel("o", "Same")]], [[relabel("o", "Same")]], None, "merged",
                 {**START, "o": "Same"},
                 id="both made the same change: merged"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "ours"}], "merged", {**START, "o": "Main"},
                 id="conflict answered ours: the target's"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "theirs"}], "merged", {**START, "o": "Draft"},
                 id="conflict answered theirs: the source's"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "value", "value": "Both"}], "merged",
                 {**START, "o": "Both"},
                 id="conflict answered with a value"),
    pytest.param([[REMOVE_O]], [[relabel("o", "Main")]],
                 [{"conflict": O_GONE, "take": "theirs"}], "merged",
                 {"a": "Run clubs", "i": "Good work"},
                 id="removed on draft, changed on main, answered theirs: removed"),
    pytest.param([[REMOVE_O]], [[relabel("o", "Main")]],
                 [{"conflict": O_GONE, "take": "ours"}], "merged", {**START, "o": "Main"},
                 id="removed on draft, changed on main, answered ours: kept"),
]  # fmt: skip


@pytest.mark.parametrize(("on_draft", "on_main", "answers", "result", "labels"), MERGES)
def test_a_merge_lands_as_the_plan_says(
    world, fake_uow, branches, on_draft, on_main, answers, result, labels
):
    main, draft = arrange(world, on_draft, on_main)
    commits = world.commit_count()
    fake_uow.forget()
    found, row = merge(world, answers)
    assert found == result
    assert fake_uow.commits == 1
    assert world.labels(world.head("org", "toc")) == labels
    assert world.head("org", "toc", "draft") == draft  # the source never moves
    if result == "up_to_date":
        assert (row.id, fake_uow.published, world.commit_count()) == (main, [], commits)
        return
    assert moves(fake_uow.published) == [Moved(branches.id, "main", main, row.id)]
    if result == "fast_forward":
        assert (row.id, world.commit_count()) == (draft, commits)
    else:
        assert (row.parent1, row.parent2, world.commit_count()) == (main, draft, commits + 1)


@pytest.mark.parametrize(("on_draft", "on_main", "answers", "result", "labels"), MERGES)
def test_the_preview_says_what_a_merge_would_do_and_writes_nothing(
    world, fake_uow, branches, on_draft, on_main, answers, result, labels
):
    main, draft = arrange(world, on_draft, on_main)
    before = fake_uow.snapshot()
    fake_uow.forget()
    plan = forks.preview(world.ctx("vic"), "org", "toc", "draft", None)  # readers may look
    assert (plan.result, plan.target_head, plan.source_head) == (result, main, draft)
    opened = sorted((c["kind"], c["entity_id"], c["field"]) for c in plan.conflicts)
    assert opened == ([] if answers is None else [ANSWERED[answers[0]["conflict"]]])
    assert (fake_uow.commits, fake_uow.published, fake_uow.snapshot()) == (0, [], before)


ANSWERED = {O_LABEL: ("both_changed", "o", "label"), O_GONE: ("delete_modify", "o", None)}


# draft's batches, main's batches, resolutions -> the open conflicts, or where Invalid points
REFUSED = [
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]], None,
                 [("both_changed", "o", "label")],
                 id="one field changed on both: conflict"),
    pytest.param([[REMOVE_O]], [[relabel("o", "Main")]], None,
                 [("delete_modify", "o", None)],
                 id="removed on one side, changed on the other: conflict"),
    pytest.param([[relabel("o", "D"), relabel("a", "D")]], [[relabel("o", "M"), relabel("a", "M")]],
                 [{"conflict": O_LABEL, "take": "ours"}],
                 [("both_changed", "a", "label")],
                 id="two conflicts, one answered: the other stays open"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": A_LABEL, "take": "ours"}],
                 [("both_changed", "o", "label")],
                 id="an answer to a conflict that is not there"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "maybe"}], "resolutions/0/take",
                 id="an answer that is not ours, theirs or value"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "value"}], "resolutions/0/value",
                 id="take value without a value"),
    pytest.param([[relabel("o", "Draft")]], [[relabel("o", "Main")]],
                 [{"conflict": O_LABEL, "take": "value", "value": ""}],
                 [("invalid", "o", "label")],
                 id="an answer the merged graph cannot hold: a conflict of its own"),
]  # fmt: skip


@pytest.mark.parametrize(("on_draft", "on_main", "answers", "expected"), REFUSED)
def test_a_refused_merge_changes_nothing(
    world, fake_uow, branches, on_draft, on_main, answers, expected
):
    root = world.head("org", "toc")  # where draft branched: the merge base
    arrange(world, on_draft, on_main)
    before = fake_uow.snapshot()
    fake_uow.forget()
    if isinstance(expected, str):
        with pytest.raises(Invalid) as invalid:
            merge(world, answers)
        assert invalid.value.where == expected
    else:
        with pytest.raises(Conflict) as caught:
            merge(world, answers)
        assert sorted(iter_conflicts(caught.value)) == expected
        assert caught.value.extra["merge_base"] == root
    fake_uow.assert_nothing_written(before)


@pytest.fixture
def family(world):
    world.arranged(arrange_family)


def arrange_family(world):
    """``net/shared`` (public; ana owns ``net``, ben edits it, vic views it) and its forks
    ``ben-org/shared`` (public) and ``ben-org/hidden`` (private), each moved since the
    fork, as ``net/shared`` was; ``net/other`` shares no history with them."""
    world.org("ana", "net", ben="editor", vic="viewer")
    world.org("ben", "ben-org")
    world.user("sam")
    world.graph("ana", "net", "shared", visibility="public")
    world.graph("ana", "net", "other", visibility="public")
    forks.fork(world.ctx("ben"), "net", "shared", "ben-org", None)
    forks.fork(world.ctx("ben"), "net", "shared", "ben-org", "hidden", "private")
    world.edit("ben", "ben-org", "shared", [relabel("a", "Ben")])
    world.edit("ben", "ben-org", "hidden", [relabel("i", "Hidden")])
    world.edit("ana", "net", "shared", [relabel("o", "Net")])


# who, into which graph's main, from which source -> the merge commit's message, or an error
SOURCES = [
    pytest.param("ben", "ben-org/shared", "upstream", "Merge net/shared:main into main",
                 id="a fork pulls its upstream"),
    pytest.param("ben", "ben-org/shared", "net/shared:main", "Merge net/shared:main into main",
                 id="the upstream by name and branch"),
    pytest.param("ben", "ben-org/shared", "net/shared", "Merge net/shared:main into main",
                 id="the upstream by name: its default branch"),
    pytest.param("ana", "net/shared", "ben-org/shared:main",
                 "Merge ben-org/shared:main into main",
                 id="the upstream takes a public fork"),
    pytest.param("ben", "net/shared", "ben-org/hidden:main", "Merge a private fork into main",
                 id="a private fork merged upstream is not named to the upstream's readers"),
    pytest.param("ana", "net/shared", "ben-org/hidden:main", NotFound,
                 id="a private fork the caller cannot read"),
    pytest.param("ana", "net/shared", "upstream", Invalid,
                 id="upstream of a graph that has none"),
    pytest.param("ana", "net/shared", "net/other:main", Invalid,
                 id="a graph that shares no history"),
    pytest.param("ana", "net/shared", "nope", NotFound, id="a branch that does not exist"),
    pytest.param("vic", "net/shared", "ben-org/shared:main", Forbidden, id="a viewer"),
    pytest.param("sam", "net/shared", "ben-org/shared:main", Forbidden,
                 id="an outsider, public graph"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "into", "source", "expected"), SOURCES)
def test_where_a_merge_may_come_from(world, fake_uow, family, who, into, source, expected):
    org, _, slug = into.partition("/")
    head = world.head(org, slug)
    before = fake_uow.snapshot()
    fake_uow.forget()
    call = lambda: forks.merge_into(world.ctx(who), org, slug, source, None, None)  # noqa: E731
    if not isinstance(expected, str):
        with pytest.raises(expected):
            call()
        fake_uow.assert_nothing_written(before)
        return
    result, row = call()
    assert (result, row.message, row.parent1) == ("merged", expected, head)
    graph = world.find(org, slug)
    assert (fake_uow.commits, moves(fake_uow.published)) == (
        1,
        [Moved(graph.id, "main", head, row.id)],
    )
