"""The privacy table of shared measurement (issue 14), through the API, on SQLite and
PostgreSQL: each viewer sees exactly what the rules allow of a framework's shared
indicator, for a member ToC ``subj/toc`` that is public (its results too), public with
private results, or private; that shares its results with the members or not; among 4 or
5 member ToCs sharing with the members (the framework's k is 5).

The viewers: ``owner`` (owns ``subj/toc``), ``maint`` (an editor of the framework's
organisation: a maintainer), ``giver`` (owns ``giver/toc``, which shares with the
members), ``keeper`` (owns ``keeper/toc``, which shares nothing), ``out`` (signed in, no
role) and anonymous. The other member ToCs (``f1/toc``...) are private and share with
the members. Every ToC reports one value for 2025-Q1 to ``net/frame#jobs``; ``subj/toc``
reports 1000, so a sum that holds it shows.

The rules, written again here as the oracle (:func:`expected`): maintainers see figures
over the ToCs sharing with them, never hidden, and those ToCs' values by name; members
whose ToC shares with the members see figures over the ToCs sharing with the members,
hidden below k; everyone sees their own values and those of ToCs whose results are
public; nobody else gets figures; a member ToC's name reaches only those who see it
(named values, the dashboard's contributors), nowhere else in the bodies.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Api

FRAME = "/graphs/net/frame"
SUBJECT_VALUE = 1000.0
VIEWERS = ("owner", "maint", "giver", "keeper", "out", None)
VISIBILITY = ("public", "public, results private", "private")


@dataclass(frozen=True)
class Case:
    visibility: str
    consent: bool  # subj/toc shares with the members
    sharing: int  # member ToCs sharing with the members

    @property
    def id(self) -> str:
        return f"{self.visibility}-{'consent' if self.consent else 'no consent'}-{self.sharing}"


CASES = [Case(v, c, n) for v in VISIBILITY for c in (True, False) for n in (4, 5)]


def _doc(value_id: str, reports: bool = True) -> dict[str, Any]:
    indicator = {"id": value_id, "name": "Job starts", "unit_type": "count"}
    if reports:
        indicator["reports_to"] = "net/frame#jobs"
    node = {"id": "x", "kind": "outcome", "label": "Jobs", "indicators": [indicator],
            "links": [{"target": "net/frame#o"}]}  # fmt: skip
    return {"nodes": [node], "edges": []}


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.get_json()
    return r.get_json()


def _member(api: Api, user: str, org: str, value: float, consent: str,
            visibility: str = "private", results_public: bool = False) -> str:  # fmt: skip
    token = api.user(user)
    api.org(token, org)
    api.graph(token, org, "toc", _doc("starts"), visibility=visibility)
    entry = {"indicator": "starts", "period": "2025-Q1", "value": value}
    _ok(api.post(f"/graphs/{org}/toc/results", {"results": [entry]}, token=token), 201)
    change: dict[str, Any] = {"share_results": consent}
    if results_public:
        change["results_public"] = True
    _ok(api.patch(f"/graphs/{org}/toc", change, token=token))
    return token


def build(api: Api, case: Case) -> tuple[dict[str, str | None], dict[str, float]]:
    """The world of ``case``: tokens by viewer, and each member ToC's value by name."""
    tokens: dict[str, str | None] = {"ana": api.user("ana"), "maint": api.user("maint")}
    api.org(tokens["ana"], "net")
    _ok(api.put("/orgs/net/members/maint", {"role": "editor"}, token=tokens["ana"]))
    frame = {"nodes": [{"id": "o", "kind": "outcome", "label": "In work",
                        "indicators": [{"id": "jobs", "name": "Job starts",
                                        "unit_type": "count"}]}], "edges": []}  # fmt: skip
    api.graph(tokens["ana"], "net", "frame", frame, visibility="public")
    values = {"subj/toc": SUBJECT_VALUE, "giver/toc": 10.0, "keeper/toc": 20.0}
    tokens["owner"] = _member(
        api, "owner", "subj", SUBJECT_VALUE, "members" if case.consent else "none",
        visibility="private" if case.visibility == "private" else "public",
        results_public=case.visibility == "public",
    )  # fmt: skip
    tokens["giver"] = _member(api, "giver", "giver", 10.0, "members")
    tokens["keeper"] = _member(api, "keeper", "keeper", 20.0, "none")
    for n in range(1, case.sharing - (2 if case.consent else 1) + 1):
        _member(api, f"filler{n}", f"f{n}", 30.0 + n, "members")
        values[f"f{n}/toc"] = 30.0 + n
    tokens["out"] = api.user("out")
    tokens[None] = None  # type: ignore[index]
    return tokens, values


