"""Services without HTTP, through the test app's session (on SQLite and PostgreSQL).

The use cases' tables (commit, rebase, restore, fork, merge, proposal, links, sector) run
without Flask on the fake unit of work: test_*_table.py beside this file.
"""

from __future__ import annotations

import pytest

from toc_editor.services import accounts, graphs, versioning
from toc_editor.services.access import readable_graph
from toc_editor.services.errors import NotFound

DOC = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run clubs"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "indicators": [{"name": "Score"}]},
    ],
    "edges": [{"id": "e", "source": "a", "target": "o"}],
}


def _edit(ctx, org, slug, node, label, base=None):
    graph = readable_graph(ctx, org, slug)
    head = base or graphs.branch_of(ctx, graph, "main").head
    return versioning.commit_ops(
        ctx,
        org,
        slug,
        "main",
        base=head,
        message="edit",
        op_list=[{"op": "update_node", "id": node, "set": {"label": label}}],
    )


def test_readable_at_resolves_like_readable_graph_then_resolve(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "org", "Org")
    graphs.create_graph(ctx, "org", slug="toc", title="T", document=DOC)
    first = graphs.branch_of(ctx, readable_graph(ctx, "org", "toc"), "main")
    root = first.head
    head = _edit(ctx, "org", "toc", "o", "Self-belief").id
    graph = readable_graph(ctx, "org", "toc")
    for ref in ("main", root, root[:8], head):
        found_graph, commit = graphs.readable_at(ctx, "org", "toc", ref)
        assert found_graph.id == graph.id
        assert commit.id == graphs.resolve(ctx, graph, ref).id
    assert graphs.readable_at(ctx, "org", "toc", "main")[1].id == head
    with pytest.raises(NotFound, match="no branch or commit"):
        graphs.readable_at(ctx, "org", "toc", "nope")
    with pytest.raises(NotFound, match="no graph org/other"):
        graphs.readable_at(ctx, "org", "other", "main")
    ctx = as_user("eve")  # not a member: the private graph does not exist for her
    with pytest.raises(NotFound, match="no graph org/toc"):
        graphs.readable_at(ctx, "org", "toc", "main")
    with pytest.raises(NotFound, match="no graph org/toc"):
        graphs.readable_at(ctx, "org", "toc", root)
