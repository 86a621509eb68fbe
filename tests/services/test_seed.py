"""What ``toc-editor seed`` leaves in the database, read back through the services (SQLite and
PostgreSQL): every seeded ToC has a history of months by two or three people and a draft
branch, and two years of results for most of its indicators, reported by its people; the
framework has a member's fork, a proposal and its merge commit, and three members report to
its shared indicators, sharing their results with its members; seeding twice adds
nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest

from toc_editor.domain import model
from toc_editor.domain.delta import between
from toc_editor.services import accounts, graphs, proposals, results, templates, versioning
from toc_editor.services import seed as seeding
from toc_editor.services.errors import Unauthorized


def test_seeded_tocs_have_histories_branches_and_the_framework_a_merged_proposal(ctx):
    seeded = seeding.seed(ctx, "demo-password")
    assert len(seeded) == len(templates.templates())
    ctx.user = accounts.user_named(ctx, "demo")  # who may see the organisations' members
    for name, doc in templates.templates():
        org, slug = doc["seed"]["org"], doc["seed"]["slug"]
        graph = graphs.graph_named(ctx, org, slug)
        assert graph is not None, name
        log = versioning.log(ctx, graph, "main", limit=100)
        assert 5 <= len(log) <= 15, (name, len(log))
        assert 2 <= len({c.author_name for c in log}) <= 3, name
        assert "demo" not in {c.author_name for c in log}
        assert log[0].created_at - log[-1].created_at >= timedelta(days=120)
        # main ends at the seed file's content
        head = ctx.store.graph(log[0].id)
        assert not between(head, model.from_document(doc)), name
        names = {b.name for b in graphs.branches(ctx, graph)}
        assert len(names) == 2 and "main" in names, names
        (draft,) = names - {"main"}
        draft_log = versioning.log(ctx, graph, draft, limit=100)
        assert len(draft_log) >= len(log) + 2  # a couple of commits of its own
        # the people are members of the organisation; demo owns it
        org_row = accounts.org_named(ctx, org)
        roles = {m.user.username: m.role for m in accounts.members(ctx, org_row) or []}
        assert roles["demo"] == "owner"
        assert {c.author_name for c in log} - set(roles) <= {"jess-marlow"}  # the member
        # two years of results for most indicators, reported by the people, in the past
        indicators = [i["id"] for n in doc["nodes"] for i in n.get("indicators", [])]
        rows = results.current(ctx, graph)
        per_indicator = Counter(r.indicator_id for r in rows)
        assert len(per_indicator) >= 0.6 * len(indicators), name
        quarterly = [i for i, n in per_indicator.items() if n >= 7]
        assert len(quarterly) >= 0.4 * len(indicators), name
        periods = {r.period for r in rows if "-Q" in r.period}
        assert len(periods) == 8, sorted(periods)
        assert {r.reported_by_name for r in rows} <= set(roles)
        assert max(r.reported_at for r in rows) < datetime.now(UTC)
        assert min(r.reported_at for r in rows) >= log[-1].created_at  # once the ToC existed
        assert graph.results_public == (org != "harmony-community-services")

    framework = graphs.graph_named(ctx, "youth-outcomes-network", "youth-outcomes")
    fork = graphs.graph_named(ctx, "riverside-youth-collective", "youth-outcomes")
    assert fork is not None and fork.upstream_id == framework.id
    (proposal,) = proposals.list_for(ctx, "youth-outcomes-network", "youth-outcomes")
    assert proposal.status == "merged" and proposal.source_graph_id == fork.id
    assert len(proposals.comments(ctx, proposal)) >= 2
    log = versioning.log(ctx, framework, "main", limit=100)
    merge = next(c for c in log if c.id == proposal.merged_commit)
    assert merge.parent2 is not None  # a two-parent merge commit
    assert proposal.created_at < merge.created_at <= log[0].created_at

    # shared measurement: the members report to the framework's shared indicators and
    # share with its members; its k is lowered to 2 so a handful of members show figures
    assert framework.aggregate_k == 2
    sharing = {"brightpath-youth", "harmony-community-services", "harbour-impact-lab"}
    reporting = {
        (row[5], row[3])
        for row in ctx.uow.reports.reporting_to("youth-outcomes-network/youth-outcomes")
    }
    assert {org for org, _ in reporting} == sharing
    assert len(reporting) == 10 and (
        "brightpath-youth",
        "ba890454-d1a4-4c0e-afd6-b537dc038dd3",
    ) in (reporting)
    for org in sharing:
        (member,) = [g for g in graphs.list_graphs(ctx, org)]
        assert member.share_results == "members", org
    assert graphs.graph_named(ctx, "tumaini-farmers-coop", "farmer-livelihoods").share_results == (
        "none"
    )

    ctx.user = None
    assert seeding.seed(ctx, "demo-password") == []  # idempotent: nothing new
    # the example colleagues author the history; nobody signs in as them
    with pytest.raises(Unauthorized):
        accounts.authenticate(ctx, "amara-boateng", "")
    assert accounts.authenticate(ctx, "demo", "demo-password").username == "demo"
