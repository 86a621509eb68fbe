"""Editing details in a real browser: errors are clear, simultaneous edits of the same field
end in a visible conflict that the user resolves, nothing is lost (read back from the server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import (
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
    signed_up(one, "carol")
    new_toc(one, "carols", "carol-toc", [node("fam", "outcome", "Families feel supported")],
            org_name="Carol's Charity", title="Carol's ToC")  # fmt: skip
    open_editor(one, "carols", "carol-toc")
    wait_label(one, "Families feel supported")

    two = ctx.new_page()
    # Tab two hears nothing live (as if its network dropped the stream)...
    live = "**/api/v1/graphs/carols/carol-toc/branches/main/live*"
    two.route(live, lambda route: route.abort())
    open_editor(two, "carols", "carol-toc")
    wait_label(two, "Families feel supported")
    # ...and stops hearing about new commits by polling too (as if its polls were slow).
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
    two.unroute(live)
    two.locator('[data-testid="conflict-keep-mine"], [data-testid="keep-mine"]').click()
    wait_saved(two)
    wait_label(two, "Parents feel supported")
    # The first tab sees the resolved label without a reload, and so does the server.
    wait_label(one, "Parents feel supported", timeout=12_000)
    expect(one.get_by_test_id("field-label")).to_have_value("Parents feel supported")
    nodes = server_nodes(one, "carols", "carol-toc").values()
    assert [n["label"] for n in nodes] == ["Parents feel supported"]
