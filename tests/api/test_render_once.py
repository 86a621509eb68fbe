"""Diagrams and exports are drawn once for every worker (issue 10, item 8).

Two app instances on one database stand for two workers: each has its own per-process
cache and single flights, and they share only the database. ``dot`` is the real Graphviz
behind a wrapper (``TOC_DOT_BINARY``) that adds a line to a file when a run gets its
input, so the count is exact (``dot`` processes started ahead of time for the next call
wait for input and are not counted). For the concurrent requests the wrapper holds every
run until the test has seen all the other requests wait, so nothing depends on timing.
"""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from tests.conftest import BACKENDS, SMALL_DOC, Api, make_app
from toc_editor.rendering.runner import stop_standby

RENDER = "/api/v1/graphs/org/toc/render/"


@pytest.fixture(params=BACKENDS)
def workers(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., tuple[Flask, Flask, str]]]:
    """``workers(**config)``: two apps (workers) on one fresh database, with ``org/toc``
    public (4 nodes) and a second commit on it, and its owner's token."""
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    made: list[Flask] = []

    def make(**config: Any) -> tuple[Flask, Flask, str]:
        first = make_app(request.param, tmp_path, request, **config)
        second = make_app(request.param, tmp_path, request, **config)
        made.extend([first, second])
        api = Api(first.test_client())
        token = api.user("owner")
        api.org(token, "org")
        api.graph(token, "org", "toc", SMALL_DOC, visibility="public")
        r = api.commit(token, "org", "toc", [{"op": "remove_node", "id": "out"}])
        assert r.status_code == 201, r.get_json()
        return first, second, token

    yield make
    from toc_editor.storage.db import db

    for app in made:
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def counting_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., None]]:
    """``counting_dot(gated=False, body=None)``: the real ``dot`` behind a wrapper that
    counts runs in ``runs``; ``gated`` runs wait for the file ``open`` (at most 30 s);
    ``body`` replaces the real ``dot``."""
    real = shutil.which("dot") or "/usr/bin/dot"

    def install(gated: bool = False, body: str | None = None) -> None:
        script = tmp_path / "counting-dot"
        held = tmp_path / "in.$$"
        wait = (
            f"for i in $(seq 1500); do [ -e {tmp_path}/open ] && break; sleep 0.02; done\n"
            if gated
            else ""
        )
        script.write_text(
            f"#!/bin/sh\ncat > {held}\necho run >> {tmp_path}/runs\n{wait}"
            + (body or f'exec {real} "$@" < {held}')
            + "\n"
        )
        script.chmod(0o755)
        monkeypatch.setenv("TOC_DOT_BINARY", str(script))

    yield install
    (tmp_path / "open").touch()
    stop_standby()


def runs(tmp_path: Path) -> int:
    path = tmp_path / "runs"
    return len(path.read_text().splitlines()) if path.exists() else 0


def waiting(app: Flask) -> int:
    """Requests of this worker waiting for a render another request or worker makes."""
    shared = getattr(app.extensions["toc_cache"], "shared", None)
    return int(getattr(shared, "waiting", 0))


def base_commit(app: Flask) -> str:
    r = app.test_client().get("/api/v1/graphs/org/toc/commits")
    return str(r.get_json()[-1]["id"])


PICTURES = {
    "diagram": lambda app: f"{RENDER}main.svg",
    "png": lambda app: f"{RENDER}main.png?dpi=150",
    "layout": lambda app: f"{RENDER}main.json",
    "diff diagram": lambda app: (
        f"/api/v1/graphs/org/toc/compare/{base_commit(app)}...main/render.svg"
    ),
    "word report": lambda app: "/api/v1/graphs/org/toc/export/main.docx",
}


