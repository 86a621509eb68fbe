"""A box a colleague deletes while it is open in my editor is reported as deleted, by whom
(finding 10: it used to read "they wrote '(empty)'"), and can be brought back, arrows too."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import (
    api,
    box,
    commit,
    edge,
    new_toc,
    node,
    open_editor,
    server_doc,
    shot,
    sign_up,
    wait_saved,
)

pytestmark = pytest.mark.browser


def test_a_box_deleted_by_a_colleague_is_reported_by_name_and_brought_back(
    new_context, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    ana = new_context().new_page()
    sign_up(ana, "gone-ana")
    new_toc(ana, "gone-org", "plan", [
        node("a1", "activity", "Weekly coaching"),
        node("c1", "outcome", "Young people feel ready"),
    ], [edge("e1", "a1", "c1")], org_name="Gone Youth Trust", title="Plan")  # fmt: skip
    ben = new_context().new_page()
    sign_up(ben, "gone-ben")
    api(ana, "POST", "/orgs/gone-org/members", {"user": "gone-ben", "role": "editor"})

    open_editor(ana, "gone-org", "plan")
    wait_saved(ana)
    box(ana, "Young people feel ready").click()
    expect(ana.get_by_test_id("field-label")).to_have_value("Young people feel ready")

    # Ben deletes the box (and its arrow) while Ana has it open.
    ops = [{"op": "remove_edge", "id": "e1"}, {"op": "remove_node", "id": "c1"}]
    commit(ben, "gone-org", "plan", ops, message="Remove an outcome")

    banner = ana.get_by_test_id("deleted-banner")
    expect(banner).to_contain_text(
        "“Young people feel ready” was deleted by gone-ben", timeout=15_000
    )
    expect(banner).not_to_contain_text("(empty)")
    shot(ana, shots, "deleted-by-colleague")

    ana.get_by_test_id("restore-deleted").click()
    expect(banner).to_have_count(0)  # it is back on the page...
    wait_saved(ana)  # ...and on the server
    t = server_doc(ana, "gone-org", "plan")
    assert "Young people feel ready" in {n["label"] for n in t["nodes"].values()}
    assert [(e["source"], e["target"]) for e in t["edges"].values()] == [("a1", "c1")]
