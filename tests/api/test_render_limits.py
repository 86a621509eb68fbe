"""Renders nobody has cached yet cannot stall a worker (issue 9, item 15).

``dpi`` takes a few values (others are rounded), a failed or timed-out render is
remembered for a while, anonymous clients get a budget of uncached renders, and each
worker runs at most ``TOC_RENDER_CONCURRENCY`` ``dot`` processes with a short queue:
beyond it a 503 with ``Retry-After`` while other reads go on. Fake ``dot`` programs
(``TOC_DOT_BINARY``) count their runs in a file and, for the queue, wait until the test
lets them finish, so nothing here depends on timings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from toc_editor.rendering.runner import stop_standby

RENDER = "/graphs/org/toc/render/"


@pytest.fixture
def owner(api: Any, small_doc: dict[str, Any]) -> str:
    """The owner's token; ``org/toc`` is public, so anonymous clients may render it."""
    token = api.user("owner")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc, visibility="public")
    return token


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """``make(body)``: a ``dot`` that reads its input, adds a line to ``runs``, then runs
    the shell ``body``; it becomes ``TOC_DOT_BINARY``. Waiting ones are stopped after."""

    def make(body: str) -> Path:
        script = tmp_path / "fake-dot"
        script.write_text(f"#!/bin/sh\ncat >/dev/null\necho run >> {tmp_path}/runs\n{body}\n")
        script.chmod(0o755)
        monkeypatch.setenv("TOC_DOT_BINARY", str(script))
        return script

    yield make
    stop_standby()  # the fake dots started ahead of time for the next call


def runs(tmp_path: Path) -> int:
    """How many times a fake ``dot`` got its input."""
    path = tmp_path / "runs"
    return len(path.read_text().splitlines()) if path.exists() else 0


def assert_error(r: Any, status: int) -> dict[str, Any]:
    body: dict[str, Any] = r.get_json()
    assert r.status_code == status, body
    assert {"code", "status", "message"} <= set(body) and body["code"] == status
    return body


# -- dpi --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "drawn"),
    [(36, 72), (71, 72), (100, 96), (123, 96), (124, 150), (250, 300), (451, 600)],
)
def test_dpi_is_rounded_to_the_nearest_step_and_shares_its_cached_picture(
    api: Any, owner: str, asked: int, drawn: int
) -> None:
    r = api.get(f"{RENDER}main.png?dpi={asked}")
    assert r.status_code == 200 and r.data.startswith(b"\x89PNG")
    same = api.get(f"{RENDER}main.png?dpi={drawn}")
    assert same.headers["ETag"] == r.headers["ETag"] and same.data == r.data


@pytest.mark.parametrize("dpi", ["35", "601", "0", "-96", "100000"])
def test_dpi_out_of_range_is_422_naming_the_field_and_the_steps(
    api: Any, owner: str, dpi: str
) -> None:
    body = assert_error(api.get(f"{RENDER}main.png?dpi={dpi}"), 422)
    assert "dpi" in body["errors"]["query"]
    assert "72, 96, 150, 300, 600" in body["message"], body


# -- failed renders are remembered ----------------------------------------------------------


@pytest.mark.parametrize(
    ("program", "status"),
    [("exec sleep 30", 504), ("echo 'Error: syntax' >&2; exit 3", 502)],
    ids=["timed-out", "failed"],
)
def test_a_failed_render_is_not_run_again_within_the_window(
    app: Any, api: Any, owner: str, fake_dot: Any, tmp_path: Path, program: str, status: int
) -> None:
    # Only the timed-out case needs a short timeout: a failing `dot` given 0.5 s timed out
    # instead on a loaded machine (a 504 where the test wanted the 502).
    timeout = 0.5 if status == 504 else 30
    app.config.update(TOC_RENDER_TIMEOUT=timeout, TOC_RENDER_FAILURE_SECONDS=3)
    fake_dot(program)
    steps = [  # (request, dot runs so far)
        ("main.svg", 1),
        ("main.svg", 1),  # remembered: the same answer, no dot
        ("main.svg?dpi=300", 1),  # dpi is no option of an SVG: the same key
        ("main.svg?theme=print", 2),  # another picture: drawn
        ("main.svg?theme=print", 2),
    ]
    first = None
    for path, expected in steps:
        body = assert_error(api.get(RENDER + path), status)
        first = first or body["message"]
        assert runs(tmp_path) == expected, path
    assert body["message"] == first
    time.sleep(3.2)  # the window has passed: tried again
    assert_error(api.get(RENDER + "main.svg"), status)
    assert runs(tmp_path) == 3


