"""Explore (``explore.explore``): the public graphs, searched by name and by box, and the
``node_labels`` index behind the box search, kept by the landing function."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from tests.services.fake_uow import relabel
from toc_editor.services import accounts, explore, forks, graphs

SHARED = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run youth clubs"},
        {"id": "o", "kind": "outcome", "label": "Young people feel confident"},
        {"id": "i", "kind": "impact", "label": "Good work for all"},
    ],
    "edges": [
        {"id": "e1", "source": "a", "target": "o"},
        {"id": "e2", "source": "o", "target": "i"},
    ],
}


def linking(label, target, *, extra=()):
    nodes = [{"id": "x", "kind": "outcome", "label": label, "links": [{"target": target}]}]
    nodes += [{"id": f"n{k}", "kind": "output", "label": text} for k, text in enumerate(extra)]
    return {"nodes": nodes, "edges": []}


@pytest.fixture
def commons(world):
    world.arranged(arrange)


def arrange(world):
    """``net`` (ana; "Youth Outcomes Network"): ``shared`` (public, the framework) and
    ``draft`` (private, box "Zebra crossing drills"); ``ben-org`` (ben): ``pub`` (public,
    links into net/shared; box "Bicycle repair cafe") and ``secret`` (private, titled
    "Secret", links into net/shared; box "Hidden zebra plans"); ``cy-org`` (cy): ``shared``,
    a public fork of net/shared."""
    accounts.create_org(world.ctx("ana"), "net", "Youth Outcomes Network")
    world.org("ben", "ben-org")
    world.org("cy", "cy-org")
    world.graph("ana", "net", "shared", SHARED, visibility="public")
    world.graph("ana", "net", "draft", linking("Zebra crossing drills", "net/shared#o"))
    pub = linking("Ben's confidence", "net/shared#o", extra=["Bicycle repair cafe"])
    world.graph("ben", "ben-org", "pub", pub, visibility="public")
    secret = linking("Hidden zebra plans", "net/shared#i")
    world.graph("ben", "ben-org", "secret", secret)
    forks.fork(world.ctx("cy"), "net", "shared", "cy-org", None, None)


def listed(world, q="", who=None, **kw):
    return [f"{g['org']}/{g['slug']}" for g in explore.explore(world.ctx(who), q, **kw).graphs]


EVERY_PUBLIC = {"net/shared", "ben-org/pub", "cy-org/shared"}

# q -> the graphs listed (the same whoever asks)
SEARCHES = [
    pytest.param("", EVERY_PUBLIC, id="nothing: every public graph"),
    pytest.param("   ", EVERY_PUBLIC, id="spaces: every public graph"),
    pytest.param("confident", {"net/shared", "cy-org/shared"}, id="a box's word"),
    pytest.param("FEEL CONF", {"net/shared", "cy-org/shared"}, id="a box's words, other case"),
    pytest.param("bicycle repair", {"ben-org/pub"}, id="a box only one graph has"),
    pytest.param("youth outcomes", {"net/shared"}, id="the organisation's name"),
    pytest.param("ben-org", {"ben-org/pub"}, id="the organisation's slug"),
    pytest.param("Pub", {"ben-org/pub"}, id="the title"),
    pytest.param("shared", {"net/shared", "cy-org/shared"}, id="the graph's slug"),
    pytest.param("zebra", set(), id="a private graph's box: never"),
    pytest.param("secret", set(), id="a private graph's title: never"),
    pytest.param("draft", set(), id="a private graph's slug: never"),
    pytest.param("%", set(), id="a LIKE wildcard is a character"),
    pytest.param("_", set(), id="the other LIKE wildcard"),
    pytest.param("nothing like this", set(), id="no match"),
    pytest.param("repair bicycle", {"ben-org/pub"}, id="words in another order"),
    pytest.param("confidence cafe", {"ben-org/pub"}, id="words from two boxes"),
    pytest.param("network confident", {"net/shared"}, id="a word of the name, one of a box"),
    pytest.param("bicycle zebra", set(), id="every word must match"),
]


@pytest.mark.parametrize(("q", "expected"), SEARCHES)
@pytest.mark.parametrize("who", [None, "sam", "ana", "ben"])
def test_what_a_search_finds(world, commons, q, expected, who):
    assert set(listed(world, q, who)) == expected


def test_a_graph_is_shown_with_what_explore_needs(world, commons):
    shown = {f"{g['org']}/{g['slug']}": g for g in explore.explore(world.ctx(), "").graphs}
    framework = shown["net/shared"]
    assert framework["org_name"] == "Youth Outcomes Network"
    assert framework["title"] == "Shared" and framework["default_branch"] == "main"
    assert framework["boxes"] == 3
    assert (framework["fork"], framework["upstream"], framework["upstream_private"]) == (
        False,
        None,
        False,
    )
    # ben's public graph, his private one and net/draft link into it: the private ones
    # counted, never named
    assert (framework["framework"], framework["linked_by"]) == (True, 3)
    fork = shown["cy-org/shared"]
    assert (fork["fork"], fork["upstream"], fork["upstream_private"]) == (True, "net/shared", False)
    assert (fork["framework"], fork["linked_by"]) == (False, 0)
    assert shown["ben-org/pub"]["boxes"] == 2
    assert all(g["matched_boxes"] == [] for g in shown.values())
    assert "secret" not in repr(shown).lower() and "zebra" not in repr(shown).lower()


def test_the_matching_boxes_are_shown(world, commons):
    (found,) = explore.explore(world.ctx(), "repair").graphs
    assert found["matched_boxes"] == ["Bicycle repair cafe"]
    many = explore.explore(world.ctx(), "o").graphs  # in nearly every label
    assert all(len(g["matched_boxes"]) <= explore.MATCHED_BOXES for g in many)


def test_frameworks_only(world, commons):
    assert listed(world, frameworks_only=True) == ["net/shared"]
    assert listed(world, "confident", frameworks_only=True) == ["net/shared"]
    assert listed(world, "bicycle", frameworks_only=True) == []


def test_name_matches_come_before_box_matches(world, commons):
    # "youth": net/shared by its organisation's name (and a box), its fork cy-org/shared by
    # a box; a box of ben-org/pub says "youth" now, and it was updated last: after
    # net/shared, before the fork.
    world.edit("ben", "ben-org", "pub", [relabel("n0", "Youth bicycle repair")])
    assert listed(world, "youth") == ["net/shared", "ben-org/pub", "cy-org/shared"]
    # without a name match, the most recently updated first
    world.edit("ana", "net", "shared", [relabel("a", "Run repair clubs")])
    assert listed(world, "repair") == ["net/shared", "ben-org/pub"]


def test_pages(world, commons):
    pages = [explore.explore(world.ctx(), "", page=n, page_size=2) for n in (1, 2, 3)]
    assert [(p.total, p.pages, len(p.graphs)) for p in pages] == [(3, 2, 2), (3, 2, 1), (3, 2, 0)]
    seen = {(g["org"], g["slug"]) for p in pages for g in p.graphs}
    assert len(seen) == 3


def test_the_index_follows_the_default_branch(world, commons):
    world.edit("ana", "net", "shared", [relabel("o", "Young people feel hopeful")])
    assert listed(world, "hopeful") == ["net/shared"]
    assert listed(world, "confident") == ["cy-org/shared"]  # the fork still says it
    world.edit("ana", "net", "shared", [{"op": "remove_node", "id": "o"}])
    assert listed(world, "hopeful") == []
    add = {"op": "add_node", "node": {"id": "new", "kind": "outcome", "label": "Kite flying"}}
    world.edit("ana", "net", "shared", [add])
    assert listed(world, "kite") == ["net/shared"]
    # another branch's boxes are not searched, until it becomes the default branch
    world.branch("ben", "ben-org", "pub", "next")
    world.edit("ben", "ben-org", "pub", [relabel("n0", "Tandem workshop")], branch="next")
    assert listed(world, "tandem") == []
    graphs.update_graph(world.ctx("ben"), "ben-org", "pub", {"default_branch": "next"})
    assert listed(world, "tandem") == ["ben-org/pub"]
    assert listed(world, "bicycle") == []


def test_visibility_decides_and_the_index_is_ready_when_a_graph_goes_public(world, commons):
    graphs.update_graph(world.ctx("ana"), "net", "draft", {"visibility": "public"})
    assert listed(world, "zebra") == ["net/draft"]
    graphs.update_graph(world.ctx("ana"), "net", "draft", {"visibility": "private"})
    assert listed(world, "zebra") == []


def test_a_deleted_graph_leaves_nothing_behind(world, fake_uow, commons):
    graph_id = world.find("ben-org", "pub").id
    graphs.delete_graph(world.ctx("ben"), "ben-org", "pub")
    assert listed(world, "bicycle") == []
    assert [row for row in fake_uow.snapshot()["node_labels"] if row[0] == graph_id] == []


def _statements_on(world, table):
    seen = []

    def note(conn, cursor, statement, *args):
        if table in statement:
            seen.append(statement.split()[0])

    event.listen(world.uow.engine, "before_cursor_execute", note)
    return seen, lambda: event.remove(world.uow.engine, "before_cursor_execute", note)


@pytest.mark.parametrize(
    ("ops", "expected"),
    [
        ([{"op": "update_node", "id": "o", "set": {"description": "Why"}}], []),
        ([{"op": "remove_edge", "id": "e1"}], []),
        ([relabel("o", "Self-belief")], ["UPDATE"]),
        ([{"op": "remove_node", "id": "a"}], ["DELETE"]),
        (
            [{"op": "add_node", "node": {"id": "n", "kind": "output", "label": "New"}}],
            ["INSERT"],
        ),
    ],
    ids=["a description", "an edge", "a label", "a removal", "an addition"],
)
def test_only_label_changes_write_to_the_index(world, commons, ops, expected):
    seen, stop = _statements_on(world, "node_labels")
    try:
        world.edit("ana", "net", "shared", ops)
    finally:
        stop()
    assert seen == expected


def test_init_db_indexes_graphs_made_before_the_index(world, commons):
    from sqlalchemy import delete

    from toc_editor.storage.models import NodeLabel

    with world.uow:
        world.uow.session.execute(delete(NodeLabel))
        world.uow.commit()
    assert listed(world, "confident") == []
    assert explore.index_missing(world.ctx()) == 5  # every graph: all have boxes
    assert set(listed(world, "confident")) == {"net/shared", "cy-org/shared"}
    assert listed(world, "zebra") == []
    assert explore.index_missing(world.ctx()) == 0  # nothing left to do


def test_a_long_description_is_cut(world, commons):
    graphs.update_graph(world.ctx("ana"), "net", "shared", {"description": "word " * 400})
    (shown,) = [g for g in explore.explore(world.ctx(), "").graphs if g["org"] == "net"]
    assert len(shown["description"]) == explore.DESCRIPTION_CHARS
    assert shown["description"].endswith("\u2026")
