"""Shared measurement in a real browser (issue 14), the acceptance: a framework with shared
indicators; members fork it or link their own ToCs to it; in the inspector one member sets
an indicator to report to a shared one (the server's reason shown at the field when the unit
does not match), another accepts the offer of the shared indicators of the box it links to;
a member enters results in the grid and chooses to share them on its results page; the
framework's owner sets k on the sector dashboard; the maintainer sees the combined figures,
who reports and the gaps; a member sees where its value stands ("in the top quarter"); a
member withdraws its consent and the maintainer's figures drop it on reload. The sector
dashboard, the consent control and the inspector's control at 1440x900 and 390x844: nothing
wider than the screen, axe finds nothing critical or serious.

Setup that is not the point (people, organisations, ToCs, other members' results) goes
through the API with each person's own session. The server judges on its own today, so the
results are for the quarters around today."""

from __future__ import annotations

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
    edge,
    new_person,
    new_toc,
    node,
    open_editor,
    select,
    server_nodes,
    shot,
    wait_saved,
)
from .quarters import code, label, quarter, quarter_end, shift

pytestmark = pytest.mark.browser


# -- quarters around today ------------------------------------------------------------------------


NOW = quarter(date.today())
EARLIER, LAST = shift(NOW, -2), shift(NOW, -1)  # the last two ended quarters
DATES = {
    "baseline_date": quarter_end(shift(NOW, -4)),
    "target_date": quarter_end(shift(NOW, 4)),
}

# -- the framework --------------------------------------------------------------------------------

JOBS = {"id": "jobs", "name": "Young people starting work", "unit": "young people",
        "unit_type": "count", "baseline": 0, "target": 240, **DATES}  # fmt: skip
RETAINED = {"id": "retained", "name": "Still in work after six months", "unit_type": "percentage",
            "target": 60, **DATES}  # fmt: skip
CONFIDENCE = {"id": "confidence", "name": "Confidence score", "unit_type": "scale",
              "scale_min": 1, "scale_max": 5, "target": 4}  # fmt: skip
FRAME_TITLE = "Youth employment framework"


def framework(page: Page, org: str) -> None:
    """A public framework: two outcomes with shared indicators and an impact."""
    nodes = [
        node("o-work", "outcome", "Young people in work", horizon="medium",
             indicators=[JOBS, RETAINED]),
        node("o-conf", "outcome", "Young people feel confident", horizon="short",
             indicators=[CONFIDENCE]),
        node("imp", "impact", "Fewer young people out of work"),
    ]  # fmt: skip
    edges = [edge("e1", "o-conf", "o-work"), edge("e2", "o-work", "imp")]
    new_toc(page, org, "framework", nodes, edges, org_name="Youth Futures Network",
            title=FRAME_TITLE, visibility="public")  # fmt: skip


def link(org: str, box: str = "o-work") -> dict[str, str]:
    return {"target": f"{org}/framework#{box}", "relation": "contributes_to"}


def member_toc(page: Page, org: str, net: str, graph: str, title: str, *, indicators: bool) -> None:
    """A member's own private ToC: mentoring -> its outcome, linked to the framework's
    "Young people in work" (and, with ``indicators``, reporting to both its shared ones),
    and an outcome linked to "Young people feel confident" that measures nothing shared."""
    mine = [
        {**JOBS, "id": "starts", "name": "Job starts", "reports_to": f"{net}/framework#jobs"},
        {**RETAINED, "id": "kept", "name": "Kept their job",
         "reports_to": f"{net}/framework#retained"},
    ] if indicators else []  # fmt: skip
    nodes = [
        node("act", "activity", "Mentoring sessions"),
        node("out", "outcome", "Mentees find jobs", indicators=mine, links=[link(net)]),
        node("conf", "outcome", "Mentees feel able", links=[link(net, "o-conf")]),
    ]
    edges = [edge("m1", "act", "out"), edge("m2", "act", "conf")]
    new_toc(page, org, graph, nodes, edges, title=title)


