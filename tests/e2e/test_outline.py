"""The outline view (/{org}/{graph}/outline): the ToC as levels, boxes and links for screen
readers and keyboard users; selection shared with the diagram; Delete only on a box."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import api, axe_violations, new_toc, server_doc, shot, signed_up, wait_saved

pytestmark = pytest.mark.browser


def open_outline(page: Page, org: str, graph: str) -> None:
    page.goto(f"/{org}/{graph}/outline")
    expect(page.get_by_test_id("outline")).to_be_visible()


def item(page: Page, label: str) -> Locator:
    """The outline's entry for the box with this label: the box, its indicators and links."""
    return page.get_by_test_id("outline-item").filter(
        has=page.get_by_test_id("outline-box").get_by_text(label, exact=True)
    )


def outline_box(page: Page, label: str) -> Locator:
    """The outline's box with this label (not the diagram's: see helpers.box)."""
    return item(page, label).get_by_test_id("outline-box")


# A small ToC on every level: two arrows out of the activity, an indicator on an outcome.
NODES: list[dict[str, Any]] = [
    {"id": "n-imp", "kind": "impact", "label": "Children thrive at school"},
    {"id": "n-long", "kind": "outcome", "horizon": "long", "label": "Parents stay involved"},
    {"id": "n-short", "kind": "outcome", "horizon": "short", "label": "Parents feel confident",
     "indicators": [{"id": "ind-1", "name": "Parents reporting confidence"}]},
    {"id": "n-out", "kind": "output", "label": "Workshops held"},
    {"id": "n-out2", "kind": "output", "label": "Guides printed"},
    {"id": "n-act", "kind": "activity", "label": "Run parenting workshops"},
]  # fmt: skip
EDGES: list[dict[str, Any]] = [
    {"id": "e1", "source": "n-act", "target": "n-out"},
    {"id": "e2", "source": "n-act", "target": "n-out2"},
    {"id": "e3", "source": "n-out", "target": "n-short"},
    {"id": "e4", "source": "n-short", "target": "n-long"},
    {"id": "e5", "source": "n-long", "target": "n-imp"},
]


def seeded(page: Page, user: str, org: str, graph: str = "school-plan") -> None:
    signed_up(page, user)
    new_toc(page, org, graph, NODES, EDGES)
    open_outline(page, org, graph)
    wait_saved(page)


# -- tests -----------------------------------------------------------------------------------------


