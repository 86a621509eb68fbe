"""Browser tests: a real server on a free port with a temporary SQLite database, and Debian's
Chromium driven by Playwright. Nothing is built here: the Makefile builds frontend/dist first.

Set TOC_E2E_BASE_URL to run against a server that is already running instead.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM = os.environ.get("TOC_E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes] | None, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"the server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/api/v1/health", timeout=2) as r:
                if r.status == 200:
                    return
        except Exception as exc:
            last = exc
        time.sleep(0.3)
    raise RuntimeError(f"the server did not become healthy at {url}: {last}")


@pytest.fixture(scope="session")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    external = os.environ.get("TOC_E2E_BASE_URL")
    if external:
        _wait_healthy(external.rstrip("/"), None, timeout=10)
        yield external.rstrip("/")
        return
    dist = Path(os.environ.get("TOC_FRONTEND_DIST") or ROOT / "frontend" / "dist")
    if not (dist / "index.html").exists():
        pytest.fail(
            "frontend/dist is missing: build the front end first "
            "(cd frontend && npm ci && npm run build)"
        )
    with pytest.MonkeyPatch.context() as mp:
        # The suite signs up well over the default 50 accounts a day from one address.
        mp.setenv("TOC_SIGNUP_LIMIT", "1000 per day")
        with running_server(tmp_path_factory.mktemp("e2e-server")) as url:
            yield url


@contextmanager
def running_server(
    workdir: Path,
    database_url: str | None = None,
    workers: int | None = None,
    threads: int | None = None,
    *,
    prepare: bool = True,
) -> Iterator[str]:
    """The real app (init-db, seed, serve) on a free port with its SQLite database in
    ``workdir`` (or at ``database_url``), with ``serve``'s default workers and threads
    unless given; yields its base URL and stops it afterwards. The benchmarks use it too.

    ``prepare=False`` skips init-db and seed: a second server process on a database that
    another ``running_server`` prepared (PostgreSQL; give each its own ``workdir``).
    """
    env = {
        **os.environ,
        "DATABASE_URL": database_url or f"sqlite:///{workdir / 'e2e.sqlite3'}",
        "TOC_SECRET_KEY": "e2e-secret-key-not-for-production",
        "TOC_INSTANCE_PATH": str(workdir / "instance"),
    }
    with open(workdir / "server.log", "wb") as log:
        for cmd in ("init-db", "seed") if prepare else ():
            subprocess.run(
                [sys.executable, "-m", "toc_editor.cli", cmd],
                cwd=ROOT, env=env, check=True, stdout=log, stderr=log, timeout=180,
            )  # fmt: skip
        port = _free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "toc_editor.cli", "serve",
             "--host", "127.0.0.1", "--port", str(port),
             *(["--workers", str(workers)] if workers else []),
             *(["--threads", str(threads)] if threads else [])],
            cwd=ROOT, env=env, stdout=log, stderr=log,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(url, proc)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)
    if os.environ.get("TOC_E2E_SHOW_LOG"):
        sys.stderr.write((workdir / "server.log").read_text(errors="replace")[-5000:])


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def new_context(browser, base_url):  # type: ignore[no-untyped-def]
    """Make isolated browser sessions (one per user); all are closed after the test."""
    contexts = []

    def make():  # type: ignore[no-untyped-def]
        ctx = browser.new_context(
            base_url=base_url, viewport={"width": 1280, "height": 800}, accept_downloads=True
        )
        ctx.set_default_timeout(15_000)
        contexts.append(ctx)
        return ctx

    yield make
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="session")
def shots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