# -- uncached renders per anonymous client --------------------------------------------------


def test_uncached_renders_are_limited_per_client_and_cached_ones_never_count(
    app: Any, api: Any, owner: str
) -> None:
    app.config["TOC_RENDER_LIMIT"] = "3 per minute"
    steps = [  # (anonymous request, status)
        ("main.png?dpi=72", 200),  # 1
        ("main.png?dpi=72", 200),  # cached: not counted
        ("main.svg", 200),  # 2
        ("main.svg", 200),
        ("main.dot", 200),  # DOT text: no dot run, not counted
        ("main.png?dpi=80", 200),  # drawn at 72: cached
        ("main.json", 200),  # 3
        ("main.pdf", 429),  # a 4th uncached render in the minute
        ("main.png?dpi=300", 429),
        ("main.png?dpi=72", 200),  # cached pictures still come
        ("main.json", 200),
    ]
    for path, status in steps:
        r = api.get(RENDER + path)
        assert r.status_code == status, (path, r.get_json() if r.is_json else r.status)
        if status == 429:
            body = assert_error(r, 429)
            assert int(r.headers["Retry-After"]) >= 1, body
            assert "Retry-After" in body["message"]
    # a signed-in client is not counted against the address
    assert api.get(RENDER + "main.pdf", token=owner).status_code == 200


# -- dot processes per worker ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("wait", "others"),
    [(30.0, [200, 503, 503]), (0.2, [503, 503, 503])],
    ids=["one-waits-for-the-slot", "the-wait-runs-out"],
)
def test_renders_beyond_the_slots_and_the_queue_get_503_while_reads_go_on(
    app: Any,
    api: Any,
    owner: str,
    fake_dot: Any,
    tmp_path: Path,
    wait: float,
    others: list[int],
) -> None:
    app.config.update(TOC_RENDER_CONCURRENCY=1, TOC_RENDER_QUEUE=1, TOC_RENDER_WAIT=wait)
    release = tmp_path / "release"
    fake_dot(f"for i in $(seq 400); do [ -e {release} ] && break; sleep 0.05; done\nprintf 'PNG'")
    results: dict[int, Any] = {}

    def render(dpi: int) -> None:
        r = app.test_client().get(
            f"/api/v1{RENDER}main.png?dpi={dpi}", headers={"Authorization": f"Bearer {owner}"}
        )
        results[dpi] = (r.status_code, r.headers.get("Retry-After"), r.get_json(silent=True))

    def started(target: int, seconds: float = 15) -> bool:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if len(results) >= target:
                return True
            time.sleep(0.02)
        return False

    first = threading.Thread(target=render, args=(72,))
    threads = [threading.Thread(target=render, args=(dpi,)) for dpi in (96, 150, 300)]
    try:
        first.start()
        deadline = time.monotonic() + 15
        while runs(tmp_path) < 1 and time.monotonic() < deadline:  # dot holds the slot
            time.sleep(0.02)
        assert runs(tmp_path) == 1
        for t in threads:
            t.start()
        assert started(others.count(503)), results  # refused without waiting for dot
        tree = api.get("/graphs/org/toc/tree/main")  # while dot still holds the slot
        assert tree.status_code == 200 and len(tree.get_json()["nodes"]) == 4
        assert runs(tmp_path) == 1 and 72 not in results
    finally:
        release.touch()
        for t in [first, *threads]:
            t.join(30)
    assert results[72][0] == 200
    assert sorted(results[dpi][0] for dpi in (96, 150, 300)) == others
    for status, retry_after, body in (results[dpi] for dpi in (96, 150, 300)):
        if status == 503:
            assert int(retry_after) >= 1 and body["code"] == 503, body
            assert "Retry-After" in body["message"], body
    assert runs(tmp_path) == 1 + others.count(200)
