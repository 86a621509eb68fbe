"""Results and progress in a real browser (issue 13): entering results in the grid by typing
and by pasting a block from a spreadsheet, the badge on the box and the dashboard's chart
changing when they are saved (in another tab, without a reload), keyboard-only entry,
problems said at the cell (the browser's checks and the server's 422), read-only readers and
public results, import from a file (dry run, then all or nothing), archived indicators, how an
indicator is measured in the inspector, and every new screen at 1440x900 and 390x844 with axe.

Each test makes its own ToC through the API; the periods are the reporting quarters around
today (the server judges progress on its own today)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import (
    DESKTOP,
    PHONE,
    NewContext,
    api,
    axe_violations,
    box,
    commit,
    edge,
    new_person,
    new_toc,
    node,
    open_editor,
    select,
    server_nodes,
    shot,
)
from .quarters import code, label, quarter, quarter_end, shift

pytestmark = pytest.mark.browser


# -- quarters around today --------------------------------------------------------------------


NOW = quarter(date.today())
#: The four quarters reported so far (the last is the current one).
Q = [shift(NOW, k) for k in (-3, -2, -1, 0)]
BASELINE_DATE = quarter_end(shift(NOW, -4))
TARGET_DATE = quarter_end(shift(NOW, 4))


GENDER = ["female", "male", "another"]


def document() -> dict[str, list[dict[str, Any]]]:
    """Coaching -> coached (count, split by gender) and mentors (%) -> confidence (scale) ->
    in work (yearly): the quarterly ones over eight quarters from a baseline a year ago."""
    dates = {"baseline_date": BASELINE_DATE, "target_date": TARGET_DATE}
    nodes = [
        node("act", "activity", "Weekly coaching sessions"),
        node(
            "out", "output", "Young people coached",
            indicators=[{
                "id": "coached", "name": "Young people coached", "unit": "young people",
                "unit_type": "count", "baseline": 0, "target": 100, **dates,
                "disaggregations": [{"name": "gender", "categories": GENDER}],
            }],
        ),
        node(
            "men", "output", "Mentors matched",
            indicators=[{
                "id": "matched", "name": "Share matched with a mentor", "unit": "%",
                "unit_type": "percentage", "baseline": 40, "target": 80, **dates,
            }],
        ),
        node(
            "conf", "outcome", "Young people feel more confident", horizon="short",
            indicators=[{
                "id": "confidence", "name": "Mean confidence score", "unit_type": "scale",
                "scale_min": 1, "scale_max": 5, "baseline": 2.5, "target": 4, **dates,
            }],
        ),
        node(
            "work", "outcome", "Young people in decent work", horizon="long",
            indicators=[{
                "id": "jobs", "name": "Job starts", "unit": "young people", "frequency": "yearly",
                "baseline": 0, "target": 60,
            }],
        ),
        node("imp", "impact", "Fewer young people out of work"),
    ]  # fmt: skip
    edges = [
        edge("e1", "act", "out"),
        edge("e2", "act", "men"),
        edge("e3", "out", "conf"),
        edge("e4", "men", "conf"),
        edge("e5", "conf", "work"),
        edge("e6", "work", "imp"),
    ]
    return {"nodes": nodes, "edges": edges}


def make_toc(page: Page, org: str, graph: str = "futures", **extra: Any) -> str:
    d = document()
    new_toc(page, org, graph, d["nodes"], d["edges"], title="Futures programme", **extra)
    return f"/{org}/{graph}"


def cell(page: Page, indicator: str, q: tuple[int, int]) -> Locator:
    return page.locator(
        f'[data-testid="result-cell"][data-indicator="{indicator}"][data-period="{code(q)}"]'
    )


def open_results(page: Page, path: str) -> None:
    page.goto(f"{path}/results")
    expect(page.get_by_test_id("results-grid").first).to_be_visible()


def paste(page: Page, text: str) -> None:
    """Paste as a spreadsheet puts a copied block on the clipboard (text/plain, tabs and
    line breaks), on the focused element."""
    page.evaluate(
        """(text) => {
            const dt = new DataTransfer();
            dt.setData('text/plain', text);
            const init = {clipboardData: dt, bubbles: true, cancelable: true};
            document.activeElement.dispatchEvent(new ClipboardEvent('paste', init));
        }""",
        text,
    )


def save(page: Page) -> None:
    page.get_by_test_id("results-save").click()
    expect(page.get_by_test_id("results-status")).to_have_text("All results saved")


def current(page: Page, path: str) -> dict[tuple[str, str], dict[str, Any]]:
    """The current results on the server, by (indicator, period)."""
    rows = api(page, "GET", f"/graphs{path}/results")["results"]
    return {(r["indicator"], r["period"]): r for r in rows}


def post_results(page: Page, path: str, entries: list[dict[str, Any]]) -> None:
    api(page, "POST", f"/graphs{path}/results", {"results": entries})


# -- entering, pasting, and seeing progress change ------------------------------------------------


def test_enter_and_paste_then_badge_and_chart_change(new_context: NewContext, shots: Path) -> None:
    ana = new_person(new_context, "res-ana", DESKTOP)
    path = make_toc(ana, "res-org-a")
    open_results(ana, path)
    # Indicators in causal order: the outputs (by label), then the outcome; job starts are yearly.
    rows = ana.get_by_test_id("results-grid-quarterly").get_by_test_id("result-row")
    expect(rows).to_have_count(3)
    assert [rows.nth(i).get_attribute("data-indicator") for i in range(3)] == [
        "matched",
        "coached",
        "confidence",
    ]
    expect(ana.get_by_test_id("results-grid-yearly")).to_be_visible()

    # A block copied from a spreadsheet: two rows of three quarters, from the focused cell.
    cell(ana, "matched", Q[0]).click()
    paste(ana, "45\t50%\t55\r\n10\t25\t40\r\n")
    expect(cell(ana, "coached", Q[2])).to_contain_text("40")
    expect(ana.get_by_test_id("results-status")).to_have_text("6 changes not saved yet")
    # Typed: the confidence score, Tab to the next quarter.
    cell(ana, "confidence", Q[0]).click()
    ana.keyboard.type("2.6")
    ana.keyboard.press("Tab")
    ana.keyboard.type("2.9")
    ana.keyboard.press("Enter")
    expect(cell(ana, "confidence", Q[1])).to_contain_text("2.9")
    save(ana)
    stored = current(ana, path)
    assert stored[("coached", code(Q[2]))]["value"] == 40
    assert stored[("matched", code(Q[1]))]["value"] == 50
    assert stored[("confidence", code(Q[1]))]["value"] == 2.9
    assert len(stored) == 8

    # Two more tabs of the same person: the editor and the dashboard.
    ctx = ana.context
    editor = ctx.new_page()
    open_editor(editor, "res-org-a", "futures")
    coached = box(editor, "Young people coached")
    expect(coached).to_have_attribute("data-status", "on_track")
    expect(coached.get_by_test_id("box-status")).to_contain_text("On track")
    dash = ctx.new_page()
    dash.goto(f"{path}/dashboard")
    chart = dash.locator('[data-testid="indicator-chart"][data-indicator="coached"]')
    expect(chart.get_by_test_id("chart-plot")).to_have_attribute("data-points", "3")
    expect(chart.get_by_test_id("chart-plot").locator("svg")).to_be_visible()

    # Far fewer this quarter than the path expects: off track; the outcome it leads to is at risk.
    cell(ana, "coached", Q[3]).click()
    ana.keyboard.type("20")
    ana.keyboard.press("Enter")
    save(ana)
    expect(coached).to_have_attribute("data-status", "off_track", timeout=10_000)
    expect(coached.get_by_test_id("box-status")).to_contain_text("Off track")
    confidence = box(editor, "Young people feel more confident")
    expect(confidence).to_have_attribute("data-upstream", "at_risk")
    expect(confidence.get_by_test_id("box-risk")).to_have_text("⚠ At risk upstream")
    expect(chart.get_by_test_id("chart-plot")).to_have_attribute("data-points", "4", timeout=10_000)
    expect(chart.get_by_test_id("chart-summary")).to_contain_text(f"latest 20 in {label(Q[3])}")

    # Why, in the box's details, with a way to go there.
    select(editor, "Young people feel more confident")
    note = editor.get_by_test_id("node-progress").get_by_test_id("upstream-note")
    expect(note).to_contain_text("At risk upstream because “Young people coached” is off track")
    note.get_by_role("button", name="“Young people coached”").click()
    expect(editor.get_by_test_id("field-label")).to_have_value("Young people coached")
    expect(editor.get_by_test_id("indicator-status-badge")).to_have_text("✕Off track")

    # The outline shows the same.
    editor.get_by_test_id("view-outline").click()
    item = editor.locator('[data-testid="outline-item"][data-node-id="conf"]')
    expect(item.get_by_test_id("outline-risk")).to_contain_text(
        "At risk upstream because “Young people coached” is off track."
    )
    out = editor.locator('[data-testid="outline-item"][data-node-id="out"]')
    expect(out.get_by_test_id("outline-progress")).to_have_attribute("data-status", "off_track")


def test_categories_note_and_history(new_context: NewContext) -> None:
    ana = new_person(new_context, "res-cleo", DESKTOP)
    path = make_toc(ana, "res-org-c")
    open_results(ana, path)
    cell(ana, "coached", Q[1]).click()
    ana.keyboard.type("22")
    ana.keyboard.press("Control+Enter")
    panel = ana.get_by_test_id("cell-panel")
    expect(panel.get_by_test_id("cell-panel-value")).to_contain_text("22")
    cats = panel.get_by_test_id("cell-category")
    # Keyboard: the panel's first field has the focus; the categories come first.
    expect(cats.nth(0)).to_be_focused()
    ana.keyboard.type("12")
    ana.keyboard.press("Tab")
    ana.keyboard.type("9")
    ana.keyboard.press("Tab")
    ana.keyboard.type("2")
    expect(panel.get_by_test_id("cell-categories-sum")).to_contain_text(
        "They must add up to the total."
    )
    ana.get_by_test_id("results-save").click()
    problems = ana.get_by_test_id("results-problems")
    expect(problems).to_contain_text(
        f"Young people coached, {label(Q[1])}: The gender categories add up to 23, "
        "not the total 22."
    )
    expect(cell(ana, "coached", Q[1])).to_have_attribute("aria-invalid", "true")
    cats.nth(2).fill("1")
    panel.get_by_test_id("cell-note").fill("Two groups started late")
    panel.get_by_test_id("cell-source").fill("https://example.org/register")
    save(ana)
    row = current(ana, path)[("coached", code(Q[1]))]
    assert row["categories"] == {"gender": {"female": 12, "male": 9, "another": 1}}
    assert row["note"] == "Two groups started late"
    expect(cell(ana, "coached", Q[1])).to_contain_text("▦✎")

    # A correction keeps the old value in the history.
    cell(ana, "coached", Q[1]).click()
    ana.keyboard.press("F2")
    field = ana.get_by_test_id("result-input")
    expect(field).to_have_value("22")
    field.fill("24")
    ana.keyboard.press("Enter")
    # The categories no longer add up to the new total: said before anything is sent.
    ana.get_by_test_id("results-save").click()
    expect(problems).to_contain_text("add up to 22, not the total 24")
    cell(ana, "coached", Q[1]).click()
    ana.keyboard.press("Control+Enter")
    cats.nth(1).fill("11")
    save(ana)
    panel.get_by_test_id("cell-history-show").click()
    items = panel.get_by_test_id("cell-history-item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("24")
    expect(items.nth(0)).to_contain_text("(current)")
    expect(items.nth(1)).to_contain_text("22")
    expect(items.nth(1)).to_contain_text("res-cleo")


def test_keyboard_only_entry(new_context: NewContext) -> None:
    ben = new_person(new_context, "res-ben", DESKTOP)
    path = make_toc(ben, "res-org-b")
    ben.goto(f"{path}/results")
    expect(ben.get_by_test_id("results-grid").first).to_be_visible()
    # Tab from the top of the page to the grid: one tab stop, on the latest quarter.
    for _ in range(40):
        ben.keyboard.press("Tab")
        if ben.evaluate("() => document.activeElement?.getAttribute('role')") == "gridcell":
            break
    focused = ben.locator("td:focus")
    expect(focused).to_have_attribute("data-indicator", "matched")
    expect(focused).to_have_attribute("data-period", code(Q[3]))
    # Home: the first quarter; type, Tab, type; Enter goes down a row (coached).
    ben.keyboard.press("Home")
    ben.keyboard.type("42")
    ben.keyboard.press("Tab")
    ben.keyboard.type("12/25")  # a percentage as 12 out of 25
    ben.keyboard.press("Enter")
    expect(ben.locator("td:focus")).to_have_attribute("data-indicator", "coached")
    ben.keyboard.type("8")
    ben.keyboard.press("ArrowLeft")  # while editing, Left and Right move in the text
    ben.keyboard.press("Tab")
    expect(cell(ben, "coached", Q[1])).to_contain_text("8")
    # Escape puts a cell back as it was; F2 edits the value there.
    ben.keyboard.type("99")
    ben.keyboard.press("Escape")
    expect(cell(ben, "coached", Q[2])).not_to_contain_text("99")
    ben.keyboard.press("ArrowLeft")
    ben.keyboard.press("F2")
    expect(ben.get_by_test_id("result-input")).to_have_value("8")
    ben.keyboard.press("End")
    ben.keyboard.type("0")
    ben.keyboard.press("Enter")
    expect(cell(ben, "coached", Q[1])).to_contain_text("80")
    # Up to the row above, Delete empties an unsaved cell again.
    ben.keyboard.press("ArrowUp")
    ben.keyboard.press("ArrowUp")
    ben.keyboard.press("ArrowRight")
    ben.keyboard.press("Delete")
    # The note of a cell: Ctrl+Enter there, Escape back.
    ben.keyboard.press("ArrowLeft")
    ben.keyboard.press("Control+Enter")
    expect(ben.get_by_test_id("cell-note")).to_be_focused()
    ben.keyboard.type("From the sign-in sheets")
    ben.keyboard.press("Escape")
    expect(ben.locator("td:focus")).to_have_attribute("data-period", code(Q[1]))
    ben.keyboard.press("Control+s")
    expect(ben.get_by_test_id("results-status")).to_have_text("All results saved")
    stored = current(ben, path)
    assert stored[("coached", code(Q[1]))]["value"] == 80
    assert stored[("matched", code(Q[1]))]["note"] == "From the sign-in sheets"
    assert stored[("matched", code(Q[0]))]["value"] == 42
    assert ("matched", code(Q[1])) in stored
    assert ("matched", code(Q[2])) not in stored
    # Ctrl+S while typing in a cell saves what it holds too.
    ben.keyboard.press("ArrowRight")
    ben.keyboard.type("55")
    expect(ben.get_by_test_id("result-input")).to_have_value("55")
    ben.keyboard.press("Control+s")
    expect(ben.get_by_test_id("results-status")).to_have_text("All results saved")
    expect(ben.locator("td:focus")).to_have_attribute("data-period", code(Q[2]))
    assert current(ben, path)[("matched", code(Q[2]))]["value"] == 55


def test_problems_are_said_at_the_cell(new_context: NewContext) -> None:
    dora = new_person(new_context, "res-dora", DESKTOP)
    path = make_toc(dora, "res-org-d")
    open_results(dora, path)
    cell(dora, "coached", Q[0]).click()
    dora.keyboard.type("lots")
    dora.keyboard.press("Tab")
    dora.keyboard.type("4.5")
    dora.keyboard.press("Enter")
    dora.get_by_test_id("results-save").click()
    problems = dora.get_by_test_id("results-problems")
    expect(problems).to_contain_text(
        f"Young people coached, {label(Q[0])}: Enter a number, such as 42 or 3.5."
    )
    expect(cell(dora, "coached", Q[0])).to_have_attribute("aria-invalid", "true")
    problems.get_by_test_id("results-problem").first.click()
    expect(cell(dora, "coached", Q[0])).to_be_focused()
    dora.keyboard.type("12")
    dora.keyboard.press("Enter")
    expect(problems).to_have_count(0)

    # The browser thinks 2.5 is on the 1-5 scale; meanwhile a colleague made it 1-2.
    cell(dora, "confidence", Q[0]).click()
    dora.keyboard.type("2.5")
    dora.keyboard.press("Enter")
    doc = server_nodes(dora, "res-org-d", "futures")
    inds = doc["conf"]["indicators"]
    inds[0]["scale_max"] = 2
    commit(
        dora, "res-org-d", "futures",
        [{"op": "update_node", "id": "conf", "set": {"indicators": inds}}],
    )  # fmt: skip
    dora.get_by_test_id("results-save").click()
    expect(problems).to_contain_text(f"Mean confidence score, {label(Q[0])}:")
    expect(problems).to_contain_text("scale")
    expect(cell(dora, "confidence", Q[0])).to_have_attribute("aria-invalid", "true")
    expect(dora.get_by_test_id("results-status")).to_have_text("3 changes not saved yet")
    assert current(dora, path) == {}


def test_viewers_read_and_public_results(new_context: NewContext) -> None:
    eve = new_person(new_context, "res-eve", DESKTOP)
    path = make_toc(eve, "res-org-e", visibility="public")
    post_results(eve, path, [{"indicator": "coached", "period": code(Q[0]), "value": 11}])
    finn = new_person(new_context, "res-finn", DESKTOP)
    api(eve, "POST", "/orgs/res-org-e/members", {"user": "res-finn", "role": "viewer"})
    # A viewer reads the grid and moves through it; typing changes nothing.
    open_results(finn, path)
    expect(finn.get_by_test_id("results-page")).to_have_attribute("data-editable", "false")
    expect(finn.get_by_test_id("results-savebar")).to_have_count(0)
    expect(finn.get_by_test_id("results-import")).to_have_count(0)
    cell(finn, "coached", Q[0]).click()
    finn.keyboard.type("5")
    expect(finn.get_by_test_id("result-input")).to_have_count(0)
    expect(cell(finn, "coached", Q[0])).to_have_text("11")
    expect(finn.get_by_test_id("cell-note")).to_have_attribute("readonly", "")
    expect(finn.get_by_test_id("results-public")).to_have_count(0)  # owners only

    # Someone signed out: the ToC is public, its results are not until the owner says so.
    visitor = new_context().new_page()
    visitor.goto(f"{path}/results")
    expect(visitor.get_by_test_id("results-hidden")).to_be_visible()
    open_results(eve, path)
    toggle = eve.get_by_test_id("results-public-toggle")
    expect(toggle).not_to_be_checked()
    toggle.check()
    expect(eve.get_by_test_id("results-public")).to_contain_text("public too")
    assert api(eve, "GET", f"/graphs{path}")["results_public"] is True
    visitor.reload()
    expect(visitor.get_by_test_id("results-grid").first).to_be_visible()
    expect(cell(visitor, "coached", Q[0])).to_have_text("11")
    visitor.goto(f"{path}/dashboard")
    expect(visitor.get_by_test_id("dashboard-indicator").first).to_be_visible()


def test_import_dry_run_then_all_or_nothing(new_context: NewContext, tmp_path: Path) -> None:
    gus = new_person(new_context, "res-gus", DESKTOP)
    path = make_toc(gus, "res-org-g")
    open_results(gus, path)
    panel = gus.get_by_test_id("results-import")
    href = panel.get_by_test_id("template-csv").get_attribute("href")
    assert href == f"/api/v1/graphs{path}/results/template.csv"
    assert panel.get_by_test_id("template-xlsx").get_attribute("href", timeout=1000)
    r = gus.request.get(href)
    assert r.ok, r.text()
    rows = list(csv.DictReader(io.StringIO(r.text().lstrip("\ufeff"))))
    coached = [x for x in rows if x["indicator"] == "coached"]
    assert coached, rows[:3]
    coached[0]["value"] = "31"
    coached[1]["value"] = "many"

    def write(name: str, table: list[dict[str, str]]) -> Path:
        out = tmp_path / name
        with out.open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
            w.writeheader()
            w.writerows(table)
        return out

    bad = write("results-bad.csv", rows)
    panel.get_by_test_id("import-file").set_input_files(str(bad))
    panel.get_by_test_id("import-check").click()
    expect(panel.get_by_test_id("import-invalid")).to_be_visible()
    problem = panel.get_by_test_id("import-problem").first
    row_number = rows.index(coached[1]) + 2  # the header is row 1
    expect(problem.locator("td").nth(0)).to_have_text(str(row_number))
    expect(problem.locator("td").nth(1)).to_have_text("value")
    expect(panel.get_by_test_id("import-run")).to_have_count(0)

    coached[1]["value"] = "47"
    good = write("results-good.csv", rows)
    panel.get_by_test_id("import-file").set_input_files(str(good))
    panel.get_by_test_id("import-check").click()
    expect(panel.get_by_test_id("import-valid")).to_be_visible()
    assert current(gus, path) == {}  # a dry run writes nothing
    panel.get_by_test_id("import-run").click()
    expect(panel.get_by_test_id("import-done")).to_be_visible()
    second = (int(coached[1]["period"][:4]), int(coached[1]["period"][-1]))
    expect(cell(gus, "coached", second)).to_have_text("47")

    # The indicator leaves the ToC: its results are kept, apart and read-only.
    gone = {"op": "update_node", "id": "out", "set": {"indicators": []}}
    commit(gus, "res-org-g", "futures", [gone])
    gus.reload()
    archived = gus.get_by_test_id("results-archived")
    expect(archived).to_be_visible()
    kept = archived.get_by_test_id("archived-indicator")
    expect(kept).to_have_attribute("data-indicator", "coached")
    expect(archived).to_contain_text("47")
    expect(gus.locator('[data-testid="result-row"][data-indicator="coached"]')).to_have_count(0)


# -- how an indicator is measured, in the inspector ------------------------------------------------


def test_indicator_definition_in_the_inspector(new_context: NewContext) -> None:
    hana = new_person(new_context, "res-hana", DESKTOP)
    make_toc(hana, "res-org-h")
    open_editor(hana, "res-org-h", "futures")
    select(hana, "Mentors matched")
    card = hana.get_by_test_id("indicator-row").first
    measure = card.get_by_test_id("indicator-measure")
    summary = measure.get_by_test_id("indicator-measure-summary")
    expect(summary).to_have_text("Quarterly · percentage · higher is better")
    # The disclosure opens from the keyboard.
    measure.locator("summary").first.focus()
    hana.keyboard.press("Enter")
    unit_type = measure.get_by_test_id("indicator-unit-type")
    expect(unit_type).to_be_visible()
    unit_type.select_option("currency")
    currency = measure.get_by_test_id("indicator-currency")
    currency.fill("HK$")
    currency.press("Enter")
    expect(measure.get_by_test_id("field-message")).to_have_text(
        "Use a three-letter currency code such as HKD, GBP or USD."
    )
    currency.fill("hkd")
    currency.press("Enter")
    measure.get_by_test_id("indicator-direction").select_option("decrease")
    measure.get_by_test_id("indicator-frequency").select_option("monthly")
    measure.get_by_test_id("indicator-aggregation").select_option("cumulative")
    target = measure.get_by_test_id("indicator-target-date")
    # A target date before the baseline date is said at the field, and not sent.
    target.fill("2020-01-31")
    target.press("Enter")
    expect(measure.get_by_test_id("field-message")).to_have_text(
        "The target date must come after the baseline date."
    )
    target.fill(TARGET_DATE)
    target.press("Enter")
    expect(measure.get_by_test_id("field-message")).to_have_count(0)
    # Targets per period: one field per month between the dates.
    measure.get_by_test_id("period-targets").locator("summary").click()
    months = measure.get_by_test_id("period-target")
    expect(months).to_have_count(24)
    months.nth(2).fill("1500")
    months.nth(2).press("Enter")
    # A breakdown by age band.
    measure.get_by_test_id("add-breakdown").click()
    name = measure.get_by_test_id("breakdown-name")
    expect(name).to_be_focused()
    name.fill("Age Band")
    name.press("Enter")
    cats = measure.get_by_test_id("breakdown-categories")
    cats.fill("16-18, 19-21, 22-24")
    cats.press("Enter")
    expect(summary).to_have_text(
        "Monthly · money (HKD) · lower is better · running total · split by age band"
    )
    expect(hana.get_by_test_id("save-status")).to_have_text("All changes saved", timeout=15_000)
    ind = server_nodes(hana, "res-org-h", "futures")["men"]["indicators"][0]
    assert ind["unit_type"] == "currency" and ind["currency"] == "HKD"
    assert ind["direction"] == "decrease" and ind["frequency"] == "monthly"
    assert ind["aggregation"] == "cumulative" and ind["target_date"] == TARGET_DATE
    assert len(ind["period_targets"]) == 1 and ind["period_targets"][0]["value"] == 1500
    ages = ["16-18", "19-21", "22-24"]
    assert ind["disaggregations"] == [{"name": "age band", "categories": ages}]


# -- the new screens: screenshots and axe ---------------------------------------------------------


def realistic_results(page: Page, path: str) -> None:
    """Four quarters: coached on its way then short this quarter, mentors behind, confidence on
    track, job starts last year; categories by gender for coached."""
    entries: list[dict[str, Any]] = []
    series = zip(Q, (10, 24, 38, 31), (44, 47, 50, 52), (2.6, 2.8, 3.0, 3.2), strict=True)
    for q, coached, matched, score in series:
        f = round(coached * 0.55)
        entries.append({
            "indicator": "coached", "period": code(q), "value": coached,
            "categories": {"gender": {"female": f, "male": coached - f - 1, "another": 1}},
        })  # fmt: skip
        entries.append({"indicator": "matched", "period": code(q), "value": matched})
        entries.append({"indicator": "confidence", "period": code(q), "value": score})
    last_year = str(NOW[0] - 1)
    entries.append({"indicator": "jobs", "period": last_year, "value": 21, "note": "A first year"})
    post_results(page, path, entries)


def check_axe(page: Page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where}: {found}"


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screens(new_context: NewContext, shots: Path, size: str) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    ivy = new_person(new_context, f"res-ivy-{size}", viewport)
    path = make_toc(ivy, f"res-org-i-{size}")
    realistic_results(ivy, path)

    def fits(where: str) -> None:
        wide = ivy.evaluate("() => document.documentElement.scrollWidth")
        assert wide <= viewport["width"], f"{where}: the page is {wide} px wide"

    open_results(ivy, path)
    cell(ivy, "coached", Q[2]).click()
    expect(ivy.get_by_test_id("cell-panel")).to_contain_text("Young people coached")
    shot(ivy, shots, f"results-grid-{size}")
    fits("results")
    check_axe(ivy, "results")

    ivy.goto(f"{path}/dashboard")
    chart = ivy.locator('[data-testid="indicator-chart"][data-indicator="coached"]')
    expect(chart.get_by_test_id("chart-plot").locator("svg")).to_be_visible()
    chart.get_by_test_id("chart-split").select_option("gender")
    chart.scroll_into_view_if_needed()
    shot(ivy, shots, f"results-dashboard-{size}")
    fits("dashboard")
    check_axe(ivy, "dashboard")

    ivy.goto(f"{path}/dashboard/pathway?to=conf")
    expect(ivy.get_by_test_id("pathway-box").first).to_be_visible()
    shot(ivy, shots, f"results-pathway-{size}")
    fits("pathway")
    check_axe(ivy, "pathway")

    open_editor(ivy, f"res-org-i-{size}", "futures")
    coached = box(ivy, "Young people coached")
    expect(coached.get_by_test_id("box-status")).to_be_visible()
    select(ivy, "Young people feel more confident")
    expect(ivy.get_by_test_id("node-progress")).to_be_visible()
    if size == "phone":
        ivy.get_by_test_id("sheet-toggle").click()  # the diagram, not the details
    ivy.get_by_test_id("canvas").focus()
    for _ in range(3):
        ivy.keyboard.press("+")
    ivy.wait_for_timeout(400)
    shot(ivy, shots, f"results-box-badge-{size}")
    fits("editor")
    check_axe(ivy, "editor with progress")