def results(page: Page, org: str, graph: str, entries: list[dict[str, Any]]) -> None:
    api(page, "POST", f"/graphs/{org}/{graph}/results", {"results": entries})


def consent(page: Page, org: str, graph: str, choice: str) -> None:
    api(page, "PATCH", f"/graphs/{org}/{graph}", {"share_results": choice})


def indicator_id(page: Page, org: str, graph: str, box: str, reports_to: str) -> str:
    for ind in server_nodes(page, org, graph)[box]["indicators"]:
        if ind.get("reports_to") == reports_to:
            return str(ind["id"])
    raise AssertionError(f"no indicator of {org}/{graph}#{box} reports to {reports_to}")


# -- checks ---------------------------------------------------------------------------------------


def check_axe(page: Page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where}: {found}"


def fits(page: Page, where: str) -> None:
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    width = page.viewport_size["width"] if page.viewport_size else 0
    assert wide <= width, f"{where}: the page is {wide} px wide on a {width} px screen"


def cell(page: Page, indicator: str, q: tuple[int, int]) -> Locator:
    return page.locator(
        f'[data-testid="result-cell"][data-indicator="{indicator}"][data-period="{code(q)}"]'
    )


def card(page: Page, name: str) -> Locator:
    """The inspector's card of the indicator with this name."""
    return page.locator(f'[data-testid="indicator-row"][aria-label$=": {name}"]')


def sector_indicator(page: Page, iid: str) -> Locator:
    return page.locator(f'[data-testid="sector-indicator"][data-indicator="{iid}"]')


def open_sector(page: Page, org: str) -> None:
    page.goto(f"/{org}/framework/sector")
    expect(page.get_by_test_id("sector-overview")).to_be_visible()


# -- the acceptance -------------------------------------------------------------------------------


