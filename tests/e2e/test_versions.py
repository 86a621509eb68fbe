"""Versions in a real browser: History groups one person's quick edits, the compare page shows
the changes and the server's diff diagram, restore goes through the server, a proposal from a
fork is commented on, supported (on a phone too) and merged, the merge view resolves a
conflict, Checks sends focus to the box, the Sector panel names organisations, and the export
menu downloads a PDF named after the ToC, the branch and the date.

Setup that is not the point of a test goes through the API with the page's own session; what
the test is about goes through the UI, and the result is read back from the server."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    DESKTOP,
    PASSWORD,
    PHONE,
    api,
    axe_violations,
    commit,
    labels_on_server,
    new_person,
    new_toc,
    node,
    open_editor,
    open_tab,
    rename,
    shot,
    wait_label,
    wait_saved,
)

pytestmark = pytest.mark.browser


def commits(
    page: Page, org: str, graph: str, ref: str = "main", limit: int = 100
) -> list[dict[str, Any]]:
    return api(page, "GET", f"/graphs/{org}/{graph}/commits?ref={ref}&limit={limit}")


def no_axe_problems(page: Page, within: str | None = None) -> None:
    found = axe_violations(page, within=within)
    assert not found, found


# -- history -------------------------------------------------------------------------------------


def test_history_groups_five_quick_edits_into_one_entry(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    owner = new_person(new_context, "hist-owner")
    new_toc(owner, "hist-org", "hist-toc", [node("h1", "outcome", "Edit 0")], org_name="Hist Trust")
    ana = new_person(new_context, "hist-ana")
    api(owner, "POST", "/orgs/hist-org/members", {"user": "hist-ana", "role": "editor"})

    # Ana makes five quick edits, each saved as its own version.
    ana.set_viewport_size(DESKTOP)
    open_editor(ana, "hist-org", "hist-toc")
    wait_saved(ana)
    for i in range(1, 6):
        rename(ana, f"Edit {i - 1}", f"Edit {i}")
        wait_saved(ana)
    mine = [c for c in commits(ana, "hist-org", "hist-toc") if c["author"] == "hist-ana"]
    assert len(mine) == 5

    open_tab(ana, "history")
    groups = ana.get_by_test_id("commit-group")
    expect(groups).to_have_count(2)  # Ana's five edits; the owner's first version
    first = groups.first
    expect(first).to_have_attribute("data-count", "5")
    expect(first).to_contain_text("hist-ana made 5 changes")
    expect(first.get_by_test_id("commit")).to_have_count(0)  # folded
    panel = ana.get_by_test_id("history-panel")
    expect(panel).not_to_contain_text("nodes_changed")
    shot(ana, shots, "versions-history-1440")

    first.get_by_test_id("group-toggle").click()
    expect(first.get_by_test_id("group-toggle")).to_have_attribute("aria-expanded", "true")
    rows = first.get_by_test_id("commit")
    expect(rows).to_have_count(5)
    assert [rows.nth(i).get_attribute("data-commit") for i in range(5)] == [c["id"] for c in mine]
    expect(rows.first).to_contain_text("changed 1 box")
    shot(ana, shots, "versions-history-expanded-1440")
    no_axe_problems(ana, "[data-testid=sidebar]")

    # The history has its own address: the editor with the History tab open.
    ana.goto("/hist-org/hist-toc/history")
    expect(ana.get_by_test_id("history-panel")).to_be_visible()
    expect(ana.get_by_test_id("commit-group").first).to_have_attribute("data-count", "5")

    ana.set_viewport_size(PHONE)
    open_tab(ana, "history")
    expect(ana.get_by_test_id("commit-group").first).to_be_visible()
    shot(ana, shots, "versions-history-390")


def test_history_pages_through_a_long_history(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "long-history")
    new_toc(page, "long-org", "long-toc", [node("l1", "output", "Count 0")])
    for i in range(1, 61):
        commit(page, "long-org", "long-toc",
               [{"op": "update_node", "id": "l1", "set": {"label": f"Count {i}"}}])  # fmt: skip
    open_editor(page, "long-org", "long-toc")
    open_tab(page, "history")
    group = page.get_by_test_id("commit-group").first
    expect(group).to_have_attribute("data-count", "50")
    page.get_by_test_id("history-more").click()
    expect(group).to_have_attribute("data-count", "61")  # sixty edits and the first version
    expect(page.get_by_test_id("history-more")).to_have_count(0)


# -- compare and restore ---------------------------------------------------------------------------


def _toc_with_history(page: Page, org: str) -> tuple[str, str]:
    """A ToC whose second version renames one box, removes one and adds one; returns the
    first and second versions' commit ids."""
    new_toc(page, org, "plan", [
        node("a", "activity", "Train teachers"),
        node("b", "output", "Teachers trained"),
        node("c", "outcome", "Pupils read better", description="By age 8"),
    ], [{"id": "ab", "source": "a", "target": "b"}], org_name="Compare Trust")  # fmt: skip
    first = api(page, "GET", f"/graphs/{org}/plan/branches/main")["head"]
    second = commit(page, org, "plan", [
        {"op": "update_node", "id": "c",
         "set": {"label": "Pupils read fluently", "description": ""}},
        {"op": "remove_edge", "id": "ab"},
        {"op": "remove_node", "id": "a"},
        {"op": "add_node", "node": node("d", "impact", "Pupils finish school")},
    ], message="Sharper outcome")["id"]  # fmt: skip
    return first, second


