"""Render load (issue 9, item 15): anonymous clients asking for pictures of a public
1,000-node ToC at random ``dpi`` must not stall the server's other reads.

Starts the real server (``toc-editor serve``: uvicorn, 1 process x 8 threads, SQLite;
the ``TOC_RENDER_*`` settings come from the environment, default otherwise), stores a
public generated 1,000-node ToC (:mod:`tests.generate`, as ``bench_render.py`` does) and
a small public one over the API, then times one client reading the small tree
(``GET .../tree/main``, signed in, one kept-alive connection, ``--pause`` between reads):

1. with no render load, for ``--quiet`` seconds;
2. while ``--clients`` anonymous clients (in another process: one thread and one
   kept-alive connection each, no pause, no heed of ``Retry-After``) ask for
   ``render/main.png?dpi=N``, N random from 36 to 600, for ``--seconds``;
3. with no render load again, for ``--quiet`` seconds.

Prints the machine's load, then Markdown tables: the tree read's p50/p95/max in each
phase, and the render answers by status. Target: p95 of the tree read under 500 ms
under load.

    python bench/bench_render_load.py [--clients 16] [--seconds 60] [--quiet 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.http_client import Client  # noqa: E402
from tests.e2e.conftest import running_server  # noqa: E402
from tests.generate import generate  # noqa: E402

PASSWORD = "quiet lantern orchard 47 meadow"
ORG = "load"
SETTINGS = {  # shown with the results; the server's defaults unless set here
    "TOC_RENDER_CONCURRENCY": "2",
    "TOC_RENDER_QUEUE": "1",
    "TOC_RENDER_WAIT": "2",
    "TOC_RENDER_TIMEOUT": "20",
    "TOC_RENDER_FAILURE_SECONDS": "60",
    "TOC_RENDER_LIMIT": "30 per minute",
}


def setup(url: str) -> str:
    """A user, an organisation, the public 1,000-node ToC ``big`` and a small public ToC
    ``small``; returns the user's bearer token."""
    client = Client(url)
    name = "loadbench"
    token = client.sign_up(name, PASSWORD)
    assert client.call("POST", "/orgs", {"slug": ORG, "name": "Load"})[0] == 201
    for slug, doc in (("big", generate(1000, seed=1)), ("small", generate(20, seed=2))):
        graph = {"slug": slug, "title": slug.title(), "visibility": "public", "document": doc}
        status, out, _ = client.call("POST", f"/orgs/{ORG}/graphs", graph)
        assert status == 201, out
    return token


def read_tree(url: str, token: str, seconds: float, pause: float) -> list[float]:
    """Seconds of each small-tree read for ``seconds``, ``pause`` apart."""
    client = Client(url, {"Authorization": f"Bearer {token}"})
    took: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status, out, elapsed = client.call("GET", f"/graphs/{ORG}/small/tree/main")
        assert status == 200, (status, out[:300])
        took.append(elapsed)
        time.sleep(pause)
    client.close()
    return took


