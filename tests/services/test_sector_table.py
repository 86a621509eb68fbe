"""The sector map of a shared ToC (``sector.sector_map``), per viewer: who contributes to
each node, counted always, named only to those who may read the contributing graph."""

from __future__ import annotations

import pytest

from toc_editor.services import sector, versioning
from toc_editor.services.errors import NotFound

SHARED = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run clubs"},
        {"id": "o", "kind": "outcome", "label": "Confidence"},
        {"id": "g", "kind": "outcome", "label": "Nobody works on this"},
        {"id": "i", "kind": "impact", "label": "Good work", "links": []},
        {"id": "r", "kind": "outcome", "label": "Removed later"},
    ],
    "edges": [{"id": "e1", "source": "a", "target": "o"}],
}


def contributing(*links):
    """A document of outcome nodes ``(id, label, target)``."""
    nodes = [
        {"id": nid, "kind": "outcome", "label": label, "links": [{"target": target}]}
        for nid, label, target in links
    ]
    return {"nodes": nodes, "edges": []}


@pytest.fixture
def sector_map(world):
    world.arranged(arrange)


def arrange(world):
    """``net/shared`` (public, ana's ``net``) and the graphs that link into it:
    ``ben-org/pub`` (public: ``x`` -> o; ``x2`` -> r, a node net/shared removed since;
    ``c`` links nowhere),
    ``cy-org/quiet`` (private: ``y`` -> o, ``z`` -> i), ``net/inner`` (private, in the
    shared ToC's own organisation: ``w`` -> i); net/shared links to itself (``o`` -> i)."""
    world.org("ana", "net")
    world.org("ben", "ben-org")
    world.org("cy", "cy-org")
    world.user("sam")
    world.graph("ana", "net", "shared", SHARED, visibility="public")
    pub = contributing(("x", "Ben's confidence", "net/shared#o"), ("x2", "Ben's r", "net/shared#r"))
    pub["nodes"].append({"id": "c", "kind": "outcome", "label": "Confidence grows"})
    world.graph("ben", "ben-org", "pub", pub, visibility="public")
    quiet = contributing(("y", "Quiet one", "net/shared#o"), ("z", "Quiet two", "net/shared#i"))
    world.graph("cy", "cy-org", "quiet", quiet)
    world.graph("ana", "net", "inner", contributing(("w", "Inner one", "net/shared#i")))
    world.edit("ana", "net", "shared", [{"op": "remove_node", "id": "r"}])
    self_link = {"op": "update_node", "id": "o", "set": {"links": [{"target": "net/shared#i"}]}}
    world.edit("ana", "net", "shared", [self_link])


BEN_X = ("ben-org", "pub", "x")
CY_Y, CY_Z = ("cy-org", "quiet", "y"), ("cy-org", "quiet", "z")
NET_W = ("net", "inner", "w")
PUB, QUIET, INNER = ("ben-org", "pub", 1), ("cy-org", "quiet", 2), ("net", "inner", 1)

# viewer -> per node (count, private_count, named contributors), the graphs named with
# their links, how many private graphs contribute; the gap is always g
VIEWERS = [
    pytest.param(None, {"o": (2, 1, [BEN_X]), "i": (2, 2, []), "a": (0, 0, [])}, [PUB], 2,
                 id="anonymous: private contributions counted, never named"),
    pytest.param("sam", {"o": (2, 1, [BEN_X]), "i": (2, 2, []), "a": (0, 0, [])}, [PUB], 2,
                 id="a signed-in outsider sees what anonymous sees"),
    pytest.param("ben", {"o": (2, 1, [BEN_X]), "i": (2, 2, []), "a": (0, 0, [])}, [PUB], 2,
                 id="a public contributor sees what anonymous sees"),
    pytest.param("ana", {"o": (2, 1, [BEN_X]), "i": (2, 1, [NET_W]), "a": (0, 0, [])},
                 [PUB, INNER], 1,
                 id="the shared ToC's owner: its own private graph named, others' not"),
    pytest.param("cy", {"o": (2, 0, [BEN_X, CY_Y]), "i": (2, 1, [CY_Z]), "a": (0, 0, [])},
                 [PUB, QUIET], 1,
                 id="a private contributor sees its own contributions named"),
]  # fmt: skip


