"""Live co-editing benchmark (issue 12), through the real server (``toc-editor serve``:
uvicorn, the live stream on its event loop, Flask on 8 threads beside it).

Two set-ups, measured one after the other in one run:

- **PostgreSQL, two app processes** on one throw-away database (commits reach the other
  process through LISTEN/NOTIFY);
- **the embedded default**: SQLite, one process (``serve``'s defaults, as ``make run``).

For each:

1. **connections and delivery**: ``--connections`` (200) live streams (Server-Sent Events),
   spread over the processes and over ``--users`` (10) members' API tokens, held by a
   separate process on one asyncio loop; then one edit a second for ``--seconds`` (60), a
   label change sent through the API (``POST .../commits``), each edit by the next member
   through the next process. Delivery latency = the time a stream read the commit's event
   minus the time the edit's POST was sent (both ``time.time()`` on this machine), for every
   (edit, stream) pair: p50, p95, max. Errors: failed commits, streams refused or closed,
   and any event missing, repeated, out of order (its ``old`` not the stream's last commit),
   ``resync`` or ``bye``.
2. **ordinary requests**: ``GET /api/v1/graphs/{org}/{graph}/tree/main`` (a 31-node ToC,
   the whole body, no ETag), 20 a second alternating over the processes, on the idle
   server (nothing open, no edits) and again while the streams are open and the edits
   flow: p50 and p95 of each and their ratio (target: within 1.5x).
3. **memory per open connection**: the servers' resident memory (``VmRSS``, summed over
   the processes, found by their port in /proc) before the streams open and once they
   are all open (and the presence each announces has settled), divided by their number.

Then, with ``--browser`` (default on when Chromium and a front-end build are available):

4. **edit in browser A, painted in browser B**: two members in two Chromium contexts, A's
   page served by process 1 and B's by process 2 (PostgreSQL), the editor open on one ToC;
   A types a new label in the label field and leaves it (the editor sends it); B's page
   watches its DOM with a MutationObserver for that label. Latency = B's time the label
   appeared minus A's ``input`` event time, both ``performance.timeOrigin +
   performance.now()`` (one machine clock). p50 and p95 over ``--browser-edits`` (200)
   edits; target p95 under 150 ms. The front end is built privately (``vite build --outDir
   /tmp/dist-bench``; frontend/dist is never written) unless ``--dist`` names a build.

    python bench/bench_live.py [--quick] [--connections 200] [--seconds 60]
        [--postgres postgresql://postgres@127.0.0.1:5432/postgres] [--no-browser]

``--quick``: 20 s of edits, 150 GETs per phase, 40 browser edits. The machine's 1-minute
load average before and after each set-up is printed with it: on 2 cores, anything else
running (a test suite, a build) shows in every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing as mp
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import postgres_database  # noqa: E402
from bench.http_client import Client  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, running_server  # noqa: E402
from tests.live.sse_client import open_async  # noqa: E402

PASSWORD = "quiet lantern orchard 47 meadow"
ORG, GRAPH = "bench", "toc"
GET_RATE = 20.0
DOC = {
    "nodes": [
        {"id": f"n{i}", "kind": kind, "label": f"{kind.title()} {i}"}
        for i, kind in enumerate(["activity"] * 10 + ["output"] * 10 + ["outcome"] * 10)
    ]
    + [{"id": "imp", "kind": "impact", "label": "Impact"}],
    "edges": [{"id": f"e{i}", "source": f"n{i}", "target": f"n{i + 10}"} for i in range(20)],
}


def pct(values: list[float], q: float) -> float:
    """The ``q``-th percentile (nearest rank) of ``values``.

    >>> pct([5, 1, 4, 2, 3], 50), pct(list(range(1, 101)), 95)
    (3, 95)
    """
    ordered = sorted(values)
    rank = max(1, round(q / 100 * len(ordered) + 0.4999))
    return ordered[min(rank, len(ordered)) - 1]


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


# -- servers ---------------------------------------------------------------------------------------


@contextmanager
def servers(database_url: str | None, processes: int) -> Iterator[list[str]]:
    """``processes`` app processes (each ``toc-editor serve`` with its defaults) on one
    database (SQLite in a temporary folder when ``database_url`` is None)."""
    with ExitStack() as stack:
        urls = []
        for i in range(processes):
            work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-live-")))
            urls.append(stack.enter_context(running_server(work, database_url, prepare=i == 0)))
        yield urls


def server_pid(url: str) -> int:
    """The pid of the ``toc-editor serve`` process listening at ``url`` (found in /proc)."""
    port = url.rsplit(":", 1)[1]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"toc_editor.cli" in argv and b"serve" in argv and port.encode() in argv:
            return int(entry.name)
    raise RuntimeError(f"no server process for {url}")


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for {pid}")


def setup(urls: list[str], users: int) -> list[str]:
    """``users`` members of organisation ``bench`` (the first its owner) and the private
    ToC ``bench/toc``; their API tokens."""
    tokens = []
    for i in range(users):
        client = Client(urls[0])
        tokens.append(client.sign_up(f"member{i}", PASSWORD))
        client.close()
    owner = Client(urls[0], {"Authorization": f"Bearer {tokens[0]}"})
    assert owner.call_json("POST", "/orgs", {"slug": ORG, "name": "Bench"})[0] == 201
    for i in range(1, users):
        body = {"user": f"member{i}", "role": "editor"}
        status, out, _ = owner.call_json("POST", f"/orgs/{ORG}/members", body)
        assert status == 201, out
    graph = {"slug": GRAPH, "title": "Live bench", "visibility": "private", "document": DOC}
    status, out, _ = owner.call_json("POST", f"/orgs/{ORG}/graphs", graph)
    assert status == 201, out
    owner.close()
    return tokens


# -- the streams, held by another process ---------------------------------------------------------


def hold_streams(conn: Any, targets: list[tuple[str, str]]) -> None:
    """In a child process: open a stream per (base URL, token), report ``ready``, then
    record every event until told to stop; send back what each stream saw."""
    asyncio.run(_hold(conn, targets))


async def _hold(conn: Any, targets: list[tuple[str, str]]) -> None:
    path = f"/api/v1/graphs/{ORG}/{GRAPH}/branches/main/live"
    records: list[dict[str, Any]] = [
        {"at": None, "got": [], "errors": [], "presence": 0} for _ in targets
    ]
    hellos = asyncio.Semaphore(0)
    writers: list[Any] = []

    async def one(i: int, url: str, token: str) -> None:
        rec = records[i]
        try:
            reader, writer, decoder = await open_async(
                url + path, {"Authorization": f"Bearer {token}"}
            )
        except OSError as exc:
            rec["errors"].append(f"connect: {exc}")
            hellos.release()
            return
        writers.append(writer)
        hello = False
        while True:
            data = await reader.read(65536)
            now = time.time()
            if not data:
                rec["errors"].append(f"closed by the server (status {decoder.status})")
                break
            for ev in decoder.feed(data, now):
                if ev.event == "hello":
                    rec["at"] = json.loads(ev.data)["head"]
                    hello = True
                    hellos.release()
                elif ev.event == "commit":
                    d = json.loads(ev.data)
                    if d["old"] != rec["at"]:
                        rec["errors"].append(f"commit {d['commit'][:8]} from {d['old'][:8]}")
                    rec["at"] = d["commit"]
                    rec["got"].append((d["commit"], ev.received))
                elif ev.event == "presence":
                    rec["presence"] += 1
                elif ev.event in ("resync", "bye"):
                    rec["errors"].append(f"{ev.event}: {ev.data}")
            if decoder.refused():
                rec["errors"].append(f"refused: {decoder.status} {decoder.body[:200]!r}")
                break
        if not hello:
            hellos.release()

    tasks = []
    for i, (url, token) in enumerate(targets):
        tasks.append(asyncio.create_task(one(i, url, token)))
        if i % 20 == 19:
            await asyncio.sleep(0.05)  # open them over a second or so, not all at once
    for _ in targets:
        await asyncio.wait_for(hellos.acquire(), timeout=120)
    opened = sum(r["at"] is not None for r in records)
    conn.send(("ready", opened))
    await asyncio.get_running_loop().run_in_executor(None, conn.recv)  # "stop"
    for task in tasks:
        task.cancel()
    for writer in writers:
        writer.close()
    conn.send(records)


# -- load ------------------------------------------------------------------------------------------


def get_series(urls: list[str], token: str, count: int, rate: float = GET_RATE) -> list[float]:
    """``count`` GETs of the tree at ``rate`` a second, alternating over ``urls``: seconds
    each (status other than 200 raises)."""
    clients = [Client(u, {"Authorization": f"Bearer {token}"}) for u in urls]
    took = []
    start = time.perf_counter()
    for k in range(count):
        delay = start + k / rate - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        status, _, seconds = clients[k % len(clients)].call(
            "GET", f"/graphs/{ORG}/{GRAPH}/tree/main"
        )
        assert status == 200, status
        took.append(seconds)
    for c in clients:
        c.close()
    return took


def edit_series(urls: list[str], tokens: list[str], seconds: float) -> tuple[list[Any], int]:
    """One label change a second for ``seconds``, by the next member through the next
    process: ``[(commit id, time the POST was sent, its round trip)]`` and the number of
    failed edits."""
    clients = [[Client(u, {"Authorization": f"Bearer {t}"}) for u in urls] for t in tokens]
    head = clients[0][0].call_json("GET", f"/graphs/{ORG}/{GRAPH}/branches/main")[1]["head"]
    sent: list[tuple[str, float, float]] = []
    failed = 0
    start = time.perf_counter()
    k = 0
    while time.perf_counter() - start < seconds:
        delay = start + k - time.perf_counter()
        if delay > 0:
            time.sleep(delay)
        client = clients[k % len(tokens)][k % len(urls)]
        ops = [{"op": "update_node", "id": f"n{k % 30}", "set": {"label": f"Edit {k}"}}]
        body = {"base": head, "message": f"edit {k}", "ops": ops}
        for _ in range(2):  # once more if the kept-alive connection had timed out (status 0)
            t0 = time.time()
            status, out, took = client.call_json(
                "POST", f"/graphs/{ORG}/{GRAPH}/branches/main/commits", body
            )
            if status != 0:
                break
        if status == 201:
            head = out["id"]
            sent.append((head, t0, took))
        else:
            log(f"edit {k}: {status} {out}")
            failed += 1
        k += 1
    for row in clients:
        for c in row:
            c.close()
    return sent, failed


def measure(urls: list[str], args: argparse.Namespace) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    tokens = setup(urls, args.users)
    pids = [server_pid(u) for u in urls]
    get_series(urls, tokens[0], 200)  # warm up (10 s)
    log("GET /tree on the idle server…")
    idle = get_series(urls, tokens[0], args.gets)
    rss_before = sum(rss_kb(p) for p in pids)

    targets = [(urls[i % len(urls)], tokens[i % len(tokens)]) for i in range(args.connections)]
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    holder = ctx.Process(target=hold_streams, args=(child, targets), daemon=True)
    log(f"opening {args.connections} live streams…")
    began = time.perf_counter()
    holder.start()
    if not parent.poll(180):
        raise RuntimeError("the streams did not open in 180 s")
    _, opened = parent.recv()
    open_s = time.perf_counter() - began
    time.sleep(5)  # let the presence each stream announces reach every other
    rss_after = sum(rss_kb(p) for p in pids)

    log(f"{opened} streams open; one edit a second for {args.seconds} s, GETs alongside…")
    result: dict[str, Any] = {}
    editor = threading.Thread(
        target=lambda: result.update(edits=edit_series(urls, tokens, args.seconds))
    )
    editor.start()
    loaded = get_series(urls, tokens[0], int(args.seconds * GET_RATE) - 10)
    editor.join()
    time.sleep(3)  # the last events
    parent.send("stop")
    records = parent.recv()
    holder.join(timeout=30)
    sent, failed = result["edits"]

    latencies: list[float] = []
    errors = failed
    problems: list[str] = []
    sent_at = {commit: t0 for commit, t0, _ in sent}
    for rec in records:
        seen = dict(rec["got"])
        errors += len(rec["errors"])
        problems += rec["errors"][:2]
        if len(seen) != len(rec["got"]):
            errors += 1
            problems.append("an event came twice")
        for commit, t0 in sent_at.items():
            if commit in seen:
                latencies.append(seen[commit] - t0)
            else:
                errors += 1
                problems.append(f"commit {commit[:8]} never reached a stream")
    if problems:
        log("problems: " + "; ".join(sorted(set(problems))[:10]))
    return {
        "processes": len(urls),
        "connections": opened,
        "open_s": open_s,
        "edits": len(sent),
        "deliveries": len(latencies),
        "expected": len(sent) * len(records),
        "errors": errors,
        "delivery_ms": [x * 1000 for x in latencies],
        "commit_ms": [took * 1000 for _, _, took in sent],
        "idle_ms": [x * 1000 for x in idle],
        "loaded_ms": [x * 1000 for x in loaded],
        "rss_before_kb": rss_before,
        "rss_after_kb": rss_after,
        "presence_events": sum(r["presence"] for r in records),
        "load": (load_before, os.getloadavg()[0]),
    }


# -- browsers --------------------------------------------------------------------------------------

# In B's page: a promise of the time the diagram's box shows `label` (checked on each DOM
# change; the time taken in the next animation frame, the one that paints it).
WATCH_JS = """(label) => {
  const now = () => performance.timeOrigin + performance.now();
  const sel = `[data-testid="node"][data-label="${CSS.escape(label)}"]`;
  window.__painted = new Promise((resolve) => {
    const done = () => requestAnimationFrame(() => resolve(now()));
    if (document.querySelector(sel)) { done(); return; }
    const obs = new MutationObserver(() => {
      if (document.querySelector(sel)) { obs.disconnect(); done(); }
    });
    obs.observe(document.body, {subtree: true, childList: true, characterData: true,
                                attributes: true, attributeFilter: ['data-label']});
  });
}"""
# In A's page: the times of the label field's next input event and Enter key.
INPUT_JS = """() => {
  const now = () => performance.timeOrigin + performance.now();
  const field = document.querySelector('[data-testid="field-label"]');
  window.__typed = new Promise((resolve) => field.addEventListener(
    'input', () => resolve(now()), {once: true}));
  window.__enter = new Promise((resolve) => field.addEventListener(
    'keydown', (ev) => { if (ev.key === 'Enter') resolve(now()); }, {once: true}));
}"""


@contextmanager
def frontend_build(given: str | None) -> Iterator[Path]:
    if given:
        yield Path(given)
        return
    out = Path("/tmp/dist-bench")
    log("building the front end into /tmp/dist-bench…")
    subprocess.run(
        ["npx", "vite", "build", "--outDir", str(out), "--emptyOutDir"],
        cwd=ROOT / "frontend", check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    yield out


def sign_in(ctx: Any, username: str) -> None:
    r = ctx.request.post("/api/v1/session", data={"username": username, "password": PASSWORD})
    assert r.ok, r.text()


def open_editor(ctx: Any) -> Any:
    """The editor on the ToC, its live channel up."""
    page = ctx.new_page()
    page.goto(f"/{ORG}/{GRAPH}")
    page.wait_for_function("() => window.tocEditor && window.tocEditor.status() === 'saved'")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"live-status\"]')?.textContent === 'Live'",
        timeout=30_000,
    )
    return page


def browser_latency(urls: list[str], edits: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    setup(urls, 2)
    latencies: list[float] = []
    from_enter: list[float] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            a_ctx = browser.new_context(base_url=urls[0], viewport={"width": 1280, "height": 800})
            b_ctx = browser.new_context(base_url=urls[-1], viewport={"width": 1280, "height": 800})
            sign_in(a_ctx, "member0")
            sign_in(b_ctx, "member1")
            a, b = open_editor(a_ctx), open_editor(b_ctx)
            label = a.evaluate("() => Object.values(window.tocEditor.doc().nodes)[3].label")
            assert a.evaluate("(l) => window.tocEditor.selectByLabel(l)", label)
            field = a.get_by_test_id("field-label")
            field.wait_for(state="visible")
            for k in range(edits + 3):
                text = f"Painted {k} {uuid.uuid4().hex[:6]}"
                b.evaluate(WATCH_JS, text)
                a.evaluate(INPUT_JS)
                field.fill(text)
                field.press("Enter")  # typing is sent in pauses, Enter at once
                typed, enter = a.evaluate("() => Promise.all([window.__typed, window.__enter])")
                painted = b.evaluate("() => window.__painted")
                if k >= 3:  # warm-up
                    latencies.append(painted - typed)
                    from_enter.append(painted - enter)
                a.wait_for_function("() => window.tocEditor.status() === 'saved'")
        finally:
            browser.close()
    return {"edits": len(latencies), "ms": latencies, "from_enter_ms": from_enter}


# -- report ----------------------------------------------------------------------------------------


def report(rows: list[tuple[str, dict[str, Any]]], browser: dict[str, Any] | None) -> str:
    out = [] if rows else ["(connections, delivery and memory: not run)"]
    if rows:
        out += load_tables(rows)
    if browser is not None:
        out += [
            "",
            "| browser A (process 1) to browser B (process 2), PostgreSQL | edits | p50 | p95 "
            "| max |",
            "|---|---|---|---|---|",
        ]
        for what, key in (("A's input event", "ms"), ("A's Enter key", "from_enter_ms")):
            ms = browser[key]
            out.append(
                f"| from {what} to the label painted in B | {browser['edits']} | "
                f"{pct(ms, 50):.0f} ms | {pct(ms, 95):.0f} ms | {max(ms):.0f} ms |"
            )
    return "\n".join(out)


def load_tables(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    out = [
        "| set-up | open streams | edits | deliveries | delivery p50 | p95 | max | errors "
        "| commit POST p50 / p95 | load avg |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in rows:
        d = r["delivery_ms"] or [float("nan")]
        c = r["commit_ms"] or [float("nan")]
        out.append(
            f"| {name} | {r['connections']} (opened in {r['open_s']:.1f} s) | {r['edits']} | "
            f"{r['deliveries']} of {r['expected']} | {pct(d, 50):.1f} ms | {pct(d, 95):.1f} ms | "
            f"{max(d):.1f} ms | {r['errors']} | {pct(c, 50):.0f} / {pct(c, 95):.0f} ms | "
            f"{r['load'][0]:.1f} → {r['load'][1]:.1f} |"
        )
    out += [
        "",
        "| set-up | GET /tree idle p50 / p95 | with streams and edits p50 / p95 | "
        "ratio p50 / p95 |",
        "|---|---|---|---|",
    ]
    for name, r in rows:
        i50, i95 = pct(r["idle_ms"], 50), pct(r["idle_ms"], 95)
        l50, l95 = pct(r["loaded_ms"], 50), pct(r["loaded_ms"], 95)
        out.append(
            f"| {name} | {i50:.1f} / {i95:.1f} ms ({len(r['idle_ms'])}) | "
            f"{l50:.1f} / {l95:.1f} ms ({len(r['loaded_ms'])}) | "
            f"{l50 / i50:.2f}x / {l95 / i95:.2f}x |"
        )
    out += [
        "",
        "| set-up | server RSS before | with the streams open | per open connection |",
        "|---|---|---|---|",
    ]
    for name, r in rows:
        per = (r["rss_after_kb"] - r["rss_before_kb"]) / max(1, r["connections"])
        out.append(
            f"| {name} | {r['rss_before_kb'] / 1024:.1f} MB | {r['rss_after_kb'] / 1024:.1f} MB | "
            f"{per:.1f} KB |"
        )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run")
    parser.add_argument("--connections", type=int, default=200)
    parser.add_argument("--users", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--gets", type=int, default=400, help="GETs on the idle server")
    parser.add_argument("--browser-edits", type=int, default=200)
    parser.add_argument(
        "--postgres",
        default=os.environ.get(
            "TOC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        ),
        help="an admin URL; a throw-away database is made there ('' to skip)",
    )
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-load", action="store_true", help="only the browsers")
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--dist", help="a front-end build to serve (default: build one in /tmp)")
    args = parser.parse_args()
    if args.quick:
        args.seconds, args.gets, args.browser_edits = 20, 150, 40
    rows: list[tuple[str, dict[str, Any]]] = []
    browser = None
    if args.postgres and not args.no_load:
        log("PostgreSQL, two processes")
        with postgres_database(args.postgres) as db, servers(db, 2) as urls:
            rows.append(("PostgreSQL, 2 processes", measure(urls, args)))
    if not args.no_sqlite and not args.no_load:
        log("SQLite, one process")
        with servers(None, 1) as urls:
            rows.append(("SQLite, 1 process (embedded default)", measure(urls, args)))
    if args.postgres and not args.no_browser and Path(CHROMIUM).exists():
        log("browsers A and B on two processes")
        with frontend_build(args.dist) as dist:
            os.environ["TOC_FRONTEND_DIST"] = str(dist)
            with postgres_database(args.postgres) as db, servers(db, 2) as urls:
                browser = browser_latency(urls, args.browser_edits)
    print(report(rows, browser))
    raw = {name: {k: v for k, v in r.items() if not k.endswith("_ms")} for name, r in rows}
    print("\n<!-- raw: " + json.dumps(raw) + " -->")


if __name__ == "__main__":
    main()
