"""The first-time walk (issue 11): from the landing page to a four-level ToC with two links,
one indicator and a PDF export, as a new programme manager would click through it, with no
retries. Each step is counted and timed; the count and the time are printed (`-s`) and
written to test-artifacts/first-walk.txt for the README and the issue's note.

Also the phone test: at 390x844 a member signs in, opens a ToC, selects a box, edits its
label and comments on a proposal."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT
from .helpers import (
    PHONE,
    api,
    box,
    commit,
    edge,
    labels_on_server,
    new_toc,
    node,
    open_editor,
    server_doc,
    shot,
    sign_in,
    sign_up,
    wait_saved,
)

pytestmark = pytest.mark.browser


class Walk:
    """Counts a person's steps (a click, a fill, a key) and the time they take."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.steps = 0
        self.started = time.monotonic()

    def click(self, testid: str) -> None:
        self.steps += 1
        self.page.get_by_test_id(testid).click()

    def fill(self, testid: str, text: str) -> None:
        self.steps += 1
        self.page.get_by_test_id(testid).fill(text)

    def press(self, testid: str, key: str) -> None:
        self.steps += 1
        self.page.get_by_test_id(testid).press(key)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started


def test_first_time_walk_from_landing_to_a_pdf(new_context, shots: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto("/")
    w = Walk(page)
    # Landing -> sign up.
    w.click("landing-signup")
    w.fill("signup-username", "walker")
    w.fill("signup-email", "walker@example.org")
    w.fill("signup-password", "correct horse battery")
    w.click("signup-submit")
    expect(page.get_by_test_id("current-user")).to_have_text("walker")
    # Her organisation (the short name is suggested from the name).
    w.fill("org-name", "Walker Youth Trust")
    w.click("create-org-submit")
    expect(page.get_by_test_id("org-title")).to_have_text("Walker Youth Trust")
    # A new, blank theory of change.
    w.fill("graph-title", "Ready for work")
    w.click("graph-create-submit")
    expect(page.get_by_test_id("editor")).to_be_visible()
    org, graph = page.url.rstrip("/").split("/")[-2:]

    # Four levels: each added box takes the cursor to its label.
    for kind, label in [
        ("activity", "Weekly coaching sessions"),
        ("output", "Young people complete the course"),
        ("outcome", "Young people feel ready for work"),
        ("impact", "Young people are in decent work"),
    ]:
        w.click(f"add-{kind}")
        field = page.get_by_test_id("field-label")
        expect(field).to_be_focused()
        w.steps += 1
        page.keyboard.type(label)
        w.press("field-label", "Enter")
    # Two links, each from the selected box to one chosen from a list (no drag, no ids).
    for source, target in [
        ("Young people feel ready for work", "Young people are in decent work"),
        ("Weekly coaching sessions", "Young people complete the course"),
    ]:
        w.steps += 1
        box(page, source).click()
        expect(page.get_by_test_id("field-label")).to_have_value(source)
        w.click("connect-mode")
        dialog = page.get_by_test_id("connect-dialog")
        expect(dialog).to_be_visible()
        w.fill("connect-search", target)
        w.press("connect-search", "Enter")  # connects to the first box that matches
        expect(dialog).to_be_hidden()
    # One indicator on the outcome.
    w.steps += 1
    box(page, "Young people feel ready for work").click()
    w.click("add-indicator")
    expect(page.get_by_test_id("indicator-name")).to_be_focused()
    w.fill("indicator-name", "Share who feel ready")
    w.press("indicator-name", "Enter")
    wait_saved(page)
    # The PDF.
    w.click("export-open")
    with page.expect_download() as info:
        w.click("export-pdf")
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    seconds = w.seconds
    shot(page, shots, "first-walk-done")

    assert pdf.read_bytes().startswith(b"%PDF")
    assert info.value.suggested_filename.startswith(f"{graph}-main-")
    t = server_doc(page, org, graph)
    kinds = sorted(n["kind"] for n in t["nodes"].values())
    assert kinds == ["activity", "impact", "outcome", "output"]
    assert len(t["edges"]) == 2
    outcome = next(n for n in t["nodes"].values() if n["kind"] == "outcome")
    assert [i["name"] for i in outcome["indicators"]] == ["Share who feel ready"]
    assert seconds < 180, f"the walk took {seconds:.0f} s of scripted time"
    report = f"first-time walk: {w.steps} steps, {seconds:.1f} s of scripted time\n"
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    (ROOT / "test-artifacts" / "first-walk.txt").write_text(report)
    print(report)


def test_on_a_phone_a_member_edits_a_label_and_comments_on_a_proposal(
    new_context, shots: Path
) -> None:  # type: ignore[no-untyped-def]
    # Setup through the API: an organisation with a ToC and a proposal from a branch.
    setup = new_context().new_page()
    sign_up(setup, "phone-ana")
    new_toc(setup, "phone-org", "plan", [
        node("a1", "activity", "Weekly coaching"),
        node("c1", "outcome", "Young people feel ready"),
    ], [edge("e1", "a1", "c1")], org_name="Phone Youth Trust", title="Plan")  # fmt: skip
    head = api(setup, "GET", "/graphs/phone-org/plan/branches/main")["head"]
    api(setup, "POST", "/graphs/phone-org/plan/branches", {"name": "idea", "from": head})
    ops = [{"op": "update_node", "id": "c1", "set": {"description": "At 6 months"}}]
    commit(setup, "phone-org", "plan", ops, "idea", "Sharper")
    p = api(
        setup,
        "POST",
        "/graphs/phone-org/plan/proposals",
        {
            "source": "phone-org/plan:idea",
            "title": "Say when",
            "description": "Measured at six months.",
        },
    )

    page = new_context().new_page()
    page.set_viewport_size(PHONE)
    sign_in(page, "phone-ana")
    open_editor(page, "phone-org", "plan")
    box(page, "Young people feel ready").click()
    label = page.get_by_test_id("field-label")
    expect(label).to_be_visible()
    expect(label).to_be_in_viewport()
    label.fill("Young people feel ready for work")
    label.press("Enter")
    wait_saved(page)
    shot(page, shots, "phone-label-edited")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Young people feel ready for work" in labels_on_server(page, "phone-org", "plan")

    page.goto(f"/phone-org/plan/proposals/{p['number']}")
    body = page.get_by_test_id("comment-body")
    body.fill("Six months matches our follow-up calls.")
    page.get_by_test_id("comment-submit").click()
    expect(page.get_by_test_id("comment").last).to_contain_text("Six months matches")
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    shot(page, shots, "phone-proposal-commented")
    stored = page.request.get(f"/api/v1/graphs/phone-org/plan/proposals/{p['number']}").json()
    bodies = [c["body"] for c in stored.get("comments", [])]
    assert "Six months matches our follow-up calls." in bodies
