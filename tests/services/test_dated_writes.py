"""``Ctx.at`` dates what a use case writes (the seed command's past history); unset, now.

On SQLite and PostgreSQL through the test app's session.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from toc_editor.services import accounts, forks, graphs, proposals, results, versioning
from toc_editor.services.access import readable_graph

DOC = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run clubs"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "horizon": "short"},
    ],
    "edges": [{"id": "e", "source": "a", "target": "o"}],
}
MARCH = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)


def _relabel(ctx, org, slug, label, branch="main"):
    graph = readable_graph(ctx, org, slug)
    head = graphs.branch_of(ctx, graph, branch).head
    op = {"op": "update_node", "id": "o", "set": {"label": label}}
    return versioning.commit_ops(
        ctx, org, slug, branch, base=head, message=f"Call it {label}", op_list=[op]
    )


def test_commits_branches_and_proposals_take_the_context_time(as_user):
    ctx = as_user("dated-ana")
    accounts.create_org(ctx, "dated-org", "Dated")
    ctx.at = MARCH
    graphs.create_graph(ctx, "dated-org", slug="toc", title="T", visibility="public", document=DOC)
    ctx.at = MARCH + timedelta(days=3)
    second = _relabel(ctx, "dated-org", "toc", "Self-belief")
    ctx.at = MARCH + timedelta(days=9)
    graphs.create_branch(ctx, "dated-org", "toc", "draft", "main")
    ctx.at = MARCH + timedelta(days=10)
    forks.fork(ctx, "dated-org", "toc", "dated-org", "toc-fork")
    _relabel(ctx, "dated-org", "toc-fork", "Self-esteem")
    row = proposals.open_proposal(
        ctx, "dated-org", "toc", "dated-org/toc-fork:main", None, "Esteem", ""
    )
    ctx.at = MARCH + timedelta(days=11)
    note = proposals.comment(ctx, row, "Reads better")
    ctx.at = MARCH + timedelta(days=12)
    _, merged = proposals.merge(ctx, row, None)

    graph = readable_graph(ctx, "dated-org", "toc")
    log = versioning.log(ctx, graph, "main")
    days = [10, 3, 0]  # the proposal fast-forwarded main to the fork's commit of day 10
    assert [c.created_at for c in log] == [MARCH + timedelta(days=d) for d in days]
    assert second.created_at == MARCH + timedelta(days=3)
    assert merged.id == log[0].id
    assert graphs.branch_of(ctx, graph, "main").updated_at == MARCH + timedelta(days=12)
    assert graphs.branch_of(ctx, graph, "draft").updated_at == MARCH + timedelta(days=9)
    assert row.created_at == MARCH + timedelta(days=10)
    assert note.created_at == MARCH + timedelta(days=11)
    assert row.updated_at == MARCH + timedelta(days=12)


def test_without_a_time_it_is_now(as_user):
    ctx = as_user("undated-ana")
    accounts.create_org(ctx, "undated-org", "Undated")
    before = datetime.now(UTC)
    graphs.create_graph(ctx, "undated-org", slug="toc", title="T", document=DOC)
    row = _relabel(ctx, "undated-org", "toc", "Self-belief")
    assert before <= row.created_at <= datetime.now(UTC)


def test_results_take_the_context_time(as_user):
    ctx = as_user("dated-ben")
    accounts.create_org(ctx, "dated-results", "Dated results")
    doc = {
        "nodes": [
            *DOC["nodes"][:1],
            {**DOC["nodes"][1], "indicators": [{"id": "conf", "name": "Confidence", "target": 4}]},
        ],
        "edges": DOC["edges"],
    }
    graphs.create_graph(ctx, "dated-results", slug="toc", title="T", document=doc)
    ctx.at = MARCH
    (row,) = results.write(
        ctx, "dated-results", "toc", [{"indicator": "conf", "period": "2025-Q4", "value": 3}]
    )
    assert row["reported_at"] == MARCH and row["reported_by"] == "dated-ben"
