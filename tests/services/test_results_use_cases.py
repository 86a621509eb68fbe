"""Results through the services (SQLite and PostgreSQL): append-only writes, the current
value and its history, archived indicators, all-or-nothing batches."""

from __future__ import annotations

from datetime import date

import pytest

from toc_editor.services import accounts, graphs, results, versioning
from toc_editor.services.access import readable_graph
from toc_editor.services.errors import Invalid, NotFound

TODAY = date(2026, 1, 15)
DOC = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run clubs"},
        {
            "id": "o",
            "kind": "outcome",
            "label": "Confidence",
            "indicators": [
                {"id": "score", "name": "Score", "baseline": 10, "target": 20},
                {
                    "id": "share",
                    "name": "Share in work",
                    "unit_type": "percentage",
                    "frequency": "yearly",
                },
            ],
        },
    ],
    "edges": [{"id": "e", "source": "a", "target": "o"}],
}


@pytest.fixture
def ana(as_user):
    ctx = as_user("ana")
    accounts.create_org(ctx, "org", "Org")
    graphs.create_graph(ctx, "org", slug="toc", title="T", document=DOC)
    return ctx


def test_a_write_is_appended_and_the_latest_is_current(ana):
    first = results.write(
        ana, "org", "toc", [{"indicator": "score", "period": "2025-Q1", "value": 12}], today=TODAY
    )
    second = results.write(
        ana,
        "org",
        "toc",
        [{"indicator": "score", "period": "2025-Q1", "value": 13, "note": "fixed"}],
        today=TODAY,
    )
    assert second[0]["id"] > first[0]["id"]
    listed = results.listing(ana, "org", "toc")
    assert [(r["indicator"], r["period"], r["value"]) for r in listed["results"]] == [
        ("score", "2025-Q1", 13.0)
    ]
    trail = results.history(ana, "org", "toc", "score")
    assert [r["value"] for r in trail] == [13.0, 12.0]
    assert trail[0]["reported_by"] == "ana" and trail[0]["node_id"] == "o"
    graph = readable_graph(ana, "org", "toc")
    assert [(r.indicator_id, r.value) for r in results.current(ana, graph)] == [("score", 13.0)]


def test_a_batch_with_one_bad_entry_writes_nothing(ana):
    batch = [
        {"indicator": "score", "period": "2025-Q1", "value": 12},
        {"indicator": "share", "period": "2025", "numerator": 5},
        {"indicator": "nope", "period": "2025-Q1", "value": 1},
    ]
    with pytest.raises(Invalid) as caught:
        results.write(ana, "org", "toc", batch, today=TODAY)
    wheres = [p["where"] for p in caught.value.extra["problems"]]
    assert wheres == ["results/1/denominator", "results/2/indicator"]
    assert results.listing(ana, "org", "toc")["results"] == []


def test_a_removed_indicator_keeps_its_results_as_archived(ana):
    results.write(
        ana, "org", "toc", [{"indicator": "score", "period": "2025-Q1", "value": 12}], today=TODAY
    )
    graph = readable_graph(ana, "org", "toc")
    head = graphs.branch_of(ana, graph, "main").head
    keep = [i for i in DOC["nodes"][1]["indicators"] if i["id"] != "score"]
    versioning.commit_ops(
        ana, "org", "toc", "main", base=head, message="drop score",
        op_list=[{"op": "update_node", "id": "o", "set": {"indicators": keep}}],
    )  # fmt: skip
    listed = results.listing(ana, "org", "toc")
    assert listed["archived"] == ["score"]
    assert [r["archived"] for r in listed["results"]] == [True]
    assert [r["value"] for r in results.history(ana, "org", "toc", "score")] == [12.0]
    with pytest.raises(Invalid, match="no indicator 'score' in this ToC"):
        results.write(
            ana,
            "org",
            "toc",
            [{"indicator": "score", "period": "2025-Q2", "value": 1}],
            today=TODAY,
        )
    with pytest.raises(NotFound):
        results.history(ana, "org", "toc", "never")