def test_members_share_the_maintainer_sees_a_member_compares_and_withdraws(
    new_context: NewContext, shots: Path
) -> None:
    net, b, c, d = "sm-net", "sm-bright", "sm-city", "sm-delta"
    ana = new_person(new_context, "sm-ana", DESKTOP)  # owns the framework
    framework(ana, net)
    ben = new_person(new_context, "sm-ben", DESKTOP)  # forks the framework
    api(ben, "POST", "/orgs", {"slug": b, "name": "Bright Futures Trust"})
    api(ben, "POST", f"/graphs/{net}/framework/forks",
        {"org": b, "slug": "bright", "visibility": "private"})  # fmt: skip
    api(ben, "PATCH", f"/graphs/{b}/bright", {"title": "Bright futures programme"})
    fork_box = {"op": "update_node", "id": "o-work", "set": {"links": [link(net)]}}
    head = api(ben, "GET", f"/graphs/{b}/bright/branches/main")["head"]
    api(ben, "POST", f"/graphs/{b}/bright/branches/main/commits",
        {"base": head, "message": "Link to the framework", "ops": [fork_box]})  # fmt: skip
    cy = new_person(new_context, "sm-cy", DESKTOP)  # links its own ToC, no indicators yet
    member_toc(cy, c, net, "mentoring", "City mentoring", indicators=False)
    dee = new_person(new_context, "sm-dee", DESKTOP)  # reports already (set up, not the point)
    member_toc(dee, d, net, "pathways", "Delta pathways", indicators=True)
    results(dee, d, "pathways", [
        {"indicator": "starts", "period": code(EARLIER), "value": 10},
        {"indicator": "starts", "period": code(LAST), "value": 10},
        {"indicator": "kept", "period": code(LAST), "value": 50},
    ])  # fmt: skip
    consent(dee, d, "pathways", "members")

    # ben, in the inspector of his fork: its copy of "Young people starting work" (a count)
    # chosen to report to the framework's percentage first: the server says why not, there.
    open_editor(ben, b, "bright")
    select(ben, "Young people in work")
    jobs_card = card(ben, "Young people starting work")
    chooser = jobs_card.get_by_test_id("reports-to-select")
    expect(chooser.locator("optgroup")).to_have_attribute(
        "label", f"“Young people in work” in {FRAME_TITLE}"
    )
    chooser.select_option(f"{net}/framework#retained")
    message = jobs_card.get_by_test_id("reports-to-message")
    expect(message).to_have_text(
        "Cannot report to “Still in work after six months”: "
        "It is measured as a count, but the shared indicator as a percentage."
    )
    expect(chooser).to_have_value("")  # the refused choice did not stay
    expect(chooser).to_have_attribute("aria-invalid", "true")
    message.scroll_into_view_if_needed()
    shot(ben, shots, "shared-inspector-refused-desktop")
    check_axe(ben, "inspector with the reports-to control and its message")
    chooser.select_option(f"{net}/framework#jobs")
    wait_saved(ben)
    expect(message).to_have_count(0)
    stored = server_nodes(ben, b, "bright")["o-work"]["indicators"]
    assert [i.get("reports_to") for i in stored if i["id"] == "jobs"] == [f"{net}/framework#jobs"]
    # The offer names what this ToC does not report to yet: the percentage.
    offer = ben.get_by_test_id("shared-offer")
    expect(offer).to_contain_text("“Still in work after six months”")
    expect(offer).not_to_contain_text("“Young people starting work”")

    # cy accepts the offer of the box it links to: both shared indicators, copied, reporting.
    open_editor(cy, c, "mentoring")
    select(cy, "Mentees find jobs")
    expect(cy.get_by_test_id("indicator-row")).to_have_count(0)
    cy_offer = cy.get_by_test_id("shared-offer")
    expect(cy_offer).to_contain_text(
        f"“Young people in work” in {FRAME_TITLE} has 2 shared indicators"
    )
    shot(cy, shots, "shared-inspector-offer-desktop")
    check_axe(cy, "inspector with the offer of shared indicators")
    cy_offer.get_by_test_id("add-shared-indicators").click()
    expect(cy.get_by_test_id("indicator-row")).to_have_count(2)
    expect(cy.get_by_test_id("shared-offer")).to_have_count(0)
    wait_saved(cy)
    expect(
        card(cy, "Young people starting work").get_by_test_id("reports-to-select")
    ).to_have_value(f"{net}/framework#jobs")
    cy_jobs = indicator_id(cy, c, "mentoring", "out", f"{net}/framework#jobs")
    results(cy, c, "mentoring", [
        {"indicator": cy_jobs, "period": code(EARLIER), "value": 15},
        {"indicator": cy_jobs, "period": code(LAST), "value": 20},
    ])  # fmt: skip
    consent(cy, c, "mentoring", "members")

    # ben enters his results in the grid, then chooses to share them with all members.
    ben.goto(f"/{b}/bright/results")
    consent_box = ben.get_by_test_id("share-results")
    expect(consent_box).to_have_attribute("data-consent", "none")
    expect(consent_box.get_by_test_id("share-framework")).to_contain_text(
        f"“Young people starting work” reports to {FRAME_TITLE}"
    )
    cell(ben, "jobs", EARLIER).click()
    ben.keyboard.type("30")
    ben.keyboard.press("Tab")
    ben.keyboard.type("40")
    ben.keyboard.press("Enter")
    ben.get_by_test_id("results-save").click()
    expect(ben.get_by_test_id("results-status")).to_have_text("All results saved")
    consent_box.get_by_test_id("share-members").check()
    expect(consent_box).to_have_attribute("data-consent", "members")
    expect(ben.get_by_test_id("share-members")).to_be_checked()
    assert api(ben, "GET", f"/graphs/{b}/bright")["share_results"] == "members"
    shot(ben, shots, "shared-consent-desktop")
    fits(ben, "results page with the consent control")
    check_axe(ben, "results page with the consent control")

    # ana, the framework's owner, goes from its dashboard to the sector dashboard, sets k to
    # 2 there, and sees every figure.
    ana.goto(f"/{net}/framework/dashboard")
    ana.get_by_test_id("dashboard-to-sector").click()
    expect(ana.get_by_test_id("sector-overview")).to_be_visible()
    assert ana.url.endswith(f"/{net}/framework/sector")
    expect(ana.get_by_test_id("sector-role")).to_contain_text("You maintain this framework")
    k_setting = ana.get_by_test_id("k-setting")
    expect(k_setting.get_by_test_id("k-now")).to_have_text("5 members")
    k_setting.locator("summary").click()
    ana.get_by_test_id("k-input").fill("2")
    ana.get_by_test_id("k-save").click()
    expect(k_setting.get_by_test_id("k-now")).to_have_text("2 members")
    assert api(ana, "GET", f"/graphs/{net}/framework")["aggregate_k"] == 2
    jobs = sector_indicator(ana, "jobs")
    expect(jobs).to_contain_text(f"Total 70 in {label(LAST)}")
    expect(jobs).to_contain_text("3 of 3 members reported")
    expect(jobs).to_have_attribute("data-reporting", "3")
    work = ana.locator('[data-testid="sector-box"][data-id="o-work"]')
    work.get_by_test_id("sector-contributors").locator("summary").click()
    contributors = work.get_by_test_id("sector-contributor")
    expect(contributors).to_have_count(3)
    expect(work.locator(f'[data-member="{c}/mentoring"]')).to_contain_text("Reporting")
    expect(ana.get_by_test_id("sector-gaps-contribute")).to_have_text(
        "Fewer young people out of work"
    )
    expect(ana.get_by_test_id("sector-gaps-measure")).to_contain_text("Young people feel confident")
    chart = ana.locator('[data-testid="shared-chart"][data-indicator="jobs"]')
    expect(chart.get_by_test_id("shared-total-plot").locator("svg")).to_be_visible()
    expect(chart.get_by_test_id("shared-spread-plot").locator("svg")).to_be_visible()
    expect(chart.get_by_test_id("shared-summary")).to_contain_text(
        f"3 of 3 members reported in {label(LAST)}; total 70"
    )
    ana.evaluate("() => window.scrollTo(0, 0)")
    shot(ana, shots, "shared-sector-maintainer-desktop")
    chart.locator("summary", has_text="Show the numbers").click()
    expect(chart.get_by_test_id("shared-table")).to_contain_text("15 to 30")  # the middle half
    ana.locator("#shared-jobs").scroll_into_view_if_needed()
    shot(ana, shots, "shared-sector-chart-desktop")
    fits(ana, "the maintainer's sector dashboard")
    check_axe(ana, "the maintainer's sector dashboard")

    # ben, a member who shares, sees where he stands, in words, and his own diamonds.
    open_sector(ben, net)
    expect(ben.get_by_test_id("sector-role")).to_contain_text("You see your own values")
    mine = ben.locator('[data-testid="shared-indicator"][data-indicator="jobs"]')
    bench = mine.get_by_test_id("benchmark")
    expect(bench).to_have_attribute("data-band", "above_q3")
    expect(bench).to_contain_text(
        f"Your value for {label(LAST)}, 40, is in the top quarter of the 3 members reporting"
    )
    expect(mine.get_by_test_id("shared-spread-plot")).to_have_attribute("data-own", "2")
    expect(ben.get_by_test_id("where-you-stand")).to_contain_text(
        f"Young people starting work: Your value for {label(LAST)}, 40, is in the top quarter"
    )
    expect(ben.get_by_test_id("k-setting")).to_have_count(0)  # not his framework
    shot(ben, shots, "shared-sector-member-desktop")
    check_axe(ben, "a member's sector dashboard")

    # cy withdraws: nobody. The maintainer's figures drop cy's on reload, and its name.
    cy.goto(f"/{c}/mentoring/results")
    cy_box = cy.get_by_test_id("share-results")
    expect(cy_box).to_have_attribute("data-consent", "members")
    cy_box.get_by_test_id("share-none").check()
    expect(cy_box).to_have_attribute("data-consent", "none")
    assert api(cy, "GET", f"/graphs/{c}/mentoring")["share_results"] == "none"
    ana.reload()
    expect(jobs).to_contain_text("2 of 3 members reported")
    expect(jobs).to_contain_text(f"Total 50 in {label(LAST)}")
    work.get_by_test_id("sector-contributors").locator("summary").click()
    expect(work.get_by_test_id("sector-contributor")).to_have_count(2)
    expect(work.get_by_test_id("sector-unnamed")).to_have_text(
        "1 private member (not named to you)"
    )
    # and cy, no longer giving, gets no figures (give to get)
    open_sector(cy, net)
    expect(
        cy.locator('[data-testid="shared-indicator"][data-indicator="jobs"]').get_by_test_id(
            "shared-note"
        )
    ).to_contain_text("Share your results with the framework's members")


