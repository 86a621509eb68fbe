"""GET .../progress, GET .../dashboard and the diagrams' progress theme, through the API on
SQLite and PostgreSQL: the statuses and the roll-up from results written through the API,
a past day and an older version, the dashboard's series with categories, and who may see
them (as for the results: members; anyone only for a public graph whose results are
public; else 404)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest

from tests.conftest import Api
from toc_editor.domain.periods import period_of

SVG = "{http://www.w3.org/2000/svg}"

LINE = {"baseline": 100, "target": 200, "baseline_date": "2024-12-31",
        "target_date": "2026-12-31", "frequency": "quarterly"}  # fmt: skip
DOC: dict[str, Any] = {
    "nodes": [
        {"id": "act", "kind": "activity", "label": "Run job clubs"},
        {"id": "out", "kind": "output", "label": "Job clubs held",
         "indicators": [{"id": "clubs", "name": "Clubs held", **LINE}]},
        {"id": "oc", "kind": "outcome", "label": "People find work", "horizon": "short",
         "indicators": [
             {"id": "jobs", "name": "People in work", **LINE, "unit_type": "count",
              "disaggregations": [{"name": "gender", "categories": ["female", "male",
                                                                    "another"]}]},
             {"id": "story", "name": "What changed", "unit_type": "text"}]},
        {"id": "imp", "kind": "impact", "label": "Fewer households in poverty",
         "indicators": [{"id": "policy", "name": "Council adopts the plan", "target": "yes",
                         "unit_type": "yes_no", "target_date": "2026-06-30"}]},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "out"},
        {"id": "e2", "source": "out", "target": "oc"},
        {"id": "e3", "source": "oc", "target": "imp"},
    ],
}  # fmt: skip
RESULTS = [
    {"indicator": "clubs", "period": "2025-Q3", "value": 110},
    {"indicator": "clubs", "period": "2025-Q4", "value": 120},  # 20 of 50 expected: off track
    {"indicator": "jobs", "period": "2025-Q3", "value": 130,
     "categories": {"gender": {"female": 70, "male": 55, "another": 5}}},
    {"indicator": "jobs", "period": "2025-Q4", "value": 150,  # on the path: on track
     "categories": {"gender": {"female": 80, "male": 65, "another": 5}}},
    {"indicator": "story", "period": "2025-Q4", "text_value": "Two employers joined"},
    {"indicator": "policy", "period": "2025-Q4", "text_value": "no"},  # before its date
]  # fmt: skip
AS_OF = "2026-01-20"


class Toc:
    def __init__(self, api: Api) -> None:
        self.api = api
        self.owner = api.user("owner")
        self.viewer = api.user("viewer")
        self.stranger = api.user("stranger")
        api.org(self.owner, "acme")
        r = api.put("/orgs/acme/members/viewer", {"role": "viewer"}, token=self.owner)
        assert r.status_code == 200, r.get_json()
        api.graph(self.owner, "acme", "jobs", copy.deepcopy(DOC))
        self.first = api.head("acme", "jobs", self.owner)
        self.write(RESULTS)

    def write(self, entries: list[dict[str, Any]]) -> None:
        r = self.api.post("/graphs/acme/jobs/results", {"results": entries}, token=self.owner)
        assert r.status_code == 201, r.get_json()

    def get(self, path: str, token: str | None = "owner", status: int = 200) -> Any:
        who = getattr(self, token) if token else None
        r = self.api.get(f"/graphs/acme/jobs/{path}", token=who)
        assert r.status_code == status, (path, r.status_code, r.get_data(as_text=True)[:300])
        return r.get_json() if r.is_json else r.data


@pytest.fixture
def toc(api: Api) -> Toc:
    return Toc(api)


def test_progress_of_each_indicator_and_box_and_along_the_paths(toc: Toc) -> None:
    body = toc.get(f"progress?as_of={AS_OF}")
    assert body["as_of"] == AS_OF
    assert body["commit"] == toc.first
    statuses = {k: (v["node_id"], v["status"]) for k, v in body["indicators"].items()}
    assert statuses == {
        "clubs": ("out", "off_track"),
        "jobs": ("oc", "on_track"),
        "story": ("oc", "no_target"),
        "policy": ("imp", "behind"),
    }
    clubs = body["indicators"]["clubs"]
    assert (clubs["actual"], clubs["expected"], clubs["period"]) == (120, 150, "2025-Q4")
    assert clubs["ratio"] == pytest.approx(0.4)
    assert "120 in 2025-Q4 against 150" in clubs["reason"]
    risk = [{"id": "out", "label": "Job clubs held", "status": "off_track"}]
    assert body["nodes"] == {
        "act": {"status": None, "upstream": None, "reasons": []},
        "out": {"status": "off_track", "upstream": None, "reasons": []},
        "oc": {"status": "on_track", "upstream": "at_risk", "reasons": risk},
        "imp": {"status": "behind", "upstream": "at_risk", "reasons": risk},
    }


def test_the_latest_value_counts_and_a_past_day_judges_what_was_due_then(toc: Toc) -> None:
    toc.write([{"indicator": "clubs", "period": "2025-Q4", "value": 148}])  # corrected
    body = toc.get(f"progress?as_of={AS_OF}")
    assert body["indicators"]["clubs"]["status"] == "on_track"
    assert body["nodes"]["oc"]["upstream"] == "ok"
    # on 30 Sep 2025 the latest result is 2025-Q3's (2025-Q4 had not begun): 10 of 37.4
    past = toc.get("progress?as_of=2025-09-30")
    assert past["indicators"]["clubs"]["period"] == "2025-Q3"
    assert past["indicators"]["clubs"]["expected"] == pytest.approx(100 + 100 * 273 / 730)
    assert past["indicators"]["clubs"]["status"] == "off_track"
    # a year on, nothing new has come: no recent data, and nothing at risk upstream
    later = toc.get("progress?as_of=2026-10-05")
    assert later["indicators"]["jobs"]["status"] == "no_recent_data"
    assert later["nodes"]["imp"]["upstream"] == "ok"


def test_an_older_version_is_judged_by_its_own_indicators(toc: Toc) -> None:
    r = toc.api.commit(toc.owner, "acme", "jobs", [
        {"op": "update_node", "id": "out", "set": {"indicators": []}},
    ])  # fmt: skip
    assert r.status_code == 201, r.get_json()
    now = toc.get(f"progress?as_of={AS_OF}")
    assert "clubs" not in now["indicators"] and now["nodes"]["oc"]["upstream"] is None
    then = toc.get(f"progress?ref={toc.first}&as_of={AS_OF}")
    assert then["commit"] == toc.first and then["indicators"]["clubs"]["status"] == "off_track"
    toc.get("progress?ref=nope", status=404)
    toc.get("progress?as_of=20-01-2026", status=422)


def test_the_dashboard_has_a_series_per_indicator(toc: Toc) -> None:
    body = toc.get(f"dashboard?as_of={AS_OF}")
    order = [(i["id"], i["node_id"]) for i in body["indicators"]]
    assert order == [("clubs", "out"), ("jobs", "oc"), ("story", "oc"), ("policy", "imp")]
    jobs = body["indicators"][1]
    assert (jobs["name"], jobs["node_label"], jobs["status"]) == (
        "People in work", "People find work", "on_track",
    )  # fmt: skip
    assert jobs["disaggregations"][0]["categories"] == ["female", "male", "another"]
    periods = [row["period"] for row in jobs["series"]]
    assert periods == [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
    q4 = jobs["series"][3]
    assert (q4["start"], q4["end"], q4["actual"], q4["target"]) == (
        "2025-10-01", "2025-12-31", 150, 150,
    )  # fmt: skip
    assert q4["categories"] == {"gender": {"female": 80, "male": 65, "another": 5}}
    assert jobs["series"][0]["actual"] is None and jobs["series"][-1]["target"] == 200
    policy = body["indicators"][3]["series"]
    assert [(r["period"], r["actual"]) for r in policy] == [("2025-Q4", 0.0)]
    assert toc.get("dashboard")["indicators"][1]["id"] == "jobs"  # today, default branch


def test_who_may_see_progress(toc: Toc) -> None:
    for path in (f"progress?as_of={AS_OF}", "dashboard", "render/main.svg?theme=progress"):
        toc.get(path, "viewer")
        toc.get(path, "stranger", status=404)
        toc.get(path, None, status=404)
    r = toc.api.patch("/graphs/acme/jobs", {"visibility": "public"}, token=toc.owner)
    assert r.status_code == 200, r.get_json()
    for path in ("progress", "dashboard", "render/main.svg?theme=progress"):
        assert "not public" in toc.get(path, None, status=404)["message"]
        toc.get(path, "stranger", status=404)
    toc.get("render/main.svg", None)  # the diagram itself is public
    r = toc.api.patch("/graphs/acme/jobs", {"results_public": True}, token=toc.owner)
    assert r.status_code == 200, r.get_json()
    for path in ("progress", "dashboard", "render/main.svg?theme=progress"):
        toc.get(path, None)
        toc.get(path, "stranger")


def _boxes(svg: bytes) -> dict[str, str]:
    """The text of each box of a diagram, by node id."""
    texts = {}
    for g in ET.fromstring(svg).iter(f"{SVG}g"):
        title = g.find(f"{SVG}title")
        if g.get("class") == "node" and title is not None:
            texts[title.text or ""] = " ".join(t.text or "" for t in g.iter(f"{SVG}text"))
    return texts


def test_the_progress_diagram_shows_the_statuses_and_changes_with_the_results(
    toc: Toc,
) -> None:
    # the diagram judges today's progress: results for the period we are in
    now = period_of(date.today(), "quarterly")
    toc.write([
        {"indicator": "clubs", "period": now, "value": 100},  # still at the baseline
        {"indicator": "jobs", "period": now, "value": 200},  # at the target
        {"indicator": "policy", "period": now, "text_value": "yes"},
    ])  # fmt: skip
    url = "/graphs/acme/jobs/render/main.svg?theme=progress"
    first = toc.api.get(url, token=toc.owner)
    assert first.status_code == 200
    boxes = _boxes(first.data)
    assert boxes["out"].endswith("✕ Off track")
    assert boxes["oc"].endswith("✓ On track ⚠ At risk upstream")
    assert boxes["imp"].endswith("✓ On track ⚠ At risk upstream")
    texts = " ".join(t.text or "" for t in ET.fromstring(first.data).iter(f"{SVG}text"))
    assert f"progress on {date.today().isoformat()}" in texts
    plain = _boxes(toc.get("render/main.svg"))
    assert not any("track" in text for text in plain.values())
    again = toc.api.get(url, token=toc.owner)
    assert again.headers["ETag"] == first.headers["ETag"]  # the same statuses: cached
    toc.write([{"indicator": "clubs", "period": now, "value": 200}])
    after = toc.api.get(url, token=toc.owner)
    assert after.headers["ETag"] != first.headers["ETag"]
    assert _boxes(after.data)["out"].endswith("✓ On track")
    assert "At risk" not in _boxes(after.data)["imp"]
    assert toc.get("render/main.pdf?theme=progress").startswith(b"%PDF")


def test_the_openapi_document_describes_both(api: Api) -> None:
    spec = api.get("/openapi.json").get_json()
    for path in ("/api/v1/graphs/{org}/{graph}/progress", "/api/v1/graphs/{org}/{graph}/dashboard"):
        get = spec["paths"][path]["get"]
        assert {p["name"] for p in get["parameters"]} >= {"ref", "as_of"}
        assert get["responses"]["200"]["content"]["application/json"]["schema"]
