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

from .helpers import axe_violations, sign_up

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1440, "height": 900}, "phone": {"width": 390, "height": 844}}
UPSTREAM = ("youth-outcomes-network", "youth-outcomes")


def api(page: Page, method: str, path: str, data: Any = None) -> Any:
    token = page.request.get("/api/v1/session").json()["csrf_token"]
    r = page.request.fetch(
        f"/api/v1{path}", method=method, data=data, headers={"X-CSRF-Token": token}
    )
    assert r.ok, f"{method} {path}: {r.status} {r.text()}"
    return r.json() if r.status != 204 else None


def _node(nid: str, kind: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"id": nid, "kind": kind, "label": label, **extra}


def _edge(eid: str, source: str, target: str) -> dict[str, Any]:
    return {"id": eid, "source": source, "target": target}


DOCUMENT = {
    "nodes": [
        _node("a1", "activity", "Weekly coaching sessions"),
        _node("o1", "output", "Young people complete the course"),
        _node(
            "c1",
            "outcome",
            "Young people feel ready for work",
            horizon="short",
            indicators=[{"id": "i1", "name": "Share who feel ready", "unit": "%", "target": 70}],
        ),
        _node("m1", "impact", "Young people are in decent work"),
    ],
    "edges": [_edge("e1", "a1", "o1"), _edge("e2", "o1", "c1"), _edge("e3", "c1", "m1")],
}


def _commit(page: Page, org: str, graph: str, branch: str, ops: list[dict[str, Any]]) -> None:
    head = api(page, "GET", f"/graphs/{org}/{graph}/branches/{branch}")["head"]
    api(
        page,
        "POST",
        f"/graphs/{org}/{graph}/branches/{branch}/commits",
        {"base": head, "message": "Screens test", "ops": ops},
    )


def _setup(page: Page) -> dict[str, str]:
    """An organisation with a ToC, a conflicting branch, and a fork with a proposal."""
    sign_up(page, "screens-ana")
    org, graph = "screens-org", "ready-for-work"
    api(page, "POST", "/orgs", {"slug": org, "name": "Screens Youth Trust"})
    api(
        page,
        "POST",
        f"/orgs/{org}/graphs",
        {"slug": graph, "title": "Ready for work", "visibility": "public", "document": DOCUMENT},
    )
    head = api(page, "GET", f"/graphs/{org}/{graph}/branches/main")["head"]
    api(page, "POST", f"/graphs/{org}/{graph}/branches", {"name": "draft", "from": head})
    _commit(page, org, graph, "draft", [{"op": "update_node", "id": "o1", "set": {"label": "Young people finish the course"}}])
    _commit(page, org, graph, "main", [{"op": "update_node", "id": "o1", "set": {"label": "Young people attend 10 sessions"}}])
    fork = api(page, "POST", f"/graphs/{UPSTREAM[0]}/{UPSTREAM[1]}/forks", {"org": org})
    fslug = fork["slug"]
    tree = api(page, "GET", f"/graphs/{org}/{fslug}/tree/main")
    nodes = tree["nodes"].values() if isinstance(tree["nodes"], dict) else tree["nodes"]
    first = next(n for n in nodes if n["kind"] == "outcome")
    _commit(page, org, fslug, "main", [{"op": "update_node", "id": first["id"], "set": {"description": "Measured at 6 months."}}])
    proposal = api(
        page,
        "POST",
        f"/graphs/{UPSTREAM[0]}/{UPSTREAM[1]}/proposals",
        {"source": f"{org}/{fslug}:main", "title": "Say when we measure", "description": "At six months."},
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

    def select_box() -> None:
        assert page.evaluate("() => window.tocEditor.selectByLabel('Young people feel ready for work')")
        expect(page.get_by_test_id("field-label")).to_have_value("Young people feel ready for work")

    def select_arrow() -> None:
        assert page.evaluate(
            "() => window.tocEditor.selectEdgeByLabels('Weekly coaching sessions', "
            "'Young people attend 10 sessions')"
        )

    def tab(name: str):  # type: ignore[no-untyped-def]
        def open_it() -> None:
            page.get_by_test_id(f"tab-{name}").click()
            expect(page.get_by_test_id(f"tab-{name}")).to_have_attribute("aria-selected", "true")

        return open_it

    return [
        ("editor-box", base, select_box),
        ("editor-arrow", base, select_arrow),
        ("panel-checks", base, tab("checks")),
        ("panel-history", f"{base}/history", None),
        ("panel-collab", base, tab("collab")),
        ("panel-sector", base, tab("sector")),
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