@pytest.mark.parametrize(("viewer", "nodes", "named_graphs", "private_graphs"), VIEWERS)
def test_who_sees_which_contributors(
    world, fake_uow, sector_map, viewer, nodes, named_graphs, private_graphs
):
    before = fake_uow.snapshot()
    fake_uow.forget()
    found = sector.sector_map(world.ctx(viewer), "net", "shared", None)
    by_id = {n["id"]: n for n in found["nodes"]}
    for node_id, (count, private, named) in nodes.items():
        node = by_id[node_id]
        shown = [(c["org"], c["graph"], c["node"]) for c in node["contributors"]]
        assert (node["count"], node["private_count"], shown) == (count, private, named), node_id
    assert set(by_id) == {"a", "o", "g", "i"}  # r was removed: its link counts nowhere
    assert found["gaps"] == ["g"]
    assert [(g["org"], g["graph"], g["links"]) for g in found["graphs"]] == named_graphs
    assert found["private_graphs"] == private_graphs
    assert found["commit"] == world.head("net", "shared")
    assert (fake_uow.commits, fake_uow.published) == (0, [])  # a read
    assert fake_uow.snapshot() == before


# viewer -> what placeholders show instead of private contributors: per node
# (count, private_count, how many placeholders)
PLACEHOLDERS = [
    pytest.param(None, {"o": (2, 1, 1), "i": (2, 2, 2)}, ["inner", "quiet", "Quiet", "Inner"],
                 id="anonymous"),
    pytest.param("ana", {"o": (2, 1, 1), "i": (2, 1, 1)}, ["quiet", "Quiet"],
                 id="the owner: only cy's graph hidden"),
]  # fmt: skip


@pytest.mark.parametrize(("viewer", "nodes", "never"), PLACEHOLDERS)
def test_placeholders_count_private_contributors_without_naming_them(
    world, fake_uow, sector_map, viewer, nodes, never
):
    found = sector.sector_map(world.ctx(viewer), "net", "shared", None, placeholders=True)
    by_id = {n["id"]: n for n in found["nodes"]}
    for node_id, (count, private, placeholders) in nodes.items():
        node = by_id[node_id]
        anonymous = [c for c in node["contributors"] if c["org"] == "Private members"]
        assert (node["count"], node["private_count"], len(anonymous)) == (
            count,
            private,
            placeholders,
        )
    assert not [word for word in never if word in repr(found)]


def test_a_private_shared_toc_has_no_sector_map_for_outsiders(world, fake_uow, sector_map):
    with pytest.raises(NotFound):
        sector.sector_map(world.ctx("ben"), "net", "inner", None)


def test_an_older_version_counts_the_contributors_of_nodes_removed_since(world, sector_map):
    first = sector.sector_map(world.ctx(), "net", "shared", None)["commit"]
    graph = world.find("net", "shared")
    root = versioning.log(world.ctx(), graph, "main")[-1].id
    assert root != first
    found = sector.sector_map(world.ctx(), "net", "shared", root)
    by_id = {n["id"]: n for n in found["nodes"]}
    assert (by_id["r"]["count"], found["commit"]) == (1, root)


# who asks for link suggestions from which graph to which -> (our node, their node) pairs
# suggested, or the error
SUGGESTIONS = [
    pytest.param("ben", "ben-org/pub", "net/shared", [("c", "o")],
                 id="a public target: the unlinked look-alike, not the linked one"),
    pytest.param("cy", "cy-org/quiet", "net/shared", [],
                 id="from a private graph of one's own, all linked already"),
    pytest.param("ana", "net/shared", "cy-org/quiet", NotFound,
                 id="to a private graph the caller cannot read"),
    pytest.param("ana", "net/shared", "net/nowhere", NotFound, id="to a graph that does not exist"),
    pytest.param("ben", "cy-org/quiet", "net/shared", NotFound,
                 id="from a private graph the caller cannot read"),
]  # fmt: skip


@pytest.mark.parametrize(("who", "source", "target", "expected"), SUGGESTIONS)
def test_link_suggestions_only_between_readable_graphs(
    world, fake_uow, sector_map, who, source, target, expected
):
    org, _, slug = source.partition("/")
    if isinstance(expected, list):
        found = sector.suggestions(world.ctx(who), org, slug, target)
        assert [(s["node"], s["target_node"]) for s in found] == expected
        return
    with pytest.raises(expected):
        sector.suggestions(world.ctx(who), org, slug, target)