def test_compare_page_lists_the_changes_and_shows_the_diff_diagram(
    new_context, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "comparer", DESKTOP)
    first, second = _toc_with_history(page, "cmp-org")

    # From History: what the latest version changed.
    open_editor(page, "cmp-org", "plan")
    open_tab(page, "history")
    page.get_by_test_id("group-toggle").first.click()  # the first two versions are one entry
    page.get_by_test_id("commit").first.get_by_test_id("commit-changes").click()
    expect(page.get_by_test_id("compare-page")).to_be_visible()
    assert f"/cmp-org/plan/compare/{first}...{second}" in page.url

    changes = page.get_by_test_id("change")
    expect(changes).to_have_count(4)
    removed = page.locator("[data-testid=change][data-change=removed][data-entity=box]")
    expect(removed).to_contain_text("Activity “Train teachers”")
    expect(removed).to_contain_text("removed by comparer")
    changed = page.locator("[data-testid=change][data-change=changed]")
    expect(changed).to_contain_text("Label: “Pupils read better” → “Pupils read fluently”")
    expect(changed).to_contain_text("Description cleared (was “By age 8”)")
    expect(
        page.locator("[data-testid=change][data-change=added][data-entity=box]")
    ).to_contain_text("Impact “Pupils finish school”")
    expect(
        page.locator("[data-testid=change][data-change=removed][data-entity=arrow]")
    ).to_contain_text("Arrow from “Train teachers” to “Teachers trained”")
    body = page.get_by_test_id("compare-page").inner_text()
    assert "(empty)" not in body and "they wrote" not in body
    expect(page.get_by_test_id("compare-banner")).to_contain_text(
        "1 box added, 1 removed, 1 changed"
    )

    # The server's diff diagram loads as an image, and the server agrees with the list.
    img = page.get_by_test_id("compare-image")
    expect(img).to_be_visible()
    page.wait_for_function(
        "() => { const i = document.querySelector('[data-testid=compare-image]');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    assert "/compare/" in (img.get_attribute("src") or "")
    diff = api(page, "GET", f"/graphs/cmp-org/plan/compare/{first}...{second}")
    assert [n["label"] for n in diff["nodes"]["removed"]] == ["Train teachers"]
    shot(page, shots, "versions-compare-1440")
    no_axe_problems(page)

    # The pickers choose another pair: the first version against itself has no differences.
    page.get_by_test_id("compare-head").select_option(first)
    expect(page.get_by_test_id("no-changes")).to_be_visible()
    assert page.url.split("?")[0].endswith(f"/compare/{first}...{first}")
    page.go_back()
    expect(page.get_by_test_id("change")).to_have_count(4)

    page.set_viewport_size(PHONE)
    page.reload()
    expect(page.get_by_test_id("change")).to_have_count(4)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, shots, "versions-compare-390")