def expected(case: Case, viewer: str | None, values: dict[str, float]) -> dict[str, Any]:
    """What ``viewer`` may see (the oracle): ``figures`` None (no figures), "hidden"
    or the sum; ``named``: the member ToCs it sees by name."""
    subject_public = case.visibility == "public"
    sharing = {k for k in values if k not in ("subj/toc", "keeper/toc")}
    if case.consent:
        sharing.add("subj/toc")
    assert len(sharing) == case.sharing
    own = {"owner": "subj/toc", "giver": "giver/toc", "keeper": "keeper/toc"}.get(viewer or "")
    named = {own} if own else set()
    if subject_public:
        named.add("subj/toc")
    figures: Any = None
    if viewer == "maint":
        named |= sharing  # sharing with the members shares with the maintainers too
        figures = sum(values[k] for k in sharing)
    elif viewer in ("owner", "giver", "keeper") and own in sharing:
        figures = sum(values[k] for k in sharing) if case.sharing >= 5 else "hidden"
    return {"figures": figures, "named": named}


def _names_in(text: str) -> set[str]:
    return {org for org in ("subj", "giver", "keeper", "f1", "f2", "f3") if f'"{org}/' in text
            or f'"{org}"' in text or f"{org}/toc" in text}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_viewer_sees_what_the_rules_allow(api: Api, case: Case) -> None:
    tokens, values = build(api, case)
    for viewer in VIEWERS:
        want = expected(case, viewer, values)
        token = tokens[viewer]
        where = f"{case.id}, {viewer or 'anonymous'}"
        r = api.get(f"{FRAME}/shared-indicators/jobs", token=token)
        body = _ok(r)
        figures = body["aggregates"]
        if want["figures"] is None:
            assert figures is None, where
            assert body["note"], where
        elif want["figures"] == "hidden":
            assert [f["suppressed"] for f in figures] == [True], where
            assert (figures[0]["sum"], figures[0]["reporting"]) == (None, None), where
            assert figures[0]["linked"] == len(values), where
        else:
            assert [f["suppressed"] for f in figures] == [False], where
            assert figures[0]["sum"] == want["figures"], where
        named = {v["member"] for v in body["values"]}
        assert named == want["named"], where
        for v in body["values"]:
            assert v["values"][0]["value"] == values[v["member"]], where
        # no name of a member ToC the viewer may not see, anywhere in the bodies
        text = r.get_data(as_text=True)
        allowed = {m.split("/")[0] for m in want["named"]}
        assert _names_in(text) <= allowed, (where, _names_in(text) - allowed)
        listing = api.get(f"{FRAME}/shared-indicators?named=true", token=token)
        assert _names_in(listing.get_data(as_text=True)) <= allowed, where
        # the dashboard names a public graph's contribution (as the sector map does), and
        # says how it reports only to those who see its results
        board = api.get(f"{FRAME}/sector/dashboard?as_of=2025-05-01", token=token)
        node = _ok(board)["nodes"][0]
        contributors = {f"{c['org']}/{c['graph']}": c for c in node["contributors"]}
        public_graph = {"subj/toc"} if case.visibility != "private" else set()
        assert set(contributors) == want["named"] | public_graph, where
        reporting = {k for k, c in contributors.items() if c["reporting"] is not None}
        assert reporting == want["named"], where
        assert {contributors[k]["reporting"] for k in reporting} <= {"reporting"}, where
        board_allowed = allowed | {m.split("/")[0] for m in public_graph}
        assert _names_in(board.get_data(as_text=True)) <= board_allowed, where
        assert (node["count"], node["unnamed"]) == (len(values), len(values) - len(contributors))
        spreadsheet = api.get(f"{FRAME}/shared-indicators.csv", token=token)
        rows = list(csv.DictReader(io.StringIO(spreadsheet.get_data(as_text=True))))
        if want["figures"] is None:
            assert rows == [], where
        elif want["figures"] == "hidden":
            assert [(x["sum"], x["suppressed"]) for x in rows] == [("", "true")], where
        else:
            assert float(rows[0]["sum"]) == want["figures"], where


