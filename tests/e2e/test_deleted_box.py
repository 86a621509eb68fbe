"""A box a colleague deletes while it is open in my editor is reported as deleted, by whom
(finding 10: it used to read "they wrote '(empty)'"), and can be brought back, arrows too."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import open_editor, shot, sign_up, wait_saved

pytestmark = pytest.mark.browser


def api(page: Page, method: str, path: str, data: Any = None) -> Any:
    token = page.request.get("/api/v1/session").json()["csrf_token"]
    r = page.request.fetch(
        f"/api/v1{path}", method=method, data=data, headers={"X-CSRF-Token": token}
    )
    assert r.ok, f"{method} {path}: {r.status} {r.text()}"
    return r.json() if r.status != 204 else None


def tree(page: Page) -> dict[str, list[dict[str, Any]]]:
    t = api(page, "GET", "/graphs/gone-org/plan/tree/main")
    pick = lambda xs: list(xs.values()) if isinstance(xs, dict) else xs  # noqa: E731
    return {"nodes": pick(t["nodes"]), "edges": pick(t["edges"])}


def test_a_box_deleted_by_a_colleague_is_reported_by_name_and_brought_back(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    ana = new_context().new_page()
    sign_up(ana, "gone-ana")
    api(ana, "POST", "/orgs", {"slug": "gone-org", "name": "Gone Youth Trust"})
    doc = {
        "nodes": [
            {"id": "a1", "kind": "activity", "label": "Weekly coaching"},
            {"id": "c1", "kind": "outcome", "label": "Young people feel ready"},
        ],
        "edges": [{"id": "e1", "source": "a1", "target": "c1"}],
    }
    api(ana, "POST", "/orgs/gone-org/graphs", {"slug": "plan", "title": "Plan", "document": doc})
    ben = new_context().new_page()
    sign_up(ben, "gone-ben")
    api(ana, "POST", "/orgs/gone-org/members", {"user": "gone-ben", "role": "editor"})

    open_editor(ana, "gone-org", "plan")
    wait_saved(ana)
    ana.locator('[data-testid="node"][data-label="Young people feel ready"]').click()
    expect(ana.get_by_test_id("field-label")).to_have_value("Young people feel ready")

    # Ben deletes the box (and its arrow) while Ana has it open.
    head = api(ben, "GET", "/graphs/gone-org/plan/branches/main")["head"]
    api(
        ben,
        "POST",
        "/graphs/gone-org/plan/branches/main/commits",
        {"base": head, "message": "Remove an outcome", "ops": [
            {"op": "remove_edge", "id": "e1"}, {"op": "remove_node", "id": "c1"}]},
    )  # fmt: skip

    banner = ana.get_by_test_id("deleted-banner")
    expect(banner).to_contain_text("“Young people feel ready” was deleted by gone-ben", timeout=15_000)
    expect(banner).not_to_contain_text("(empty)")
    shot(ana, shots, "deleted-by-colleague")

    ana.get_by_test_id("restore-deleted").click()
    expect(banner).to_have_count(0)  # it is back on the page...
    wait_saved(ana)  # ...and on the server
    t = tree(ana)
    assert "Young people feel ready" in {n["label"] for n in t["nodes"]}
    assert [(e["source"], e["target"]) for e in t["edges"]] == [("a1", "c1")]
