"""Issue 5 acceptance, end to end in a real browser: one programme manager builds and versions
her ToC; a second organisation finds it in explore, forks it, changes it and proposes the change
back; she resolves the conflict in the merge view and merges. Every address is a browser-history
one (/{org}/{graph}, /{org}/{graph}/proposals/{n}), as the React front end has them."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from .helpers import (
    add_node,
    connect,
    create_org,
    doc,
    download,
    drag_connect,
    findings_about,
    has_edge,
    node_by_label,
    node_id,
    open_editor,
    open_tab,
    rename,
    select,
    shot,
    sign_up,
    wait_label,
    wait_saved,
)

pytestmark = pytest.mark.browser

ACTIVITY = "Run weekly coding clubs"
OUTPUT = "Young people attend coding clubs"
OUTCOME = "Young people gain digital skills"
RENAMED = "Young people gain strong digital skills"
IMPACT = "Young people find good jobs"


def test_issue5_acceptance(new_context, shots: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    alice = new_context().new_page()

    # -- sign up, organisation, a ToC from a seed template --------------------------------------
    sign_up(alice, "alice")
    create_org(alice, "Acme Youth Trust", "acme")
    shot(alice, shots, "01-org-page")
    alice.get_by_test_id("graph-start").select_option("template")
    options = alice.get_by_test_id("graph-template").locator("option")
    assert options.count() >= 1, "the server offers no seed templates"
    alice.get_by_test_id("graph-template").select_option(index=0)
    alice.get_by_test_id("graph-title").fill("Acme youth ToC")
    alice.get_by_test_id("graph-slug").fill("acme-toc")
    alice.get_by_test_id("graph-visibility").select_option("public")
    alice.get_by_test_id("graph-create-submit").click()
    expect(alice.get_by_test_id("graph-title")).to_have_text("Acme youth ToC")
    wait_saved(alice)
    template_nodes = len(doc(alice)["nodes"])
    assert template_nodes > 0
    shot(alice, shots, "02-editor-from-template")

    # -- add one box of each kind (button and keyboard), connect them ---------------------------
    add_node(alice, "activity", ACTIVITY)
    add_node(alice, "output", OUTPUT, by_key="2")
    outcome = add_node(alice, "outcome", OUTCOME)
    wait_saved(alice)
    open_tab(alice, "checks")
    # A fresh outcome without indicator or links is flagged...
    expect(alice.locator(f'[data-testid="finding"][data-nodes~="{outcome}"]').first).to_be_visible(
        timeout=15_000
    )
    shot(alice, shots, "03-checks-flag-new-outcome")
    add_node(alice, "impact", IMPACT, by_key="4")
    drag_connect(alice, ACTIVITY, OUTPUT)
    assert has_edge(alice, ACTIVITY, OUTPUT)
    connect(alice, OUTPUT, OUTCOME)
    connect(alice, OUTCOME, IMPACT)
    # ...and an indicator on it fixes that.
    select(alice, OUTCOME)
    alice.get_by_test_id("add-indicator").click()
    row = alice.get_by_test_id("indicator-row").first
    row.get_by_test_id("indicator-name").fill("Share passing a digital skills test")
    row.get_by_test_id("indicator-name").press("Tab")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-unit").fill("%")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-unit").press("Tab")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-baseline").fill("20")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-baseline").press("Tab")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-target").fill("60")
    alice.get_by_test_id("indicator-row").first.get_by_test_id("indicator-target").press("Tab")
    wait_saved(alice)
    ind = node_by_label(alice, OUTCOME)["indicators"][0]  # type: ignore[index]
    assert (ind["name"], ind["unit"], ind["baseline"], ind["target"]) == (
        "Share passing a digital skills test",
        "%",
        20,
        60,
    )
    shot(alice, shots, "04-outcome-with-indicator")
    open_tab(alice, "checks")
    alice.wait_for_function(
        "(id) => !document.querySelector(`[data-testid=finding][data-nodes~='${id}']`)",
        arg=outcome,
        timeout=15_000,
    )
    assert findings_about(alice, outcome) == 0
    shot(alice, shots, "05-checks-after-fix")

    # -- rename, undo, redo ---------------------------------------------------------------------
    rename(alice, OUTCOME, RENAMED)
    wait_saved(alice)
    alice.get_by_test_id("canvas").focus()
    alice.keyboard.press("Control+z")
    expect(alice.get_by_test_id("field-label")).to_have_value(OUTCOME)
    wait_saved(alice)
    alice.get_by_test_id("canvas").focus()
    alice.keyboard.press("Control+Shift+z")
    expect(alice.get_by_test_id("field-label")).to_have_value(RENAMED)
    wait_saved(alice)
    assert node_by_label(alice, RENAMED) is not None

    # -- a colleague's commit shows up without a reload -----------------------------------------
    colleague = alice.context.new_page()
    open_editor(colleague, "acme", "acme-toc")
    rename(colleague, IMPACT, "Young people find good, secure jobs")
    wait_saved(colleague)
    wait_label(alice, "Young people find good, secure jobs", timeout=12_000)
    colleague.close()

    # -- exports --------------------------------------------------------------------------------
    svg = download(alice, "export-svg", tmp_path)
    assert b"<svg" in svg[:2000]
    pdf = download(alice, "export-pdf", tmp_path)
    assert pdf.startswith(b"%PDF")

    # -- history: compare two versions, restore one ---------------------------------------------
    open_tab(alice, "history")
    # One person's run of edits is one entry; opened, it lists each version, newest first:
    # [0] the colleague's rename of the impact, [1] redo, [2] undo (label back to OUTCOME).
    alice.get_by_test_id("group-toggle").first.click()
    commits = alice.get_by_test_id("commit")
    expect(commits.nth(3)).to_be_visible()
    commits.nth(2).get_by_test_id("commit-compare").click()
    expect(alice.get_by_test_id("compare-page")).to_be_visible()
    expect(alice.get_by_test_id("compare-banner")).to_contain_text("2 boxes changed")
    href = alice.get_by_test_id("compare-diagram").get_attribute("href")
    assert href and "/compare/" in href and href.endswith("/render.svg")
    expect(alice.get_by_test_id("compare-image")).to_be_visible()
    shot(alice, shots, "06-compare")
    alice.get_by_test_id("compare-close").click()
    expect(alice.get_by_test_id("editor")).to_have_attribute("data-editable", "true")
    open_tab(alice, "history")
    alice.get_by_test_id("group-toggle").first.click()
    alice.get_by_test_id("commit").nth(2).get_by_test_id("commit-restore").click()
    expect(alice.get_by_test_id("confirm-dialog")).to_be_visible()
    shot(alice, shots, "07-restore-confirm")
    alice.get_by_test_id("confirm-yes").click()
    alice.wait_for_function(
        "(l) => Object.values(window.tocEditor.doc().nodes).some(n => n.label === l)",
        arg=OUTCOME,
        timeout=15_000,
    )
    wait_saved(alice)
    assert node_by_label(alice, "Young people find good, secure jobs") is None
    assert node_by_label(alice, IMPACT) is not None
    shot(alice, shots, "08-restored")

    # -- a second organisation finds it in explore, forks, changes the same field, proposes it --
    bob = new_context().new_page()
    sign_up(bob, "bob")
    create_org(bob, "Bright Futures", "bright")
    open_editor(bob, "acme", "acme-toc")
    expect(bob.get_by_test_id("readonly-banner")).to_be_visible()
    bob.goto("/explore")
    bob.get_by_test_id("explore-search").fill("Acme youth")
    bob.get_by_test_id("explore-search").press("Enter")
    card = bob.locator('[data-testid="explore-card"][data-toc="acme/acme-toc"]')
    expect(card).to_contain_text("Acme Youth Trust")  # the organisation's name
    card.get_by_test_id("explore-fork").click()
    # The organisation to fork into is picked from a list of Bob's, never typed.
    bob.get_by_test_id("fork-dialog").get_by_label("Bright Futures").check()
    bob.get_by_test_id("fork-submit").click()
    expect(bob.get_by_test_id("editor")).to_be_visible()
    expect(bob.get_by_test_id("upstream-badge")).to_be_visible()
    assert urlparse(bob.url).path == "/bright/acme-toc"
    assert bob.request.get("/api/v1/graphs/bright/acme-toc").json()["upstream"] == "acme/acme-toc"
    rename(bob, OUTCOME, "Young people gain digital and work skills")
    wait_saved(bob)

    # Alice changes the same label meanwhile.
    rename(alice, OUTCOME, "Young people gain digital skills for work")
    wait_saved(alice)

    open_tab(bob, "collab")
    bob.get_by_test_id("proposal-title").fill("Name work skills in the outcome")
    bob.get_by_test_id("proposal-description").fill(
        "Our clubs also teach work skills; the outcome should say so."
    )
    bob.get_by_test_id("proposal-submit").click()
    expect(bob.get_by_test_id("proposal-page")).to_be_visible()
    expect(bob.get_by_test_id("proposal-status")).to_have_text("open")
    bob.get_by_test_id("comment-body").fill("Happy to discuss the wording.")
    bob.get_by_test_id("comment-submit").click()
    expect(bob.get_by_test_id("comment")).to_have_count(1)
    shot(bob, shots, "09-proposal-by-second-org")
    proposal_path = urlparse(bob.url).path
    assert proposal_path.startswith("/acme/acme-toc/proposals/"), proposal_path

    # -- back as Alice: vote, resolve the conflict in the merge view, merge ---------------------
    alice.goto(proposal_path)
    expect(alice.get_by_test_id("proposal-page")).to_be_visible()
    alice.get_by_test_id("vote").click()
    expect(alice.get_by_test_id("vote-count")).to_contain_text("1")
    if alice.get_by_test_id("merge-view").count() == 0:
        alice.get_by_test_id("proposal-merge").click()
    expect(alice.get_by_test_id("merge-view")).to_be_visible()
    conflict = alice.get_by_test_id("merge-conflict").first
    expect(conflict).to_contain_text("Young people gain digital and work skills")
    expect(conflict).to_contain_text("Young people gain digital skills for work")
    shot(alice, shots, "10-merge-view")
    for i in range(alice.get_by_test_id("merge-conflict").count()):
        alice.get_by_test_id("merge-conflict").nth(i).get_by_test_id("merge-take-theirs").check()
    alice.get_by_test_id("merge-submit").click()
    expect(alice.get_by_test_id("proposal-status")).to_have_text("merged", timeout=15_000)
    shot(alice, shots, "11-merged")
    open_editor(alice, "acme", "acme-toc")
    wait_label(alice, "Young people gain digital and work skills", timeout=10_000)
    assert node_id(alice, "Young people gain digital and work skills")
    shot(alice, shots, "12-after-merge")
