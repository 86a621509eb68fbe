"""Editor benchmark in headless Chromium (issue 11): the new editor (React + @xyflow/react)
side by side with the one it replaced (the hand-built DOM view on Cytoscape, built from
``main``).

Measured for each editor, in one run:

- **first paint** of generated 100-, 300- and 1,000-node ToCs after navigation, with the layout
  cached: the first load of each graph warms the server's layout cache (reported on its own);
  the figure is the median of the reloads that follow. Navigation start is time 0; the front
  end marks ``toc:first-paint`` when the laid-out diagram is on screen (the frame after it is
  drawn). Target at 1,000 nodes: under 1.5 s.
- **typing latency** in the label field of the side panel ([data-testid=field-label]) with a
  300-node ToC open: from each keystroke (the keydown event's timestamp, when the browser
  received it) to the end of the frame that shows the character (a requestAnimationFrame
  callback queued by the keydown, then a task after that frame), over words typed at 60-140 ms a
  key with a pause after each word, so the field's saves (and the diagram's update) fall between
  keystrokes as they do for a person. p50, p95 and max; target p95 under 16 ms.
- **bundle size**: the JavaScript and CSS the editor page loads (from the page's resource
  timings), gzip -9 of the built files. Target under 300 KB.

Each editor gets a fresh server and database, started as the browser tests start theirs
(tests/e2e/conftest.py: ``init-db``, ``seed``, ``serve`` on a free port), pointed at that
editor's build with TOC_FRONTEND_DIST. The old editor is built from ``--old-ref`` (default
``main``) in a temporary git worktree (``npm ci``, ``npm run build``), removed afterwards;
``--old-dist DIR`` uses a build made before, ``--no-old`` skips it. The old editor's pages are
at ``/#/g/{org}/{graph}``, the new one's at ``/{org}/{graph}``; both mark ``toc:first-paint``.

Run: ``python bench/bench_editor.py [--sizes 100 300 1000] [--loads 5] [--keys 80] [--no-old]``
(builds frontend/dist first if it is missing).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.http_client import Client  # noqa: E402
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, running_server  # noqa: E402
from tests.generate import generate  # noqa: E402

ORG = "bench"
USER = "bench"
PASSWORD = "quiet lantern orchard 47 meadow"
TYPING_SIZE = 300

FIRST_PAINT_JS = "() => performance.getEntriesByName('toc:first-paint').length > 0"
MARKS_JS = """() => Object.fromEntries(
  performance.getEntriesByType('mark').map((e) => [e.name, e.startTime]))"""
ASSETS_JS = """() => performance.getEntriesByType('resource').map((r) => r.name)
  .filter((n) => /\\.(js|css)(\\?|$)/.test(n))"""

# Installed in the page before typing: for each keystroke in the label field, the time from the
# keydown's timestamp to the end of the frame that shows the character.
TYPING_PROBE_JS = """() => {
  window.__typing = [];
  document.addEventListener('keydown', (ev) => {
    const el = ev.target;
    if (!el || el.getAttribute('data-testid') !== 'field-label' || ev.key.length !== 1) return;
    const t0 = ev.timeStamp;
    const key = ev.key;
    requestAnimationFrame(() => setTimeout(() => {
      window.__typing.push({ms: performance.now() - t0, shown: el.value.includes(key)});
    }, 0));
  }, true);
}"""

WORDS = [
    "young", "people", "across", "the", "borough", "find", "and", "keep", "good", "work",
    "with", "support", "from", "mentors", "employers", "youth", "workers", "who", "meet", "weekly",
]  # fmt: skip


# -- the builds -----------------------------------------------------------------------------------


def new_dist() -> Path:
    dist = ROOT / "frontend" / "dist"
    if not (dist / "index.html").exists():
        subprocess.run(["npm", "run", "build"], cwd=ROOT / "frontend", check=True)
    return dist


@contextmanager
def old_dist(ref: str, given: str | None) -> Iterator[Path]:
    """The old editor's build: ``given``, or built from ``ref`` in a temporary worktree."""
    if given:
        yield Path(given)
        return
    tmp = Path(tempfile.mkdtemp(prefix="bench-old-editor-"))
    tree = tmp / "tree"
    subprocess.run(["git", "worktree", "add", "--detach", str(tree), ref], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    try:
        front = tree / "frontend"
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.STDOUT}
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=front, check=True, **quiet)
        subprocess.run(["npm", "run", "build"], cwd=front, check=True, **quiet)
        yield front / "dist"
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=False)
        shutil.rmtree(tmp, ignore_errors=True)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


