"""Results benchmark (issue 13): progress worked out along the paths of a 1,000-node ToC,
and the dashboard's data for 40 indicators x 24 periods x 3 categories, side by side with
what they are measured against, in one run.

1. Progress, pure domain (no database): a generated layered ToC of 1,000 boxes
   (``generate(1000)``: ~700 indicators on its outcomes and impacts, quarterly from a
   baseline to a target, two years of results dealt so that some are on track, some
   behind, some off track and some missing):

   - ``roll_up`` alone (own statuses given), against the rule read literally (for each
     box, the shortest path from every box into it, ``nx.single_target_shortest_path_
     length``), which it must agree with; target < 50 ms;
   - every indicator's status + every box's + the roll-up + the wire form (what
     ``GET .../progress`` computes after reading the results);
   - the same on a tangled 1,000-box graph (3,000 random arrows, so one big cycle) with a
     tenth of the boxes behind: the worst case the roll-up allows.

2. Dashboard, through the app on SQLite and PostgreSQL (a throw-away database): a ToC of 40
   indicators (quarterly, gender disaggregation of three categories) with 24 periods of
   results each (960 current results, plus one overwritten value per indicator, so the
   current-value read has history to skip), ``GET .../dashboard?ref=main`` and
   ``GET .../progress?ref=main`` median and p90 of 30 (after 3 unmeasured) against
   ``GET .../branches/main`` (a trivial read of the same graph) as the baseline.
   Target: dashboard < 200 ms server time.

3. Import, through the app on SQLite and PostgreSQL: a 10,000-row results CSV (100 monthly
   indicators x 100 months, a value and three gender columns per row, a note on every
   tenth) posted to ``POST .../results/import``: the dry run (read and check every row)
   and the import (check, then write all 10,000), each into a fresh ToC, against the
   dashboard's baseline read. Target: validated and imported < 5 s.

Each row: median and p90 wall time, and the median CPU time of this process (the steadier
figure on a loaded machine; with PostgreSQL it leaves out the database server's work);
the load average is printed with the tables.

Run: ``python bench/bench_results.py [--runs 30] [--no-postgres] [--no-dashboard]``
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import networkx as nx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.generate import generate
from toc_editor.domain import model
from toc_editor.domain.periods import periods_between
from toc_editor.domain.progress import (
    Actual,
    PathProgress,
    graph_progress,
    roll_up,
    to_wire,
)

AS_OF = date(2026, 1, 20)
PERIODS = periods_between(date(2024, 1, 1), date(2025, 12, 31), "quarterly")  # 8 quarters


@dataclass
class Timing:
    """Median and p90 wall time, median CPU time of this process (ms), the last result."""

    median: float
    p90: float
    cpu: float
    result: Any = None

    def cells(self) -> list[str]:
        return [f"{self.median:.1f}", f"{self.p90:.1f}", f"{self.cpu:.1f}"]


def timed(fn: Callable[[], Any], runs: int) -> Timing:
    """``runs`` calls of ``fn`` after one unmeasured."""
    out = fn()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        out = fn()
        cpu.append(1000 * (time.process_time() - start_cpu))
        wall.append(1000 * (time.perf_counter() - start))
    p90 = statistics.quantiles(wall, n=10)[8] if len(wall) >= 2 else wall[0]
    return Timing(statistics.median(wall), p90, statistics.median(cpu), out)


def literal_rule(G: nx.DiGraph, own: dict[str, str | None]) -> dict[str, PathProgress]:
    """The roll-up rule read literally: every box with a path into n, by its shortest."""
    order = {n: i for i, n in enumerate(G)}
    out = {}
    for n in G:
        into = dict(nx.single_target_shortest_path_length(G, n))
        into.pop(n, None)
        risky = [u for u in into if own.get(u) in ("behind", "off_track")]
        reasons = sorted(risky, key=lambda u: (into[u], own[u] != "off_track", order[u]))
        seen = any(own.get(u) is not None for u in into)
        up = "at_risk" if reasons else "ok" if seen else None
        out[n] = PathProgress(own.get(n), up, reasons)  # type: ignore[arg-type]
    return out


def results_toc(n: int, seed: int = 1) -> tuple[nx.DiGraph, dict[str, list[Actual]]]:
    """A generated ToC whose indicators run quarterly from 2023-12-31 to 2026-12-31, with
    results dealt: on the path, behind it, far behind it, stopped early, or none."""
    rng = random.Random(seed)
    doc = generate(n, seed=seed)
    actuals: dict[str, list[Actual]] = {}
    for node in doc["nodes"]:
        for ind in node["indicators"]:
            ind.update(baseline_date="2023-12-31", target_date="2026-12-31")
            b, t = ind["baseline"], ind["target"]
            pace = rng.choice([1.0, 1.0, 1.1, 0.8, 0.7, 0.4])
            stop = rng.choice([8] * 8 + [7, 2, 0])
            # the path reaches (i + 1) / 12 of the way at the end of the i-th quarter
            actuals[ind["id"]] = [
                Actual(p, b + (t - b) * pace * (i + 1) / 12) for i, p in enumerate(PERIODS[:stop])
            ]
    return model.from_document(doc), actuals


def progress_rows(runs: int) -> list[list[str]]:
    G, actuals = results_toc(1000)
    indicators, paths = graph_progress(G, actuals, AS_OF)
    own = {n: p.status for n, p in paths.items()}
    labels = {n: G.nodes[n]["label"] for n in G}
    counts: dict[str, int] = {}
    for _, p in indicators.values():
        counts[p.status] = counts.get(p.status, 0) + 1
    at_risk = sum(p.upstream == "at_risk" for p in paths.values())

    fast = timed(lambda: roll_up(G, own), runs)
    slow = timed(lambda: literal_rule(G, own), max(3, runs // 10))
    assert fast.result == slow.result, "roll_up disagrees with the literal rule"

    def whole() -> Any:
        ind, pth = graph_progress(G, actuals, AS_OF)
        return to_wire(AS_OF, ind, pth, labels)

    total = timed(whole, runs)
    tangled = nx.relabel_nodes(
        nx.gnm_random_graph(1000, 3000, seed=7, directed=True), lambda i: f"n{i}"
    )
    tangled_own = {v: "behind" if i % 10 == 0 else "on_track" for i, v in enumerate(tangled)}
    worst = timed(lambda: roll_up(tangled, tangled_own), max(3, runs // 3))
    worst_literal = timed(lambda: literal_rule(tangled, tangled_own), 1)
    assert worst.result == worst_literal.result, "roll_up disagrees with the literal rule"
    largest = max(len(c) for c in nx.strongly_connected_components(tangled))
    shape = (
        f"{G.number_of_nodes():,} boxes, {G.number_of_edges():,} arrows, "
        f"{len(indicators)} indicators ({', '.join(f'{v} {k}' for k, v in sorted(counts.items()))})"
        f"; {at_risk} boxes at risk upstream"
    )
    print(f"- layered ToC: {shape}")
    print(f"- tangled graph: 1,000 boxes, 3,000 arrows, largest cycle group {largest} boxes")
    return [
        ["roll_up (layered, 1,000 boxes)", *fast.cells(), "target < 50 ms"],
        ["the literal rule (shortest paths into each box)", *slow.cells(),
         f"{slow.cpu / fast.cpu:.1f}x roll_up's CPU, same answer"],
        ["statuses + roll_up + wire form (layered)", *total.cells(), ""],
        ["roll_up (tangled: one big cycle, 100 behind)", *worst.cells(),
         f"worst case; the literal rule: {worst_literal.cpu:.0f} ms CPU "
         f"({worst_literal.cpu / worst.cpu:.1f}x), same answer"],
    ]  # fmt: skip


# -- dashboard through the app -----------------------------------------------------------

INDICATORS = 40
DASH_PERIODS = periods_between(date(2020, 1, 1), date(2025, 12, 31), "quarterly")  # 24
CATEGORIES = ["female", "male", "another"]
PASSWORD = "quiet lantern orchard 47 meadow"


def dashboard_doc() -> dict[str, Any]:
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for i in range(INDICATORS // 2):
        indicators = [
            {
                "id": f"ind-{i:02d}-{k}",
                "name": f"Participants in work ({i}.{k})",
                "unit_type": "count",
                "baseline": 0,
                "target": 1000,
                "baseline_date": "2019-12-31",
                "target_date": "2026-12-31",
                "frequency": "quarterly",
                "aggregation": "per_period" if k else "cumulative",
                "disaggregations": [{"name": "gender", "categories": CATEGORIES}],
            }
            for k in range(2)
        ]
        nodes.append({"id": f"out-{i:02d}", "kind": "outcome", "label": f"Outcome {i}",
                      "horizon": "short", "indicators": indicators})  # fmt: skip
        nodes.append({"id": f"act-{i:02d}", "kind": "activity", "label": f"Activity {i}"})
        edges.append({"id": f"e-{i:02d}", "source": f"act-{i:02d}", "target": f"out-{i:02d}"})
    nodes.append({"id": "imp", "kind": "impact", "label": "Impact"})
    edges += [{"id": f"u-{i:02d}", "source": f"out-{i:02d}", "target": "imp"}
              for i in range(INDICATORS // 2)]  # fmt: skip
    return {"nodes": nodes, "edges": edges}


def dashboard_results(rng: random.Random) -> list[dict[str, Any]]:
    entries = []
    for i in range(INDICATORS // 2):
        for k in range(2):
            for p, period in enumerate(DASH_PERIODS):
                split = [rng.randint(0, 20) for _ in CATEGORIES]
                entries.append(
                    {
                        "indicator": f"ind-{i:02d}-{k}",
                        "period": period,
                        "value": float(sum(split)),
                        "categories": {"gender": dict(zip(CATEGORIES, split, strict=True))},
                        "note": f"Quarter {p + 1}",
                    }
                )
    return entries


def dashboard_rows(backend: str, runs: int) -> list[list[str]]:
    from bench.bench_storage import make_app
    from toc_editor.storage.db import db

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        try:
            client = app.test_client()
            headers = setup_graph(client)
            base = "/api/v1/graphs/bench/toc"

            def get(url: str) -> Callable[[], Any]:
                def call() -> Any:
                    r = client.get(url, headers=headers)
                    assert r.status_code == 200, r.get_data(as_text=True)[:300]
                    return r.get_json()

                return call

            trivial = timed(get(f"{base}/branches/main"), runs)
            dash = timed(get(f"{base}/dashboard?ref=main"), runs)
            prog = timed(get(f"{base}/progress?ref=main"), runs)
            body = dash.result
            series = sum(len(i["series"]) for i in body["indicators"])
            assert len(body["indicators"]) == INDICATORS, len(body["indicators"])
            assert series >= INDICATORS * len(DASH_PERIODS), series
            with_categories = sum(
                1 for i in body["indicators"] for s in i["series"] if s.get("categories")
            )
            assert with_categories == INDICATORS * len(DASH_PERIODS), with_categories
            dry, wet = import_timings(client, headers, max(3, runs // 10))
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if cleanup:
                cleanup()
    return [
        [backend, "GET .../branches/main (baseline)", *trivial.cells(), "1.0"],
        [
            backend,
            "GET .../dashboard?ref=main",
            *dash.cells(),
            f"{dash.median / trivial.median:.1f}",
        ],
        [
            backend,
            "GET .../progress?ref=main",
            *prog.cells(),
            f"{prog.median / trivial.median:.1f}",
        ],
        [
            backend,
            f"POST .../results/import?dry_run=true ({IMPORT_ROWS:,} rows)",
            *dry.cells(),
            f"{dry.median / trivial.median:.0f}",
        ],
        [
            backend,
            f"POST .../results/import ({IMPORT_ROWS:,} rows checked and written)",
            *wet.cells(),
            f"{wet.median / trivial.median:.0f}",
        ],
    ]


IMPORT_INDICATORS = 100
IMPORT_PERIODS = periods_between(date(2017, 1, 1), date(2025, 4, 30), "monthly")  # 100
IMPORT_ROWS = IMPORT_INDICATORS * len(IMPORT_PERIODS)


def import_doc() -> dict[str, Any]:
    """A ToC of 100 monthly indicators (ten on each of ten outcomes) for the import."""
    nodes: list[dict[str, Any]] = [{"id": "imp", "kind": "impact", "label": "Impact"}]
    edges: list[dict[str, Any]] = []
    for i in range(IMPORT_INDICATORS // 10):
        indicators = [
            {
                "id": f"m-{i}-{k}",
                "name": f"Sessions delivered ({i}.{k})",
                "unit_type": "count",
                "frequency": "monthly",
                "baseline": 0,
                "target": 500,
                "disaggregations": [{"name": "gender", "categories": CATEGORIES}],
            }
            for k in range(10)
        ]
        nodes.append({"id": f"o-{i}", "kind": "outcome", "label": f"Outcome {i}",
                      "indicators": indicators})  # fmt: skip
        edges.append({"id": f"oe-{i}", "source": f"o-{i}", "target": "imp"})
    return {"nodes": nodes, "edges": edges}


def import_csv(rng: random.Random) -> bytes:
    """The 10,000-row CSV: ``indicator, period, value, gender:female|male|another, note``."""
    lines = ["indicator,period,value,gender:female,gender:male,gender:another,note"]
    for i in range(IMPORT_INDICATORS // 10):
        for k in range(10):
            for p, period in enumerate(IMPORT_PERIODS):
                split = [rng.randint(0, 40) for _ in CATEGORIES]
                note = f"Month {p + 1}, from the register" if p % 10 == 0 else ""
                lines.append(f"m-{i}-{k},{period},{sum(split)},{split[0]},{split[1]},{split[2]},"
                             f"{note}")  # fmt: skip
    return ("\n".join(lines) + "\n").encode()


def import_timings(client: Any, headers: dict[str, str], runs: int) -> tuple[Timing, Timing]:
    """(dry run, import) of the 10,000-row CSV, each import into a ToC of its own."""
    import io

    data = import_csv(random.Random(5))
    made = 0

    def fresh_graph() -> str:
        nonlocal made
        made += 1
        slug = f"import-{made}"
        graph = {"slug": slug, "title": "Import bench", "document": import_doc()}
        r = client.post("/api/v1/orgs/bench/graphs", json=graph, headers=headers)
        assert r.status_code == 201, r.get_data(as_text=True)
        return slug

    def post(slug: str, dry_run: bool) -> Any:
        body = {"file": (io.BytesIO(data), "results.csv")}
        url = f"/api/v1/graphs/bench/{slug}/results/import?dry_run={str(dry_run).lower()}"
        r = client.post(url, data=body, headers=headers, content_type="multipart/form-data")
        assert r.status_code == 200, r.get_data(as_text=True)[:500]
        report = r.get_json()
        assert report["rows"] == IMPORT_ROWS and report["valid"], report["problems"][:3]
        return report

    checked = fresh_graph()
    dry = timed(lambda: post(checked, True), runs)
    slugs = [fresh_graph() for _ in range(runs + 1)]
    wet = timed(lambda: post(slugs.pop(), False), runs)
    assert wet.result["written"] == IMPORT_ROWS, wet.result["written"]
    return dry, wet


def setup_graph(client: Any) -> dict[str, str]:
    """Sign up, make org ``bench`` and graph ``toc``, write the results (two batches: all
    of them, then one value per indicator again, so a period has history)."""
    import base64

    user = {"username": "bench", "email": "bench@example.org", "password": PASSWORD}
    r = client.post("/api/v1/users", json=user)
    assert r.status_code == 201, r.get_data(as_text=True)
    basic = base64.b64encode(f"bench:{PASSWORD}".encode()).decode()
    r = client.post("/api/v1/tokens", headers={"Authorization": f"Basic {basic}"})
    assert r.status_code == 201, r.get_data(as_text=True)
    headers = {"Authorization": f"Bearer {r.get_json()['token']}"}
    r = client.post("/api/v1/orgs", json={"slug": "bench", "name": "Bench"}, headers=headers)
    assert r.status_code == 201, r.get_data(as_text=True)
    graph = {"slug": "toc", "title": "Dashboard bench", "document": dashboard_doc()}
    r = client.post("/api/v1/orgs/bench/graphs", json=graph, headers=headers)
    assert r.status_code == 201, r.get_data(as_text=True)
    entries = dashboard_results(random.Random(3))
    for chunk in (entries[:500], entries[500:], entries[:: len(DASH_PERIODS)]):
        r = client.post("/api/v1/graphs/bench/toc/results", json={"results": chunk},
                        headers=headers)  # fmt: skip
        assert r.status_code == 201, r.get_data(as_text=True)[:500]
    return headers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-dashboard", action="store_true")
    args = parser.parse_args()

    print("## Progress on a 1,000-box ToC (domain only)\n")
    print(f"- machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start")
    rows = progress_rows(args.runs)
    print()
    print("| what | median ms | p90 ms | CPU ms | compared |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    if args.no_dashboard:
        return
    from bench.bench_storage import postgres_reachable

    backends = ["sqlite"] + ([] if args.no_postgres or not postgres_reachable() else ["postgres"])
    print(f"\n- load average {os.getloadavg()[0]:.1f} before the dashboard")
    print(f"\n## Dashboard: {INDICATORS} indicators x {len(DASH_PERIODS)} periods x "
          f"{len(CATEGORIES)} categories (through the app, {args.runs} runs)\n")  # fmt: skip
    table = []
    for backend in backends:
        print(f"... {backend}", flush=True)
        table += dashboard_rows(backend, args.runs)
    print()
    print("| backend | request | median ms | p90 ms | CPU ms (this process) | x baseline |")
    print("|---|---|---|---|---|---|")
    for row in table:
        print("| " + " | ".join(row) + " |")
    print("\nTargets: dashboard < 200 ms server time (test client: no network, no JSON parse "
          "in a browser); a 10,000-row CSV validated and imported < 5 s.")  # fmt: skip


if __name__ == "__main__":
    main()
