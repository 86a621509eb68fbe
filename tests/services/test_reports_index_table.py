"""The ``indicator_reports`` index (issue 14): the ``reports_to`` of each graph's
default-branch head, kept by the landing function in the transaction that moves the head
(``reports_to.reindex_reports``), as a table of changes -> the rows after them."""

from __future__ import annotations

import pytest

from toc_editor.services import forks, graphs

SHARED = [
    {"id": "jobs", "name": "Job starts", "unit_type": "count"},
    {"id": "mood", "name": "Mood", "unit_type": "scale", "scale_min": 1, "scale_max": 5},
]


@pytest.fixture
def sector(world):
    world.arranged(arrange)


def arrange(world):
    """``net/frame`` (public, ana's) with the shared indicators on ``o``; ``ben-org/toc``
    (private, ben's) with a ``draft`` branch."""
    world.org("ana", "net")
    world.org("ben", "ben-org")
    world.graph("ana", "net", "frame", visibility="public")
    world.edit("ana", "net", "frame", [indicators("o", *SHARED)])
    world.graph("ben", "ben-org", "toc")
    world.branch("ben", "ben-org", "toc", "draft")


def indicators(node, *items):
    return {"op": "update_node", "id": node, "set": {"indicators": list(items)}}


JOBS = {"id": "k", "name": "Starts", "unit_type": "count", "reports_to": "net/frame#jobs"}
MOOD = {"id": "m", "name": "Mood", "unit_type": "scale", "scale_min": 1, "scale_max": 5,
        "reports_to": "net/frame#mood"}  # fmt: skip
ROW_K = ("k", "o", "net/frame#jobs", "net/frame", "jobs", '{"unit_type":"count"}')
ROW_M = ("m", "i", "net/frame#mood", "net/frame", "mood",
         '{"scale_max":5,"scale_min":1,"unit_type":"scale"}')  # fmt: skip


def rows(world, org, slug):
    found = world.uow.reports.of_graph(world.find(org, slug).id)
    return [(r.indicator_id, r.node_id, r.target, r.target_graph, r.shared_id, r.unit)
            for r in found]  # fmt: skip


def step(world, what):
    ctx = world.ctx("ben")
    edit = lambda ops, branch="main": world.edit("ben", "ben-org", "toc", ops, branch=branch)  # noqa: E731
    if what == "nothing":
        pass
    elif what == "one on main":
        edit([indicators("o", JOBS)])
    elif what == "two boxes":
        edit([indicators("o", JOBS), indicators("i", MOOD)])
    elif what == "on draft only":
        edit([indicators("o", JOBS)], branch="draft")
    elif what == "merge draft":
        edit([indicators("o", JOBS)], branch="draft")
        forks.merge_into(ctx, "ben-org", "toc", "draft", None, None)
    elif what == "unset":
        edit([indicators("o", JOBS)])
        edit([indicators("o", {**JOBS, "reports_to": None})])
    elif what == "indicator removed":
        edit([indicators("o", JOBS)])
        edit([indicators("o")])
    elif what == "box removed":
        edit([indicators("o", JOBS)])
        edit([{"op": "remove_node", "id": "o"}])
    elif what == "moved to another box":
        edit([indicators("o", JOBS)])
        edit([indicators("o"), indicators("i", JOBS)])
    elif what == "retargeted":
        edit([indicators("o", JOBS)])
        edit([indicators("o", {**MOOD, "id": "k"})])
    elif what == "a label edit":
        edit([indicators("o", JOBS)])
        edit([{"op": "update_node", "id": "o", "set": {"label": "Jobs"}}])
    elif what == "draft made default":
        edit([indicators("o", JOBS)], branch="draft")
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "draft"})
    elif what == "and back":
        edit([indicators("o", JOBS)], branch="draft")
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "draft"})
        graphs.update_graph(ctx, "ben-org", "toc", {"default_branch": "main"})
    else:  # pragma: no cover
        raise AssertionError(what)


ROW_K_ON_I = ("k", "i", *ROW_K[2:])
ROW_K_AS_MOOD = ("k", "o", *ROW_M[2:])
INDEX = [
    ("nothing", []),
    ("one on main", [ROW_K]),
    ("two boxes", [ROW_K, ROW_M]),
    ("on draft only", []),
    ("merge draft", [ROW_K]),
    ("unset", []),
    ("indicator removed", []),
    ("box removed", []),
    ("moved to another box", [ROW_K_ON_I]),
    ("retargeted", [ROW_K_AS_MOOD]),
    ("a label edit", [ROW_K]),
    ("draft made default", [ROW_K]),
    ("and back", []),
]


@pytest.mark.parametrize(("what", "expected"), INDEX, ids=[i[0] for i in INDEX])
def test_the_index_mirrors_the_default_branch(world, fake_uow, sector, what, expected):
    step(world, what)
    assert rows(world, "ben-org", "toc") == expected


def test_a_fork_indexes_what_it_starts_with(world, fake_uow, sector):
    world.edit("ben", "ben-org", "toc", [indicators("o", JOBS)])
    world.org("ben", "ben-2")
    forks.fork(world.ctx("ben"), "ben-org", "toc", "ben-2", None)
    assert rows(world, "ben-2", "toc") == [ROW_K]


def test_a_commit_without_reports_to_writes_no_row(world, fake_uow, sector):
    """Commits are hot: one that touches no reporting indicator costs no statement."""
    from sqlalchemy import event

    statements = []
    engine = fake_uow.session.get_bind()
    listen = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listen)
    try:
        world.edit("ben", "ben-org", "toc", [{"op": "update_node", "id": "o",
                                              "set": {"label": "New"}}])  # fmt: skip
    finally:
        event.remove(engine, "before_cursor_execute", listen)
    assert not [s for s in statements if "indicator_reports" in s]
