"""Derived data shared by every worker (issue 10, item 8): one ``dot`` for 8 concurrent
requests of the same uncached diagram, whichever workers they reach, and the cache after.

Starts the real server (``toc-editor serve``: uvicorn, N processes x 8 threads) on SQLite
with 1 process (``make run``: SQLite serves one) and on a throw-away PostgreSQL
database with 4, with
``TOC_DOT_BINARY`` a wrapper around the real ``dot`` that counts the processes started
(``starts``) and those that got a picture to draw (``runs``): a finished render leaves a
``dot`` started ahead of time for the next one, which waits for input and draws nothing
until then, so ``runs`` is the count that matters. Stores a public generated 1,000-node
ToC (:mod:`tests.generate`), then:

1. 8 kept-alive connections, spread evenly over the workers (each connection's worker
   is read from the kernel with ``ss``), ask at once for ``render/main.svg``, uncached;
2. 16 more requests for it, one after the other, round-robin over the workers;
3. ``render/main.svg?theme=print`` (uncached) through one worker, then once through
   each of the others (their first look: the shared level) and again through the first.

With the defaults a worker lets 3 requests draw or wait for an uncached picture at once
(``TOC_RENDER_CONCURRENCY`` 2 + ``TOC_RENDER_QUEUE`` 1) and keeps its 4th thread for other
requests, so 4 at once on one worker get one 503; a third run on SQLite gives each worker
5 threads and ``TOC_RENDER_QUEUE=2`` (``--no-room`` skips it).

Prints Markdown tables. ``--workers-sqlite`` / ``--workers-postgres`` change the worker
counts; ``--postgres ''`` skips PostgreSQL.

    python bench/bench_shared_cache.py [--nodes 1000] [--postgres postgresql://...]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.databases import postgres_database  # noqa: E402
from bench.http_client import Client  # noqa: E402
from tests.e2e.conftest import running_server  # noqa: E402
from tests.generate import generate  # noqa: E402

PASSWORD = "quiet lantern orchard 47 meadow"
ORG = "shared"
PATH = f"/graphs/{ORG}/big/render/main.svg"
CONCURRENT = 8
LATER = 16


def counting_dot(workdir: Path) -> Path:
    """A ``dot`` that notes each process started and each one that gets a picture."""
    real = shutil.which("dot") or "/usr/bin/dot"
    script = workdir / "counting-dot"
    script.write_text(
        "#!/bin/sh\n"
        f"echo start >> {workdir}/starts\n"
        f"cat > {workdir}/in.$$\n"
        f"[ -s {workdir}/in.$$ ] && echo run >> {workdir}/runs\n"
        f'exec {real} "$@" < {workdir}/in.$$\n'
    )
    script.chmod(0o755)
    return script


def count(workdir: Path, name: str) -> int:
    path = workdir / name
    return len(path.read_text().splitlines()) if path.exists() else 0


def setup(url: str, nodes: int) -> dict[str, str]:
    """A user, an organisation and the public generated ToC ``big``; auth headers."""
    client = Client(url)
    name = "sharedbench"
    client.sign_up(name, PASSWORD)
    assert client.call("POST", "/orgs", {"slug": ORG, "name": "Shared"})[0] == 201
    graph = {"slug": "big", "title": "Big", "visibility": "public", "document": generate(nodes, 1)}
    status, out, _ = client.call("POST", f"/orgs/{ORG}/graphs", graph)
    assert status == 201, out
    client.close()
    return client.headers


def worker_of(port: int, client: Client) -> int:
    """The pid of the server process holding ``client``'s connection (from ``ss``)."""
    assert client.conn is not None and client.conn.sock is not None
    mine = client.conn.sock.getsockname()[1]
    out = subprocess.run(
        ["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    for line in out.splitlines():
        peer = re.search(rf":{port}\s+\S+:(\d+)\s", line)
        pid = re.search(r"pid=(\d+)", line)
        if peer and pid and int(peer.group(1)) == mine:
            return int(pid.group(1))
    raise RuntimeError(f"no server process holds the connection from port {mine}")


def spread(
    url: str, headers: dict[str, str], workers: int, per_worker: int
) -> dict[int, list[Client]]:
    """Kept-alive connections, ``per_worker`` on each of the ``workers`` server processes
    (connections are opened until every worker has its share; the others are closed)."""
    port = int(url.rsplit(":", 1)[1])
    by_worker: dict[int, list[Client]] = {}
    for _ in range(40 * workers * per_worker):
        client = Client(url, dict(headers))
        assert client.call("GET", "/health")[0] == 200
        pid = worker_of(port, client)
        mine = by_worker.setdefault(pid, [])
        if len(mine) < per_worker:
            mine.append(client)
        else:
            client.close()
        if len(by_worker) == workers and all(len(c) == per_worker for c in by_worker.values()):
            return by_worker
    raise RuntimeError(f"connections reached {len(by_worker)} of {workers} workers")


def connection_to(url: str, headers: dict[str, str], pid: int) -> Client:
    """A fresh kept-alive connection held by the server process ``pid`` (idle ones are
    closed by gunicorn after 2 s, so each timed request gets one just before)."""
    port = int(url.rsplit(":", 1)[1])
    for _ in range(200):
        client = Client(url, dict(headers))
        assert client.call("GET", "/health")[0] == 200
        if worker_of(port, client) == pid:
            return client
        client.close()
    raise RuntimeError(f"no connection reached worker {pid}")


def timed(url: str, headers: dict[str, str], pid: int, path: str) -> tuple[int, bytes, float]:
    client = connection_to(url, headers, pid)
    try:
        return client.call("GET", path)
    finally:
        client.close()


def digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()[:12]


def measure(url: str, workdir: Path, workers: int, nodes: int) -> dict[str, Any]:
    headers = setup(url, nodes)
    for name in ("starts", "runs"):
        (workdir / name).unlink(missing_ok=True)
    # 1. 8 concurrent requests, spread over the workers
    conns = spread(url, headers, workers, CONCURRENT // workers)
    clients = [c for pid in sorted(conns) for c in conns[pid]]
    barrier = threading.Barrier(len(clients))
    burst: list[tuple[int, float, str]] = []
    lock = threading.Lock()

    def ask(client: Client) -> None:
        barrier.wait()
        status, body, seconds = client.call("GET", PATH)
        with lock:
            burst.append((status, seconds, digest(body)))

    threads = [threading.Thread(target=ask, args=(c,)) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    after_burst = {"runs": count(workdir, "runs"), "starts": count(workdir, "starts")}
    for c in clients:
        c.close()
    # 2. 16 more, round-robin over the workers
    pids = sorted(conns)
    later: list[tuple[int, float, str]] = []
    for i in range(LATER):
        status, body, seconds = timed(url, headers, pids[i % workers], PATH)
        later.append((status, seconds, digest(body)))
    after_later = {"runs": count(workdir, "runs"), "starts": count(workdir, "starts")}
    # 3. drawn through one worker, then asked through the others (twice: the second
    # picture shows a hit without the workers' first use of the shared level)
    elsewhere: list[dict[str, Any]] = []
    for i, variant in enumerate(("theme=print", "direction=LR")):
        order = pids[i % workers :] + pids[: i % workers]
        path = f"{PATH}?{variant}"
        before = count(workdir, "runs")
        first = timed(url, headers, order[0], path)
        others = [timed(url, headers, pid, path) for pid in order[1:]]
        again = timed(url, headers, order[0], path)
        elsewhere.append(
            {
                "variant": variant,
                "bytes": len(first[1]),
                "statuses": [r[0] for r in (first, *others, again)],
                "first": first[2],
                "others": [r[2] for r in others],
                "again": again[2],
                "runs": count(workdir, "runs") - before,
            }
        )
    return {
        "workers": workers,
        "burst": burst,
        "after_burst": after_burst,
        "later": later,
        "after_later": after_later,
        "elsewhere": elsewhere,
        "same_picture": len({d for st, _, d in burst + later if st == 200}) == 1,
    }


def run(
    backend: str,
    workers: int,
    nodes: int,
    database: str | None,
    threads: int | None = None,
    settings: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One server: ``serve``'s defaults but for ``workers``, ``threads`` and ``settings``
    (environment variables)."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = {"TOC_DOT_BINARY": str(counting_dot(workdir)), **(settings or {})}
        os.environ.update(env)
        try:
            with running_server(workdir, database, workers=workers, threads=threads) as url:
                result = measure(url, workdir, workers, nodes)
        finally:
            for name in env:
                del os.environ[name]
    extra = [f"{threads} threads"] if threads else []
    extra += [f"`{k}={v}`" for k, v in (settings or {}).items()]
    result["backend"] = backend + (f" ({', '.join(extra)})" if extra else "")
    return result


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds >= 0.1 else f"{seconds * 1000:.1f} ms"


def report(rows: list[dict[str, Any]], nodes: int) -> None:
    print(
        f"\n{CONCURRENT} concurrent requests for the same uncached SVG of a {nodes:,}-node ToC "
        f"(signed in; spread evenly over the workers), then {LATER} more one after the other:\n"
    )
    print(
        "| backend | workers | answers | dot runs (processes started) | time: median / max "
        f"| {LATER} more: answers | dot runs after | time: median / max |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        statuses = [s for s, _, _ in r["burst"]]
        times = [t for _, t, _ in r["burst"]]
        later_statuses = [s for s, _, _ in r["later"]]
        later_times = [t for _, t, _ in r["later"]]

        def answers(values: list[int]) -> str:
            return ", ".join(f"{values.count(s)} x {s}" for s in sorted(set(values)))

        print(
            f"| {r['backend']} | {r['workers']} | {answers(statuses)} | "
            f"{r['after_burst']['runs']} ({r['after_burst']['starts']}) | "
            f"{ms(statistics.median(times))} / {ms(max(times))} | {answers(later_statuses)} | "
            f"{r['after_later']['runs']} | "
            f"{ms(statistics.median(later_times))} / {ms(max(later_times))} |"
        )
    print("\nA picture drawn through one worker, then asked through each of the others:\n")
    print(
        "| backend | picture | first request (draws) | the other workers' first request "
        "| again, same worker | dot runs |"
    )
    print("|---|---|---|---|---|---|")
    for r in rows:
        for e in r["elsewhere"]:
            print(
                f"| {r['backend']} | `?{e['variant']}` ({e['bytes'] / 1e6:.1f} MB) | "
                f"{ms(e['first'])} | {', '.join(ms(t) for t in e['others'])} | "
                f"{ms(e['again'])} | {e['runs']} |"
            )
    for r in rows:
        for e in r["elsewhere"]:
            if set(e["statuses"]) != {200}:
                print(f"\nWARNING: {r['backend']} `?{e['variant']}`: answers {e['statuses']}")
        if not r["same_picture"]:
            print(f"\nWARNING: {r['backend']}: the answers were not all the same picture")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1000)
    parser.add_argument("--workers-sqlite", type=int, default=1)
    parser.add_argument("--workers-postgres", type=int, default=4)
    parser.add_argument(
        "--postgres",
        default="postgresql://postgres@127.0.0.1:5432/postgres",
        help="an admin URL; a throw-away database is made there ('' to skip)",
    )
    parser.add_argument(
        "--no-room",
        dest="room",
        action="store_false",
        help="skip the SQLite run with 5 threads per worker and TOC_RENDER_QUEUE=2",
    )
    args = parser.parse_args()
    rows = [run("SQLite", args.workers_sqlite, args.nodes, None)]
    if args.room:  # room for 4 per worker to draw or wait, and a 5th thread for the rest
        rows.append(
            run("SQLite", args.workers_sqlite, args.nodes, None, 5, {"TOC_RENDER_QUEUE": "2"})
        )
    if args.postgres:
        with postgres_database(args.postgres) as url:
            rows.append(run("PostgreSQL", args.workers_postgres, args.nodes, url))
    report(rows, args.nodes)


if __name__ == "__main__":
    main()
