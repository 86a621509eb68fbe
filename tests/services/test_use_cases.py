"""Services without HTTP: commits, forks, merges, proposals, sector privacy."""

from __future__ import annotations

import pytest

from toc_editor.services import accounts, forks, graphs, proposals, sector, versioning
from toc_editor.services.access import readable_graph
from toc_editor.services.errors import Conflict, Forbidden, Invalid, NotFound

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


def test_a_change_that_already_landed_returns_the_head_instead_of_an_empty_commit(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "org", "Org")
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=DOC)
    base = graphs.branch_of(ctx, graph, "main").head
    first = _edit(ctx, "org", "toc", "o", "Self-belief", base)
    again = _edit(ctx, "org", "toc", "o", "Self-belief", base)
    assert again.id == first.id


def test_a_fork_shares_history_and_remembers_its_upstream(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "net", "Net")
    source = graphs.create_graph(
        ctx, "net", slug="shared", title="S", document=DOC, visibility="public"
    )
    ctx = as_user("ben")
    accounts.create_org(ctx, "ben-org", "Ben")
    fork = forks.fork(ctx, "net", "shared", "ben-org", None)
    assert fork.upstream_id == source.id and fork.network_id == source.network_id
    assert graphs.branch_of(ctx, fork, "main").head == graphs.branch_of(ctx, source, "main").head
    with pytest.raises(Conflict):
        forks.fork(ctx, "net", "shared", "ben-org", None)
    with pytest.raises(Forbidden):
        forks.fork(ctx, "net", "shared", "net", "mine")  # ben is not a member of net


def test_merge_plan_reports_conflicts_then_lands_with_answers(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "org", "Org")
    graph = graphs.create_graph(ctx, "org", slug="toc", title="T", document=DOC)
    graphs.create_branch(ctx, "org", "toc", "draft", "main")
    versioning.commit_ops(
        ctx,
        "org",
        "toc",
        "draft",
        base=graphs.branch_of(ctx, graph, "draft").head,
        message="d",
        op_list=[{"op": "update_node", "id": "o", "set": {"label": "Draft"}}],
    )
    _edit(ctx, "org", "toc", "o", "Main")
    plan = forks.preview(ctx, "org", "toc", "draft", None)
    assert plan.result == "merged" and [c["field"] for c in plan.conflicts] == ["label"]
    with pytest.raises(Conflict) as raised:
        forks.merge_into(ctx, "org", "toc", "draft", None, None)
    conflict_id = raised.value.extra["conflicts"][0]["id"]
    result, commit = forks.merge_into(
        ctx,
        "org",
        "toc",
        "draft",
        None,
        None,
        [{"conflict": conflict_id, "take": "value", "value": "Both"}],
    )
    assert result == "merged" and commit.parent2 is not None
    assert ctx.store.graph(commit.id).nodes["o"]["label"] == "Both"
    with pytest.raises(Invalid):
        forks.parse_resolutions([{"conflict": conflict_id, "take": "maybe"}])


def test_only_writers_of_the_source_may_propose_and_only_author_or_target_writers_close(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "net", "Net")
    graphs.create_graph(ctx, "net", slug="shared", title="S", document=DOC, visibility="public")
    ctx = as_user("ben")
    accounts.create_org(ctx, "ben-org", "Ben")
    forks.fork(ctx, "net", "shared", "ben-org", None)
    _edit(ctx, "ben-org", "shared", "o", "Ben's wording")
    ctx = as_user("cy")
    with pytest.raises(Forbidden):
        proposals.open_proposal(ctx, "net", "shared", "ben-org/shared:main", None, "x", "")
    ctx = as_user("ben")
    row = proposals.open_proposal(ctx, "net", "shared", "ben-org/shared:main", None, "Wording", "")
    ctx = as_user("cy")
    with pytest.raises(Forbidden):
        proposals.close(ctx, row)
    ctx = as_user("ben")
    proposals.close(ctx, row)
    with pytest.raises(Conflict):
        proposals.close(ctx, row)


def test_sector_counts_private_links_but_names_them_only_to_members(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "net", "Net")
    graphs.create_graph(ctx, "net", slug="shared", title="S", document=DOC, visibility="public")
    ctx = as_user("ben")
    accounts.create_org(ctx, "ben-org", "Ben")
    graphs.create_graph(
        ctx,
        "ben-org",
        slug="quiet",
        title="Q",
        document={
            "nodes": [
                {
                    "id": "x",
                    "kind": "outcome",
                    "label": "Ours",
                    "links": [{"target": "net/shared#o"}],
                }
            ],
            "edges": [],
        },
    )
    as_ben = sector.sector_map(ctx, "net", "shared", None)
    ctx = as_user("ana")
    as_ana = sector.sector_map(ctx, "net", "shared", None)
    node = {n["id"]: n for n in as_ana["nodes"]}["o"]
    assert (node["count"], node["private_count"], node["contributors"]) == (1, 1, [])
    assert as_ana["private_graphs"] == 1 and "quiet" not in str(as_ana)
    assert {n["id"]: n for n in as_ben["nodes"]}["o"]["contributors"][0]["graph"] == "quiet"
    with pytest.raises(NotFound):
        sector.suggestions(ctx, "net", "shared", "ben-org/quiet")


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
