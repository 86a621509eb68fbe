"""After the server restarts, two open editors reconnect by themselves and carry on: an
edit made while it was down is saved, reaches the colleague without a reload, and
nothing either of them did is lost (issue 12).

This test runs its own server (the shared one must not restart under other tests), on a
fixed port so the browsers' live streams reconnect to the same address.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from .conftest import ROOT, _free_port, _wait_healthy
from .helpers import (
    api,
    box,
    edge,
    new_toc,
    node,
    open_editor,
    rename,
    server_nodes,
    shot,
    signed_up,
    wait_label,
    wait_saved,
)

pytestmark = pytest.mark.browser


class Restartable:
    """``toc-editor serve`` on one port, stopped and started again at will."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{workdir / 'restart.sqlite3'}",
            "TOC_SECRET_KEY": "e2e-secret-key-not-for-production",
            "TOC_INSTANCE_PATH": str(workdir / "instance"),
        }
        self.log = open(workdir / "server.log", "ab")  # noqa: SIM115 - closed in stop_for_good
        self.proc: subprocess.Popen[bytes] | None = None
        init = [sys.executable, "-m", "toc_editor.cli", "init-db"]
        subprocess.run(init, cwd=ROOT, env=self.env, check=True, stdout=self.log,
                       stderr=self.log, timeout=180)  # fmt: skip

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "toc_editor.cli", "serve", "--port", str(self.port)],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log,
        )  # fmt: skip
        _wait_healthy(self.url, self.proc)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=15)
            self.proc = None

    def stop_for_good(self) -> None:
        self.stop()
        self.log.close()


def live(page: Page) -> Locator:
    return page.get_by_test_id("live-status")


@contextmanager
def restartable(workdir: Path) -> Iterator[Restartable]:
    server = Restartable(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop_for_good()


def test_editors_reconnect_after_a_restart_and_nothing_is_lost(
    browser, tmp_path, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    with restartable(tmp_path) as server:
        contexts = [
            browser.new_context(base_url=server.url, viewport={"width": 1280, "height": 800})
            for _ in range(2)
        ]
        try:
            ana, ben = (c.new_page() for c in contexts)
            signed_up(ana, "restart-ana")
            signed_up(ben, "restart-ben")
            new_toc(ana, "restart-org", "plan", [
                node("a1", "activity", "Weekly coaching"),
                node("c1", "outcome", "Young people feel ready"),
            ], [edge("e1", "a1", "c1")])  # fmt: skip
            api(ana, "POST", "/orgs/restart-org/members", {"user": "restart-ben", "role": "editor"})
            for page in (ana, ben):
                open_editor(page, "restart-org", "plan")
                page.evaluate("window.__sameDocument = true")
                expect(live(page)).to_have_attribute("data-state", "live")
            rename(ben, "Weekly coaching", "Weekly coaching, live")
            wait_label(ana, "Weekly coaching, live")  # live before the restart

            server.stop()
            expect(live(ana)).not_to_have_attribute("data-state", "live")
            rename(ana, "Young people feel ready", "Young people feel ready for work")
            server.start()
            for page in (ana, ben):  # back on the live channel (polling stops), by itself
                expect(live(page)).to_have_attribute("data-state", "live", timeout=30_000)

            wait_saved(ana, timeout=40_000)  # the edit made while the server was down
            wait_label(ben, "Young people feel ready for work", timeout=40_000)
            rename(ben, "Weekly coaching, live", "Coaching every week")
            wait_label(ana, "Coaching every week", timeout=20_000)
            expect(box(ana, "Coaching every week")).to_be_visible()
            shot(ana, shots, "live-restart-ana")
            for page in (ana, ben):  # no page was reloaded to get there
                assert page.evaluate("window.__sameDocument === true")
            labels = {n["label"] for n in server_nodes(ana, "restart-org", "plan").values()}
            assert labels == {"Coaching every week", "Young people feel ready for work"}
        finally:
            for c in contexts:
                c.close()