def load(url: str, clients: int, seconds: float, seed: int) -> list[tuple[int, float]]:
    """``(status, seconds)`` of every render asked for by ``clients`` anonymous threads."""
    answers: list[tuple[int, float]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def client(n: int) -> None:
        rng = random.Random(seed * 1000 + n)
        c = Client(url)
        mine: list[tuple[int, float]] = []
        while time.monotonic() < deadline:
            dpi = rng.randint(36, 600)
            status, _, elapsed = c.call("GET", f"/graphs/{ORG}/big/render/main.png?dpi={dpi}")
            mine.append((status, elapsed))
        c.close()
        with lock:
            answers.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


def percentile(values: list[float], p: float) -> float:
    """The ``p``-th percentile (0-100), nearest rank."""
    ordered = sorted(values)
    rank = max(1, round(p / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def ms(seconds: float) -> str:
    return f"{1000 * seconds:,.0f} ms" if seconds >= 0.01 else f"{1000 * seconds:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16, help="anonymous render clients")
    parser.add_argument("--seconds", type=float, default=60.0, help="length of the load")
    parser.add_argument("--quiet", type=float, default=20.0, help="each phase without load")
    parser.add_argument("--pause", type=float, default=0.05, help="between tree reads")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--load", metavar="URL", help=argparse.SUPPRESS)  # the load process
    args = parser.parse_args()
    if args.load:
        answers = load(args.load, args.clients, args.seconds, args.seed)
        json.dump(answers, sys.stdout)
        return

    load_before = os.getloadavg()
    phases: list[tuple[str, list[float]]] = []
    with tempfile.TemporaryDirectory() as tmp, running_server(Path(tmp)) as url:
        token = setup(url)
        read_tree(url, token, 2.0, args.pause)  # warm-up: caches, connections
        print(f"... {args.quiet:.0f} s without render load", file=sys.stderr, flush=True)
        phases.append(("no render load (before)", read_tree(url, token, args.quiet, args.pause)))
        print(f"... {args.seconds:.0f} s with {args.clients} clients", file=sys.stderr, flush=True)
        began = time.monotonic()
        worker = subprocess.Popen(
            [sys.executable, __file__, "--load", url, "--clients", str(args.clients),
             "--seconds", str(args.seconds), "--seed", str(args.seed)],
            stdout=subprocess.PIPE, cwd=ROOT,
        )  # fmt: skip
        under_load = read_tree(url, token, args.seconds, args.pause)
        out, _ = worker.communicate(timeout=args.seconds + 300)
        load_lasted = time.monotonic() - began
        answers = [(int(s), float(t)) for s, t in json.loads(out)]
        phases.append((f"{args.clients} anonymous clients rendering", under_load))
        load_during = os.getloadavg()
        print(f"... {args.quiet:.0f} s without render load", file=sys.stderr, flush=True)
        phases.append(("no render load (after)", read_tree(url, token, args.quiet, args.pause)))
    load_after = os.getloadavg()

    settings = {k: os.environ.get(k, v) for k, v in SETTINGS.items()}
    version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print()
    print(
        f"{version}; {os.cpu_count()} CPUs; load average (1 min) {load_before[0]:.1f} before, "
        f"{load_during[0]:.1f} at the end of the load, {load_after[0]:.1f} at the end. "
        "Server: toc-editor serve, 2 workers x 4 threads, SQLite; "
        + ", ".join(f"{k}={v}" for k, v in settings.items())
        + f". Render load: {args.clients} clients x {args.seconds:.0f} s "
        f"(last answer after {load_lasted:.0f} s), PNG of a public generated 1,000-node ToC "
        "at random dpi 36-600, anonymous, one address. Tree: a 20-node public ToC, "
        f"{1000 * args.pause:.0f} ms between reads."
    )
    print()
    print("| small tree read | reads | p50 | p95 | max |")
    print("|---|---|---|---|---|")
    for name, took in phases:
        print(
            f"| {name} | {len(took):,} | {ms(statistics.median(took))} "
            f"| {ms(percentile(took, 95))} | {ms(max(took))} |"
        )
    print()
    by_status: dict[int, list[float]] = defaultdict(list)
    for status, took in answers:
        by_status[status].append(took)
    print("| render answer | count | share | p50 | p95 | max |")
    print("|---|---|---|---|---|---|")
    for status in sorted(by_status):
        took = by_status[status]
        label = {0: "connection failed"}.get(status, str(status))
        print(
            f"| {label} | {len(took):,} | {100 * len(took) / len(answers):.1f}% "
            f"| {ms(statistics.median(took))} | {ms(percentile(took, 95))} | {ms(max(took))} |"
        )
    print(f"| all | {len(answers):,} | 100% | | | |")
    p95 = percentile(under_load, 95)
    verdict = "met" if p95 < 0.5 else "MISSED"
    print()
    print(f"Target: small tree read p95 under load < 500 ms: {ms(p95)}, {verdict}.")


if __name__ == "__main__":
    main()
