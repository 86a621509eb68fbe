"""Every screen at 1440x900 and 390x844: a screenshot to look at (test-artifacts/screenshots/
screens-*.png) and axe-core with no critical or serious violation, signed out and signed in.

The data each screen needs (a ToC with arrows, a branch whose change conflicts with main, a
fork with a proposal to its original) is made through the API with the page's own session;
the test is about what the screens show, so it visits them by their addresses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    DESKTOP,
    PHONE,
    api,
    axe_violations,
    commit,
    edge,
    new_toc,
    node,
    open_tab,
    select,
    server_nodes,
    sign_up,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
UPSTREAM = ("youth-outcomes-network", "youth-outcomes")


DOCUMENT = {
    "nodes": [
        node("a1", "activity", "Weekly coaching sessions"),
        node("o1", "output", "Young people complete the course"),
        node(
            "c1",
            "outcome",
            "Young people feel ready for work",
            horizon="short",
            indicators=[{"id": "i1", "name": "Share who feel ready", "unit": "%", "target": 70}],
        ),
        node("m1", "impact", "Young people are in decent work"),
    ],
    "edges": [edge("e1", "a1", "o1"), edge("e2", "o1", "c1"), edge("e3", "c1", "m1")],
}


def _setup(page: Page) -> dict[str, str]:
    """An organisation with a ToC, a conflicting branch, and a fork with a proposal."""
    sign_up(page, "screens-ana")
    org, graph = "screens-org", "ready-for-work"
    new_toc(
        page, org, graph, DOCUMENT["nodes"], DOCUMENT["edges"],
        org_name="Screens Youth Trust", title="Ready for work", visibility="public",
    )  # fmt: skip
    head = api(page, "GET", f"/graphs/{org}/{graph}/branches/main")["head"]
    api(page, "POST", f"/graphs/{org}/{graph}/branches", {"name": "draft", "from": head})
    for branch, label in (("draft", "Young people finish the course"),
                          ("main", "Young people attend 10 sessions")):  # fmt: skip
        ops = [{"op": "update_node", "id": "o1", "set": {"label": label}}]
        commit(page, org, graph, ops, branch, "Screens test")
    fork = api(page, "POST", f"/graphs/{UPSTREAM[0]}/{UPSTREAM[1]}/forks", {"org": org})
    fslug = fork["slug"]
    nodes = server_nodes(page, org, fslug).values()
    first = next(n for n in nodes if n["kind"] == "outcome")
    ops = [
        {"op": "update_node", "id": first["id"], "set": {"description": "Measured at 6 months."}}
    ]
    commit(page, org, fslug, ops, message="Screens test")
    proposal = api(
        page,
        "POST",
        f"/graphs/{UPSTREAM[0]}/{UPSTREAM[1]}/proposals",
        {
            "source": f"{org}/{fslug}:main",
            "title": "Say when we measure",
            "description": "At six months.",
        },
    )
    return {"org": org, "graph": graph, "proposal": str(proposal["number"]), "head": head}


def _settle(page: Page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # let the last frame paint before the screenshot


def _look(page: Page, shots: Path, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    _settle(page)
    page.screenshot(path=str(shots / f"screens-{name}.png"))
    problems = axe_violations(page)
    if problems:
        found[name] = problems


def _editor_screens(page: Page, d: dict[str, str]) -> list[tuple[str, str, Any]]:
    base = f"/{d['org']}/{d['graph']}"

    def select_arrow() -> None:
        assert page.evaluate(
            "() => window.tocEditor.selectEdgeByLabels('Weekly coaching sessions', "
            "'Young people attend 10 sessions')"
        )

    return [
        ("editor-box", base, lambda: select(page, "Young people feel ready for work")),
        ("editor-arrow", base, select_arrow),
        ("panel-checks", base, lambda: open_tab(page, "checks")),
        ("panel-history", f"{base}/history", None),
        ("panel-collab", base, lambda: open_tab(page, "collab")),
        ("panel-sector", base, lambda: open_tab(page, "sector")),
        ("outline", f"{base}/outline", None),
        ("compare", f"{base}/compare/{d['head']}...main", None),
        ("merge", f"{base}/merge?source=draft&target=main", None),
        ("proposal", f"/{UPSTREAM[0]}/{UPSTREAM[1]}/proposals/{d['proposal']}", None),
    ]


def test_every_screen_has_no_serious_axe_violation(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    setup_page = new_context().new_page()
    d = _setup(setup_page)
    found: dict[str, list[dict[str, Any]]] = {}
    for vp_name, size in VIEWPORTS.items():
        anon = new_context().new_page()
        anon.set_viewport_size(size)
        for name, path in [
            ("landing", "/"),
            ("signin", "/signin"),
            ("signup", "/signup"),
            ("explore", "/explore"),
            ("public-toc-anonymous", f"/{d['org']}/{d['graph']}"),
        ]:
            anon.goto(path)
            expect(anon.locator("h1").first).to_be_visible()
            _look(anon, shots, f"{name}-{vp_name}", found)

        page = setup_page
        page.set_viewport_size(size)
        for name, path in [
            ("home", "/"),
            ("organisation", f"/{d['org']}"),
            ("members", f"/{d['org']}/members"),
            ("account", "/account"),
        ]:
            page.goto(path)
            expect(page.locator("h1").first).to_be_visible()
            _look(page, shots, f"{name}-{vp_name}", found)
        for name, path, act in _editor_screens(page, d):
            page.goto(path)
            expect(page.locator("h1").first).to_be_visible()
            if act:
                _settle(page)
                act()
            _look(page, shots, f"{name}-{vp_name}", found)
    assert not found, "axe found critical or serious problems:\n" + "\n".join(
        f"{screen}: {v['id']} ({v['impact']}) {v['help']} at {v['nodes']}"
        for screen, vs in found.items()
        for v in vs
    )
