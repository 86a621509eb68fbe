"""``reports_to`` checked when a commit adds or changes it (issue 14, services/reports_to.py),
on SQLite and PostgreSQL: what an indicator may report to, as a table, and the 422 naming
``nodes/<id>/indicators/<i>/reports_to`` otherwise; the same rules for a new graph's
document, a proposal and making a graph public."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api

FRAME = "net/frame"
SHARED = [  # the framework's shared indicators, on its outcome "o"
    {"id": "jobs", "name": "Job starts", "unit_type": "count"},
    {"id": "pct", "name": "In work at 6 months", "unit_type": "percentage"},
    {"id": "mood", "name": "Wellbeing", "unit_type": "scale", "scale_min": 1, "scale_max": 5},
    {"id": "cash", "name": "Wages", "unit_type": "currency", "currency": "EUR"},
]


def _doc(*indicators: dict[str, Any], node: str = "o") -> dict[str, Any]:
    return {
        "nodes": [
            {"id": "a", "kind": "activity", "label": "Clubs"},
            {"id": node, "kind": "outcome", "label": "In work", "indicators": list(indicators)},
            {"id": "p", "kind": "outcome", "label": "Confident"},
        ],
        "edges": [{"id": "e1", "source": "a", "target": node}],
    }


@pytest.fixture
def world(api: Api) -> dict[str, str]:
    """``net/frame`` (public, ana's; its ``draft`` branch alone has ``draft-only``),
    ``net/own`` (private, ana's); ``ben-org/toc`` and ``ben-org/quiet`` (private) and
    ``ben-org/open`` (public), ben's; ``cy-org/secret`` (private), cy's."""
    tokens = {name: api.user(name) for name in ("ana", "ben", "cy")}
    for owner, org in (("ana", "net"), ("ben", "ben-org"), ("cy", "cy-org")):
        api.org(tokens[owner], org)
    api.graph(tokens["ana"], "net", "frame", _doc(*SHARED), visibility="public")
    r = api.post(f"/graphs/{FRAME}/branches", {"name": "draft"}, token=tokens["ana"])
    assert r.status_code == 201, r.get_json()
    draft = {"id": "draft-only", "name": "Draft", "unit_type": "count"}
    set_draft = {"op": "update_node", "id": "o", "set": {"indicators": [*SHARED, draft]}}
    r = api.commit(tokens["ana"], "net", "frame", [set_draft], branch="draft")
    assert r.status_code == 201, r.get_json()
    api.graph(tokens["ana"], "net", "own", _doc({"id": "own", "name": "Own"}))
    api.graph(tokens["ben"], "ben-org", "toc", _doc({"id": "k", "name": "Starts"}))
    api.graph(tokens["ben"], "ben-org", "quiet", _doc({"id": "q", "name": "Quiet"}))
    api.graph(tokens["ben"], "ben-org", "open", _doc({"id": "k", "name": "Starts"}),
              visibility="public")  # fmt: skip
    api.graph(tokens["cy"], "cy-org", "secret", _doc({"id": "s", "name": "Secret"}))
    return tokens


def _set(*indicators: dict[str, Any], node: str = "o") -> dict[str, Any]:
    return {"op": "update_node", "id": node, "set": {"indicators": list(indicators)}}


WHERE = "nodes/o/indicators/0/reports_to"
# ben's graph, its indicator's definition, what it reports to -> the 422's where (None: lands)
CASES = [
    pytest.param("toc", {}, "net/frame#jobs", None, id="a count to a count"),
    pytest.param("toc", {"unit_type": "percentage"}, "net/frame#pct", None,
                 id="a percentage to a percentage"),
    pytest.param("toc", {"unit_type": "scale", "scale_min": 1, "scale_max": 5},
                 "net/frame#mood", None, id="a scale to the same scale"),
    pytest.param("toc", {"unit_type": "currency", "currency": "EUR"}, "net/frame#cash", None,
                 id="euros to euros"),
    pytest.param("toc", {}, "ben-org/quiet#q", None, id="its own organisation's private graph"),
    pytest.param("open", {}, "net/frame#jobs", None, id="a public graph to a public one"),
    pytest.param("toc", {}, "net/frame#pct", WHERE, id="a count to a percentage"),
    pytest.param("toc", {"unit_type": "scale", "scale_min": 1, "scale_max": 10},
                 "net/frame#mood", WHERE, id="another scale"),
    pytest.param("toc", {"unit_type": "currency", "currency": "HKD"}, "net/frame#cash", WHERE,
                 id="another currency"),
    pytest.param("toc", {"frequency": "yearly"}, "net/frame#jobs", WHERE,
                 id="another frequency"),
    pytest.param("toc", {}, "net/frame#nope", WHERE, id="no such indicator"),
    pytest.param("toc", {}, "net/frame#draft-only", WHERE,
                 id="an indicator only a non-default branch holds"),
    pytest.param("toc", {}, "net/gone#jobs", WHERE, id="no such graph"),
    pytest.param("toc", {}, "cy-org/secret#s", WHERE,
                 id="another organisation's private graph"),
    pytest.param("open", {}, "ben-org/quiet#q", WHERE, id="a public graph to a private one"),
    pytest.param("toc", {}, "ben-org/toc#k", WHERE, id="its own graph"),
    pytest.param("toc", {}, "net/frame", "ops/0/set/indicators/0/reports_to",
                 id="no indicator named"),
]  # fmt: skip


@pytest.mark.parametrize(("graph", "definition", "target", "where"), CASES)
def test_what_an_indicator_may_report_to(
    api: Api,
    world: dict[str, str],
    graph: str,
    definition: dict[str, Any],
    target: str,
    where: str | None,
) -> None:
    indicator = {"id": "k", "name": "Starts", **definition, "reports_to": target}
    head = api.head("ben-org", graph, world["ben"])
    r = api.commit(world["ben"], "ben-org", graph, [_set(indicator)], base=head)
    if where is None:
        assert r.status_code == 201, r.get_json()
        tree = api.get(f"/graphs/ben-org/{graph}/tree/main", token=world["ben"]).get_json()
        node = next(n for n in tree["nodes"] if n["id"] == "o")
        assert node["indicators"][0]["reports_to"] == target
        return
    assert r.status_code == 422, r.get_json()
    body = r.get_json()
    assert list(body["errors"]["json"]) == [where], body
    assert api.head("ben-org", graph, world["ben"]) == head  # nothing landed
    if target.startswith("cy-org/"):  # a stranger's private graph is not said to exist
        assert "can read" in body["message"]


def test_at_most_one_indicator_of_a_toc_reports_to_a_shared_one(
    api: Api, world: dict[str, str]
) -> None:
    first = {"id": "k", "name": "Starts", "reports_to": "net/frame#jobs"}
    second = {"id": "k2", "name": "Starts again", "reports_to": "net/frame#jobs"}
    r = api.commit(world["ben"], "ben-org", "toc", [_set(first, second)])
    assert r.status_code == 422
    assert list(r.get_json()["errors"]["json"]) == ["nodes/o/indicators/1/reports_to"]
    assert "at most one indicator" in r.get_json()["message"]
    _ok(api.commit(world["ben"], "ben-org", "toc", [_set(first)]))
    # a second box's indicator, in a later commit
    r = api.commit(world["ben"], "ben-org", "toc", [_set(second, node="p")])
    assert r.status_code == 422
    assert list(r.get_json()["errors"]["json"]) == ["nodes/p/indicators/0/reports_to"]
    # moving it is fine: after the commit one indicator reports to it
    moved = [_set(node="o"), _set({**first, "id": "k"}, node="p")]
    _ok(api.commit(world["ben"], "ben-org", "toc", moved))


def test_only_added_or_changed_reports_to_are_checked(api: Api, world: dict[str, str]) -> None:
    reporting = {"id": "k", "name": "Starts", "reports_to": "net/frame#jobs"}
    _ok(api.commit(world["ben"], "ben-org", "toc", [_set(reporting)]))
    # the framework's indicator becomes a percentage: ben's other edits still land
    pct = {"op": "update_node", "id": "o", "set": {"indicators": [
        {**SHARED[0], "unit_type": "percentage"}, *SHARED[1:]]}}  # fmt: skip
    _ok(api.commit(world["ana"], "net", "frame", [pct]))
    _ok(api.commit(world["ben"], "ben-org", "toc", [_set({**reporting, "name": "Job starts"})]))
    # changed, it is checked again
    moved = {**reporting, "reports_to": "net/frame#mood"}
    r = api.commit(world["ben"], "ben-org", "toc", [_set(moved)])
    assert r.status_code == 422, r.get_json()
    assert "as a count, but the shared indicator as a scale" in r.get_json()["message"]


def test_a_new_graphs_document_is_checked_too(api: Api, world: dict[str, str]) -> None:
    bad = _doc({"id": "k", "name": "Starts", "reports_to": "net/frame#pct"})
    r = api.post("/orgs/ben-org/graphs", {"slug": "fresh", "title": "Fresh", "document": bad},
                 token=world["ben"])  # fmt: skip
    assert r.status_code == 422
    assert list(r.get_json()["errors"]["json"]) == [WHERE]
    good = _doc({"id": "k", "name": "Starts", "reports_to": "net/frame#jobs"})
    api.graph(world["ben"], "ben-org", "fresh", good)


def test_a_graph_reporting_to_a_private_one_is_not_made_public(
    api: Api, world: dict[str, str]
) -> None:
    quiet = {"id": "k", "name": "Starts", "reports_to": "ben-org/quiet#q"}
    _ok(api.commit(world["ben"], "ben-org", "toc", [_set(quiet)]))
    r = api.patch("/graphs/ben-org/toc", {"visibility": "public"}, token=world["ben"])
    assert r.status_code == 422
    assert list(r.get_json()["errors"]["json"]) == ["visibility"]


def test_a_proposal_may_not_make_the_framework_report_to_itself(
    api: Api, world: dict[str, str]
) -> None:
    r = api.post(f"/graphs/{FRAME}/forks", {"org": "ben-org", "slug": "frame-fork"},
                 token=world["ben"])  # fmt: skip
    assert r.status_code == 201, r.get_json()
    mine = {**SHARED[0], "id": "mine", "name": "Our job starts", "reports_to": "net/frame#jobs"}
    _ok(api.commit(world["ben"], "ben-org", "frame-fork", [_set(*SHARED, mine)]))
    body = {"source": "ben-org/frame-fork:main", "title": "Ours"}
    r = api.post(f"/graphs/{FRAME}/proposals", body, token=world["ben"])
    assert r.status_code == 422, r.get_json()
    assert list(r.get_json()["errors"]["json"]) == ["nodes/o/indicators/4/reports_to"]


def _ok(r: Any) -> Any:
    assert r.status_code in (200, 201), r.get_json()
    return r.get_json()