@pytest.mark.parametrize("what", sorted(PICTURES))
@pytest.mark.parametrize("shared", ["shared", "off"])
def test_what_one_worker_drew_the_other_serves_without_dot(
    workers: Any, counting_dot: Any, tmp_path: Path, what: str, shared: str
) -> None:
    first, second, _ = workers(**({"TOC_SHARED_CACHE_BYTES": 0} if shared == "off" else {}))
    counting_dot()
    path = PICTURES[what](first)
    drawn = first.test_client().get(path)
    assert drawn.status_code == 200, drawn.data[:300]
    once = runs(tmp_path)
    assert once >= 1
    served = second.test_client().get(path)
    assert served.status_code == 200 and served.headers["ETag"] == drawn.headers["ETag"]
    if shared == "off":  # each worker draws its own: the count can tell
        assert runs(tmp_path) == 2 * once
        return
    assert served.data == drawn.data
    assert runs(tmp_path) == once
    second.extensions["toc_cache"].shared.clear()  # the hit filled the worker's own level
    assert second.test_client().get(path).data == drawn.data
    assert runs(tmp_path) == once


def test_a_failed_render_is_the_same_failure_on_every_worker_without_dot(
    workers: Any, counting_dot: Any, tmp_path: Path
) -> None:
    first, second, _ = workers()
    counting_dot(body="echo 'Error: syntax error in line 1' >&2; exit 3")
    failed = first.test_client().get(f"{RENDER}main.svg")
    assert failed.status_code == 502, failed.get_json()
    assert runs(tmp_path) == 1
    again = second.test_client().get(f"{RENDER}main.svg")
    assert again.status_code == 502 and again.get_json() == failed.get_json()
    assert runs(tmp_path) == 1


@pytest.mark.parametrize(
    ("queue", "answers"),
    [(2, [200] * 8), (1, [200] * 6 + [503] * 2)],
    ids=["room-for-4-per-worker", "room-for-3-per-worker"],
)
@pytest.mark.parametrize("who", ["signed in", "anonymous"])
def test_eight_concurrent_requests_on_two_workers_start_dot_once(
    workers: Any, counting_dot: Any, tmp_path: Path, who: str, queue: int, answers: list[int]
) -> None:
    """4 requests on each worker. Drawing and waiting hold a thread, so a worker lets
    ``TOC_RENDER_CONCURRENCY`` (2) + ``TOC_RENDER_QUEUE`` of them do either at once and
    refuses the next at once (503), keeping its other threads free; only one draws."""
    # an anonymous address may cause one uncached render a minute: only the maker counts
    first, second, token = workers(TOC_RENDER_LIMIT="1 per minute", TOC_RENDER_QUEUE=queue)
    headers = {"Authorization": f"Bearer {token}"} if who == "signed in" else {}
    counting_dot(gated=True)
    results: list[tuple[int, bytes]] = []
    lock = threading.Lock()

    def get(app: Flask) -> None:
        r = app.test_client().get(f"{RENDER}main.svg", headers=headers)
        with lock:
            results.append((r.status_code, r.data))

    threads = [threading.Thread(target=get, args=((first, second)[i % 2],)) for i in range(8)]
    try:
        for t in threads:
            t.start()
        deadline = time.monotonic() + 60  # until dot runs and the 7 others wait or are refused
        while time.monotonic() < deadline:
            if runs(tmp_path) >= 2 or (
                runs(tmp_path) == 1 and waiting(first) + waiting(second) + len(results) == 7
            ):
                break
            time.sleep(0.02)
    finally:
        (tmp_path / "open").touch()
        for t in threads:
            t.join(60)
    statuses = sorted(status for status, _ in results)
    assert runs(tmp_path) == 1, statuses
    assert statuses == answers
    drawn = {body for status, body in results if status == 200}
    assert len(drawn) == 1 and b"<svg" in next(iter(drawn))[:100]
    for app in (first, second, first, second):  # later requests: from the cache
        r = app.test_client().get(f"{RENDER}main.svg", headers=headers)
        assert r.status_code == 200 and r.data in drawn
    assert runs(tmp_path) == 1
