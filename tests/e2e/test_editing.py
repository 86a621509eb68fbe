"""Editing details in a real browser: errors are clear, simultaneous edits of the same field
end in a visible conflict that the user resolves, nothing is lost (read back from the server)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import rename, shot, wait_label, wait_saved

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


def api(page: Page, method: str, path: str, data: Any = None) -> Any:
    token = page.request.get("/api/v1/session").json().get("csrf_token", "")
    r = page.request.fetch(
        f"/api/v1{path}", method=method, data=data, headers={"X-CSRF-Token": token}
    )
    assert r.ok, f"{method} {path}: {r.status} {r.text()}"
    return r.json() if r.status != 204 else None


def test_wrong_password_is_explained(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.goto("/signin")
    page.get_by_test_id("signin-username").fill("nobody-here")
    page.get_by_test_id("signin-password").fill("not the password")
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("do not match")
    expect(page.get_by_test_id("signin-password")).to_be_visible()  # still on the form


def test_same_field_edited_in_two_tabs_shows_a_conflict(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    ctx = new_context()
    one = ctx.new_page()
    r = one.request.post(
        "/api/v1/users",
        data={"username": "carol", "email": "carol@example.org", "password": PASSWORD},
    )
    assert r.ok, r.text()
    assert one.request.post("/api/v1/session", data={"username": "carol", "password": PASSWORD}).ok
    api(one, "POST", "/orgs", {"slug": "carols", "name": "Carol's Charity"})
    box = {"id": "fam", "kind": "outcome", "label": "Families feel supported"}
    document = {"nodes": [box], "edges": []}
    api(
        one,
        "POST",
        "/orgs/carols/graphs",
        {"slug": "carol-toc", "title": "Carol's ToC", "document": document},
    )
    one.goto("/carols/carol-toc")
    expect(one.get_by_test_id("editor")).to_be_visible()
    wait_label(one, "Families feel supported")

    two = ctx.new_page()
    two.goto("/carols/carol-toc")
    expect(two.get_by_test_id("editor")).to_be_visible()
    wait_label(two, "Families feel supported")
    # Tab two stops hearing about new commits (as if its polls were slow).
    two.route("**/api/v1/graphs/carols/carol-toc/branches/main", lambda route: route.abort())

    rename(one, "Families feel supported", "Families feel well supported")
    wait_saved(one)
    rename(two, "Families feel supported", "Parents feel supported")
    expect(two.get_by_test_id("conflict-banner")).to_be_visible(timeout=15_000)
    expect(two.get_by_test_id("save-status")).to_contain_text("Conflict")
    # The typed text is still in the field: nothing is lost while the person decides.
    expect(two.get_by_test_id("field-label")).to_have_value("Parents feel supported")
    shot(two, shots, "20-conflict-banner")

    two.unroute("**/api/v1/graphs/carols/carol-toc/branches/main")
    two.locator('[data-testid="conflict-keep-mine"], [data-testid="keep-mine"]').click()
    wait_saved(two)
    wait_label(two, "Parents feel supported")
    # The first tab sees the resolved label without a reload, and so does the server.
    wait_label(one, "Parents feel supported", timeout=12_000)
    expect(one.get_by_test_id("field-label")).to_have_value("Parents feel supported")
    tree = one.request.get("/api/v1/graphs/carols/carol-toc/tree/main").json()
    nodes = tree["nodes"].values() if isinstance(tree["nodes"], dict) else tree["nodes"]
    assert [n["label"] for n in nodes] == ["Parents feel supported"]
