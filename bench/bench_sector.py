"""Sector map and portfolio benchmarks: a shared ToC with 400 linking member graphs, and a
portfolio of 200 member organisations with 3 ToCs each (target: each under 1 s).

On SQLite and (when reachable) PostgreSQL, through the real WSGI app:

1. a public shared ToC ``network/shared`` (``generate(60)``) and 400 member graphs of 60
   nodes (``generate(60, seed=i)``) in 100 organisations, 4 graphs each, made through the
   services (``graphs.create_graph``). Each member graph has 3-8 outcomes carrying a
   ``contributes_to`` link to a shared outcome or impact; 5 shared results get no link so
   there are gaps; every tenth graph is private (40 graphs);
2. times ``GET /api/v1/graphs/network/shared/sector`` and ``.../sector/render.svg`` as an
   anonymous reader and as a viewer of one organisation (``m000``, which owns one of the
   private graphs): cold (every worker cache emptied first; median of 3 such requests) and
   warm (median of 5). Past 50 contributing graphs the SVG is the aggregated overview;
3. checks (asserts) the counts per shared node, including private contributions, and that
   no private graph's slug or title appears in the anonymous JSON or SVG.

Portfolio (issue 14), in the same run, on the same backends:

4. a portfolio organisation ``hub`` with a public framework (``generate(60)``) and 200
   member organisations that accepted its invitation, each with 3 ToCs of 40 nodes
   (``generate(40, seed=i)``, every tenth private); 2-4 outcomes of each ToC link to the
   framework; two ToCs in three have results for the last ended quarter for half their
   indicators, and one for the quarter before (so completeness varies);
5. times ``GET /api/v1/orgs/hub/portfolio`` as an owner of ``hub`` (a steward: every ToC)
   and as a viewer (the public ToCs only), and ``.../portfolio.csv``, against a trivial
   read (``GET /api/v1/orgs/hub``) in the same run: rebuilt (every cache emptied and the
   ``commit_summaries`` the landing function kept deleted: each ToC's head read and
   checked, as on the first view after an upgrade that changes how findings are counted),
   worker-cold (this worker's caches emptied: what another worker or a restart sees, and
   the first view after the ToCs changed, since each new head's summary is kept as it
   lands) and warm; median of ``--repeat`` requests each (3 for the
   cold ones);
6. checks the figures (asserted): 200 members, 600 ToCs to the steward and 540 to the
   viewer (60 private counted), the completeness of each member from the results
   written, and each member's shared outcomes.

Shared measurement (issue 14), in the same run, on the same backends:

7. a public framework ``sector/frame`` (made through the services) with 10 shared
   indicators (4 counts, one split by gender; 3 percentages with numerators and
   denominators; 2 scales; a yes/no), and 400 then 4,000 contributing member ToCs, each
   in an organisation of its own, each reporting to the 10 shared indicators for 12
   quarters (48,000 and 480,000 results). For setup speed the member organisations,
   graphs, ``indicator_reports`` rows and results are inserted directly (bulk inserts of
   plain rows; the members' ToCs have no versions: the figures read none), then
   PostgreSQL is vacuumed and analysed (``VACUUM ANALYZE``, as autovacuum would after a
   bulk load: without statistics it plans blind). Consent:
   85% share with the members, 10% with the maintainers only, 5% nothing; every tenth
   ToC is public with public results;
8. times ``GET /api/v1/graphs/sector/frame/shared-indicators`` (every indicator, every
   period; ``named=false``) as the framework's owner (a maintainer) and as the owner of a
   member ToC that shares with the members, against a trivial read of the framework
   (``GET .../branches/main``) in the same run; median of ``--repeat`` requests, with
   the CPU time of the process beside the wall time;
9. checks (asserts) every period's sum of the first count for both viewers against the
   sums of the rows inserted (the maintainer: the ToCs sharing with the maintainers or
   the members; the member: those sharing with the members), and that the member's body
   names no other member ToC but the public ones. Targets: under 300 ms at 400 ToCs,
   under 1.5 s at 4,000.

Run: ``python bench/bench_sector.py [--graphs 400] [--members 200] [--repeat 10]
[--tocs 400 4000] [--only sector|portfolio|shared] [--no-postgres]``
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_storage import make_app, postgres_reachable
from tests.generate import generate

NODES = 60
PER_ORG = 4
GAPS = 5  # shared results nobody links to
SECTOR = "/api/v1/graphs/network/shared/sector"
RENDER = "/api/v1/graphs/network/shared/sector/render.svg"


def slug_of(i: int) -> str:
    return f"toc-{i:03d}"


def title_of(i: int) -> str:
    return f"Member ToC {i:03d}"


def is_private(i: int) -> bool:
    return i % 10 == 3


def setup(app: Any, n_graphs: int) -> dict[str, Any]:
    """Create users, orgs and graphs through the services; returns what was created."""
    from toc_editor.services import accounts, graphs
    from toc_editor.services.context import Ctx
    from toc_editor.storage.db import db
    from toc_editor.storage.uow import UnitOfWork

    shared_doc = generate(NODES, seed=0)
    results = sorted(n["id"] for n in shared_doc["nodes"] if n["kind"] in ("outcome", "impact"))
    rng = random.Random(11)
    gaps = sorted(rng.sample(results, GAPS))
    targets = [r for r in results if r not in gaps]
    expected: Counter[str] = Counter()  # shared node -> contributions (all)
    org_of: dict[int, str] = {}
    links_by_graph: dict[int, Counter[str]] = {}
    with app.app_context():
        ctx = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        admin = accounts.register(
            ctx, "admin", "admin@example.org", "quiet lantern orchard 47 meadow"
        )
        member = accounts.register(
            ctx, "member", "member@example.org", "quiet lantern orchard 47 meadow"
        )
        ctx.user = admin
        member_token = accounts.issue_token(ctx, member)
        accounts.create_org(ctx, "network", "Network")
        start = time.perf_counter()
        graphs.create_graph(
            ctx,
            "network",
            slug="shared",
            title="Shared sector ToC",
            document=shared_doc,
            visibility="public",
        )
        for o in range((n_graphs + PER_ORG - 1) // PER_ORG):
            accounts.create_org(ctx, f"m{o:03d}", f"Member {o:03d}")
        accounts.set_member(ctx, "m000", "member", "viewer")
        for i in range(n_graphs):
            doc = generate(NODES, seed=i)
            outcomes = [n for n in doc["nodes"] if n["kind"] == "outcome"]
            grng = random.Random(i)
            links: Counter[str] = Counter()
            for node in grng.sample(outcomes, grng.randint(3, 8)):
                target = grng.choice(targets)
                node["links"] = [
                    {"target": f"network/shared#{target}", "relation": "contributes_to"}
                ]
                links[target] += 1
            org = f"m{i // PER_ORG:03d}"
            graphs.create_graph(
                ctx,
                org,
                slug=slug_of(i),
                title=title_of(i),
                document=doc,
                visibility="private" if is_private(i) else "public",
            )
            expected.update(links)
            org_of[i] = org
            links_by_graph[i] = links
        setup_s = time.perf_counter() - start
        db.session.remove()
    return {
        "setup_s": setup_s,
        "member_token": member_token,
        "expected": expected,
        "gaps": gaps,
        "org_of": org_of,
        "links_by_graph": links_by_graph,
    }


def timed_get(client: Any, url: str, headers: dict[str, str]) -> tuple[float, Any]:
    start = time.perf_counter()
    r = client.get(url, headers=headers)
    body = r.get_data()
    elapsed = time.perf_counter() - start
    assert r.status_code == 200, body[:300]
    return 1000 * elapsed, r


def measure(app: Any, client: Any, url: str, headers: dict[str, str]) -> dict[str, Any]:
    caches = app.extensions["toc_cache"]
    cold = []
    for _ in range(3):
        caches.graphs.clear()
        caches.blobs.clear()
        caches.shared.clear()
        ms, r = timed_get(client, url, headers)
        cold.append(ms)
    warm = [timed_get(client, url, headers)[0] for _ in range(5)]
    return {"cold": statistics.median(cold), "warm": statistics.median(warm), "response": r}


def check(viewer: str, data: dict[str, Any], svg: str, made: dict[str, Any]) -> dict[str, int]:
    """Assert the counts, and the privacy of the anonymous answers; returns the figures."""
    n = len(made["links_by_graph"])
    visible = {
        i
        for i in range(n)
        if not is_private(i) or (viewer == "member" and made["org_of"][i] == "m000")
    }
    hidden_links: Counter[str] = Counter()
    for i, links in made["links_by_graph"].items():
        if i not in visible:
            hidden_links.update(links)
    by_id = {node["id"]: node for node in data["nodes"]}
    for node_id, node in by_id.items():
        assert node["count"] == made["expected"].get(node_id, 0), (node_id, node["count"])
        assert node["private_count"] == hidden_links.get(node_id, 0), node_id
        assert node["count"] == len(node["contributors"]) + node["private_count"]
    assert sorted(data["gaps"]) == made["gaps"], data["gaps"]
    named_graphs = {(g["org"], g["graph"]) for g in data["graphs"]}
    assert named_graphs == {(made["org_of"][i], slug_of(i)) for i in visible}
    assert data["private_graphs"] == n - len(visible)
    if viewer == "anonymous":
        assert data["private_graphs"] == sum(1 for i in range(n) if is_private(i))
        text = json.dumps(data)
        for i in range(n):
            if is_private(i):
                for secret in (f'"{slug_of(i)}"', title_of(i)):
                    assert secret not in text, f"{secret} leaks in the anonymous sector map"
                for secret in (slug_of(i), title_of(i)):
                    assert secret not in svg, f"{secret} leaks in the anonymous sector SVG"
    else:
        private_own = [i for i in visible if is_private(i)]
        assert private_own and all((made["org_of"][i], slug_of(i)) in named_graphs
                                   for i in private_own)  # fmt: skip
    assert "aggregated view" in svg, "expected the aggregated overview past 50 graphs"
    return {
        "contributions": sum(node["count"] for node in data["nodes"]),
        "named": sum(len(node["contributors"]) for node in data["nodes"]),
        "private": sum(node["private_count"] for node in data["nodes"]),
        "gaps": len(data["gaps"]),
        "graphs": len(data["graphs"]),
        "private_graphs": data["private_graphs"],
    }


def run(backend: str, n_graphs: int) -> dict[str, Any]:
    from toc_editor.storage.db import db

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        try:
            made = setup(app, n_graphs)
            client = app.test_client()
            rows = []
            viewers = {
                "anonymous": {},
                "member of m000": {"Authorization": f"Bearer {made['member_token']}"},
            }
            for viewer, headers in viewers.items():
                sector = measure(app, client, SECTOR, headers)
                render = measure(app, client, RENDER, headers)
                svg = render["response"].get_data(as_text=True)
                assert svg.lstrip().startswith("<"), svg[:200]
                figures = check(viewer.split()[0], sector["response"].get_json(), svg, made)
                rows.append(
                    {
                        "viewer": viewer,
                        "sector_cold": sector["cold"],
                        "sector_warm": sector["warm"],
                        "render_cold": render["cold"],
                        "render_warm": render["warm"],
                        "svg_kb": len(svg) / 1024,
                        **figures,
                    }
                )
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if cleanup:
                cleanup()
    return {"backend": backend, "setup_s": made["setup_s"], "rows": rows}


# -- the portfolio (issue 14) -------------------------------------------------------------

PORTFOLIO_NODES = 40
TOCS_PER_MEMBER = 3
PORTFOLIO = "/api/v1/orgs/hub/portfolio"
PORTFOLIO_CSV = "/api/v1/orgs/hub/portfolio.csv"
TRIVIAL = "/api/v1/orgs/hub"


def portfolio_setup(app: Any, members: int) -> dict[str, Any]:
    """The portfolio of step 4, made through the services; what to expect of it."""
    from datetime import UTC, datetime

    from toc_editor.domain.periods import shift
    from toc_editor.services import accounts, graphs, portfolio, results
    from toc_editor.services.context import Ctx
    from toc_editor.services.portfolio_listing import last_periods
    from toc_editor.storage.db import db
    from toc_editor.storage.uow import UnitOfWork

    quarter = last_periods(datetime.now(UTC).date())["quarterly"]
    framework = generate(60, seed=1)
    targets = sorted(n["id"] for n in framework["nodes"] if n["kind"] in ("outcome", "impact"))
    expected: dict[str, dict[str, Any]] = {}
    with app.app_context():
        ctx = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        password = "quiet lantern orchard 47 meadow"
        admin = accounts.register(ctx, "steward", "steward@example.org", password)
        viewer = accounts.register(ctx, "watcher", "watcher@example.org", password)
        ctx.user = admin
        tokens = {"steward": accounts.issue_token(ctx, admin)}
        tokens["viewer"] = accounts.issue_token(ctx, viewer)
        start = time.perf_counter()
        accounts.create_org(ctx, "hub", "Hub")
        accounts.set_member(ctx, "hub", "watcher", "viewer")
        graphs.create_graph(
            ctx, "hub", slug="frame", title="Framework", document=framework, visibility="public"
        )
        for m in range(members):
            org = f"p{m:03d}"
            accounts.create_org(ctx, org, f"Partner {m:03d}")
            indicators = reported = 0
            links: set[str] = set()
            for t in range(TOCS_PER_MEMBER):
                i = m * TOCS_PER_MEMBER + t
                doc = generate(PORTFOLIO_NODES, seed=1000 + i)
                rng = random.Random(i)
                outcomes = [n for n in doc["nodes"] if n["kind"] == "outcome"]
                for node in rng.sample(outcomes, rng.randint(2, 4)):
                    target = rng.choice(targets)
                    node["links"] = [
                        {"target": f"hub/frame#{target}", "relation": "contributes_to"}
                    ]
                    links.add(target)
                slug = f"toc-{t}"
                graphs.create_graph(
                    ctx,
                    org,
                    slug=slug,
                    title=f"Partner {m:03d} ToC {t}",
                    document=doc,
                    visibility="private" if i % 10 == 3 else "public",
                )
                ids = [ind["id"] for n in doc["nodes"] for ind in n.get("indicators") or ()]
                indicators += len(ids)
                if i % 3 != 2 and ids:
                    half = ids[: max(1, len(ids) // 2)]
                    entries = [{"indicator": iid, "period": quarter, "value": 5} for iid in half]
                    entries += [
                        {"indicator": iid, "period": shift(quarter, -1), "value": 3} for iid in ids
                    ]
                    results.write(ctx, org, slug, entries)
                    reported += len(half)
            portfolio.invite(ctx, "hub", org)
            portfolio.answer(ctx, org, "hub", accept=True)
            expected[org] = {"indicators": indicators, "reported": reported, "links": links}
        setup_s = time.perf_counter() - start
        db.session.remove()
    return {"setup_s": setup_s, "tokens": tokens, "expected": expected}


def portfolio_check(viewer: str, data: dict[str, Any], made: dict[str, Any]) -> None:
    """Assert step 6's figures."""
    members = data["members"]
    assert len(members) == len(made["expected"]), len(members)
    tocs = sum(len(m["tocs"]) for m in members)
    hidden = sum(m["private_tocs"] for m in members)
    assert tocs + hidden == len(members) * TOCS_PER_MEMBER
    assert hidden == (0 if viewer == "steward" else len(members) * TOCS_PER_MEMBER // 10)
    for m in members:
        want = made["expected"][m["org"]]
        if viewer == "steward":
            assert (m["indicators"], m["reported"]) == (want["indicators"], want["reported"]), m
            assert {o["node"] for o in m["shared_outcomes"]} == want["links"], m["org"]
        assert m["status"] == "active" and m["last_activity"] is not None


def median_ms(
    client: Any, url: str, headers: dict[str, str], n: int, before: Any = None
) -> tuple[float, float]:
    """Median wall time and median CPU time of this process, in ms, of ``n`` requests
    (``before()`` run ahead of each, untimed). CPU time says what a request costs when
    the machine is shared: wall time rises with the load, CPU time much less."""
    walls, cpus = [], []
    for _ in range(n):
        if before is not None:
            before()
        cpu = time.process_time()
        walls.append(timed_get(client, url, headers)[0])
        cpus.append(1000 * (time.process_time() - cpu))
    return statistics.median(walls), statistics.median(cpus)


def run_portfolio(backend: str, members: int, repeat: int) -> dict[str, Any]:
    from toc_editor.storage.db import db

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        try:
            made = portfolio_setup(app, members)
            client = app.test_client()
            caches = app.extensions["toc_cache"]

            def worker_cold() -> None:
                caches.graphs.clear()
                caches.blobs.clear()

            def cold() -> None:
                from sqlalchemy import text

                worker_cold()
                caches.shared.clear()
                with app.app_context():
                    db.session.execute(text("DELETE FROM commit_summaries"))
                    db.session.commit()
                    db.session.remove()

            rows = []
            for viewer in ("steward", "viewer"):
                headers = {"Authorization": f"Bearer {made['tokens'][viewer]}"}
                figures = {
                    "viewer": viewer,
                    "cold": median_ms(client, PORTFOLIO, headers, 3, cold),
                    "worker_cold": median_ms(client, PORTFOLIO, headers, 3, worker_cold),
                    "warm": median_ms(client, PORTFOLIO, headers, repeat),
                    "csv": median_ms(client, PORTFOLIO_CSV, headers, repeat),
                    "trivial": median_ms(client, TRIVIAL, headers, repeat),
                }
                r = client.get(PORTFOLIO, headers=headers)
                figures["kb"] = len(r.get_data()) / 1024
                portfolio_check(viewer, r.get_json(), made)
                rows.append(figures)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if cleanup:
                cleanup()
    return {"backend": backend, "setup_s": made["setup_s"], "rows": rows}


def print_portfolio(results: list[dict[str, Any]], members: int, repeat: int) -> None:
    print(
        f"Portfolio: {members} members x {TOCS_PER_MEMBER} ToCs of {PORTFOLIO_NODES} nodes "
        f"(median of 3 rebuilt, 3 worker-cold, {repeat} warm)"
    )
    print("wall time (CPU time of the process)")
    print(
        "| backend | viewer | summaries rebuilt | worker-cold | warm | portfolio.csv warm | "
        "trivial read | warm / trivial | body |"
    )
    print("|---|---|---|---|---|---|---|---|---|")

    def both(pair: tuple[float, float]) -> str:
        return f"{pair[0]:.0f} ms ({pair[1]:.0f})"

    for res in results:
        for r in res["rows"]:
            print(
                f"| {res['backend']} | {r['viewer']} | {both(r['cold'])} | "
                f"{both(r['worker_cold'])} | {both(r['warm'])} | {both(r['csv'])} | "
                f"{r['trivial'][0]:.1f} ms ({r['trivial'][1]:.1f}) | "
                f"{r['warm'][0] / r['trivial'][0]:.0f}x | {r['kb']:.0f} KiB |"
            )
    for res in results:
        print(f"- {res['backend']}: setup through the services took {res['setup_s']:.1f} s")
    for kind, words in (("cold", "rebuilt (once after an upgrade)"), ("worker_cold", "worker-cold"),
                        ("warm", "warm")):  # fmt: skip
        worst = max(r[kind][0] for res in results for r in res["rows"])
        verdict = "meets" if worst < 1000 else "MISSES"
        print(f"- slowest {words} portfolio request {worst:.0f} ms: {verdict} the 1 s target")
    load = os.getloadavg()
    print(f"- load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("- members, ToCs shown and counted, completeness and shared outcomes checked")


# -- shared measurement (issue 14) ---------------------------------------------------------

SHARED_PERIODS = 12
SHARED_FRAME = "/api/v1/graphs/sector/frame/shared-indicators"
SHARED_TRIVIAL = "/api/v1/graphs/sector/frame/branches/main"
SHARED_INDICATORS = [
    {"id": "starts", "name": "Job starts", "unit_type": "count",
     "disaggregations": [{"name": "gender", "categories": ["female", "male"]}]},
    {"id": "placements", "name": "Placements", "unit_type": "count"},
    {"id": "mentors", "name": "Mentors", "unit_type": "count"},
    {"id": "hours", "name": "Hours of support", "unit_type": "count"},
    {"id": "in-work", "name": "In work at 6 months", "unit_type": "percentage"},
    {"id": "in-learning", "name": "In learning", "unit_type": "percentage"},
    {"id": "confident", "name": "Feel confident", "unit_type": "percentage"},
    {"id": "wellbeing", "name": "SWEMWBS", "unit_type": "scale", "scale_min": 7,
     "scale_max": 35},
    {"id": "esteem", "name": "Self-esteem", "unit_type": "scale", "scale_min": 1,
     "scale_max": 5},
    {"id": "policy", "name": "Safeguarding policy", "unit_type": "yes_no"},
]  # fmt: skip


def consent_of(i: int) -> str:
    return "maintainers" if i % 20 in (1, 11) else "none" if i % 20 == 7 else "members"


def shared_value(i: int, indicator: dict[str, Any], p: int) -> dict[str, Any]:
    """Member ToC ``i``'s result for quarter ``p`` of a shared indicator (as a row)."""
    unit = indicator["unit_type"]
    if unit == "count":
        value = float((i * 7 + p * 3) % 50 + 1)
        row: dict[str, Any] = {"value": value}
        if indicator.get("disaggregations"):
            female = float(int(value) // 2)
            row["categories"] = {"gender": {"female": female, "male": value - female}}
        return row
    if unit == "percentage":
        denominator = float(20 + i % 30)
        numerator = float((i + p) % int(denominator))
        return {"value": 100 * numerator / denominator, "numerator": numerator,
                "denominator": denominator}  # fmt: skip
    if unit == "scale":
        low, high = indicator["scale_min"], indicator["scale_max"]
        return {"value": float(low + (i + 2 * p) % (high - low + 1))}
    return {"text_value": "yes" if (i + p) % 3 else "no"}


def shared_setup(app: Any, tocs: int) -> dict[str, Any]:
    """The framework through the services; the members' rows inserted directly."""
    from sqlalchemy import insert, select, text

    from toc_editor.domain.periods import shift
    from toc_editor.services import accounts, graphs
    from toc_editor.services.context import Ctx
    from toc_editor.services.reports_to import unit_of
    from toc_editor.storage.db import db
    from toc_editor.storage.models import Graph, IndicatorReport, Membership, Org, Result
    from toc_editor.storage.uow import UnitOfWork

    frame = generate(40, seed=7)
    outcomes = [n for n in frame["nodes"] if n["kind"] in ("outcome", "impact")]
    for n, indicator in enumerate(SHARED_INDICATORS):
        node = outcomes[n % len(outcomes)]
        node["indicators"] = [*node.get("indicators", []), indicator]
    periods = [shift("2023-Q1", p) for p in range(SHARED_PERIODS)]
    expected = {"maintainer": [0.0] * SHARED_PERIODS, "member": [0.0] * SHARED_PERIODS}
    with app.app_context():
        ctx = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        password = "quiet lantern orchard 47 meadow"
        owner = accounts.register(ctx, "framer", "framer@example.org", password)
        member = accounts.register(ctx, "sharer", "sharer@example.org", password)
        ctx.user = owner
        tokens = {
            "maintainer": accounts.issue_token(ctx, owner),
            "member": accounts.issue_token(ctx, member),
        }
        accounts.create_org(ctx, "sector", "Sector network")
        graphs.create_graph(
            ctx, "sector", slug="frame", title="Framework", document=frame, visibility="public"
        )
        start = time.perf_counter()
        session = db.session
        session.execute(
            insert(Org.__table__),
            [{"slug": f"s{i:05d}", "name": f"Member {i:05d}"} for i in range(tocs)],
        )
        org_ids = dict(session.execute(select(Org.slug, Org.id).where(Org.slug.like("s0%"))).all())
        session.execute(
            insert(Graph.__table__),
            [
                {
                    "org_id": org_ids[f"s{i:05d}"],
                    "slug": "toc",
                    "title": f"Member ToC {i:05d}",
                    "description": "",
                    "visibility": "public" if i % 10 == 5 else "private",
                    "default_branch": "main",
                    "results_public": i % 10 == 5,
                    "share_results": consent_of(i),
                    "aggregate_k": 5,
                }
                for i in range(tocs)
            ],
        )
        named = select(Org.slug, Graph.id).join(Graph, Graph.org_id == Org.id)
        graph_ids = dict(session.execute(named.where(Org.slug.like("s0%"))).all())
        session.execute(
            insert(Membership.__table__),
            [{"org_id": org_ids["s00000"], "user_id": member.id, "role": "owner"}],
        )
        session.execute(
            insert(IndicatorReport.__table__),
            [
                {
                    "graph_id": graph_ids[f"s{i:05d}"],
                    "indicator_id": f"m-{ind['id']}",
                    "node_id": "x",
                    "target": f"sector/frame#{ind['id']}",
                    "target_graph": "sector/frame",
                    "shared_id": ind["id"],
                    "unit": unit_of(ind),
                }
                for i in range(tocs)
                for ind in SHARED_INDICATORS
            ],
        )
        batch: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for i in range(tocs):
            consent = consent_of(i)
            for ind in SHARED_INDICATORS:
                for p, period in enumerate(periods):
                    row = shared_value(i, ind, p)
                    batch.append(
                        {
                            "graph_id": graph_ids[f"s{i:05d}"],
                            "indicator_id": f"m-{ind['id']}",
                            "node_id": "x",
                            "period": period,
                            "value": row.get("value"),
                            "numerator": row.get("numerator"),
                            "denominator": row.get("denominator"),
                            "text_value": row.get("text_value"),
                            "categories": row.get("categories"),
                            "note": "",
                            "source": "",
                            "reported_by_name": "bench",
                            "reported_at": now,
                        }
                    )
                    if ind["id"] == "starts":
                        if consent != "none":
                            expected["maintainer"][p] += row["value"]
                        if consent == "members":
                            expected["member"][p] += row["value"]
            if len(batch) >= 20_000:
                session.execute(insert(Result.__table__), batch)
                batch = []
        if batch:
            session.execute(insert(Result.__table__), batch)
        session.commit()
        engine = session.get_bind()
        if engine.dialect.name == "postgresql":  # what autovacuum does after a bulk load
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.execute(text("VACUUM ANALYZE"))
        setup_s = time.perf_counter() - start
        db.session.remove()
    return {"setup_s": setup_s, "tokens": tokens, "expected": expected, "periods": periods}


def shared_check(viewer: str, data: dict[str, Any], made: dict[str, Any], tocs: int) -> None:
    """Assert the sums of the first count, and the names in the member's body."""
    starts = next(i for i in data["indicators"] if i["indicator"] == "starts")
    assert [a["period"] for a in starts["aggregates"]] == made["periods"]
    for a, want in zip(starts["aggregates"], made["expected"][viewer], strict=True):
        assert not a["suppressed"] and abs(a["sum"] - want) < 1e-6, (viewer, a, want)
    ids = {i["id"] for i in SHARED_INDICATORS}
    shared = [i for i in data["indicators"] if i["indicator"] in ids]
    assert len(shared) == len(SHARED_INDICATORS)
    assert all(i["linked"] == tocs for i in shared)
    assert all(i["linked"] == 0 for i in data["indicators"] if i["indicator"] not in ids)
    if viewer == "member":
        named = {v["member"] for i in data["indicators"] for v in i["values"]}
        assert named == {"s00000/toc"}, named


def run_shared(backend: str, tocs: int, repeat: int) -> dict[str, Any]:
    from toc_editor.storage.db import db

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        try:
            made = shared_setup(app, tocs)
            client = app.test_client()
            rows = []
            for viewer in ("maintainer", "member"):
                headers = {"Authorization": f"Bearer {made['tokens'][viewer]}"}
                r = client.get(SHARED_FRAME, headers=headers)  # warms the framework's tree
                assert r.status_code == 200, r.get_data()[:300]
                shared_check(viewer, r.get_json(), made, tocs)
                rows.append(
                    {
                        "viewer": viewer,
                        "warm": median_ms(client, SHARED_FRAME, headers, repeat),
                        "trivial": median_ms(client, SHARED_TRIVIAL, headers, repeat),
                        "kb": len(r.get_data()) / 1024,
                    }
                )
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if cleanup:
                cleanup()
    return {"backend": backend, "tocs": tocs, "setup_s": made["setup_s"], "rows": rows}


def print_shared(results: list[dict[str, Any]], repeat: int) -> None:
    print(
        f"Shared measurement: {len(SHARED_INDICATORS)} shared indicators x {SHARED_PERIODS} "
        f"quarters, GET .../shared-indicators (median of {repeat}; CPU time of the process)"
    )
    print("| backend | member ToCs | results | viewer | shared-indicators | trivial read | "
          "ratio | body | target |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    for res in results:
        target = 300 if res["tocs"] <= 400 else 1500
        for r in res["rows"]:
            wall, cpu = r["warm"]
            verdict = "meets" if wall < target else "MISSES"
            print(
                f"| {res['backend']} | {res['tocs']:,} | "
                f"{res['tocs'] * len(SHARED_INDICATORS) * SHARED_PERIODS:,} | {r['viewer']} | "
                f"{wall:.0f} ms ({cpu:.0f}) | {r['trivial'][0]:.1f} ms | "
                f"{wall / r['trivial'][0]:.0f}x | {r['kb']:.0f} KiB | < {target} ms: {verdict} |"
            )
    for res in results:
        print(f"- {res['backend']}, {res['tocs']:,} ToCs: rows inserted in {res['setup_s']:.1f} s")
    load = os.getloadavg()
    print(f"- load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("- every period's sum for both viewers, and the member's named values, checked")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graphs", type=int, default=400)
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--tocs", type=int, nargs="+", default=[400, 4000])
    parser.add_argument("--only", choices=["sector", "portfolio", "shared"])
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite"] + ([] if args.no_postgres or not postgres_reachable() else ["postgres"])
    if args.only in (None, "shared"):
        shared = []
        for backend in backends:
            for tocs in args.tocs:
                print(f"... {backend}: shared measurement, {tocs} member ToCs", flush=True)
                shared.append(run_shared(backend, tocs, args.repeat))
        print()
        print_shared(shared, args.repeat)
        print()
        if args.only == "shared":
            return
    if args.only != "sector":
        found = []
        for backend in backends:
            print(f"... {backend}: portfolio of {args.members} members", flush=True)
            found.append(run_portfolio(backend, args.members, args.repeat))
        print()
        print_portfolio(found, args.members, args.repeat)
        print()
    if args.only == "portfolio":
        return
    results = []
    for backend in backends:
        print(f"... {backend}: {args.graphs} member graphs of {NODES} nodes", flush=True)
        results.append(run(backend, args.graphs))
    print()
    print(
        "| backend | viewer | sector cold | sector warm | render.svg cold | render.svg warm | "
        "contributions (named + private) | gaps | graphs named / private |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for res in results:
        for r in res["rows"]:
            print(
                f"| {res['backend']} | {r['viewer']} | {r['sector_cold']:.0f} ms | "
                f"{r['sector_warm']:.0f} ms | {r['render_cold']:.0f} ms | "
                f"{r['render_warm']:.0f} ms | {r['contributions']:,} "
                f"({r['named']:,} + {r['private']:,}) | {r['gaps']} | "
                f"{r['graphs']} / {r['private_graphs']} |"
            )
    print()
    for res in results:
        print(
            f"- {res['backend']}: setup (shared ToC, {args.graphs // PER_ORG} orgs, "
            f"{args.graphs} graphs via services) took {res['setup_s']:.1f} s; "
            f"SVG {res['rows'][0]['svg_kb']:.0f} KiB (aggregated overview)"
        )
    worst = max(r["sector_cold"] for res in results for r in res["rows"])
    verdict = "meets" if worst < 1000 else "MISSES"
    print(f"- slowest cold sector request {worst:.0f} ms: {verdict} the 1 s target")
    print("- counts per shared node, private counts and anonymous privacy checked (asserted)")


if __name__ == "__main__":
    main()