def test_the_outline_shows_every_level_and_box_with_its_links(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    seeded(page, "olga", "olga-org")

    # Levels top to bottom as in the diagram, each a heading.
    headings = page.get_by_test_id("outline").locator("h2").all_inner_texts()
    titles = [re.sub(r"\s*\d+\s*,\s*\d+ box(es)?$", "", h.strip()) for h in headings]
    assert titles == [
        "Impact", "Long-term outcomes", "Medium-term outcomes", "Short-term outcomes",
        "Outputs", "Activities",
    ], titles  # fmt: skip
    levels = {
        "impact": ["Children thrive at school"],
        "outcome-long": ["Parents stay involved"],
        "outcome-medium": [],
        "outcome-short": ["Parents feel confident"],
        "output": ["Workshops held", "Guides printed"],
        "activity": ["Run parenting workshops"],
    }
    for key, labels in levels.items():
        lvl = page.get_by_test_id(f"outline-level-{key}")
        got = lvl.get_by_test_id("outline-box").all_inner_texts()
        assert sorted(x.strip() for x in got) == sorted(labels), (key, got)
    expect(page.get_by_test_id("outline-level-outcome-medium")).to_contain_text(
        "No medium-term outcomes yet."
    )

    # A box says what it is, its indicator, and where its arrows go and come from.
    short = item(page, "Parents feel confident")
    expect(short).to_contain_text("Outcome, short term, 1 indicator: Parents reporting confidence")
    expect(short).to_contain_text("leads to:Parents stay involved")
    expect(short).to_contain_text("comes from:Workshops held")
    act = item(page, "Run parenting workshops")
    expect(act.get_by_test_id("outline-link")).to_have_count(2)
    # The box's description is what a screen reader reads with it.
    described = outline_box(page, "Parents feel confident").evaluate(
        "(el) => el.getAttribute('aria-describedby').split(' ')"
        ".map((id) => document.getElementById(id).textContent).join(' ')"
    )
    assert "short term" in described and "leads to" in described, described

    # One Tab stop in the whole outline (a roving tabindex).
    assert page.locator('[data-testid="outline-box"][tabindex="0"]').count() == 1

    assert axe_violations(page) == []
    shot(page, shots, "outline-1440")
    page.get_by_test_id("outline-keys").locator("summary").click()
    expect(page.get_by_test_id("outline-keys").locator("dl")).to_be_visible()
    shot(page, shots, "outline-keys-1440")
    assert axe_violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    expect(outline_box(page, "Children thrive at school")).to_be_visible()
    fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, "the outline is wider than a phone"
    page.get_by_test_id("outline-keys").locator("summary").click()  # closed again
    shot(page, shots, "outline-390")
    outline_box(page, "Parents feel confident").click()
    # The bottom sheet opens with the box's details; the box stays in sight above it.
    page.wait_for_function(
        """() => document.querySelector('[data-testid=sidebar]').getBoundingClientRect().top >=
                 document.querySelector('.ol-item.selected').getBoundingClientRect().bottom"""
    )
    shot(page, shots, "outline-390-selected")
    assert axe_violations(page) == []


def test_following_a_link_moves_focus_to_that_box(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    seeded(page, "lina", "lina-org")

    outline_box(page, "Run parenting workshops").focus()
    page.keyboard.press("ArrowRight")  # onto its first arrow
    link = page.locator(":focus")
    expect(link).to_have_attribute("data-testid", "outline-link")
    expect(link).to_have_text("Workshops held")
    page.keyboard.press("ArrowRight")
    expect(page.locator(":focus")).to_have_text("Guides printed")
    page.keyboard.press("Enter")  # follow it
    expect(outline_box(page, "Guides printed")).to_be_focused()
    expect(outline_box(page, "Guides printed")).to_have_attribute("aria-current", "true")
    expect(outline_box(page, "Guides printed")).to_have_attribute("tabindex", "0")

    # ... and back along a "comes from" link with the mouse, too.
    item(page, "Guides printed").get_by_test_id("outline-link").click()
    expect(outline_box(page, "Run parenting workshops")).to_be_focused()

    # Up and Down go through the boxes in outline order; Home and End to the ends.
    page.keyboard.press("ArrowUp")
    expect(page.locator(":focus")).to_have_text("Guides printed")
    page.keyboard.press("Home")
    expect(outline_box(page, "Children thrive at school")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(outline_box(page, "Parents stay involved")).to_be_focused()
    page.keyboard.press("End")
    expect(outline_box(page, "Run parenting workshops")).to_be_focused()

    # Escape in the side panel comes back to the outline's current box.
    page.get_by_test_id("tab-checks").focus()
    page.keyboard.press("Escape")
    expect(outline_box(page, "Run parenting workshops")).to_be_focused()

    # The connect list: the editor's dialog, searchable, accessible; Escape closes it.
    page.keyboard.press("c")
    expect(page.get_by_test_id("connect-search")).to_be_focused()
    options = page.get_by_test_id("connect-option")
    # Both outputs are linked already: listed first but not choosable, then the outcomes,
    # then the impact.
    expect(options).to_have_text(
        [
            "Workshops held (already connected)",
            "Guides printed (already connected)",
            "Parents feel confident",
            "Parents stay involved",
            "Children thrive at school",
        ]
    )
    expect(options.and_(page.locator(":disabled"))).to_have_count(2)
    assert axe_violations(page) == []
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("connect-dialog")).to_have_count(0)
    expect(outline_box(page, "Run parenting workshops")).to_be_focused()


def test_selection_is_shared_between_the_outline_and_the_diagram(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    seeded(page, "selma", "selma-org")

    outline_box(page, "Parents feel confident").click()
    expect(outline_box(page, "Parents feel confident")).to_have_attribute("aria-current", "true")
    expect(page.get_by_test_id("field-label")).to_have_value("Parents feel confident")

    page.get_by_test_id("view-diagram").click()
    expect(page.get_by_test_id("editor")).to_have_attribute("data-view", "diagram")
    # The same box is selected in the diagram: the Details panel still shows it.
    expect(page.get_by_test_id("field-label")).to_have_value("Parents feel confident")
    # Choosing another box there, then coming back: the outline marks it.
    assert page.evaluate("() => window.tocEditor.selectByLabel('Guides printed')")
    expect(page.get_by_test_id("field-label")).to_have_value("Guides printed")
    page.get_by_test_id("view-outline").click()
    expect(page.get_by_test_id("editor")).to_have_attribute("data-view", "outline")
    expect(outline_box(page, "Guides printed")).to_have_attribute("aria-current", "true")
    expect(outline_box(page, "Guides printed")).to_have_attribute("tabindex", "0")
    expect(outline_box(page, "Parents feel confident")).not_to_have_attribute(
        "aria-current", "true"
    )

    # Selected from elsewhere while the outline is open (as Checks or History do).
    assert page.evaluate("() => window.tocEditor.selectByLabel('Children thrive at school')")
    expect(outline_box(page, "Children thrive at school")).to_have_attribute("aria-current", "true")
    expect(outline_box(page, "Children thrive at school")).to_be_in_viewport()


def test_delete_removes_the_box_under_focus_and_backspace_in_a_field_does_not(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    seeded(page, "della", "della-org")

    # Backspace in the Details panel's label field edits the text, never the box.
    outline_box(page, "Parents feel confident").focus()
    page.keyboard.press("Enter")
    label = page.get_by_test_id("field-label")
    expect(label).to_be_focused()
    page.keyboard.press("End")
    for _ in range(10):
        page.keyboard.press("Backspace")
    expect(label).to_have_value("Parents feel")
    # Nor in the outline's own text field (the connect dialog's search).
    page.keyboard.press("Escape")
    expect(outline_box(page, "Parents feel")).to_be_focused()
    page.keyboard.press("c")
    search = page.get_by_test_id("connect-search")
    expect(search).to_be_focused()
    search.type("xy")
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    expect(page.get_by_test_id("connect-dialog")).to_have_count(0)
    expect(outline_box(page, "Parents feel")).to_be_focused()
    wait_saved(page)
    stored = server_doc(page, "della-org", "school-plan")
    assert stored["nodes"]["n-short"]["label"] == "Parents feel"
    assert len(stored["nodes"]) == 6 and len(stored["edges"]) == 5

    # Delete on a box removes it and its arrows; focus lands on the next box.
    outline_box(page, "Workshops held").focus()
    page.keyboard.press("Delete")
    expect(item(page, "Workshops held")).to_have_count(0)
    expect(outline_box(page, "Guides printed")).to_be_focused()
    expect(page.get_by_test_id("announcer")).to_contain_text("Deleted")
    wait_saved(page)
    stored = server_doc(page, "della-org", "school-plan")
    assert "n-out" not in stored["nodes"]
    assert {e["id"] for e in stored["edges"].values()} == {"e2", "e4", "e5"}

    # Delete on an arrow removes only that arrow.
    page.keyboard.press("ArrowRight")  # Guides printed: "comes from Run parenting workshops"
    expect(page.locator(":focus")).to_have_attribute("data-edge", "e2")
    page.keyboard.press("Delete")
    expect(outline_box(page, "Guides printed")).to_be_focused()
    wait_saved(page)
    stored = server_doc(page, "della-org", "school-plan")
    assert set(stored["edges"]) == {"e4", "e5"} and "n-out2" in stored["nodes"]

    # Ctrl+Z in the outline brings the arrow back.
    page.keyboard.press("Control+z")
    wait_saved(page)
    assert "e2" in server_doc(page, "della-org", "school-plan")["edges"]


def test_a_public_toc_reads_as_an_outline_for_a_visitor(new_context) -> None:  # type: ignore[no-untyped-def]
    owner = new_context().new_page()
    signed_up(owner, "pia")
    new_toc(owner, "pia-org", "open-plan", NODES, EDGES)
    api(owner, "PATCH", "/graphs/pia-org/open-plan", {"visibility": "public"})

    page = new_context().new_page()  # signed out
    open_outline(page, "pia-org", "open-plan")
    expect(page.get_by_test_id("outline-box")).to_have_count(len(NODES))
    expect(page.get_by_test_id("outline").locator("[data-act=add]")).to_have_count(0)
    expect(page.get_by_test_id("outline-delete")).to_have_count(0)
    outline_box(page, "Workshops held").focus()
    page.keyboard.press("Delete")
    page.keyboard.press("1")
    page.keyboard.press("c")
    expect(page.get_by_test_id("connect-dialog")).to_have_count(0)
    expect(page.get_by_test_id("outline-box")).to_have_count(len(NODES))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")  # follows "leads to Parents feel confident"
    expect(outline_box(page, "Parents feel confident")).to_be_focused()
    assert len(server_doc(owner, "pia-org", "open-plan")["nodes"]) == len(NODES)
    assert axe_violations(page) == []
