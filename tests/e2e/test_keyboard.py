"""Issue 11's acceptance: a keyboard-only test builds a four-level ToC with links and an
indicator without a mouse event. The account, organisation and empty ToC are made through the
API; from the moment the editor is open, only ``page.keyboard`` is used (Tab to reach a
control, keys to act), and what the server stored is read back through the API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import new_toc, server_doc, shot, signed_up, wait_saved

pytestmark = pytest.mark.browser

ACTIVITY = "Run parenting workshops"
OUTPUT = "Workshops held"
OUTCOME = "Parents feel confident"
IMPACT = "Children thrive at school"
INDICATOR = "Parents reporting confidence"


def focused_testid(page: Page) -> str | None:
    got = page.evaluate("() => document.activeElement?.getAttribute('data-testid') ?? null")
    return str(got) if got is not None else None


def tab_to(page: Page, testid: str, limit: int = 80, back: bool = False) -> None:
    """Press Tab (Shift+Tab with ``back``) until the element with this test id has focus."""
    for _ in range(limit):
        if focused_testid(page) == testid:
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{limit} Tab presses did not reach {testid!r}")


def type_label(page: Page, label: str) -> None:
    """The cursor is in the new box's label field (the Details panel): type, Enter, Escape."""
    expect(page.get_by_test_id("field-label")).to_be_focused()
    page.keyboard.type(label)
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")


def no_mouse(page: Page) -> None:
    """Count every mouse and pointer event the page receives from now on."""
    page.evaluate(
        """() => {
          window.__mouseEvents = 0;
          for (const t of ['mousedown', 'mouseup', 'click', 'dblclick', 'pointerdown',
                           'pointerup', 'contextmenu', 'wheel'])
            window.addEventListener(t, (e) => {
              // A click that Enter or Space fires on a button has detail 0 and no pointer.
              if (t === 'click' && e.detail === 0) return;
              window.__mouseEvents++;
            }, true);
        }"""
    )


def assert_built(page: Page, org: str, graph: str) -> None:
    wait_saved(page)
    stored = server_doc(page, org, graph)
    by_label = {n["label"]: n for n in stored["nodes"].values()}
    assert set(by_label) == {ACTIVITY, OUTPUT, OUTCOME, IMPACT}, set(by_label)
    kinds = {label: n["kind"] for label, n in by_label.items()}
    assert kinds == {ACTIVITY: "activity", OUTPUT: "output", OUTCOME: "outcome", IMPACT: "impact"}
    ids = {label: n["id"] for label, n in by_label.items()}
    arrows = {(e["source"], e["target"]) for e in stored["edges"].values()}
    assert arrows == {
        (ids[ACTIVITY], ids[OUTPUT]),
        (ids[OUTPUT], ids[OUTCOME]),
        (ids[OUTCOME], ids[IMPACT]),
    }, arrows
    indicators: list[dict[str, Any]] = by_label[OUTCOME].get("indicators") or []
    assert [i["name"] for i in indicators] == [INDICATOR], indicators
    assert page.evaluate("() => window.__mouseEvents") == 0


def build_by_keyboard(page: Page, first: tuple[str, str]) -> None:
    """Build the ToC from the top down, keys only, the same in both views: the impact (Tab to
    ``first[0]``, then press ``first[1]``), then each level below with its number key on the
    box just made, connected to it at once with C (the list's search, Enter); then Up twice
    from the activity to the outcome, Enter, Tab to "Add indicator" and type its name."""
    testid, key = first
    tab_to(page, testid)
    page.keyboard.press(key)
    type_label(page, IMPACT)
    focused = page.locator(":focus")
    expect(focused).to_contain_text(IMPACT)
    for key, label, target in (
        ("3", OUTCOME, IMPACT),
        ("2", OUTPUT, OUTCOME),
        ("1", ACTIVITY, OUTPUT),
    ):
        page.keyboard.press(key)
        type_label(page, label)
        expect(focused).to_contain_text(label)
        page.keyboard.press("c")
        expect(page.get_by_test_id("connect-dialog")).to_be_visible()
        tab_to(page, "connect-search", limit=5)  # where the dialog puts the cursor, or near it
        # The level an arrow usually goes to is listed first, so Enter alone would do; the
        # typed words make sure.
        page.keyboard.type(target.split()[0])
        page.keyboard.press("Enter")
        expect(page.get_by_test_id("connect-dialog")).to_have_count(0)
        expect(focused).to_contain_text(label)  # back on the box the arrow starts from

    page.keyboard.press("ArrowUp")
    expect(focused).to_contain_text(OUTPUT)
    page.keyboard.press("ArrowUp")
    expect(focused).to_contain_text(OUTCOME)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("field-label")).to_be_focused()
    tab_to(page, "add-indicator")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("indicator-name")).to_be_focused()
    page.keyboard.type(INDICATOR)
    page.keyboard.press("Escape")
    expect(focused).to_contain_text(OUTCOME)


def open_empty(page: Page, user: str, address: str) -> None:
    signed_up(page, user)
    org, graph = address.strip("/").split("/")[:2]
    new_toc(page, org, graph, [], [])
    page.goto(address)
    expect(page.get_by_test_id("editor")).to_be_visible()
    wait_saved(page)
    no_mouse(page)


def test_a_four_level_toc_built_by_keyboard_in_the_outline(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    open_empty(page, "kira", "/kira-org/by-keys/outline")
    build_by_keyboard(page, ("outline-add-impact", "Enter"))

    box = page.get_by_test_id("outline-box")
    expect(box.filter(has_text=OUTCOME)).to_be_focused()
    item = page.get_by_test_id("outline-item").filter(has=box.filter(has_text=OUTCOME))
    expect(item).to_contain_text(f"1 indicator: {INDICATOR}")
    expect(item).to_contain_text(f"leads to:{IMPACT}")
    expect(item).to_contain_text(f"comes from:{OUTPUT}")
    shot(page, shots, "outline-keyboard-built-1440")
    assert_built(page, "kira-org", "by-keys")


def test_a_four_level_toc_built_by_keyboard_in_the_diagram(new_context, shots: Path) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.set_viewport_size({"width": 1440, "height": 900})
    open_empty(page, "keys-dina", "/keys-dina-org/by-keys")
    build_by_keyboard(page, ("canvas", "4"))
    shot(page, shots, "diagram-keyboard-built-1440")
    assert_built(page, "keys-dina-org", "by-keys")
