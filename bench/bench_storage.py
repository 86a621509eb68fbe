"""Storage benchmark: bytes per one-node edit commit, and tree read times.

For generated ToCs of 2,000 and 20,000 nodes, on SQLite and (when reachable) PostgreSQL:

1. create the graph, then make 1,500 one-node edit commits (label changes) through the
   commit service;
2. report how many bytes the database grew by per commit (averaged over the commits, so
   checkpoints are included: this is the amortised figure) and the payload of one
   typical commit's rows;
3. time ``GET /tree/{ref}`` through the WSGI app at the head and at the commit 1,000
   commits back: uncached (every worker cache emptied) and cached (second request).

Run: ``python bench/bench_storage.py [--sizes 2000 20000] [--commits 1500] [--no-postgres]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.generate import generate

PG_ADMIN = os.environ.get("TOC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def db_bytes(db: Any, backend: str) -> int:
    from sqlalchemy import text

    if backend == "sqlite":
        db.session.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        pages = db.session.execute(text("PRAGMA page_count")).scalar()
        size = db.session.execute(text("PRAGMA page_size")).scalar()
        return int(pages * size)
    return int(
        db.session.execute(
            text(
                "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind = 'r'"
            )
        ).scalar()
    )


def make_app(backend: str, workdir: str) -> tuple[Any, Any]:
    from toc_editor import create_app

    cleanup = None
    if backend == "sqlite":
        url = f"sqlite:///{workdir}/bench.sqlite3"
    else:
        import psycopg

        name = f"toc_bench_{uuid.uuid4().hex[:8]}"
        admin = psycopg.connect(PG_ADMIN, autocommit=True)
        admin.execute(f'CREATE DATABASE "{name}"')
        url = (
            PG_ADMIN.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            + "/"
            + name
        )

        def cleanup() -> None:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
            admin.execute(f'DROP DATABASE "{name}"')

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": "bench",
            "SQLALCHEMY_ENGINE_OPTIONS": {}
            if backend != "sqlite"
            else {"connect_args": {"timeout": 30}},
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app, cleanup


def timed_get(client: Any, url: str, headers: dict[str, str]) -> tuple[float, int]:
    start = time.perf_counter()
    r = client.get(url, headers=headers)
    elapsed = time.perf_counter() - start
    assert r.status_code == 200, r.get_data(as_text=True)[:200]
    return elapsed, len(r.get_data())


def run(size: int, backend: str, commits: int) -> dict[str, Any]:
    from toc_editor.services import accounts, graphs, versioning
    from toc_editor.services.context import Ctx
    from toc_editor.storage.db import db
    from toc_editor.storage.models import Commit, CommitChange
    from toc_editor.storage.uow import UnitOfWork

    with tempfile.TemporaryDirectory() as workdir:
        os.environ["TOC_INSTANCE_PATH"] = workdir
        app, cleanup = make_app(backend, workdir)
        doc = generate(size, seed=7)
        with app.app_context():
            caches = app.extensions["toc_cache"]
            ctx = Ctx(UnitOfWork(db.session, caches))
            ctx.user = accounts.register(
                ctx, "bench", "bench@example.org", "quiet lantern orchard 47 meadow"
            )
            token = accounts.issue_token(ctx, ctx.user)
            accounts.create_org(ctx, "bench", "Bench")
            t0 = time.perf_counter()
            graphs.create_graph(ctx, "bench", slug="toc", title="Bench", document=doc)
            create_s = time.perf_counter() - t0
            node_ids = [n["id"] for n in doc["nodes"]]
            before = db_bytes(db, backend)
            head = graphs.branch_of(ctx, _graph(ctx), "main").head
            history = [head]
            commit_times = []
            for i in range(commits):
                t0 = time.perf_counter()
                row = versioning.commit_ops(
                    ctx,
                    "bench",
                    "toc",
                    "main",
                    base=head,
                    message=f"edit {i}",
                    op_list=[
                        {
                            "op": "update_node",
                            "id": node_ids[i % size],
                            "set": {"label": f"Revised label {i}"},
                        }
                    ],
                )
                commit_times.append(time.perf_counter() - t0)
                head = row.id
                history.append(head)
            after = db_bytes(db, backend)
            typical = history[len(history) // 2]
            commit_row = db.session.get(Commit, typical)
            payload = sum(
                len(c.data or "") + len(c.entity_id) + 40
                for c in db.session.query(CommitChange).filter_by(commit_id=typical)
            )
            payload += len(commit_row.message) + len(str(commit_row.stats)) + 40 * 4
            old = history[-1 - 1000] if len(history) > 1000 else history[0]
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        reads: dict[str, dict[str, float]] = {}
        for name, ref in (("head", "main"), ("1000 back", old)):
            uncached = []
            for _ in range(3):
                caches.graphs.clear()
                caches.blobs.clear()
                uncached.append(
                    timed_get(client, f"/api/v1/graphs/bench/toc/tree/{ref}", headers)[0]
                )
            cached = [
                timed_get(client, f"/api/v1/graphs/bench/toc/tree/{ref}", headers)[0]
                for _ in range(5)
            ]
            reads[name] = {
                "uncached_ms": 1000 * statistics.median(uncached),
                "cached_ms": 1000 * statistics.median(cached),
            }
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
        if cleanup:
            cleanup()
    return {
        "size": size,
        "backend": backend,
        "commits": commits,
        "create_s": create_s,
        "bytes_per_commit": (after - before) / commits,
        "typical_payload": payload,
        "commit_ms_median": 1000 * statistics.median(commit_times),
        "reads": reads,
    }


def _graph(ctx: Any) -> Any:
    from toc_editor.services.access import readable_graph

    return readable_graph(ctx, "bench", "toc")


def postgres_reachable() -> bool:
    try:
        import psycopg

        psycopg.connect(PG_ADMIN, connect_timeout=3).close()
        return True
    except Exception:
        return False


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--commits", type=int, default=1500)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    backends = ["sqlite"] + ([] if args.no_postgres or not postgres_reachable() else ["postgres"])
    results = []
    for backend in backends:
        for size in args.sizes:
            print(f"... {backend}, {size} nodes, {args.commits} commits", flush=True)
            results.append(run(size, backend, args.commits))
    print()
    print(
        "| backend | nodes | DB growth per commit (amortised) | one commit's rows | "
        "commit (median) | tree at head: uncached / cached | tree 1,000 back: uncached / cached |"
    )
    print("|---|---|---|---|---|---|---|")
    for r in results:
        h, o = r["reads"]["head"], r["reads"]["1000 back"]
        print(
            f"| {r['backend']} | {r['size']:,} | {r['bytes_per_commit']:,.0f} B | "
            f"{r['typical_payload']:,} B | {r['commit_ms_median']:.1f} ms | "
            f"{h['uncached_ms']:.0f} ms / {h['cached_ms']:.1f} ms | "
            f"{o['uncached_ms']:.0f} ms / {o['cached_ms']:.1f} ms |"
        )
    for backend in backends:
        pair = [r for r in results if r["backend"] == backend]
        if len(pair) == 2:
            ratio = pair[1]["bytes_per_commit"] / max(1.0, pair[0]["bytes_per_commit"])
            print(
                f"{backend}: growth per commit, {pair[1]['size']:,} vs {pair[0]['size']:,} "
                f"nodes: {ratio:.2f}x"
            )


if __name__ == "__main__":
    main()
