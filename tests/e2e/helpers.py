"""Steps a person takes in the editor, written once for the browser tests."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Locator, Page, ViewportSize, expect

SAVED = "All changes saved"
PASSWORD = "correct horse battery"
PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1440, "height": 900}
NewContext = Callable[[], BrowserContext]


def shot(page: Page, shots: Path, name: str) -> None:
    """Save a screenshot of what the page shows now as ``shots/name.png``."""
    page.screenshot(path=str(shots / f"{name}.png"), full_page=False)


def sign_up(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign up through the app's form, as a person would."""
    page.goto("/signup")
    page.get_by_test_id("signup-username").fill(username)
    page.get_by_test_id("signup-email").fill(f"{username}@example.org")
    page.get_by_test_id("signup-password").fill(password)
    page.get_by_test_id("signup-submit").click()
    expect(page.get_by_test_id("current-user")).to_have_text(username)


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the app's form."""
    page.goto("/signin")
    page.get_by_test_id("signin-username").fill(username)
    page.get_by_test_id("signin-password").fill(password)
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("current-user")).to_have_text(username)


def create_org(page: Page, name: str, slug: str) -> None:
    page.goto("/")
    page.get_by_test_id("org-name").fill(name)
    page.get_by_test_id("org-slug").fill(slug)
    page.get_by_test_id("create-org-submit").click()
    expect(page.get_by_test_id("org-title")).to_have_text(name)


def open_editor(page: Page, org: str, graph: str, query: str = "") -> None:
    """Open the editor at its address: ``query`` may be ``?ref=branch`` or a sub-path."""
    page.goto(f"/{org}/{graph}{query}")
    expect(page.get_by_test_id("editor")).to_be_visible()


def wait_saved(page: Page, timeout: float = 20_000) -> None:
    expect(page.get_by_test_id("save-status")).to_have_text(SAVED, timeout=timeout)


def box(page: Page, label: str) -> Locator:
    """The diagram's box with this label."""
    return page.locator(f'[data-testid="node"][data-label="{label}"]')


def doc(page: Page) -> dict[str, Any]:
    return page.evaluate("() => window.tocEditor.doc()")


def node_by_label(page: Page, label: str) -> dict[str, Any] | None:
    for n in doc(page)["nodes"].values():
        if n["label"] == label:
            return n
    return None


def node_id(page: Page, label: str) -> str:
    n = node_by_label(page, label)
    assert n is not None, f"no box labelled {label!r}"
    return str(n["id"])


def select(page: Page, label: str) -> None:
    assert page.evaluate("(l) => window.tocEditor.selectByLabel(l)", label), (
        f"no box labelled {label!r}"
    )
    expect(page.get_by_test_id("field-label")).to_have_value(label)


def add_node(page: Page, kind: str, label: str, *, by_key: str | None = None) -> str:
    before = len(doc(page)["nodes"])
    if by_key:
        page.get_by_test_id("canvas").focus()
        page.keyboard.press(by_key)
    else:
        page.get_by_test_id(f"add-{kind}").click()
    field = page.get_by_test_id("field-label")
    expect(field).to_be_focused()
    field.fill(label)
    field.press("Enter")
    expect(page.get_by_test_id("field-label")).to_have_value(label)
    assert len(doc(page)["nodes"]) == before + 1
    return node_id(page, label)


def rename(page: Page, old: str, new: str) -> None:
    select(page, old)
    field = page.get_by_test_id("field-label")
    field.fill(new)
    field.press("Enter")
    expect(page.get_by_test_id("field-label")).to_have_value(new)


def connect(page: Page, source: str, target: str) -> None:
    """Connect with the keyboard-accessible control in the inspector."""
    select(page, source)
    target_id = node_id(page, target)
    page.get_by_test_id("connect-target").select_option(target_id)
    page.get_by_test_id("connect-add").click()
    assert has_edge(page, source, target)


