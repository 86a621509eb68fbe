"""Progress rules (domain/progress.py), as tables: one indicator's status, a box's status,
the roll-up along the causal paths (chains, diamonds, several sources, cycles), the wire
form and the dashboard series.

The dates are chosen so the expected values are exact: from a baseline on 31 Dec 2024 to
a target on 31 Dec 2026, the end of 2025-Q4 is exactly halfway (365 of 730 days).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import networkx as nx
import pytest

from toc_editor.domain import model
from toc_editor.domain.progress import (
    BEHIND,
    ON_TRACK,
    Actual,
    IndicatorProgress,
    PathProgress,
    expected_at,
    graph_progress,
    indicator_series,
    indicator_status,
    node_status,
    roll_up,
    to_wire,
)

A = Actual
# baseline 100 on 31 Dec 2024 -> target 200 on 31 Dec 2026: 150 expected at 2025-Q4's end
LINE: dict[str, Any] = {
    "id": "ind",
    "name": "People in work",
    "baseline": 100,
    "target": 200,
    "baseline_date": "2024-12-31",
    "target_date": "2026-12-31",
}
JAN_2026 = date(2026, 1, 20)  # 2025-Q4 is the latest period that has ended


def line(**changes: Any) -> dict[str, Any]:
    return {k: v for k, v in {**LINE, **changes}.items() if v is not None}


@dataclass
class Case:
    name: str
    definition: dict[str, Any]
    actuals: list[Actual]
    as_of: date
    status: str
    expected: float | str | None = None
    actual: float | str | None = None
    ratio: float | None = None
    period: str | None = None
    says: list[str] = field(default_factory=list)  # words the reason must hold


CASES = [
    # -- the thresholds, on a count (unit_type null = count) -----------------------------
    Case("on track at r = 0.9 exactly", LINE, [A("2025-Q4", 145)], JAN_2026, "on_track",
         expected=150, actual=145, ratio=ON_TRACK, period="2025-Q4",
         says=["145 in 2025-Q4 against 150", "31 Dec 2025", "90% of the progress expected",
               "so on track"]),
    Case("ahead of the path", LINE, [A("2025-Q4", 190)], JAN_2026, "on_track", ratio=1.8),
    Case("behind just under 0.9", LINE, [A("2025-Q4", 144)], JAN_2026, "behind", ratio=0.88,
         says=["88% of the progress expected, so behind"]),
    Case("behind at r = 0.6 exactly", LINE, [A("2025-Q4", 130)], JAN_2026, "behind",
         ratio=BEHIND),
    Case("off track under 0.6", LINE, [A("2025-Q4", 129)], JAN_2026, "off_track", ratio=0.58,
         says=["so off track"]),
    Case("off track below the baseline", LINE, [A("2025-Q4", 90)], JAN_2026, "off_track",
         ratio=-0.2),
    Case("the latest period counts, not the best", LINE,
         [A("2025-Q3", 190), A("2025-Q4", 120)], JAN_2026, "off_track", actual=120,
         period="2025-Q4"),
    Case("periods given in any order", LINE, [A("2025-Q4", 145), A("2025-Q1", 10)], JAN_2026,
         "on_track", period="2025-Q4"),
    Case("a numeric string target and baseline", line(baseline="100", target="2,00"),
         [A("2025-Q4", 145)], JAN_2026, "on_track", expected=150),
    # -- each unit type ------------------------------------------------------------------
    Case("count", line(unit_type="count"), [A("2025-Q4", 140)], JAN_2026, "behind",
         says=["140 in 2025-Q4 against 150"]),
    Case("percentage", line(unit_type="percentage", baseline=20, target=60),
         [A("2025-Q4", 38.5)], JAN_2026, "on_track", expected=40, ratio=0.925,
         says=["38.5% in 2025-Q4 against 40%"]),
    Case("currency", line(unit_type="currency", currency="HKD", baseline=0, target=2_000_000),
         [A("2025-Q4", 500_000)], JAN_2026, "off_track", expected=1_000_000, ratio=0.5,
         says=["HKD 500,000 in 2025-Q4 against HKD 1,000,000"]),
    Case("scale", line(unit_type="scale", scale_min=1, scale_max=5, baseline=2, target=4),
         [A("2025-Q4", 2.75)], JAN_2026, "behind", expected=3, ratio=0.75),
    Case("yes/no: yes is on track", {"unit_type": "yes_no", "target": "yes",
         "target_date": "2026-06-30"}, [A("2025-Q4", text_value="yes")], JAN_2026, "on_track",
         expected="yes", actual="yes", says=["“yes”"]),
    Case("yes/no: no before the target date is behind", {"unit_type": "yes_no",
         "target": "yes", "target_date": "2026-06-30"}, [A("2025-Q4", text_value="no")],
         JAN_2026, "behind", actual="no", says=["expected by 30 Jun 2026", "behind"]),
    Case("yes/no: no after the target date is off track", {"unit_type": "yes_no",
         "target": "yes", "target_date": "2025-12-01"}, [A("2025-Q4", text_value="No")],
         JAN_2026, "off_track", actual="no", says=["was due by 1 Dec 2025"]),
    Case("yes/no: reported as 1", {"unit_type": "yes_no", "target": 1},
         [A("2025-Q4", 1.0)], JAN_2026, "on_track", actual="yes"),
    Case("yes/no: no, and that period's target is 0", {"unit_type": "yes_no",
         "period_targets": [{"period": "2025-Q4", "value": 0}]},
         [A("2025-Q4", text_value="no")], JAN_2026, "on_track", actual="no"),
    Case("yes/no: no target", {"unit_type": "yes_no"}, [A("2025-Q4", text_value="yes")],
         JAN_2026, "no_target"),
    Case("yes/no: an answer that is neither is not data", {"unit_type": "yes_no",
         "target": "yes"}, [A("2025-Q4", text_value="maybe")], JAN_2026, "no_recent_data"),
    Case("text never has a target", line(unit_type="text"),
         [A("2025-Q4", text_value="Going well")], JAN_2026, "no_target",
         says=["text indicator"]),
    # -- cumulative and per period -------------------------------------------------------
    Case("cumulative: the running sum against the expected total",
         line(aggregation="cumulative", baseline=0, target=200),
         [A("2025-Q1", 20), A("2025-Q2", 20), A("2025-Q3", 20), A("2025-Q4", 20)], JAN_2026,
         "behind", expected=100, actual=80, ratio=0.8, says=["80 in total by 2025-Q4"]),
    Case("per period: the same values, the latest against the expected level",
         line(aggregation="per_period", baseline=0, target=200),
         [A("2025-Q1", 20), A("2025-Q2", 20), A("2025-Q3", 20), A("2025-Q4", 20)], JAN_2026,
         "off_track", expected=100, actual=20, ratio=0.2),
    Case("cumulative with a gap sums what was reported",
         line(aggregation="cumulative", baseline=0, target=200),
         [A("2025-Q1", 50), A("2025-Q2", None), A("2025-Q4", 45)], JAN_2026, "on_track",
         actual=95),
    Case("cumulative per-period target is the total expected by then",
         line(aggregation="cumulative", baseline=0, target=200,
              period_targets=[{"period": "2025-Q4", "value": 60}]),
         [A("2025-Q3", 30), A("2025-Q4", 25)], JAN_2026, "on_track", expected=60, actual=55),
    # -- direction -----------------------------------------------------------------------
    Case("decrease: lower is better, on track", line(direction="decrease", baseline=40,
         target=20), [A("2025-Q4", 31)], JAN_2026, "on_track", expected=30, ratio=0.9,
         says=["lower is better"]),
    Case("decrease: under the path is ahead", line(direction="decrease", baseline=40,
         target=20), [A("2025-Q4", 25)], JAN_2026, "on_track", ratio=1.5),
    Case("decrease: rising is off track", line(direction="decrease", baseline=40,
         target=20), [A("2025-Q4", 45)], JAN_2026, "off_track", ratio=-0.5),
    Case("decrease: before the path starts, lower than the baseline is on track",
         line(direction="decrease", baseline=40, target=20), [A("2024-Q3", 35)],
         date(2024, 10, 5), "on_track", expected=40),
    Case("increase: before the path starts, lower than the baseline is behind",
         line(baseline=40, target=60), [A("2024-Q3", 35)], date(2024, 10, 5), "behind"),
    Case("increase: the same numbers the other way", line(baseline=20, target=40),
         [A("2025-Q4", 25)], JAN_2026, "off_track", ratio=0.5),
    # -- where the expected value comes from ----------------------------------------------
    Case("a period target wins over the line", line(baseline=0, period_targets=[
         {"period": "2025-Q4", "value": 60}]), [A("2025-Q4", 55)], JAN_2026, "on_track",
         expected=60, says=["the target for 2025-Q4"]),
    Case("the same result on the line alone", line(baseline=0), [A("2025-Q4", 55)], JAN_2026,
         "off_track", expected=100),
    Case("a period target for another period leaves the line", line(baseline=0,
         period_targets=[{"period": "2025-Q3", "value": 10}]), [A("2025-Q4", 55)], JAN_2026,
         "off_track", expected=100),
    Case("clamped at the target after the target date", LINE, [A("2027-Q2", 195)],
         date(2027, 7, 10), "on_track", expected=200, ratio=0.95),
    Case("held at the baseline before the baseline date: as good is on track", LINE,
         [A("2024-Q3", 100)], date(2024, 10, 5), "on_track", expected=100, ratio=None,
         says=["no progress expected yet"]),
    Case("held at the baseline before the baseline date: worse is behind", LINE,
         [A("2024-Q3", 99)], date(2024, 10, 5), "behind", expected=100, ratio=None),
    Case("no target date: the target itself", line(target_date=None), [A("2025-Q4", 190)],
         JAN_2026, "on_track", expected=200, ratio=0.9, says=["no baseline and dates"]),
    Case("no baseline: actual against expected", line(baseline=None), [A("2025-Q4", 150)],
         JAN_2026, "behind", expected=200, ratio=0.75),
    Case("no baseline, decrease: expected against actual", line(baseline=None,
         direction="decrease", target=10), [A("2025-Q4", 20)], JAN_2026, "off_track",
         ratio=0.5),
    # -- missing data --------------------------------------------------------------------
    Case("nothing reported", LINE, [], JAN_2026, "no_recent_data",
         says=["Nothing has been reported yet"]),
    Case("only empty values", LINE, [A("2025-Q4", None)], JAN_2026, "no_recent_data"),
    Case("a period that is not a code is ignored", LINE, [A("Q4 2025", 150)], JAN_2026,
         "no_recent_data"),
    Case("two whole periods ended since: stale", LINE, [A("2025-Q1", 500)],
         date(2025, 10, 1), "no_recent_data", actual=500, period="2025-Q1",
         says=["since 2025-Q1", "2 quarterly periods"]),
    Case("the second period ends that very day: still recent", LINE, [A("2025-Q1", 500)],
         date(2025, 9, 30), "on_track"),
    Case("monthly: two months missed", line(frequency="monthly"), [A("2025-01", 500)],
         date(2025, 4, 1), "no_recent_data"),
    Case("yearly: one year missed is recent", line(frequency="yearly"), [A("2024", 500)],
         date(2025, 12, 31), "on_track"),
    Case("a result for a period after the day judged is left out", LINE,
         [A("2025-Q3", 145), A("2026-Q1", 10)], date(2025, 12, 1), "on_track",
         period="2025-Q3"),
    # -- no target -----------------------------------------------------------------------
    Case("no target", line(target=None), [A("2025-Q4", 150)], JAN_2026, "no_target",
         actual=150, says=["No target is set"]),
    Case("a target that is not a number", line(target="most of them"), [A("2025-Q4", 1)],
         JAN_2026, "no_target", says=["“most of them” is not a number"]),
    Case("no target comes before no data", line(target=None), [], JAN_2026, "no_target"),
    Case("period targets only, none for the latest", line(target=None, period_targets=[
         {"period": "2026-Q4", "value": 9}]), [A("2025-Q4", 5)], JAN_2026, "no_target",
         says=["No target applies to 2025-Q4"]),
    Case("period targets only, one for the latest", line(target=None, baseline=0,
         period_targets=[{"period": "2025-Q4", "value": 10}]), [A("2025-Q4", 9)], JAN_2026,
         "on_track", expected=10),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_indicator_status(case: Case) -> None:
    got = indicator_status(case.definition, case.actuals, case.as_of)
    assert got.status == case.status, got.reason
    if case.expected is not None:
        assert got.expected == pytest.approx(case.expected)
    if case.actual is not None:
        assert got.actual == pytest.approx(case.actual)
    if case.ratio is not None or "ratio=None" in case.name:
        assert got.ratio == pytest.approx(case.ratio)
    if case.period is not None:
        assert got.period == case.period
    for words in case.says:
        assert words in got.reason, got.reason
    assert got.reason.endswith(".")


def test_the_ratio_is_none_when_no_progress_is_expected_yet() -> None:
    got = indicator_status(LINE, [A("2024-Q3", 120)], date(2024, 10, 5))
    assert (got.status, got.ratio) == ("on_track", None)


@pytest.mark.parametrize(
    ("period", "value", "source"),
    [
        ("2025-Q4", 150, "path"),
        ("2024-Q1", 100, "path"),  # before the baseline date
        ("2030-Q1", 200, "path"),  # after the target date
        ("2026-Q2", 100 + 100 * 546 / 730, "path"),
    ],
)
def test_expected_on_the_line(period: str, value: float, source: str) -> None:
    got, how = expected_at(LINE, period)
    assert (got, how) == (pytest.approx(value), source)


# -- a box ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        (["on_track", "behind"], "behind"),
        (["behind", "off_track", "on_track"], "off_track"),
        (["no_recent_data", "on_track"], "no_recent_data"),
        (["behind", "no_recent_data"], "behind"),
        (["on_track", "no_target"], "on_track"),
        (["no_target", "no_target"], None),
        ([], None),
    ],
)
def test_node_status_is_the_worst(statuses: list[str], expected: str | None) -> None:
    assert node_status(statuses) == expected
    assert node_status(IndicatorProgress(s) for s in statuses) == expected  # type: ignore[arg-type]


# -- along the paths --------------------------------------------------------------------


@dataclass
class PathCase:
    name: str
    edges: list[tuple[str, str]]
    own: dict[str, str | None]
    # node -> (upstream, reasons); nodes not named: upstream None, no reasons
    expected: dict[str, tuple[str | None, list[str]]]


ROLL_UPS = [
    PathCase("a chain carries risk to the top", [("a", "b"), ("b", "c")],
             {"a": "behind", "b": "on_track", "c": "on_track"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["a"])}),
    PathCase("nearest first along a chain", [("a", "b"), ("b", "c")],
             {"a": "off_track", "b": "behind"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["b", "a"])}),
    PathCase("a box with no indicators passes it through", [("a", "b"), ("b", "c")],
             {"a": "behind", "b": None, "c": "on_track"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["a"])}),
    PathCase("a diamond: the nearest way counts",
             [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")],
             {"a": "off_track", "b": "behind", "c": "on_track", "d": "on_track"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["a"]), "d": ("at_risk", ["b", "a"])}),
    PathCase("a shortcut makes a far box near", [("a", "b"), ("b", "c"), ("c", "d"), ("a", "d")],
             {"a": "behind", "c": "behind"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["a"]), "d": ("at_risk", ["a", "c"])}),
    PathCase("several sources, off track before behind at one distance",
             [("y", "t"), ("x", "t"), ("z", "t")],
             {"x": "behind", "y": "off_track", "z": "on_track"},
             {"t": ("at_risk", ["y", "x"])}),
    PathCase("ties of one status keep the graph's order", [("p", "t"), ("q", "t")],
             {"p": "behind", "q": "behind"}, {"t": ("at_risk", ["p", "q"])}),
    PathCase("on track upstream is ok", [("a", "b"), ("b", "c")], {"a": "on_track"},
             {"b": ("ok", []), "c": ("ok", [])}),
    PathCase("no recent data upstream is not a risk", [("a", "b")],
             {"a": "no_recent_data", "b": "behind"}, {"b": ("ok", [])}),
    PathCase("nothing known upstream says nothing", [("a", "b"), ("b", "c")],
             {"c": "off_track"}, {}),
    PathCase("risk does not flow backwards", [("a", "b")], {"b": "off_track"}, {}),
    PathCase("an island box", [], {"a": "behind"}, {}),
    PathCase("a 2-cycle: each sees the other", [("a", "b"), ("b", "a")],
             {"a": "behind", "b": "on_track"}, {"a": ("ok", []), "b": ("at_risk", ["a"])}),
    PathCase("a 2-cycle both behind", [("a", "b"), ("b", "a")],
             {"a": "behind", "b": "off_track"},
             {"a": ("at_risk", ["b"]), "b": ("at_risk", ["a"])}),
    PathCase("a cycle feeding an outcome", [("a", "b"), ("b", "a"), ("b", "o"), ("o", "i")],
             {"a": "behind", "b": "off_track", "o": "on_track"},
             {"a": ("at_risk", ["b"]), "b": ("at_risk", ["a"]), "o": ("at_risk", ["b", "a"]),
              "i": ("at_risk", ["b", "a"])}),
    PathCase("a risk entering a 3-cycle reaches all of it, by the nearest way",
             [("x", "a"), ("a", "b"), ("b", "c"), ("c", "a")],
             {"x": "off_track", "b": "behind"},
             {"a": ("at_risk", ["x", "b"]), "b": ("at_risk", ["x"]), "c": ("at_risk", ["b", "x"])}),
    PathCase("a self-loop does not make a box its own reason", [("a", "a"), ("a", "b")],
             {"a": "behind"}, {"b": ("at_risk", ["a"])}),
    PathCase("a cycle downstream of the risk only", [("a", "b"), ("b", "c"), ("c", "b")],
             {"a": "behind", "c": "on_track"},
             {"b": ("at_risk", ["a"]), "c": ("at_risk", ["a"])}),
]  # fmt: skip


@pytest.mark.parametrize("case", ROLL_UPS, ids=[c.name for c in ROLL_UPS])
def test_roll_up(case: PathCase) -> None:
    G = nx.DiGraph()
    G.add_nodes_from(case.own)
    G.add_edges_from(case.edges)
    out = roll_up(G, case.own)
    assert set(out) == set(G)
    for n in G:
        upstream, reasons = case.expected.get(n, (None, []))
        assert out[n] == PathProgress(case.own.get(n), upstream, reasons), n


def _brute_force(G: nx.DiGraph, own: dict[str, str | None]) -> dict[str, PathProgress]:
    """The rule read literally: every node with a path into n, by its shortest one."""
    order = {n: i for i, n in enumerate(G)}
    out = {}
    for n in G:
        into = dict(nx.single_target_shortest_path_length(G, n))
        into.pop(n, None)
        at_risk = [u for u in into if own.get(u) in ("behind", "off_track")]
        reasons = sorted(at_risk, key=lambda u: (into[u], own[u] != "off_track", order[u]))
        seen = any(own.get(u) is not None for u in into)
        upstream = "at_risk" if reasons else "ok" if seen else None
        out[n] = PathProgress(own.get(n), upstream, reasons)  # type: ignore[arg-type]
    return out


@pytest.mark.parametrize("seed", range(30))
def test_roll_up_agrees_with_shortest_paths_on_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 40)
    G = nx.gnp_random_graph(n, rng.uniform(0.02, 0.2), seed=seed, directed=True)
    G = nx.relabel_nodes(G, {i: f"n{i}" for i in G})
    choices = [None, None, "on_track", "behind", "off_track", "no_recent_data"]
    own = {v: rng.choice(choices) for v in G}
    assert roll_up(G, own) == _brute_force(G, own)


def test_roll_up_terminates_on_a_large_cyclic_graph() -> None:
    G = nx.gnm_random_graph(1000, 3000, seed=7, directed=True)
    G = nx.relabel_nodes(G, {i: f"n{i}" for i in G})
    own = {v: "behind" if i % 10 == 0 else "on_track" for i, v in enumerate(G)}
    out = roll_up(G, own)
    assert len(out) == 1000
    assert sum(p.upstream == "at_risk" for p in out.values()) > 900


# -- the whole ToC and its wire form ----------------------------------------------------

TOC = {
    "nodes": [
        {"id": "act", "kind": "activity", "label": "Run job clubs"},
        {"id": "out", "kind": "output", "label": "Job clubs held",
         "indicators": [{**LINE, "id": "clubs", "name": "Clubs held", "baseline": 0}]},
        {"id": "oc", "kind": "outcome", "label": "People find work",
         "indicators": [
             {**LINE, "id": "jobs", "name": "People in work"},
             {"id": "story", "name": "Stories", "unit_type": "text"}]},
        {"id": "imp", "kind": "impact", "label": "Fewer households in poverty"},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "out"},
        {"id": "e2", "source": "out", "target": "oc"},
        {"id": "e3", "source": "oc", "target": "imp"},
    ],
}  # fmt: skip


def test_graph_progress_and_its_wire_form() -> None:
    G = model.from_document(TOC)
    actuals = {"clubs": [A("2025-Q4", 40)], "jobs": [A("2025-Q4", 150)], "gone": [A("2025", 1)]}
    indicators, paths = graph_progress(G, actuals, JAN_2026)
    assert {k: (n, p.status) for k, (n, p) in indicators.items()} == {
        "clubs": ("out", "off_track"),
        "jobs": ("oc", "on_track"),
        "story": ("oc", "no_target"),
    }
    labels = {n: G.nodes[n]["label"] for n in G}
    wire = to_wire(JAN_2026, indicators, paths, labels)
    assert wire["as_of"] == "2026-01-20"
    assert wire["indicators"]["jobs"] == {
        "status": "on_track",
        "expected": 150,
        "actual": 150,
        "period": "2025-Q4",
        "ratio": 1.0,
        "reason": indicators["jobs"][1].reason,
        "node_id": "oc",
    }
    assert wire["nodes"]["act"] == {"status": None, "upstream": None, "reasons": []}
    assert wire["nodes"]["out"] == {"status": "off_track", "upstream": None, "reasons": []}
    assert wire["nodes"]["oc"]["status"] == "on_track"
    reason = {"id": "out", "label": "Job clubs held", "status": "off_track"}
    at_risk = {"status": "on_track", "upstream": "at_risk", "reasons": [reason]}
    assert wire["nodes"]["oc"] == at_risk
    assert wire["nodes"]["imp"] == {**at_risk, "status": None}


# -- dashboard series -------------------------------------------------------------------


def test_series_runs_from_baseline_to_target_with_actuals_and_the_path() -> None:
    rows = indicator_series(
        line(baseline=0), [A("2025-Q1", 20), A("2025-Q2", 30)], JAN_2026,
        {"2025-Q1": {"gender": {"female": 12, "male": 8}}},
    )  # fmt: skip
    assert [r["period"] for r in rows] == [f"{y}-Q{q}" for y in (2025, 2026) for q in (1, 2, 3, 4)]
    assert rows[0] == {
        "period": "2025-Q1",
        "start": "2025-01-01",
        "end": "2025-03-31",
        "actual": 20.0,
        "value": 20.0,
        "text_value": None,
        "target": pytest.approx(200 * 90 / 730),
        "categories": {"gender": {"female": 12, "male": 8}},
    }
    assert rows[3]["target"] == pytest.approx(100)
    assert rows[-1]["target"] == pytest.approx(200)
    assert rows[2]["actual"] is None and rows[2]["categories"] is None


@pytest.mark.parametrize(
    ("definition", "actuals", "periods", "actual", "target"),
    [
        ({"target": 5}, [], ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"], None, 5.0),
        ({"frequency": "yearly", "target": 5}, [A("2019", 3)], ["2019"], 3.0, 5.0),
        ({"unit_type": "text"}, [A("2025-Q4", text_value="ok")], ["2025-Q4"], None, None),
        ({"unit_type": "yes_no", "target_date": "2025-12-31"},
         [A("2025-Q4", text_value="yes")], ["2025-Q4"], 1.0, 1.0),
        ({"aggregation": "cumulative", "target": 9}, [A("2025-Q4", 2), A("2025-Q3", 3)],
         ["2025-Q3", "2025-Q4"], 5.0, 9.0),
    ],
)  # fmt: skip
def test_series_periods(
    definition: dict[str, Any], actuals: list[Actual], periods: list[str], actual: Any, target: Any
) -> None:
    rows = indicator_series(definition, actuals, date(2026, 1, 20))
    assert [r["period"] for r in rows] == periods
    assert (rows[-1]["actual"], rows[-1]["target"]) == (actual, target)


def test_series_keeps_the_latest_periods_only() -> None:
    definition = {"frequency": "monthly", "target": 1,
                  "baseline_date": "1950-01-01", "target_date": "2100-01-01"}  # fmt: skip
    rows = indicator_series(definition, [], JAN_2026)
    assert len(rows) == 240
    assert rows[-1]["period"] == "2100-01"
