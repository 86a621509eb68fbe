"""Explore benchmark: searching 200 public graphs by name and by box, and what the label
index costs a commit.

On SQLite and (when reachable) PostgreSQL, through the real WSGI app:

1. 200 public member graphs of 60 nodes (``generate(60, seed=i)``) and 20 private ones,
   in organisations of 4, made through the services; a public shared framework that
   every tenth member links into; one public graph has a box no other has
   ("Kite-flying club"), and one private graph another ("Zebra crossing drills");
2. times ``GET /api/v1/explore`` as an anonymous reader (median of 20, after one
   unmeasured request) for: no ``q`` (every public graph, first page), a word in many
   boxes, a box only one graph has, a word nothing holds, ``framework=true``, and page 5;
   and, for comparison, the simple way this index avoids: materialise every public
   graph's default-branch tree and search its labels in Python, cold (every worker cache
   emptied) and warm;
3. times a one-label commit and a one-description commit on a 60- and a 2,000-node graph
   with the index kept (as shipped) and with the label step switched off, so its cost
   per commit shows (median of 60 each);
4. asserts: the rare box finds its graph, the private box finds nothing, 200 listed.

Run: ``python bench/bench_explore.py [--graphs 200] [--no-postgres]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_storage import make_app, postgres_reachable
from tests.generate import generate

NODES = 60
PER_ORG = 4
PRIVATE = 20
RUNS = 20
COMMITS = 60
RARE, SECRET = "Kite-flying club", "Zebra crossing drills"
EXPLORE = "/api/v1/explore"
QUERIES = {
    "no q (page 1 of 10)": {},
    "a word in many boxes": {"q": "confident"},
    "a box one graph has": {"q": "kite-flying"},
    "a word nothing holds": {"q": "xylophone"},
    "framework=true": {"framework": "true"},
    "page 5": {"page": 5},
}


def setup(app: Any, n_graphs: int) -> float:
    from toc_editor.services import accounts, graphs
    from toc_editor.services.context import Ctx
    from toc_editor.storage.db import db
    from toc_editor.storage.uow import UnitOfWork

    with app.app_context():
        ctx = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        ctx.user = accounts.register(ctx, "admin", "admin@example.org", "quiet lantern orchard 47")
        start = time.perf_counter()
        accounts.create_org(ctx, "network", "Sector Network")
        shared = generate(NODES, seed=10_000)
        graphs.create_graph(
            ctx, "network", slug="shared", title="Shared framework", document=shared,
            visibility="public",
        )  # fmt: skip
        outcome = next(n["id"] for n in shared["nodes"] if n["kind"] == "outcome")
        for i in range(n_graphs + PRIVATE):
            if i % PER_ORG == 0:
                accounts.create_org(ctx, f"m{i // PER_ORG:03d}", f"Member {i // PER_ORG:03d}")
            doc = generate(NODES, seed=i)
            if i % 10 == 0:
                node = next(n for n in doc["nodes"] if n["kind"] == "outcome")
                node["links"] = [{"target": f"network/shared#{outcome}"}]
            private = i >= n_graphs
            if i == 137:
                doc["nodes"][0]["label"] = RARE
            if i == n_graphs + 3:
                doc["nodes"][0]["label"] = SECRET
            graphs.create_graph(
                ctx, f"m{i // PER_ORG:03d}", slug=f"toc-{i:03d}", title=f"Member ToC {i:03d}",
                document=doc, visibility="private" if private else "public",
            )  # fmt: skip
        took = time.perf_counter() - start
        db.session.remove()
    return took


def timed(client: Any, query: dict[str, Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    r = client.get(EXPLORE, query_string=query)
    body = r.get_json()
    elapsed = 1000 * (time.perf_counter() - start)
    assert r.status_code == 200, body
    return elapsed, body


def simple_way(app: Any, cold: bool) -> float:
    """Every public graph's default-branch tree, searched in Python (what the index saves)."""
    from toc_editor.services import graphs
    from toc_editor.services.context import Ctx
    from toc_editor.storage.db import db
    from toc_editor.storage.models import Graph
    from toc_editor.storage.uow import UnitOfWork

    caches = app.extensions["toc_cache"]
    times = []
    for _ in range(3 if cold else RUNS):
        if cold:
            caches.graphs.clear()
            caches.blobs.clear()
        with app.app_context():
            ctx = Ctx(UnitOfWork(db.session, caches))
            start = time.perf_counter()
            found = []
            public = db.session.query(Graph).filter(Graph.visibility == "public").all()
            for graph in public:
                G = ctx.store.graph(graphs.branch_of(ctx, graph, graph.default_branch).head)
                if any("kite-flying" in d["label"].lower() for _, d in G.nodes(data=True)):
                    found.append(graph.slug)
            times.append(1000 * (time.perf_counter() - start))
            assert found == ["toc-137"], found
            db.session.remove()
    return statistics.median(times)