def drag_connect(page: Page, source: str, target: str) -> None:
    """Connect by dragging from the source box's handle to the target box (xyflow)."""
    page.get_by_test_id("fit").click()  # both boxes on screen, as a person would
    page.wait_for_timeout(300)  # the fit glides for 200 ms before the boxes are where they go
    drag_from_handle(page, source, target)


def drag_from_handle(page: Page, source: str, target: str) -> None:
    """Click the source box, then drag from its connect handle to the middle of the target box."""
    box(page, source).click()
    handle = box(page, source).locator(".toc-handle")
    expect(handle).to_be_visible()
    hb = handle.bounding_box()
    tb = box(page, target).bounding_box()
    assert hb and tb
    tx, ty = tb["x"] + tb["width"] / 2, tb["y"] + tb["height"] / 2
    page.mouse.move(hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2)
    page.mouse.down()
    page.mouse.move((hb["x"] + tx) / 2, (hb["y"] + ty) / 2, steps=6)
    page.mouse.move(tx, ty, steps=6)
    page.mouse.up()


def has_edge(page: Page, source: str, target: str) -> bool:
    d = doc(page)
    s, t = node_id(page, source), node_id(page, target)
    return any(e["source"] == s and e["target"] == t for e in d["edges"].values())


def findings_about(page: Page, nid: str) -> int:
    return page.locator(f'[data-testid="finding"][data-nodes~="{nid}"]').count()


def open_tab(page: Page, name: str) -> None:
    page.get_by_test_id(f"tab-{name}").click()
    expect(page.get_by_test_id(f"tab-{name}")).to_have_attribute("aria-selected", "true")


def download(page: Page, testid: str, dest: Path) -> bytes:
    page.get_by_test_id("export-open").click()
    with page.expect_download() as info:
        page.get_by_test_id(testid).click()
    path = dest / info.value.suggested_filename
    info.value.save_as(path)
    return path.read_bytes()


def slug_of(url: str) -> tuple[str, str]:
    m = re.search(r"^https?://[^/]+/([^/?#]+)/([^/?#]+)", url)
    assert m, url
    return m.group(1), m.group(2)


def wait_label(page: Page, label: str, timeout: float = 15_000) -> None:
    """Wait until the editor shows a box with this label (after someone else's commit, say),
    waiting through a navigation too, while no editor is on the page."""
    page.wait_for_function(
        "(l) => !!window.tocEditor && "
        "Object.values(window.tocEditor.doc().nodes).some((n) => n.label === l)",
        arg=label,
        timeout=timeout,
    )


AXE_JS = Path(__file__).resolve().parents[2] / "frontend/node_modules/axe-core/axe.min.js"


def axe_violations(
    page: Page, impacts: tuple[str, ...] = ("critical", "serious"), within: str | None = None
) -> list[dict[str, Any]]:
    """axe-core's violations on the page as it is now (or inside the element the CSS selector
    ``within`` picks), of these impacts: each with its rule, impact, help text and the first
    offending elements. The app's CSP refuses inline scripts, so axe is evaluated through the
    DevTools protocol (``page.evaluate``), which CSP does not govern, rather than a script tag.
    ``assert not axe_violations(page)`` is the usual check."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;void 0")
    result = page.evaluate(
        "(sel) => window.axe.run(sel ? document.querySelector(sel) : document, "
        "{resultTypes: ['violations']})",
        within,
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in result["violations"]
        if v["impact"] in impacts
    ]


# -- setup and read-back through the API, with the page's own session -----------------------------


def api(page: Page, method: str, path: str, data: Any = None) -> Any:
    """Call ``/api/v1{path}`` with the page's cookie and CSRF token; assert it succeeded."""
    token = page.request.get("/api/v1/session").json().get("csrf_token", "")
    r = page.request.fetch(
        f"/api/v1{path}", method=method, data=data, headers={"X-CSRF-Token": token}
    )
    assert r.ok, f"{method} {path}: {r.status} {r.text()}"
    return r.json() if r.status != 204 else None