def test_restore_goes_through_the_server_as_one_new_version(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "restorer", DESKTOP)
    first, second = _toc_with_history(page, "restore-org")
    before = commits(page, "restore-org", "plan")
    open_editor(page, "restore-org", "plan")
    wait_saved(page)
    open_tab(page, "history")

    # The owner's two quick versions are one entry: open it, restore the first version.
    page.get_by_test_id("group-toggle").first.click()
    row = page.locator(f"[data-testid=commit][data-commit='{first}']")
    row.get_by_test_id("commit-restore").click()
    expect(page.get_by_test_id("confirm-dialog")).to_be_visible()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("nothing in the history is lost")
    shot(page, shots, "versions-restore-confirm-1440")
    no_axe_problems(page, "[data-testid=confirm-dialog]")
    page.get_by_test_id("confirm-yes").click()
    wait_label(page, "Train teachers")
    wait_saved(page)

    # One new version on the server, holding exactly the first version's content.
    after = commits(page, "restore-org", "plan")
    assert len(after) == len(before) + 1
    assert after[0]["parents"] == [second]
    assert "Restored the version of" in after[0]["message"]
    assert labels_on_server(page, "restore-org", "plan") == labels_on_server(
        page, "restore-org", "plan", first
    )
    assert page.evaluate("() => window.tocEditor.head()") == after[0]["id"]

    # From the compare page too: restore the second version again.
    page.goto(f"/restore-org/plan/compare/{second}...main")
    expect(page.get_by_test_id("compare-page")).to_be_visible()
    page.get_by_test_id("restore-this").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    wait_label(page, "Pupils finish school")
    again = commits(page, "restore-org", "plan")
    assert len(again) == len(after) + 1
    assert labels_on_server(page, "restore-org", "plan") == labels_on_server(
        page, "restore-org", "plan", second
    )


# -- proposals and merges --------------------------------------------------------------------------