# -- server and API -------------------------------------------------------------------------------


@contextmanager
def server(dist: Path) -> Iterator[str]:
    """The real app on a free port, as the browser tests start it, serving ``dist``."""
    before = os.environ.get("TOC_FRONTEND_DIST")
    os.environ["TOC_FRONTEND_DIST"] = str(dist)
    try:
        with (
            tempfile.TemporaryDirectory(prefix="bench-editor-") as tmp,
            running_server(Path(tmp)) as url,
        ):
            yield url
    finally:
        if before is None:
            os.environ.pop("TOC_FRONTEND_DIST", None)
        else:
            os.environ["TOC_FRONTEND_DIST"] = before


def setup(base: str, sizes: list[int]) -> None:
    client = Client(base)
    client.sign_up(USER, PASSWORD)
    status, out, _ = client.call_json("POST", "/orgs", {"slug": ORG, "name": "Bench"})
    assert status == 201, out
    for n in sizes:
        body = {"slug": f"g{n}", "title": f"Generated {n}", "visibility": "private",
                "document": generate(n, seed=1)}  # fmt: skip
        status, out, _ = client.call_json("POST", f"/orgs/{ORG}/graphs", body)
        assert status == 201, out
    client.close()


# -- in the browser -------------------------------------------------------------------------------


def address(editor: str, n: int) -> str:
    return f"/#/g/{ORG}/g{n}" if editor == "old" else f"/{ORG}/g{n}"


def one_load(page: Any, url: str | None) -> float:
    if url:
        page.goto(url)
    else:
        page.reload()
    page.wait_for_function(FIRST_PAINT_JS, timeout=120_000)
    paint = float(page.evaluate(MARKS_JS)["toc:first-paint"])
    page.wait_for_load_state("networkidle")  # the checks and the like, before the next reload
    return paint


def first_paint(ctx: Any, editor: str, n: int, loads: int) -> dict[str, Any]:
    page = ctx.new_page()
    first = one_load(page, address(editor, n))
    later = [one_load(page, None) for _ in range(loads)]
    page.close()
    return {"first": first, "median": statistics.median(later), "all": later}


def typing(ctx: Any, editor: str, keys: int) -> dict[str, Any]:
    page = ctx.new_page()
    page.goto(address(editor, TYPING_SIZE))
    page.wait_for_function(FIRST_PAINT_JS, timeout=120_000)
    page.wait_for_function("() => window.tocEditor && window.tocEditor.status() === 'saved'")
    label = page.evaluate("() => Object.values(window.tocEditor.doc().nodes)[7].label")
    assert page.evaluate("(l) => window.tocEditor.selectByLabel(l)", label)
    field = page.get_by_test_id("field-label")
    field.wait_for(state="visible")
    page.wait_for_function(
        "(l) => document.querySelector('[data-testid=\"field-label\"]').value === l", arg=label
    )
    field.click()
    page.keyboard.press("End")
    page.evaluate(TYPING_PROBE_JS)
    rng = random.Random(11)
    typed = 0
    while typed < keys:
        word = " " + rng.choice(WORDS)
        for ch in word:
            page.keyboard.type(ch)
            page.wait_for_timeout(rng.randint(60, 140))
            typed += 1
        page.wait_for_timeout(350)  # a pause: the field saves, the diagram redraws the box
    page.wait_for_timeout(500)
    rows = page.evaluate("() => window.__typing")
    page.close()
    ms = sorted(r["ms"] for r in rows)
    shown = sum(1 for r in rows if r["shown"])
    return {
        "count": len(ms),
        "shown": shown,
        "p50": statistics.median(ms),
        "p95": ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))],
        "max": ms[-1],
    }


def bundle(page_assets: list[str], dist: Path) -> dict[str, int]:
    """gzip -9 sizes of the JS and CSS files the editor page loaded."""
    js = css = 0
    for name in sorted(set(page_assets)):
        path = dist / urlparse(name).path.lstrip("/")
        if not path.exists():
            continue
        size = gzip_size(path)
        if path.suffix == ".css":
            css += size
        else:
            js += size
    return {"js": js, "css": css, "total": js + css}