# -- the screens on a phone -----------------------------------------------------------------------


def test_screens_on_a_phone(new_context: NewContext, shots: Path) -> None:
    net, m1, m2, m3 = "smp-net", "smp-one", "smp-two", "smp-three"
    ana = new_person(new_context, "smp-ana", PHONE)
    framework(ana, net)
    api(ana, "PATCH", f"/graphs/{net}/framework", {"aggregate_k": 2})
    people = {}
    for org, who, value in ((m1, "smp-ben", 40), (m2, "smp-cy", 20), (m3, "smp-dee", 10)):
        page = people[org] = new_person(new_context, who, PHONE)
        member_toc(page, org, net, "toc", f"{org.split('-')[1].title()} programme", indicators=True)
        results(page, org, "toc", [
            {"indicator": "starts", "period": code(EARLIER), "value": value - 5},
            {"indicator": "starts", "period": code(LAST), "value": value},
            {"indicator": "kept", "period": code(LAST), "numerator": value, "denominator": 80},
        ])  # fmt: skip
        consent(page, org, "toc", "members")
    ben = people[m1]

    open_sector(ana, net)
    expect(sector_indicator(ana, "jobs")).to_contain_text("3 of 3 members reported")
    expect(
        ana.locator('[data-testid="shared-chart"][data-indicator="jobs"]').locator("svg").first
    ).to_be_visible()
    shot(ana, shots, "shared-sector-maintainer-phone")
    fits(ana, "the maintainer's sector dashboard on a phone")
    check_axe(ana, "the maintainer's sector dashboard on a phone")
    ana.locator("#shared-jobs").scroll_into_view_if_needed()
    shot(ana, shots, "shared-sector-chart-phone")

    open_sector(ben, net)
    bench = ben.locator('[data-testid="shared-indicator"][data-indicator="jobs"]').get_by_test_id(
        "benchmark"
    )
    expect(bench).to_contain_text("is in the top quarter")
    bench.scroll_into_view_if_needed()
    shot(ben, shots, "shared-sector-member-phone")
    fits(ben, "a member's sector dashboard on a phone")
    check_axe(ben, "a member's sector dashboard on a phone")

    ben.goto(f"/{m1}/toc/results")
    expect(ben.get_by_test_id("share-results")).to_have_attribute("data-consent", "members")
    ben.get_by_test_id("share-results").scroll_into_view_if_needed()
    shot(ben, shots, "shared-consent-phone")
    fits(ben, "the consent control on a phone")
    check_axe(ben, "the consent control on a phone")

    open_editor(ben, m1, "toc")
    select(ben, "Mentees find jobs")
    control = card(ben, "Job starts").get_by_test_id("reports-to-select")
    expect(control).to_have_value(f"{net}/framework#jobs")
    control.scroll_into_view_if_needed()
    shot(ben, shots, "shared-inspector-phone")
    fits(ben, "the inspector's reports-to control on a phone")
    check_axe(ben, "the inspector's reports-to control on a phone")