def test_a_proposal_from_a_fork_is_discussed_supported_and_merged(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    owner = new_person(new_context, "prop-owner", DESKTOP)
    new_toc(owner, "prop-network", "shared", [
        node("s1", "outcome", "Farmers earn more"),
        node("s2", "activity", "Train farmers"),
    ], org_name="Prop Network", visibility="public")  # fmt: skip

    forker = new_person(new_context, "prop-forker", DESKTOP)
    api(forker, "POST", "/orgs", {"slug": "prop-coop", "name": "Prop Co-op"})

    # Fork through the Collaborate panel: the organisation is chosen from a list.
    open_editor(forker, "prop-network", "shared")
    open_tab(forker, "collab")
    expect(forker.get_by_test_id("fork-org").locator("option")).to_have_text(["Prop Co-op"])
    shot(forker, shots, "versions-collab-readonly-1440")
    forker.get_by_test_id("fork").click()
    expect(forker.get_by_test_id("upstream-badge")).to_be_visible()
    assert re.search(r"/prop-coop/shared$", forker.url)
    rename(forker, "Train farmers", "Train women farmers")
    wait_saved(forker)

    # Propose it back.
    open_tab(forker, "collab")
    expect(forker.get_by_test_id("proposal-notice")).to_contain_text("publishes this version")
    shot(forker, shots, "versions-collab-fork-1440")
    no_axe_problems(forker, "[data-testid=sidebar]")
    forker.set_viewport_size(PHONE)
    expect(forker.get_by_test_id("proposal-title")).to_be_visible()
    shot(forker, shots, "versions-collab-390")
    forker.set_viewport_size(DESKTOP)
    forker.get_by_test_id("proposal-title").fill("Name women farmers")
    forker.get_by_test_id("proposal-description").fill("Most of the farmers we train are women.")
    forker.get_by_test_id("proposal-submit").click()
    expect(forker.get_by_test_id("proposal-page")).to_be_visible()
    assert re.search(r"/prop-network/shared/proposals/1$", forker.url)
    expect(forker.get_by_test_id("proposal-status")).to_have_text("open")
    expect(forker.locator("[data-testid=change][data-change=changed]")).to_contain_text(
        "Label: “Train farmers” → “Train women farmers”"
    )
    shot(forker, shots, "versions-proposal-1440")
    no_axe_problems(forker)

    # The owner, on a phone: comment and support.
    phone = new_context()
    mobile = phone.new_page()
    mobile.set_viewport_size(PHONE)
    r = mobile.request.post(
        "/api/v1/session", data={"username": "prop-owner", "password": PASSWORD}
    )
    assert r.ok
    mobile.goto("/prop-network/shared/proposals/1")
    expect(mobile.get_by_test_id("proposal-page")).to_be_visible()
    assert mobile.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    mobile.get_by_test_id("comment-body").fill("Agreed: let us say so.")
    mobile.get_by_test_id("comment-submit").click()
    expect(mobile.get_by_test_id("comment")).to_have_count(1)
    mobile.get_by_test_id("vote").click()
    expect(mobile.get_by_test_id("vote")).to_have_attribute("aria-pressed", "true")
    expect(mobile.get_by_test_id("vote-count")).to_have_text("1 supporter")
    shot(mobile, shots, "versions-proposal-390")
    no_axe_problems(mobile, "#main")  # the header is the shell's (checked in its own tests)
    stored = api(mobile, "GET", "/graphs/prop-network/shared/proposals/1")
    assert stored["votes"] == 1 and stored["voted"] is True
    assert [c["body"] for c in stored["comments"]] == ["Agreed: let us say so."]
    # Support can be withdrawn.
    mobile.get_by_test_id("vote").click()
    expect(mobile.get_by_test_id("vote-count")).to_have_text("0 supporters")
    assert api(mobile, "GET", "/graphs/prop-network/shared/proposals/1")["votes"] == 0

    # The proposed changes on the diagram: the compare page of the proposed version.
    mobile.get_by_test_id("proposal-compare").click()
    expect(mobile.get_by_test_id("compare-page")).to_be_visible()
    expect(mobile.locator("[data-testid=change][data-change=changed]")).to_contain_text(
        "Train women farmers"
    )
    mobile.go_back()
    expect(mobile.get_by_test_id("proposal-page")).to_be_visible()

    # Meanwhile the owner's team renames the same box: merging goes through the merge view.
    ops = [{"op": "update_node", "id": "s2", "set": {"label": "Train farmer groups"}}]
    commit(owner, "prop-network", "shared", ops)
    mobile.reload()
    expect(mobile.get_by_test_id("merge-view")).to_be_visible()
    conflict = mobile.get_by_test_id("merge-conflict")
    expect(conflict).to_contain_text("Train farmer groups")
    expect(conflict).to_contain_text("Train women farmers")
    assert mobile.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    conflict.scroll_into_view_if_needed()
    shot(mobile, shots, "versions-proposal-conflict-390")
    conflict.get_by_test_id("merge-take-theirs").check()
    mobile.get_by_test_id("merge-submit").click()
    expect(mobile.get_by_test_id("proposal-status")).to_have_text("merged")
    assert labels_on_server(owner, "prop-network", "shared") == {
        "Farmers earn more",
        "Train women farmers",
    }
    assert api(owner, "GET", "/graphs/prop-network/shared/proposals/1")["status"] == "merged"


def test_the_merge_view_resolves_a_conflict_between_branches(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "merger", DESKTOP)
    new_toc(page, "merge-org", "plan", [node("m1", "outcome", "Girls stay in school")])
    open_editor(page, "merge-org", "plan")
    wait_saved(page)

    # A branch made in the Collaborate panel.
    open_tab(page, "collab")
    page.get_by_test_id("branch-name-input").fill("draft 2027")
    page.get_by_test_id("branch-name-ok").click()
    expect(page.get_by_test_id("branch-select")).to_have_value("draft-2027")
    assert page.url.endswith("/merge-org/plan/tree/draft-2027")
    assert {b["name"] for b in api(page, "GET", "/graphs/merge-org/plan/branches")} == {
        "main",
        "draft-2027",
    }

    # Both lines change the same label.
    def relabel(label: str, branch: str) -> None:
        ops = [{"op": "update_node", "id": "m1", "set": {"label": label}}]
        commit(page, "merge-org", "plan", ops, branch)

    relabel("Girls finish school", "draft-2027")
    relabel("Girls stay in secondary school", "main")

    open_tab(page, "collab")
    page.get_by_test_id("merge-from").select_option("draft-2027")
    page.get_by_test_id("merge-into").select_option("main")
    page.get_by_test_id("merge-review").click()
    expect(page.get_by_test_id("merge-view")).to_be_visible()
    assert "/merge-org/plan/merge?source=draft-2027&target=main" in page.url
    conflict = page.get_by_test_id("merge-conflict")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Girls finish school")
    expect(conflict).to_contain_text("Girls stay in secondary school")
    expect(conflict).to_contain_text("Girls stay in school")  # before both
    shot(page, shots, "versions-merge-1440")
    no_axe_problems(page)
    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, shots, "versions-merge-390")
    page.set_viewport_size(DESKTOP)

    conflict.get_by_test_id("merge-take-value").check()
    page.get_by_test_id("merge-custom-value").fill("Girls finish secondary school")
    page.get_by_test_id("merge-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    wait_label(page, "Girls finish secondary school")
    assert labels_on_server(page, "merge-org", "plan") == {"Girls finish secondary school"}
    latest = commits(page, "merge-org", "plan", limit=1)[0]
    assert len(latest["parents"]) == 2


def test_a_clean_merge_is_one_click(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "clean-merger")
    new_toc(page, "clean-org", "plan", [node("k1", "output", "Wells dug")])
    api(page, "POST", "/graphs/clean-org/plan/branches", {"name": "extra", "from": "main"})
    commit(page, "clean-org", "plan",
           [{"op": "add_node", "node": node("k2", "outcome", "Clean water")}], "extra")  # fmt: skip
    page.goto("/clean-org/plan/merge?source=extra&target=main")
    expect(page.get_by_test_id("merge-page")).to_be_visible()
    expect(page.get_by_test_id("merge-view")).to_have_count(0)
    expect(page.locator("[data-testid=change][data-change=added]")).to_contain_text(
        "Outcome “Clean water”"
    )
    page.get_by_test_id("merge-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    assert labels_on_server(page, "clean-org", "plan") == {"Wells dug", "Clean water"}


# -- checks, sector, export ----------------------------------------------------------------------


def test_choosing_a_finding_selects_its_box_and_focuses_it(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "checker", DESKTOP)
    new_toc(page, "check-org", "plan", [
        node("a1", "activity", "Run clubs"),
        node("o1", "outcome", "Young people gain skills"),
    ], [{"id": "e1", "source": "a1", "target": "o1"}])  # fmt: skip
    open_editor(page, "check-org", "plan")
    open_tab(page, "checks")
    finding = page.locator("[data-testid=finding][data-nodes~='o1']").first
    expect(finding).to_be_visible()
    text = page.get_by_test_id("checks-panel").inner_text()
    assert not re.search(r"\d\.\d", text), text
    shot(page, shots, "versions-checks-1440")
    no_axe_problems(page, "[data-testid=sidebar]")
    page.set_viewport_size(PHONE)
    shot(page, shots, "versions-checks-390")
    page.set_viewport_size(DESKTOP)
    finding.click()
    page.wait_for_function(
        "() => document.activeElement?.closest('[data-testid=node]')"
        "?.getAttribute('data-id') === 'o1'"
    )
    assert page.evaluate("() => window.scrollY") == 0
    # The box is selected and the list stays open, so the next finding is one click away;
    # Details shows the chosen box once opened.
    expect(page.locator("[data-testid=node][data-id=o1]")).to_have_attribute(
        "data-selected", "true"
    )
    expect(page.get_by_test_id("tab-checks")).to_have_attribute("aria-selected", "true")
    open_tab(page, "inspector")
    expect(page.get_by_test_id("field-label")).to_have_value("Young people gain skills")

    # Fixed by an indicator: the finding goes away after the save.
    commit(page, "check-org", "plan", [{"op": "update_node", "id": "o1", "set": {
        "indicators": [{"id": "i1", "name": "Share passing a test"}]}}])  # fmt: skip
    wait_label(page, "Young people gain skills")
    open_tab(page, "checks")
    page.wait_for_function(
        "() => !document.querySelector(\"[data-testid=finding][data-nodes~='o1']"
        '[data-code=outcome_without_indicators]")',
        timeout=15_000,
    )


def test_the_sector_panel_names_the_organisations_that_contribute(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "sector-owner", DESKTOP)
    new_toc(page, "sector-hub", "framework", [
        node("f1", "outcome", "Children read well"),
        node("f2", "impact", "Children thrive"),
    ], org_name="Sector Hub", visibility="public")  # fmt: skip
    new_toc(page, "sector-member", "our-plan", [
        node("p1", "outcome", "Pupils in our schools read",
             links=[{"target": "sector-hub/framework#f1", "relation": "contributes_to"}]),
    ], org_name="Reading Partners", visibility="public")  # fmt: skip
    open_editor(page, "sector-hub", "framework")
    open_tab(page, "sector")
    panel = page.get_by_test_id("sector-panel")
    expect(panel.get_by_test_id("sector-summary")).to_contain_text(
        "1 organisation links its work into it"
    )
    expect(panel.get_by_test_id("sector-table")).to_contain_text("Reading Partners")
    expect(panel.get_by_test_id("sector-table")).to_contain_text("“Pupils in our schools read”")
    expect(panel.get_by_test_id("sector-gaps")).to_contain_text("Children thrive")
    panel.get_by_test_id("sector-toggle").click()
    expect(panel.get_by_test_id("sector-toggle")).to_have_attribute("aria-pressed", "true")
    shot(page, shots, "versions-sector-1440")
    no_axe_problems(page, "[data-testid=sidebar]")
    page.set_viewport_size(PHONE)
    shot(page, shots, "versions-sector-390")


def test_the_export_menu_downloads_a_pdf_named_after_the_toc_branch_and_date(
    new_context, tmp_path: Path, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    page = new_person(new_context, "exporter", DESKTOP)
    new_toc(page, "export-org", "brightpath-futures", [node("x1", "impact", "Young people thrive")])
    open_editor(page, "export-org", "brightpath-futures")
    wait_saved(page)
    head = commits(page, "export-org", "brightpath-futures", limit=1)[0]
    day = head["created_at"][:10]

    page.get_by_test_id("export-open").click()
    expect(page.get_by_test_id("export-pdf")).to_be_visible()
    shot(page, shots, "versions-export-menu-1440")
    no_axe_problems(page, "[data-testid=export-menu]")
    with page.expect_download() as info:
        page.get_by_test_id("export-pdf").click()
    assert info.value.suggested_filename == f"brightpath-futures-main-{day}.pdf"
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    expect(page.get_by_test_id("export-pdf")).to_be_hidden()  # the menu closed

    # Every format is offered, each a download of the branch shown.
    page.get_by_test_id("export-open").click()
    for key in ("svg", "png", "pdf", "docx", "json", "graphml", "csv", "cids", "iati"):
        href = page.get_by_test_id(f"export-{key}").get_attribute("href") or ""
        assert "/export-org/brightpath-futures/" in href and "/main." in href, (key, href)
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("export-pdf")).to_be_hidden()

    # An edit still on its way is saved before the download.
    rename(page, "Young people thrive", "Young people thrive at work")
    page.get_by_test_id("export-open").click()
    with page.expect_download() as info:
        page.get_by_test_id("export-json").click()
    path = tmp_path / "latest.json"
    info.value.save_as(path)
    assert "Young people thrive at work" in path.read_text()

    page.set_viewport_size(PHONE)
    page.get_by_test_id("export-open").click()
    expect(page.get_by_test_id("export-pdf")).to_be_in_viewport()
    shot(page, shots, "versions-export-menu-390")
