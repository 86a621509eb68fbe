"""The shared-measurement endpoints (issue 14), on SQLite and PostgreSQL: a framework's
shared indicators with their figures (``GET .../shared-indicators``, one of them, the
CSV), the sector dashboard, and what to offer when linking an outcome. Who sees what is
``test_shared_measurement.py``'s privacy table; here the figures, the shapes, the errors.

The world: ``net/frame`` (public, ana maintains it) with ``jobs`` (a count split by
gender, target 400 by 2025-12-31 from 0 on 2025-01-01), ``pct`` (a percentage) and
``talk`` (text) on outcome ``o``, and an impact ``i`` without indicators; six member
organisations ``m0``..``m5`` (user ``u<i>`` owns ``m<i>/toc``, private, linking its
outcome to ``o``), each reporting to ``jobs`` and ``pct`` and sharing with the members.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from tests.conftest import Api

FRAME = "/graphs/net/frame"
GENDER = {"name": "gender", "categories": ["female", "male"]}
SHARED = [
    {"id": "jobs", "name": "Job starts", "unit_type": "count", "baseline": 0, "target": 400,
     "baseline_date": "2025-01-01", "target_date": "2025-12-31", "disaggregations": [GENDER]},
    {"id": "pct", "name": "In work", "unit_type": "percentage", "code": "8.6.1",
     "vocabulary": "SDG", "target": 50},
    {"id": "talk", "name": "What changed", "unit_type": "text"},
]  # fmt: skip
MEMBERS = 6


def _frame() -> dict[str, Any]:
    return {
        "nodes": [
            {"id": "o", "kind": "outcome", "label": "In work", "indicators": SHARED},
            {"id": "i", "kind": "impact", "label": "Good lives"},
        ],
        "edges": [{"id": "e", "source": "o", "target": "i"}],
    }


def _member() -> dict[str, Any]:
    mine = [
        {"id": "starts", "name": "Starts", "unit_type": "count", "reports_to": "net/frame#jobs",
         "disaggregations": [GENDER]},
        {"id": "rate", "name": "Rate", "unit_type": "percentage", "reports_to": "net/frame#pct"},
    ]  # fmt: skip
    node = {"id": "x", "kind": "outcome", "label": "Jobs", "indicators": mine,
            "links": [{"target": "net/frame#o"}]}  # fmt: skip
    return {"nodes": [node], "edges": []}


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.get_json()
    return r.get_json()


@pytest.fixture
def world(api: Api) -> dict[str, str]:
    tokens = {"ana": api.user("ana"), "out": api.user("out")}
    api.org(tokens["ana"], "net")
    api.graph(tokens["ana"], "net", "frame", _frame(), visibility="public")
    for n in range(MEMBERS):
        token = tokens[f"u{n}"] = api.user(f"u{n}")
        api.org(token, f"m{n}")
        api.graph(token, f"m{n}", "toc", _member())
        entries = [
            {"indicator": "starts", "period": "2025-Q1", "value": 10 * (n + 1),
             "categories": {"gender": {"female": 4 * (n + 1), "male": 6 * (n + 1)}}},
            {"indicator": "starts", "period": "2025-Q2", "value": 20 * (n + 1)},
            {"indicator": "rate", "period": "2025-Q2", "numerator": n + 1, "denominator": 10},
        ]  # fmt: skip
        _ok(api.post(f"/graphs/m{n}/toc/results", {"results": entries}, token=token), 201)
        _ok(api.patch(f"/graphs/m{n}/toc", {"share_results": "members"}, token=token))
    return tokens


def _indicator(body: dict[str, Any], iid: str) -> dict[str, Any]:
    return next(i for i in body["indicators"] if i["indicator"] == iid)


def test_the_maintainer_sees_every_figure(api: Api, world: dict[str, str]) -> None:
    body = _ok(api.get(f"{FRAME}/shared-indicators", token=world["ana"]))
    assert (body["framework"], body["role"], body["k"]) == ("net/frame", "maintainer", 5)
    assert [i["indicator"] for i in body["indicators"]] == ["jobs", "pct", "talk"]
    jobs = _indicator(body, "jobs")
    assert (jobs["linked"], jobs["node_id"], jobs["name"]) == (MEMBERS, "o", "Job starts")
    q1, q2 = jobs["aggregates"]
    assert (q1["period"], q1["reporting"], q1["sum"], q1["median"]) == ("2025-Q1", 6, 210, 35)
    assert (q2["sum"], q2["change"]) == (420, 210)
    gender = q1["categories"][0]
    assert (gender["included"], gender["values"]) == (6, {"female": 84, "male": 126})
    assert q2["categories"][0]["included"] == 0
    pct = _indicator(body, "pct")["aggregates"][0]
    assert pct["mean"] == pytest.approx(100 * 21 / 60)  # weighted by the denominators
    assert jobs["values"] == []  # named=false: the maintainer has no ToC of its own here
    named = _ok(api.get(f"{FRAME}/shared-indicators?named=true", token=world["ana"]))
    values = _indicator(named, "jobs")["values"]
    assert [v["member"] for v in values] == [f"m{n}/toc" for n in range(MEMBERS)]
    assert values[0]["title"] == "Toc" and values[0]["indicator"] == "starts"


def test_a_member_sees_itself_against_its_peers(api: Api, world: dict[str, str]) -> None:
    body = _ok(api.get(f"{FRAME}/shared-indicators/jobs", token=world["u0"]))
    assert (body["role"], body["gives"], body["members"]) == ("member", True, ["m0/toc"])
    assert [v["member"] for v in body["values"]] == ["m0/toc"]
    assert body["values"][0]["own"] is True
    assert [(b["period"], b["band"]) for b in body["benchmarks"]] == [
        ("2025-Q1", "below_q1"),
        ("2025-Q2", "below_q1"),
    ]
    listed = _ok(api.get(f"{FRAME}/shared-indicators", token=world["u5"]))
    assert [v["member"] for v in _indicator(listed, "jobs")["values"]] == ["m5/toc"]


def test_periods_between_from_and_to(api: Api, world: dict[str, str]) -> None:
    url = f"{FRAME}/shared-indicators/jobs"
    body = _ok(api.get(url, query_string={"from": "2025-Q2"}, token=world["ana"]))
    assert [a["period"] for a in body["aggregates"]] == ["2025-Q2"]
    assert body["aggregates"][0]["change"] == 210  # still against the quarter before
    body = _ok(api.get(url, query_string={"to": "2025-Q1"}, token=world["u1"]))
    assert [a["period"] for a in body["aggregates"]] == ["2025-Q1"]
    assert [v["period"] for v in body["values"][0]["values"]] == ["2025-Q1"]
    body = _ok(api.get(url, query_string={"from": "2025"}, token=world["ana"]))
    assert [a["period"] for a in body["aggregates"]] == ["2025-Q1", "2025-Q2"]


ERRORS = [
    ("/shared-indicators?from=2025-Q5", "ana", 422),
    ("/shared-indicators?to=soon", "ana", 422),
    ("/shared-indicators?named=perhaps", "ana", 422),
    ("/shared-indicators/nope", "ana", 404),
    ("/shared-indicators.csv?from=x", "ana", 422),
    ("/links/indicators?target=net/frame", "u0", 422),
]


@pytest.mark.parametrize(("path", "who", "status"), ERRORS)
def test_bad_requests_are_told_so(
    api: Api, world: dict[str, str], path: str, who: str, status: int
) -> None:
    base = "/graphs/m0/toc" if path.startswith("/links") else FRAME
    r = api.get(base + path, token=world[who])
    assert r.status_code == status, r.get_json()
    assert r.get_json()["message"]


@pytest.mark.parametrize(
    "path",
    ["/shared-indicators", "/shared-indicators/jobs", "/shared-indicators.csv",
     "/sector/dashboard"],
)  # fmt: skip
def test_a_framework_the_caller_cannot_read_is_not_there(
    api: Api, world: dict[str, str], path: str
) -> None:
    _ok(api.patch(FRAME, {"visibility": "private"}, token=world["ana"]))
    for who in ("out", None):
        r = api.get(FRAME + path, token=world[who] if who else None)
        assert r.status_code == 404, r.get_json()
        assert "frame" in r.get_json()["message"]
    assert api.get(FRAME + path, token=world["ana"]).status_code == 200


def test_the_csv_holds_the_figures_this_viewer_may_see(api: Api, world: dict[str, str]) -> None:
    r = api.get(f"{FRAME}/shared-indicators.csv", token=world["ana"])
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "net-frame-shared-indicators.csv" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    assert [(x["indicator"], x["period"]) for x in rows] == [
        ("jobs", "2025-Q1"), ("jobs", "2025-Q2"), ("pct", "2025-Q2")]  # fmt: skip
    assert (rows[0]["sum"], rows[0]["gender:female"], rows[0]["suppressed"]) == (
        "210", "84", "false")  # fmt: skip
    outsider = api.get(f"{FRAME}/shared-indicators.csv", token=world["out"])
    assert outsider.get_data(as_text=True).strip().count("\n") == 0  # the header only


def test_what_to_offer_when_linking(api: Api, world: dict[str, str]) -> None:
    url = "/graphs/m0/toc/links/indicators"
    body = _ok(api.get(url, query_string={"target": "net/frame#o"}, token=world["u0"]))
    assert (body["label"], body["kind"]) == ("In work", "outcome")
    offers = {o["indicator"]: o for o in body["indicators"]}
    assert list(offers) == ["jobs", "pct", "talk"]
    assert offers["jobs"]["reported_by"] == "starts" and offers["talk"]["reported_by"] is None
    pct = offers["pct"]["definition"]
    assert pct == {"name": "In work", "unit_type": "percentage", "code": "8.6.1",
                   "vocabulary": "SDG", "reports_to": "net/frame#pct"}  # fmt: skip
    # the copy lands as is in a box of the member's ToC
    talk = offers["talk"]["definition"]
    op = {"op": "update_node", "id": "x", "set": {"indicators": [talk]}}
    _ok(api.commit(world["u0"], "m0", "toc", [op]), 201)
    for target, status in (("net/frame#nope", 404), ("m1/toc#x", 404), ("net/gone#o", 404)):
        r = api.get(url, query_string={"target": target}, token=world["u0"])
        assert r.status_code == status, (target, r.get_json())
    assert api.get(url, query_string={"target": "net/frame#o"}).status_code == 404  # m0 private


def test_the_sector_dashboard(api: Api, world: dict[str, str]) -> None:
    body = _ok(api.get(f"{FRAME}/sector/dashboard?as_of=2025-08-10", token=world["ana"]))
    nodes = {n["id"]: n for n in body["nodes"]}
    o = nodes["o"]
    jobs = next(i for i in o["indicators"] if i["id"] == "jobs")
    # 420 by the end of Q2 against 0 -> 400 over 2025: ~198 expected, on track
    assert (jobs["figure"], jobs["period"], jobs["value"], jobs["change"]) == (
        "sum", "2025-Q2", 420, 210)  # fmt: skip
    assert (jobs["status"], jobs["reporting"], jobs["linked"]) == ("on_track", 6, 6)
    pct = next(i for i in o["indicators"] if i["id"] == "pct")
    assert (pct["value"], pct["status"]) == (pytest.approx(35), "behind")  # 35% of 50%
    assert o["status"] == "behind"  # the worst of the box's
    assert (o["count"], o["unnamed"], o["measured"]) == (6, 0, True)  # consenting: named
    assert {c["reporting"] for c in o["contributors"]} == {"reporting"}
    assert (body["gaps"], body["unmeasured"]) == (["i"], ["i"])
    outsider = _ok(api.get(f"{FRAME}/sector/dashboard", token=world["out"]))
    o = next(n for n in outsider["nodes"] if n["id"] == "o")
    assert (o["count"], o["unnamed"], o["contributors"], o["status"]) == (6, 6, [], None)
    assert next(i for i in o["indicators"] if i["id"] == "jobs")["value"] is None


def test_members_whose_unit_no_longer_matches_are_left_out(api: Api, world: dict[str, str]) -> None:
    changed = [{**SHARED[0], "unit_type": "currency", "currency": "EUR"}, *SHARED[1:]]
    op = {"op": "update_node", "id": "o", "set": {"indicators": changed}}
    _ok(api.commit(world["ana"], "net", "frame", [op]), 201)
    jobs = _ok(api.get(f"{FRAME}/shared-indicators/jobs", token=world["ana"]))
    assert (jobs["linked"], jobs["incompatible"], jobs["aggregates"]) == (0, MEMBERS, [])


def test_the_endpoints_are_in_the_openapi_document(api: Api) -> None:
    spec = api.get("/openapi.json").get_json()
    paths = spec["paths"]
    for path in (
        "/api/v1/graphs/{org}/{graph}/shared-indicators",
        "/api/v1/graphs/{org}/{graph}/shared-indicators/{indicator}",
        "/api/v1/graphs/{org}/{graph}/shared-indicators.csv",
        "/api/v1/graphs/{org}/{graph}/sector/dashboard",
        "/api/v1/graphs/{org}/{graph}/links/indicators",
    ):
        assert "get" in paths[path], path
    schemas = spec["components"]["schemas"]
    assert (
        "aggregates" in schemas["SharedIndicators"]["properties"]
        or "indicators" in (schemas["SharedIndicators"]["properties"])
    )
    assert "benchmarks" in schemas["SharedIndicator"]["properties"]


def test_a_corrected_value_replaces_the_old_one(api: Api, world: dict[str, str]) -> None:
    """Results are append-only: the latest row of a period is its value in the figures."""
    fixes = [
        {"indicator": "starts", "period": "2025-Q1", "value": 1000,
         "categories": {"gender": {"female": 400, "male": 600}}},
        {"indicator": "rate", "period": "2025-Q2", "numerator": 10, "denominator": 10},
    ]  # fmt: skip
    _ok(api.post("/graphs/m0/toc/results", {"results": fixes}, token=world["u0"]), 201)
    _ok(api.post("/graphs/m0/toc/results", {"results": fixes[:1]}, token=world["u0"]), 201)
    body = _ok(api.get(f"{FRAME}/shared-indicators", token=world["ana"]))
    q1 = _indicator(body, "jobs")["aggregates"][0]
    assert q1["sum"] == 210 - 10 + 1000
    assert q1["categories"][0]["values"] == {"female": 84 - 4 + 400, "male": 126 - 6 + 600}
    pct = _indicator(body, "pct")["aggregates"][0]
    assert pct["mean"] == pytest.approx(100 * (21 - 1 + 10) / 60)


@pytest.mark.parametrize("suffix", [".iati.xml", ".cids.jsonld"])
def test_the_frameworks_exports_carry_the_combined_figures_its_reader_may_see(
    api: Api, world: dict[str, str], suffix: str
) -> None:
    from toc_editor.exchange.cids import read_cids_results
    from toc_editor.exchange.iati import read_iati_results

    read = read_iati_results if suffix == ".iati.xml" else read_cids_results
    url = f"{FRAME}/export/main{suffix}"
    first = api.get(url, token=world["ana"])
    assert first.status_code == 200
    got = {(e["indicator"], e["period"]): e for e in read(first.data)}
    assert sorted(got) == [("jobs", "2025-Q1"), ("jobs", "2025-Q2"), ("pct", "2025-Q2")]
    q1 = got[("jobs", "2025-Q1")]
    assert q1["value"] == 210 and q1["categories"] == {"gender": {"female": 84, "male": 126}}
    assert q1["note"].startswith("Combined from the results of 6 of 6 member ToCs")
    assert got[("pct", "2025-Q2")]["value"] == pytest.approx(100 * 21 / 60)
    # a member withdraws: the figures (and the ETag) change at once
    _ok(api.patch("/graphs/m5/toc", {"share_results": "none"}, token=world["u5"]))
    again = api.get(url, token=world["ana"])
    assert again.headers["ETag"] != first.headers["ETag"]
    assert {(e["indicator"], e["period"]): e["value"] for e in read(again.data)}[
        ("jobs", "2025-Q1")
    ] == 210 - 60
    # a reader who may not read the framework's results gets none of them
    assert read(api.get(url, token=world["out"]).data) == []
    assert read(api.get(url).data) == []