def test_withdrawing_consent_removes_the_member_at_once(api: Api) -> None:
    tokens, values = build(api, Case("private", True, 5))
    shared = f"{FRAME}/shared-indicators/jobs"
    before = _ok(api.get(shared, token=tokens["giver"]))["aggregates"][0]
    assert before["sum"] == sum(v for k, v in values.items() if k != "keeper/toc")
    assert "subj/toc" in {
        v["member"] for v in _ok(api.get(shared, token=tokens["maint"]))["values"]
    }
    _ok(api.patch("/graphs/subj/toc", {"share_results": "none"}, token=tokens["owner"]))
    after = _ok(api.get(shared, token=tokens["giver"]))["aggregates"][0]
    assert after["suppressed"] and after["sum"] is None  # 4 left: fewer than k
    maint = _ok(api.get(shared, token=tokens["maint"]))
    assert maint["aggregates"][0]["sum"] == before["sum"] - SUBJECT_VALUE
    assert "subj/toc" not in {v["member"] for v in maint["values"]}
    assert "subj" not in _names_in(api.get(shared, token=tokens["maint"]).get_data(as_text=True))
    owner = _ok(api.get(shared, token=tokens["owner"]))
    assert (owner["aggregates"], owner["gives"]) == (None, False)  # give to get
    assert [v["member"] for v in owner["values"]] == ["subj/toc"]  # its own, still


def test_consent_to_the_maintainers_only(api: Api) -> None:
    tokens, values = build(api, Case("private", False, 5))
    _ok(api.patch("/graphs/subj/toc", {"share_results": "maintainers"}, token=tokens["owner"]))
    shared = f"{FRAME}/shared-indicators/jobs"
    maint = _ok(api.get(shared, token=tokens["maint"]))
    assert maint["aggregates"][0]["sum"] == sum(v for k, v in values.items() if k != "keeper/toc")
    assert "subj/toc" in {v["member"] for v in maint["values"]}
    giver = _ok(api.get(shared, token=tokens["giver"]))
    assert giver["aggregates"][0]["sum"] == sum(
        v for k, v in values.items() if k not in ("keeper/toc", "subj/toc")
    )
    assert "subj" not in _names_in(api.get(shared, token=tokens["giver"]).get_data(as_text=True))
    owner = _ok(api.get(shared, token=tokens["owner"]))
    assert owner["aggregates"] is None  # sharing with the maintainers gives no figures


def test_a_lower_k_shows_smaller_groups(api: Api) -> None:
    tokens, _ = build(api, Case("private", True, 4))
    shared = f"{FRAME}/shared-indicators/jobs"
    assert _ok(api.get(shared, token=tokens["giver"]))["aggregates"][0]["suppressed"]
    _ok(api.patch(FRAME, {"aggregate_k": 4}, token=tokens["ana"]))
    figures = _ok(api.get(shared, token=tokens["giver"]))
    assert figures["k"] == 4 and not figures["aggregates"][0]["suppressed"]
    r = api.patch(FRAME, {"aggregate_k": 2}, token=tokens["maint"])  # an editor: no
    assert r.status_code == 403
