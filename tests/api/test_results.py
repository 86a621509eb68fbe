"""Results through the API (issue 13), on SQLite and PostgreSQL: writes, the audit trail,
who reads and writes, archived indicators, the validation table, the CSV export.

Imports and templates: test_results_import.py.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Api
from tests.services.results_cases import CASES, DOC, R

BASE = "/graphs/alpha/toc"


@dataclass
class World:
    api: Api
    tokens: dict[str, str | None]

    def as_(self, who: str, method: str, path: str, **kw: Any) -> Any:
        return self.api.call(method, path, token=self.tokens[who], **kw)

    def post(self, who: str, entries: list[dict[str, Any]], graph: str = "toc") -> Any:
        return self.as_(who, "POST", f"/graphs/alpha/{graph}/results", json={"results": entries})


def make_world(api: Api, visibility: str = "private") -> World:
    tokens: dict[str, str | None] = {"anonymous": None}
    for name in ("owner", "editor", "viewer", "stranger"):
        tokens[name] = api.user(f"r-{name}")
    owner = tokens["owner"]
    assert owner
    api.org(owner, "alpha")
    for name in ("editor", "viewer"):
        r = api.put(f"/orgs/alpha/members/r-{name}", {"role": name}, token=owner)
        assert r.status_code == 200, r.get_json()
    api.graph(owner, "alpha", "toc", DOC, visibility=visibility)
    return World(api, tokens)


@pytest.fixture
def world(api: Api) -> World:
    return make_world(api)


def _ok(r: Any, status: int = 201) -> Any:
    assert r.status_code == status, r.get_json(silent=True) or r.data
    return r.get_json(silent=True)


# -- writes and the audit trail ---------------------------------------------------------


def test_an_overwritten_value_stays_in_the_history(world: World) -> None:
    first = _ok(world.post("editor", [R("reached", "2025-Q1", value=120, note="first count")]))
    stored = first["results"][0]
    assert stored["indicator"] == "reached" and stored["node_id"] == "act"
    assert stored["reported_by"] == "r-editor" and stored["archived"] is False
    _ok(world.post("owner", [R("reached", "2025-Q1", value=125, note="recounted")]))
    _ok(world.post("editor", [R("reached", "2025-Q2", value=60)]))

    current = _ok(world.as_("viewer", "GET", f"{BASE}/results"), 200)
    assert [(r["period"], r["value"], r["reported_by"]) for r in current["results"]] == [
        ("2025-Q1", 125.0, "r-owner"),
        ("2025-Q2", 60.0, "r-editor"),
    ]
    assert current["archived"] == []
    trail = _ok(world.as_("viewer", "GET", f"{BASE}/results/reached/history?period=2025-Q1"), 200)
    assert [(r["value"], r["note"], r["reported_by"]) for r in trail] == [
        (125.0, "recounted", "r-owner"),
        (120.0, "first count", "r-editor"),
    ]
    assert trail[0]["id"] > trail[1]["id"]
    every = _ok(world.as_("viewer", "GET", f"{BASE}/results/reached/history"), 200)
    assert [r["period"] for r in every] == ["2025-Q2", "2025-Q1", "2025-Q1"]


def test_filters_by_indicator_and_period_range(world: World) -> None:
    _ok(
        world.post(
            "editor",
            [
                R("reached", "2024-Q4", value=10),
                R("reached", "2025-Q1", value=20),
                R("reached", "2025-Q3", value=30),
                R("spend", "2025", value=900),
            ],
        )
    )
    got = _ok(world.as_("viewer", "GET", f"{BASE}/results?indicator=reached&from=2025-Q1"), 200)
    assert [r["period"] for r in got["results"]] == ["2025-Q1", "2025-Q3"]
    got = _ok(world.as_("viewer", "GET", f"{BASE}/results?from=2025-H1&to=2025-06"), 200)
    assert [(r["indicator"], r["period"]) for r in got["results"]] == [
        ("reached", "2025-Q1"),
        ("spend", "2025"),
    ]
    r = world.as_("viewer", "GET", f"{BASE}/results?from=spring")
    assert r.status_code == 422 and "from" in r.get_json()["message"]


def test_a_batch_is_written_whole_or_not_at_all(world: World) -> None:
    batch = [
        R("reached", "2025-Q1", value=1),
        R("share", "2025-Q1", numerator=5),
        R("nope", "2025-Q1", value=1),
    ]
    r = world.post("editor", batch)
    assert r.status_code == 422
    body = r.get_json()
    assert [p["where"] for p in body["problems"]] == [
        "results/1/denominator",
        "results/2/indicator",
    ]
    assert body["message"].startswith("results/1/denominator: nothing was saved")
    assert list(body["errors"]["json"]) == ["results/1/denominator"]
    assert _ok(world.as_("viewer", "GET", f"{BASE}/results"), 200)["results"] == []


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"results": []}, "json/results"),
        ({"results": [R("reached", "2025-Q1", value="ten")]}, "json/results/0/value"),
        ({"results": [R("reached", "2025-Q1", value=1, extra=1)]}, "json/results/0/extra"),
        ({"results": [{"period": "2025-Q1", "value": 1}]}, "json/results/0/indicator"),
        ({"results": [R("reached", "2025-Q1", value=1)] * 1001}, "json/results"),
        ({"rows": []}, "json/"),
    ],
    ids=["empty", "not-a-number", "unknown-field", "no-indicator", "too-many", "wrong-key"],
)
def test_a_malformed_body_is_a_422_naming_the_field(world: World, body: Any, named: str) -> None:
    r = world.as_("editor", "POST", f"{BASE}/results", json=body)
    assert r.status_code == 422, r.get_json()
    assert named in r.get_json()["message"]


def test_not_json_is_refused_without_a_500(world: World) -> None:
    r = world.as_("editor", "POST", f"{BASE}/results", data="value=1", content_type="text/plain")
    assert 400 <= r.status_code < 500


def test_the_validation_table(world: World) -> None:
    """Every case of tests/services/results_cases.py, through the API."""
    for case in CASES:
        r = world.post("editor", [case.entry])
        if case.where is None:
            assert r.status_code == 201, (case.name, r.get_json())
            stored = r.get_json()["results"][0]
            assert {k: stored[k] for k in case.stored} == case.stored, case.name
        else:
            assert r.status_code == 422, (case.name, r.get_json())
            body = r.get_json()
            where = body["problems"][0]["where"] if "problems" in body else body["message"]
            assert f"results/0/{case.where}" in where, (case.name, body)
            assert case.says in body["message"], (case.name, body)


# -- who reads and writes -----------------------------------------------------------------

READS = ("/results", "/results/reached/history", "/results.csv", "/results/template.csv")
ACTORS = ("anonymous", "stranger", "viewer", "editor", "owner")


def _read_statuses(world: World) -> dict[str, set[int]]:
    return {
        who: {world.as_(who, "GET", f"{BASE}{path}").status_code for path in READS}
        for who in ACTORS
    }


def _write_statuses(world: World) -> dict[str, int]:
    return {who: world.post(who, [R("reached", "2025-Q1", value=1)]).status_code for who in ACTORS}


@pytest.mark.parametrize(
    ("visibility", "results_public", "reads", "writes"),
    [
        # a private graph: outsiders see nothing (404), as everywhere
        (
            "private",
            False,
            {"anonymous": 404, "stranger": 404},
            {"anonymous": 404, "stranger": 404},
        ),
        # opting in does not open a private graph's results
        ("private", True, {"anonymous": 404, "stranger": 404}, {"anonymous": 404, "stranger": 404}),
        # a public graph without the opt-in: its results are not public (404, like private
        # content); writing is refused as for the graph itself (401 signed out, 403 else)
        ("public", False, {"anonymous": 404, "stranger": 404}, {"anonymous": 401, "stranger": 403}),
        # with the opt-in, anyone reads; only editors and owners write
        ("public", True, {"anonymous": 200, "stranger": 200}, {"anonymous": 401, "stranger": 403}),
    ],
)
def test_who_reads_and_writes_results(
    api: Api, visibility: str, results_public: bool, reads: dict[str, int], writes: dict[str, int]
) -> None:
    world = make_world(api, visibility)
    if results_public:
        _ok(world.as_("owner", "PATCH", BASE, json={"results_public": True}), 200)
    assert _read_statuses(world) == {
        **{who: {status} for who, status in reads.items()},
        "viewer": {200},
        "editor": {200},
        "owner": {200},
    }
    assert _write_statuses(world) == {**writes, "viewer": 403, "editor": 201, "owner": 201}


def test_a_404_for_unpublished_results_says_why_and_leaks_nothing(api: Api) -> None:
    world = make_world(api, "public")
    _ok(world.post("editor", [R("reached", "2025-Q1", value=7)]))
    r = world.as_("anonymous", "GET", f"{BASE}/results")
    assert r.get_json()["message"] == "the results of alpha/toc are not public"
    assert "7" not in r.get_data(as_text=True)


def test_only_owners_change_results_public(world: World) -> None:
    r = world.as_("editor", "PATCH", BASE, json={"results_public": True})
    assert r.status_code == 403 and "only owners" in r.get_json()["message"]
    assert _ok(world.as_("viewer", "GET", BASE), 200)["results_public"] is False
    assert _ok(world.as_("owner", "PATCH", BASE, json={"results_public": True}), 200)[
        "results_public"
    ]
    # an editor may still change other settings, and send the value it has
    _ok(world.as_("editor", "PATCH", BASE, json={"title": "New", "results_public": True}), 200)
    r = world.as_("owner", "PATCH", BASE, json={"results_public": "maybe"})
    assert r.status_code == 422


# -- archived indicators ------------------------------------------------------------------


def test_results_of_a_removed_indicator_are_kept_and_flagged_archived(world: World) -> None:
    _ok(world.post("editor", [R("spend", "2024", value=800), R("spend", "2025", value=900)]))
    _ok(world.post("editor", [R("reached", "2025-Q1", value=5)]))
    out = next(n for n in DOC["nodes"] if n["id"] == "out")
    keep = [i for i in out["indicators"] if i["id"] != "spend"]
    ops = [{"op": "update_node", "id": "out", "set": {"indicators": keep}}]
    _ok(world.api.commit(world.tokens["editor"] or "", "alpha", "toc", ops))

    got = _ok(world.as_("viewer", "GET", f"{BASE}/results"), 200)
    assert got["archived"] == ["spend"]
    assert [(r["indicator"], r["period"], r["archived"]) for r in got["results"]] == [
        ("reached", "2025-Q1", False),
        ("spend", "2024", True),
        ("spend", "2025", True),
    ]
    trail = _ok(world.as_("viewer", "GET", f"{BASE}/results/spend/history"), 200)
    assert [(r["value"], r["archived"]) for r in trail] == [(900.0, True), (800.0, True)]
    r = world.post("editor", [R("spend", "2026", value=1)])
    assert r.status_code == 422 and "no indicator 'spend' in this ToC" in r.get_json()["message"]
    r = world.as_("viewer", "GET", f"{BASE}/results/never-was/history")
    assert r.status_code == 404

    # put it back: its results are current again, not archived
    _ok(world.api.commit(world.tokens["editor"] or "", "alpha", "toc", [
        {"op": "update_node", "id": "out", "set": {"indicators": out["indicators"]}}
    ]))  # fmt: skip
    got = _ok(world.as_("viewer", "GET", f"{BASE}/results?indicator=spend"), 200)
    assert got["archived"] == [] and [r["archived"] for r in got["results"]] == [False, False]


def test_an_indicator_moved_to_another_box_keeps_its_results(world: World) -> None:
    _ok(world.post("editor", [R("policy", "2024", text_value="no")]))
    oc = next(n for n in DOC["nodes"] if n["id"] == "oc")
    policy = next(i for i in oc["indicators"] if i["id"] == "policy")
    ops = [
        {"op": "update_node", "id": "oc", "set": {
            "indicators": [i for i in oc["indicators"] if i["id"] != "policy"]}},
        {"op": "update_node", "id": "imp", "set": {"indicators": [policy]}},
    ]  # fmt: skip
    _ok(world.api.commit(world.tokens["editor"] or "", "alpha", "toc", ops))
    stored = _ok(world.post("editor", [R("policy", "2025", text_value="yes")]))["results"][0]
    assert stored["node_id"] == "imp"
    trail = _ok(world.as_("viewer", "GET", f"{BASE}/results/policy/history"), 200)
    assert [(r["node_id"], r["text_value"]) for r in trail] == [("imp", "yes"), ("oc", "no")]


# -- indicator ids are unique in a graph -----------------------------------------------------


def test_an_indicator_id_taken_by_another_box_is_refused(world: World) -> None:
    ops = [
        {"op": "update_node", "id": "imp", "set": {"indicators": [{"id": "reached", "name": "X"}]}}
    ]
    r = world.api.commit(world.tokens["editor"] or "", "alpha", "toc", ops)
    assert r.status_code == 422
    assert r.get_json()["message"] == (
        "ops/0/set/indicators/0/id: the indicator id 'reached' is taken by node 'act': "
        "indicator ids are unique within a ToC (results are kept by indicator id)"
    )
    doc = {"nodes": [
        {"id": "a", "kind": "output", "label": "A", "indicators": [{"id": "k", "name": "K"}]},
        {"id": "b", "kind": "output", "label": "B", "indicators": [{"id": "k", "name": "K"}]},
    ], "edges": []}  # fmt: skip
    r = world.as_(
        "owner", "POST", "/orgs/alpha/graphs", json={"slug": "dup", "title": "Dup", "document": doc}
    )
    assert r.status_code == 422 and "document/nodes/1/indicators/0/id" in r.get_json()["message"]


# -- the CSV of current values ------------------------------------------------------------


def test_the_csv_holds_the_current_values_with_a_column_per_category(world: World) -> None:
    first = {"female": 12, "male": 9, "another": 1}
    _ok(world.post("editor", [R("reached", "2025-Q1", value=22, categories={"gender": first})]))
    again = {"female": 13, "male": 9, "another": 1}
    _ok(world.post("editor", [
        R("reached", "2025-Q1", value=23, categories={"gender": again}, note="=recounted",
          source="https://example.org/register"),
        R("share", "2025-Q1", numerator=9, denominator=12),
        R("policy", "2025", text_value="yes"),
    ]))  # fmt: skip
    r = world.as_("viewer", "GET", f"{BASE}/results.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert 'filename="alpha-toc-results.csv"' in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert list(rows[0])[:7] == [
        "indicator", "node", "period", "value", "numerator", "denominator", "text_value"
    ]  # fmt: skip
    assert list(rows[0])[7:] == [
        "gender:female", "gender:male", "gender:another", "age band:16-18", "age band:19-24",
        "note", "source", "reported_by", "reported_at",
    ]  # fmt: skip
    assert [(x["indicator"], x["node"], x["period"], x["value"]) for x in rows] == [
        ("reached", "act", "2025-Q1", "23"),
        ("share", "out", "2025-Q1", "75"),
        ("policy", "oc", "2025", ""),
    ]
    assert rows[0]["gender:female"] == "13" and rows[0]["age band:16-18"] == ""
    assert rows[0]["note"] == "'=recounted"  # no formula for a spreadsheet to run
    assert rows[1]["numerator"] == "9" and rows[1]["denominator"] == "12"
    assert rows[2]["text_value"] == "yes" and rows[2]["reported_by"] == "r-editor"


def test_the_openapi_document_describes_every_results_endpoint(api: Api) -> None:
    spec = api.get("/openapi.json").get_json()
    paths = spec["paths"]
    base = "/api/v1/graphs/{org}/{graph}"
    expected = {
        f"{base}/results": {"get", "post"},
        f"{base}/results/{{indicator}}/history": {"get"},
        f"{base}/results.csv": {"get"},
        f"{base}/results/template.csv": {"get"},
        f"{base}/results/template.xlsx": {"get"},
        f"{base}/results/import": {"post"},
    }
    for path, methods in expected.items():
        assert path in paths, sorted(p for p in paths if "result" in p)
        for method in methods:
            operation = paths[path][method]
            assert operation.get("summary"), (path, method)
    post = paths[f"{base}/results"]["post"]
    assert "422" in post["responses"]
    schemas = spec["components"]["schemas"]
    assert {"ResultEntry", "StoredResult", "ImportReport"} <= set(schemas)
    assert "results_public" in schemas["GraphPatch"]["properties"]
    assert "disaggregations" in schemas["Indicator"]["properties"]