def measure(editor: str, dist: Path, sizes: list[int], loads: int, keys: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with server(dist) as base:
        setup(base, sizes)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(base_url=base, viewport={"width": 1280, "height": 800})
            ctx.set_default_timeout(60_000)
            r = ctx.request.post(
                f"{base}/api/v1/session", data={"username": USER, "password": PASSWORD}
            )
            assert r.ok, r.text()
            result: dict[str, Any] = {"paint": {}}
            for n in sizes:
                print(f"  {editor} editor: {n} nodes…", file=sys.stderr, flush=True)
                result["paint"][n] = first_paint(ctx, editor, n, loads)
            page = ctx.new_page()
            page.goto(address(editor, min(sizes)))
            page.wait_for_function(FIRST_PAINT_JS, timeout=120_000)
            result["bundle"] = bundle(page.evaluate(ASSETS_JS), dist)
            page.close()
            if TYPING_SIZE in sizes:
                print(f"  {editor} editor: typing…", file=sys.stderr, flush=True)
                result["typing"] = typing(ctx, editor, keys)
            ctx.close()
            browser.close()
    return result


# -- report ---------------------------------------------------------------------------------------


def report(results: dict[str, dict[str, Any]], loads: int) -> str:
    editors = [e for e in ("new", "old") if e in results]
    names = {"new": "new editor (React + xyflow)", "old": "old editor (DOM + Cytoscape)"}
    f = lambda x: f"{x:.0f}"  # noqa: E731
    out = [
        f"### First paint after navigation, layout cached (ms; median of {loads} reloads, "
        "first load in brackets)",
        "",
        "| nodes | " + " | ".join(names[e] for e in editors) + " |",
        "|---:|" + "---:|" * len(editors),
    ]
    sizes = list(results[editors[0]]["paint"])
    for n in sizes:
        cells = [
            f"{f(results[e]['paint'][n]['median'])} ({f(results[e]['paint'][n]['first'])})"
            for e in editors
        ]
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    if all("typing" in results[e] for e in editors):
        out += [
            "",
            f"### Typing in the label field, {TYPING_SIZE} nodes open (ms from keystroke to the "
            "frame that shows it)",
            "",
            "| editor | keystrokes | p50 | p95 | max | shown in that frame |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for e in editors:
            t = results[e]["typing"]
            out.append(
                f"| {names[e]} | {t['count']} | {t['p50']:.1f} | {t['p95']:.1f} | {t['max']:.1f} "
                f"| {t['shown']} of {t['count']} |"
            )
    out += [
        "",
        "### Bundle the editor page loads (gzip -9, KB)",
        "",
        "| editor | JavaScript | CSS | total |",
        "|---|---:|---:|---:|",
    ]
    for e in editors:
        b = results[e]["bundle"]
        out.append(
            f"| {names[e]} | {b['js'] / 1024:.0f} | {b['css'] / 1024:.0f} "
            f"| {b['total'] / 1024:.0f} |"
        )
    return "\n".join(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    ap.add_argument("--loads", type=int, default=5)
    ap.add_argument("--keys", type=int, default=80, help="keystrokes typed in the label field")
    ap.add_argument("--old-ref", default="main", help="git ref of the old editor")
    ap.add_argument("--old-dist", help="a build of the old editor made before")
    ap.add_argument("--no-old", action="store_true", help="measure the new editor only")
    args = ap.parse_args()
    if not Path(CHROMIUM).exists():
        sys.exit(f"no Chromium at {CHROMIUM}")
    results: dict[str, dict[str, Any]] = {}
    results["new"] = measure("new", new_dist(), args.sizes, args.loads, args.keys)
    if not args.no_old:
        print(f"building the old editor from {args.old_ref}…", file=sys.stderr, flush=True)
        with old_dist(args.old_ref, args.old_dist) as dist:
            results["old"] = measure("old", dist, args.sizes, args.loads, args.keys)
    load = os.getloadavg()
    print(
        f"## Editor benchmark (headless Chromium, {os.cpu_count()} cores, load average "
        f"{load[0]:.1f} at the end; other work may be running)\n"
    )
    print(report(results, args.loads))
    print("\n<!-- raw: " + json.dumps(results) + " -->")


if __name__ == "__main__":
    main()