def commit_costs(app: Any) -> dict[str, float]:
    """Median commit latency (ms) of a label edit and a description edit, on a 60- and a
    2,000-node graph, with the label index kept and with it switched off."""
    from toc_editor.services import accounts, graphs, landing, versioning
    from toc_editor.services.context import Ctx
    from toc_editor.storage.db import db
    from toc_editor.storage.uow import UnitOfWork

    out: dict[str, float] = {}
    kept = landing.reindex_labels
    with app.app_context():
        ctx = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        ctx.user = accounts.user_named(ctx, "admin")
        accounts.create_org(ctx, "costs", "Costs")
        for size in (60, 2000):
            doc = generate(size, seed=size)
            graphs.create_graph(ctx, "costs", slug=f"g{size}", title="G", document=doc)
            node = next(n["id"] for n in doc["nodes"] if n["kind"] == "outcome")
            head = graphs.branch_of(ctx, graphs.graph_named(ctx, "costs", f"g{size}"), "main").head
            for index in ("kept", "off"):
                landing.reindex_labels = kept if index == "kept" else (lambda *a, **k: None)
                try:
                    for field in ("label", "description"):
                        times = []
                        for k in range(COMMITS):
                            value = f"{field} {index} {k}"
                            op = {"op": "update_node", "id": node, "set": {field: value}}
                            start = time.perf_counter()
                            row = versioning.commit_ops(
                                ctx, "costs", f"g{size}", "main", base=head, message="m",
                                op_list=[op],
                            )  # fmt: skip
                            times.append(1000 * (time.perf_counter() - start))
                            head = row.id
                        out[f"{size} {field} {index}"] = statistics.median(times)
                finally:
                    landing.reindex_labels = kept
        db.session.remove()
    return out


def run(backend: str, n_graphs: int) -> dict[str, Any]:
    from toc_editor.storage.db import db

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        try:
            setup_s = setup(app, n_graphs)
            client = app.test_client()
            rows = {}
            for name, query in QUERIES.items():
                timed(client, query)
                runs = [timed(client, query) for _ in range(RUNS)]
                rows[name] = (statistics.median(t for t, _ in runs), runs[0][1])
            assert rows["no q (page 1 of 10)"][1]["total"] == n_graphs + 1
            rare = rows["a box one graph has"][1]
            assert [g["slug"] for g in rare["graphs"]] == ["toc-137"], rare
            assert rare["graphs"][0]["matched_boxes"] == [RARE]
            assert timed(client, {"q": "zebra crossing"})[1]["total"] == 0
            framework = rows["framework=true"][1]["graphs"]
            assert [g["slug"] for g in framework] == ["shared"]
            assert framework[0]["linked_by"] == (n_graphs + PRIVATE + 9) // 10
            simple = {"cold": simple_way(app, cold=True), "warm": simple_way(app, cold=False)}
            costs = commit_costs(app)
        finally:
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
            if cleanup:
                cleanup()
    return {"backend": backend, "setup_s": setup_s, "rows": rows, "simple": simple,
            "costs": costs}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--graphs", type=int, default=200)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite"] + ([] if args.no_postgres or not postgres_reachable() else ["postgres"])
    results = []
    for backend in backends:
        print(f"... {backend}: {args.graphs} public + {PRIVATE} private graphs", flush=True)
        results.append(run(backend, args.graphs))
    print()
    print("| backend | " + " | ".join(QUERIES) + " | simple way: cold / warm |")
    print("|---|" + "---|" * (len(QUERIES) + 1))
    for res in results:
        cells = [f"{res['rows'][name][0]:.1f} ms" for name in QUERIES]
        simple = f"{res['simple']['cold']:.0f} / {res['simple']['warm']:.0f} ms"
        print(f"| {res['backend']} | " + " | ".join(cells) + f" | {simple} |")
    print()
    print("| backend | nodes | label commit: index kept / off | description commit: kept / off |")
    print("|---|---|---|---|")
    for res in results:
        c = res["costs"]
        for size in (60, 2000):
            print(
                f"| {res['backend']} | {size:,} | {c[f'{size} label kept']:.2f} / "
                f"{c[f'{size} label off']:.2f} ms | {c[f'{size} description kept']:.2f} / "
                f"{c[f'{size} description off']:.2f} ms |"
            )
    print()
    for res in results:
        print(f"- {res['backend']}: setup {res['setup_s']:.1f} s through the services")
    print("- rare box found, private box never, 200 listed, framework linked_by (asserted)")


if __name__ == "__main__":
    main()