def signed_up(page: Page, username: str) -> None:
    """A new account made through the API and signed in (the page's context gets the cookie)."""
    r = page.request.post(
        "/api/v1/users",
        data={"username": username, "email": f"{username}@example.org", "password": PASSWORD},
    )
    assert r.ok, r.text()
    r = page.request.post("/api/v1/session", data={"username": username, "password": PASSWORD})
    assert r.ok, r.text()


def new_person(
    new_context: NewContext, username: str, viewport: ViewportSize | None = None
) -> Page:
    """A page in a browser session of its own, signed up as ``username`` through the API."""
    page = new_context().new_page()
    if viewport:
        page.set_viewport_size(viewport)
    signed_up(page, username)
    return page


def node(nid: str, kind: str, label: str, **extra: Any) -> dict[str, Any]:
    """A box as the API takes it."""
    return {"id": nid, "kind": kind, "label": label, **extra}


def edge(eid: str, source: str, target: str, **extra: Any) -> dict[str, Any]:
    """An arrow as the API takes it."""
    return {"id": eid, "source": source, "target": target, **extra}


def new_toc(
    page: Page,
    org: str,
    graph: str,
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]] | None = None,
    *,
    org_name: str | None = None,
    title: str | None = None,
    **extra: Any,
) -> None:
    """The organisation (made unless it exists) and a ToC in it with these boxes and arrows."""
    if not page.request.get(f"/api/v1/orgs/{org}").ok:
        api(page, "POST", "/orgs", {"slug": org, "name": org_name or org.replace("-", " ").title()})
    api(page, "POST", f"/orgs/{org}/graphs", {
        "slug": graph, "title": title or graph.replace("-", " ").capitalize(),
        "document": {"nodes": nodes, "edges": edges or []}, **extra,
    })  # fmt: skip


def commit(
    page: Page,
    org: str,
    graph: str,
    ops: list[dict[str, Any]],
    branch: str = "main",
    message: str = "An edit",
) -> dict[str, Any]:
    """Commit these ops on the branch's head as the server has it now (a colleague's edit)."""
    head = api(page, "GET", f"/graphs/{org}/{graph}/branches/{branch}")["head"]
    body = {"base": head, "message": message, "ops": ops}
    made: dict[str, Any] = api(
        page, "POST", f"/graphs/{org}/{graph}/branches/{branch}/commits", body
    )
    return made


def server_doc(
    page: Page, org: str, graph: str, ref: str = "main"
) -> dict[str, dict[str, dict[str, Any]]]:
    """What the server stores at ``ref`` (read fresh, not from the page): nodes and edges by id."""
    r = page.request.get(f"/api/v1/graphs/{org}/{graph}/tree/{ref}")
    assert r.ok, r.text()
    body = r.json()

    def by_id(v: Any) -> dict[str, dict[str, Any]]:  # the API may send a list or a dict by id
        return {x["id"]: x for x in (v.values() if isinstance(v, dict) else v)}

    return {"nodes": by_id(body["nodes"]), "edges": by_id(body["edges"])}


def server_nodes(page: Page, org: str, graph: str, ref: str = "main") -> dict[str, dict[str, Any]]:
    """The boxes the server stores at ``ref``, by id."""
    return server_doc(page, org, graph, ref)["nodes"]


def server_edges(page: Page, org: str, graph: str, ref: str = "main") -> dict[str, dict[str, Any]]:
    """The arrows the server stores at ``ref``, by id."""
    return server_doc(page, org, graph, ref)["edges"]


def labels_on_server(page: Page, org: str, graph: str, ref: str = "main") -> set[str]:
    """The labels of the boxes the server stores at ``ref``."""
    return {n["label"] for n in server_nodes(page, org, graph, ref).values()}
