"""An intermediary's portfolio in a real browser (issue 14): its owner invites one organisation
with the form (keyboard only) and another from a CSV file (a dry run naming the bad row and
column first, then all at once); their owners accept on their organisation pages, each in a
browser session of their own; the intermediary sees both with their ToCs (a member's private
one as figures only), data completeness, shared outcomes and last activity, sorts by the
columns' headers (keyboard too) and filters, downloads the CSV, and removes a member after
confirming; a member leaves. A viewer of the intermediary reads without managing, an outsider
gets a not-found page. The page and the organisation page's Portfolios card at 1440x900 and
390x844: nothing wider than the screen, axe finds nothing critical or serious.

Setup that is not the point of a test goes through the API with each person's own session;
completeness is judged by the server on its own today, so results are put in the last ended
quarter and year."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from .helpers import DESKTOP, PHONE, NewContext, api, axe_violations, new_person, node, shot

pytestmark = pytest.mark.browser


def last_ended() -> dict[str, str]:
    """The last ended quarter and year on the server's today (UTC)."""
    today = datetime.now(UTC).date()
    q = (today.month - 1) // 3  # 0-based quarter now; the one before has ended
    year, quarter = (today.year - 1, 4) if q == 0 else (today.year, q)
    return {"quarterly": f"{year}-Q{quarter}", "yearly": str(today.year - 1)}


DUE = last_ended()


def indicator(iid: str, name: str, frequency: str = "quarterly") -> dict[str, Any]:
    return {"id": iid, "name": name, "frequency": frequency, "target": 100}


def member_toc(
    page: Page,
    org: str,
    graph: str,
    title: str,
    indicators: list[dict[str, Any]],
    *,
    links: list[str] = (),  # type: ignore[assignment]
    visibility: str = "private",
    reported: dict[str, float] | None = None,
    extra: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> None:
    """activity -> outcome (with the indicators and links) -> impact, and results for the last
    ended period of the ``reported`` indicators."""
    outcome = node("oc", "outcome", "Young people feel confident", indicators=indicators)
    if links:
        outcome["links"] = [{"target": t, "relation": "contributes_to"} for t in links]
    nodes = [
        node("act", "activity", "Weekly mentoring sessions"),
        outcome,
        node("imp", "impact", "Fewer young people out of work"),
        *extra,
    ]
    edges = [
        {"id": "e1", "source": "act", "target": "oc"},
        {"id": "e2", "source": "oc", "target": "imp"},
    ]
    api(page, "POST", f"/orgs/{org}/graphs", {
        "slug": graph, "title": title, "visibility": visibility,
        "document": {"nodes": nodes, "edges": edges},
    })  # fmt: skip
    by_id = {i["id"]: i for i in indicators}
    entries = [
        {"indicator": iid, "period": DUE[by_id[iid]["frequency"]], "value": value}
        for iid, value in (reported or {}).items()
    ]
    if entries:
        api(page, "POST", f"/graphs/{org}/{graph}/results", {"results": entries})


def framework(page: Page, org: str, name: str) -> str:
    """The intermediary's public shared framework; its outcome is ``{org}/outcomes#oc``."""
    api(page, "POST", "/orgs", {"slug": org, "name": name})
    nodes = [
        node("act", "activity", "Grants and training for youth organisations"),
        node("oc", "outcome", "Young people move into good work"),
        node("imp", "impact", "Fewer young people out of work"),
    ]
    edges = [
        {"id": "e1", "source": "act", "target": "oc"},
        {"id": "e2", "source": "oc", "target": "imp"},
    ]
    api(page, "POST", f"/orgs/{org}/graphs", {
        "slug": "outcomes", "title": "Shared youth outcomes", "visibility": "public",
        "document": {"nodes": nodes, "edges": edges},
    })  # fmt: skip
    return f"{org}/outcomes#oc"


def rows(page: Page) -> Locator:
    return page.get_by_test_id("portfolio-member")


def row(page: Page, org: str) -> Locator:
    return page.locator(f'[data-testid="portfolio-member"][data-org="{org}"]')


def expect_order(page: Page, orgs: list[str]) -> None:
    """Wait until the table lists these organisations, in this order (the server sorts)."""
    page.wait_for_function(
        """(orgs) => {
            const table = document.querySelector('[data-testid="portfolio-table"]');
            if (!table || table.getAttribute('aria-busy') === 'true') return false;
            const got = [...table.querySelectorAll('[data-testid="portfolio-member"]')]
                .map((r) => r.dataset.org);
            return JSON.stringify(got) === JSON.stringify(orgs);
        }""",
        arg=orgs,
        timeout=10_000,
    )


def tab_to(page: Page, css: str, most: int = 40) -> None:
    """Press Tab until the element ``css`` picks has the focus."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate("(sel) => document.activeElement?.matches(sel) ?? false", css):
            return
    raise AssertionError(f"{css} never had the focus after {most} Tabs")


def fits(page: Page, where: str) -> None:
    width = page.viewport_size["width"] if page.viewport_size else 0
    wide = page.evaluate("() => document.documentElement.scrollWidth")
    over = page.evaluate(
        """(w) => [...document.querySelectorAll('main *')]
            .filter((e) => e.getBoundingClientRect().right > w + 0.5)
            .slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' +
                Math.round(e.getBoundingClientRect().right))""",
        width,
    )
    assert wide <= width, f"{where}: the page is {wide} px wide at {width} px: {over}"


def check_axe(page: Page, where: str) -> None:
    found = axe_violations(page)
    assert not found, f"{where}: {found}"


def open_portfolio(page: Page, org: str, query: str = "") -> None:
    page.goto(f"/{org}/portfolio{query}")
    expect(page.get_by_test_id("portfolio-page")).to_be_visible()


def write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- the whole story ------------------------------------------------------------------------------


def test_invite_accept_see_sort_filter_download_remove(
    new_context: NewContext, shots: Path, tmp_path: Path
) -> None:
    hana = new_person(new_context, "pf-hana", DESKTOP)
    outcome = framework(hana, "pf-hub", "Northside Youth Fund")
    ola = new_person(new_context, "pf-ola", DESKTOP)
    api(ola, "POST", "/orgs", {"slug": "pf-bright", "name": "Bright Futures Trust"})
    # Private: the portfolio's owner sees its figures, never its content. 2 of 3 reported.
    member_toc(
        ola, "pf-bright", "mentoring", "Mentoring programme",
        [indicator("reach", "Young people mentored"), indicator("matched", "Mentors matched"),
         indicator("jobs", "Job starts", "yearly")],
        links=[outcome], reported={"reach": 40, "jobs": 12},
    )  # fmt: skip
    kofi = new_person(new_context, "pf-kofi", DESKTOP)
    api(kofi, "POST", "/orgs", {"slug": "pf-city", "name": "City Mentors"})
    # Public: a link for everyone. 1 of 2 reported.
    member_toc(
        kofi, "pf-city", "coaching", "Coaching for work",
        [indicator("coached", "Young people coached"), indicator("placed", "Placements")],
        visibility="public", reported={"coached": 25},
    )  # fmt: skip

    # An empty portfolio says what to do; the organisation page links to it.
    hana.goto("/pf-hub")
    hana.get_by_test_id("portfolio-link").click()
    expect(hana.get_by_test_id("portfolio-empty")).to_contain_text("Invite the organisations")
    assert hana.url.endswith("/pf-hub/portfolio")

    # The form, keyboard only: a name that is not an organisation is said at the field.
    tab_to(hana, "#pf-invite-org")
    hana.keyboard.type("pf-nobody")
    hana.keyboard.press("Enter")
    expect(hana.get_by_test_id("pf-invite-org-error")).to_contain_text(
        "No organisation has the short name “pf-nobody”"
    )
    expect(hana.locator("#pf-invite-org")).to_be_focused()
    hana.keyboard.press("Control+a")
    hana.keyboard.type("pf-bright")
    hana.keyboard.press("Tab")
    expect(hana.locator("#pf-invite-note")).to_be_focused()
    hana.keyboard.type("Welcome to the Northside portfolio")
    hana.keyboard.press("Tab")
    expect(hana.get_by_test_id("invite-submit")).to_be_focused()
    hana.keyboard.press("Enter")
    expect(hana.get_by_test_id("portfolio-status")).to_contain_text(
        "Bright Futures Trust was invited"
    )
    expect(row(hana, "pf-bright")).to_have_attribute("data-status", "invited")
    expect(row(hana, "pf-bright")).to_contain_text("Welcome to the Northside portfolio")
    expect(row(hana, "pf-bright").get_by_test_id("member-withdraw")).to_be_visible()

    # The CSV import: the template, a dry run naming the bad row, then all at once.
    panel = hana.get_by_test_id("invitations-import")
    href = panel.get_by_test_id("invitations-template").get_attribute("href") or ""
    assert href.startswith("data:text/csv") and "org%2Cnote" in href
    bad = write_csv(tmp_path / "bad.csv", "org,note\npf-city,Welcome aboard\npf-nobody,\n")
    panel.get_by_test_id("import-file").set_input_files(str(bad))
    panel.get_by_test_id("import-check").click()
    expect(panel.get_by_test_id("import-invalid")).to_contain_text("1 problem in 2 rows")
    problem = panel.get_by_test_id("import-problem")
    expect(problem).to_have_count(1)
    expect(problem.locator("td").nth(0)).to_have_text("3")
    expect(problem.locator("td").nth(1)).to_have_text("org")
    expect(problem.locator("td").nth(2)).to_contain_text("pf-nobody")
    expect(panel.get_by_test_id("import-run")).to_have_count(0)
    assert api(hana, "GET", "/orgs/pf-hub/portfolio?status=invited")["total"] == 1
    good = write_csv(tmp_path / "good.csv", "org,note\npf-city,Welcome aboard\n")
    panel.get_by_test_id("import-file").set_input_files(str(good))
    panel.get_by_test_id("import-check").click()
    expect(panel.get_by_test_id("import-valid")).to_contain_text("1 organisation to invite")
    panel.locator("details.import-preview summary").click()
    expect(panel.get_by_test_id("import-preview")).to_contain_text("City Mentors")
    panel.get_by_test_id("import-run").click()
    expect(panel.get_by_test_id("import-done")).to_contain_text("Invited 1 organisation")
    expect(row(hana, "pf-city")).to_have_attribute("data-status", "invited")

    # Each owner accepts on their organisation's page, in a session of their own.
    for who, org in ((ola, "pf-bright"), (kofi, "pf-city")):
        who.goto(f"/{org}")
        card = who.get_by_test_id("org-portfolios")
        invitation = card.get_by_test_id("portfolio-invitation")
        expect(invitation).to_contain_text("Northside Youth Fund invites")
        expect(card).to_contain_text("Never their content or results")
        if org == "pf-bright":
            expect(invitation).to_contain_text("Welcome to the Northside portfolio")
            check_axe(who, "the organisation page with an invitation")
        invitation.get_by_test_id("portfolio-accept").click()
        expect(card.get_by_test_id("org-portfolios-status")).to_contain_text(
            "is now in Northside Youth Fund's portfolio"
        )
        expect(card.get_by_test_id("portfolio-membership")).to_contain_text("Northside Youth Fund")

    # The intermediary sees both with their figures.
    open_portfolio(hana, "pf-hub")
    expect(rows(hana)).to_have_count(2)
    expect_order(hana, ["pf-bright", "pf-city"])  # by name
    bright, city = row(hana, "pf-bright"), row(hana, "pf-city")
    for r in (bright, city):
        expect(r).to_have_attribute("data-status", "active")
        expect(r.get_by_test_id("member-status")).to_have_text("Member")
    toc = bright.get_by_test_id("member-toc")
    expect(toc).to_have_attribute("data-readable", "false")
    expect(toc).to_contain_text("Mentoring programme")
    expect(toc).to_contain_text("private · figures only")
    expect(toc.locator("a")).to_have_count(0)
    expect(bright.get_by_test_id("completeness")).to_have_text("66.7%")
    expect(bright).to_contain_text("2 of 3 indicators")
    expect(bright.get_by_test_id("shared-outcomes")).to_contain_text(
        "Young people move into good work"
    )
    expect(city.get_by_test_id("member-toc").locator("a")).to_have_attribute(
        "href", "/pf-city/coaching"
    )
    expect(city.get_by_test_id("completeness")).to_have_text("50%")
    expect(city.get_by_test_id("completeness-words")).to_have_text("Half reported")
    expect(city.get_by_test_id("shared-outcomes")).to_have_count(0)
    when = bright.get_by_test_id("last-activity").locator("time")
    expect(when).to_have_text("just now")
    assert (when.get_attribute("title") or "").strip(), "the exact date is in the title"
    assert when.get_attribute("datetime")
    fits(hana, "portfolio")
    check_axe(hana, "portfolio")

    # Sorting by a header, with the keyboard: Enter, then Space for the other direction.
    hana.get_by_test_id("portfolio-filter").focus()
    tab_to(hana, '[data-testid="sort-completeness"] button', most=8)
    hana.keyboard.press("Enter")
    head = hana.get_by_test_id("sort-completeness")
    expect(head).to_have_attribute("aria-sort", "ascending")
    expect(hana.get_by_test_id("sort-name")).to_have_attribute("aria-sort", "none")
    expect(head.locator("button")).to_be_focused()
    expect(hana.get_by_test_id("portfolio-count")).to_contain_text("least complete first")
    expect_order(hana, ["pf-city", "pf-bright"])
    hana.keyboard.press("Space")
    expect(head).to_have_attribute("aria-sort", "descending")
    expect(hana.get_by_test_id("portfolio-count")).to_contain_text("most complete first")
    expect_order(hana, ["pf-bright", "pf-city"])
    assert "sort=-completeness" in hana.url
    # A mouse click on another header; the address keeps the order for a reload.
    hana.get_by_test_id("sort-name").locator("button").click()
    expect(hana.get_by_test_id("sort-name")).to_have_attribute("aria-sort", "ascending")
    hana.get_by_test_id("sort-name").locator("button").click()
    expect(hana.get_by_test_id("sort-name")).to_have_attribute("aria-sort", "descending")
    hana.reload()
    expect(hana.get_by_test_id("sort-name")).to_have_attribute("aria-sort", "descending")
    expect_order(hana, ["pf-city", "pf-bright"])

    # Filters: words, then a status.
    hana.get_by_test_id("portfolio-filter").fill("bright")
    expect(rows(hana)).to_have_count(1)
    expect(hana.get_by_test_id("portfolio-count")).to_contain_text("1 of 2 organisations match")
    assert "q=bright" in hana.url
    hana.get_by_test_id("portfolio-filter").fill("")
    expect(rows(hana)).to_have_count(2)
    hana.get_by_test_id("portfolio-status-filter").select_option("invited")
    expect(hana.get_by_test_id("portfolio-empty")).to_contain_text("No organisation matches")
    hana.get_by_test_id("portfolio-status-filter").select_option("")
    expect(rows(hana)).to_have_count(2)

    # The CSV: what the table shows, in its order.
    link = hana.get_by_test_id("portfolio-csv")
    assert link.get_attribute("href") == "/api/v1/orgs/pf-hub/portfolio.csv?sort=-name"
    with hana.expect_download() as info:
        link.click()
    assert info.value.suggested_filename.startswith("pf-hub-portfolio-")
    text = Path(info.value.path()).read_text(encoding="utf-8")
    table = list(csv.DictReader(io.StringIO(text)))
    assert [r["org"] for r in table] == ["pf-city", "pf-bright"]
    by_org = {r["org"]: r for r in table}
    assert by_org["pf-bright"]["name"] == "Bright Futures Trust"
    assert by_org["pf-bright"]["status"] == "active"
    assert by_org["pf-bright"]["toc_titles"] == "Mentoring programme"
    assert (by_org["pf-bright"]["indicators"], by_org["pf-bright"]["reported"]) == ("3", "2")
    assert by_org["pf-bright"]["completeness"] == "66.7"
    assert (
        "Young people move into good work (pf-hub/outcomes)"
        in (by_org["pf-bright"]["shared_outcomes"])
    )
    assert by_org["pf-city"]["completeness"] == "50.0"
    assert by_org["pf-bright"]["note"] == "Welcome to the Northside portfolio"
    assert by_org["pf-city"]["note"] == "Welcome aboard"
    assert all(r["last_activity"] for r in table)

    # Remove one: cancel first, then confirm, with the keyboard.
    remove = row(hana, "pf-bright").get_by_test_id("member-remove")
    remove.click()
    dialog = hana.get_by_test_id("confirm-dialog")
    expect(dialog).to_contain_text("Remove Bright Futures Trust from the portfolio?")
    hana.get_by_test_id("confirm-no").click()
    expect(dialog).to_have_count(0)
    expect(remove).to_be_focused()
    hana.keyboard.press("Enter")
    expect(hana.get_by_test_id("confirm-no")).to_be_focused()
    hana.keyboard.press("Tab")
    expect(hana.get_by_test_id("confirm-yes")).to_be_focused()
    hana.keyboard.press("Enter")
    expect(hana.get_by_test_id("portfolio-status")).to_have_text(
        "Bright Futures Trust was removed from the portfolio."
    )
    expect(hana.get_by_test_id("portfolio-status")).to_be_focused()
    expect(rows(hana)).to_have_count(1)
    listing = api(hana, "GET", "/orgs/pf-hub/portfolio")
    assert [m["org"] for m in listing["members"]] == ["pf-city"]
    ola.goto("/pf-bright")
    expect(ola.get_by_test_id("org-title")).to_have_text("Bright Futures Trust")
    expect(ola.get_by_test_id("org-portfolios")).to_have_count(0)

    # A member leaves, after confirming, on its own page.
    kofi.goto("/pf-city")
    kofi.get_by_test_id("portfolio-leave").click()
    expect(kofi.get_by_test_id("confirm-dialog")).to_contain_text(
        "Leave Northside Youth Fund's portfolio?"
    )
    kofi.get_by_test_id("confirm-yes").click()
    expect(kofi.get_by_test_id("org-portfolios-status")).to_have_text(
        "City Mentors left Northside Youth Fund's portfolio."
    )
    hana.reload()
    expect(row(hana, "pf-city")).to_have_attribute("data-status", "left")
    expect(row(hana, "pf-city").get_by_test_id("member-toc")).to_have_count(0)
    expect(row(hana, "pf-city").get_by_test_id("member-reinvite")).to_be_visible()


def test_a_viewer_reads_and_an_outsider_finds_nothing(new_context: NewContext) -> None:
    owner = new_person(new_context, "pf-ivo", DESKTOP)
    framework(owner, "pf-hub-v", "Harbour Fund")
    api(owner, "POST", "/orgs", {"slug": "pf-member-v", "name": "Quay Youth Club"})
    member_toc(owner, "pf-member-v", "clubs", "Youth clubs", [indicator("visits", "Visits")])
    api(owner, "POST", "/orgs/pf-hub-v/portfolio", {"org": "pf-member-v"})
    api(owner, "POST", "/orgs/pf-member-v/portfolios/pf-hub-v/accept")
    viewer = new_person(new_context, "pf-vera", DESKTOP)
    api(owner, "POST", "/orgs/pf-hub-v/members", {"user": "pf-vera", "role": "viewer"})

    open_portfolio(viewer, "pf-hub-v")
    expect(viewer.get_by_test_id("portfolio-page")).to_have_attribute("data-role", "viewer")
    member = row(viewer, "pf-member-v")
    expect(member).to_have_attribute("data-status", "active")
    # The member's ToC is private: a viewer of the portfolio sees it counted, not named.
    expect(member.get_by_test_id("private-tocs")).to_contain_text("1 private one not shown to you")
    expect(member).not_to_contain_text("Youth clubs")
    expect(viewer.get_by_test_id("member-remove")).to_have_count(0)
    expect(viewer.get_by_test_id("invite-form")).to_have_count(0)
    expect(viewer.get_by_test_id("invitations-import")).to_have_count(0)
    expect(viewer.get_by_test_id("portfolio-page")).to_contain_text(
        "Only owners of Harbour Fund can invite or remove organisations."
    )

    outsider = new_person(new_context, "pf-otto", DESKTOP)
    outsider.goto("/pf-hub-v/portfolio")
    expect(outsider.locator("h1")).to_have_text("Not found")
    expect(outsider.get_by_test_id("page-error")).to_contain_text("only its members can see it")
    expect(outsider.locator("body")).not_to_contain_text("Quay Youth Club")
    outsider.goto("/pf-hub-v")
    expect(outsider.get_by_test_id("portfolio-link")).to_have_count(0)
    visitor = new_context().new_page()
    visitor.goto("/pf-hub-v/portfolio")
    expect(visitor.locator("main")).to_contain_text("Only the members of /pf-hub-v can see")
    expect(visitor.get_by_role("link", name="Sign in").last).to_be_visible()
    assert visitor.url.endswith("/pf-hub-v/portfolio")  # no "session ended" detour


# -- the screens ----------------------------------------------------------------------------------


def realistic_portfolio(size: str) -> tuple[str, list[tuple[str, str, str]]]:
    """The organisations of a youth fund's portfolio: (slug, name, state)."""
    hub = f"pf-fund-{size}"
    members = [
        (f"pf-bright-{size}", "Bright Futures Trust", "active"),
        (f"pf-city-{size}", "City Mentors", "active"),
        (f"pf-green-{size}", "Green Shoots Training", "active"),
        (f"pf-harbour-{size}", "Harbour Youth Club", "invited"),
        (f"pf-east-{size}", "Eastfield Works", "declined"),
    ]
    return hub, members


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_screens(new_context: NewContext, shots: Path, size: str) -> None:
    viewport = DESKTOP if size == "desktop" else PHONE
    hub, members = realistic_portfolio(size)
    fund = new_person(new_context, f"pf-fay-{size}", viewport)
    outcome = framework(fund, hub, "Northside Youth Fund")
    them = new_person(new_context, f"pf-max-{size}", viewport)
    tocs: dict[str, list[tuple[str, str, list[dict[str, Any]], dict[str, float], str]]] = {
        "Bright Futures Trust": [
            ("mentoring", "Mentoring programme",
             [indicator("reach", "Young people mentored"), indicator("matched", "Mentors matched"),
              indicator("jobs", "Job starts", "yearly")], {"reach": 40, "jobs": 12}, "private"),
        ],
        "City Mentors": [
            ("coaching", "Coaching for work",
             [indicator("coached", "Young people coached"), indicator("placed", "Placements")],
             {"coached": 25, "placed": 8}, "public"),
            ("schools", "Schools outreach", [indicator("talks", "School talks")], {"talks": 6},
             "public"),
        ],
        "Green Shoots Training": [
            ("skills", "Green skills course",
             [indicator("enrolled", "Learners enrolled"), indicator("passed", "Learners passed"),
              indicator("hired", "Learners hired"), indicator("kept", "Jobs kept", "yearly")],
             {"enrolled": 30}, "private"),
        ],
    }  # fmt: skip
    for slug, name, state in members:
        api(them, "POST", "/orgs", {"slug": slug, "name": name})
        for graph, title, inds, reported, visibility in tocs.get(name, []):
            # Green Shoots has a box leading nowhere: its checks find something worth a look.
            lone = [node("fair", "activity", "Careers fair")] if graph == "skills" else []
            member_toc(
                them, slug, graph, title, inds,
                links=[outcome] if graph != "schools" else [],
                visibility=visibility, reported=reported, extra=lone,
            )  # fmt: skip
        note = "Welcome to the Northside portfolio" if state == "invited" else ""
        api(fund, "POST", f"/orgs/{hub}/portfolio", {"org": slug, "note": note})
        if state == "active":
            api(them, "POST", f"/orgs/{slug}/portfolios/{hub}/accept")
        elif state == "declined":
            api(them, "POST", f"/orgs/{slug}/portfolios/{hub}/decline")

    open_portfolio(fund, hub, "?sort=-completeness")
    expect(rows(fund)).to_have_count(5)
    top = [f"pf-city-{size}", f"pf-bright-{size}", f"pf-green-{size}"]
    expect_order(fund, [*top, f"pf-east-{size}", f"pf-harbour-{size}"])  # no figures: last
    green = row(fund, f"pf-green-{size}")
    expect(green.get_by_test_id("findings")).to_contain_text("worth a look")
    expect(row(fund, f"pf-east-{size}")).to_contain_text("Not shared")
    if size == "phone":
        expect(fund.get_by_test_id("portfolio-sort")).to_be_visible()
        expect(fund.get_by_test_id("sort-name")).to_be_hidden()
        fund.get_by_test_id("portfolio-sort").select_option("name")
        expect(fund.get_by_test_id("portfolio-count")).to_contain_text("A to Z")
        fund.get_by_test_id("portfolio-sort").select_option("-completeness")
        expect(fund.get_by_test_id("portfolio-count")).to_contain_text("most complete first")
    else:
        expect(fund.get_by_test_id("portfolio-sort")).to_be_hidden()
    fund.evaluate("() => window.scrollTo(0, 0)")
    shot(fund, shots, f"portfolio-{size}")
    fits(fund, "portfolio")
    check_axe(fund, "portfolio")
    fund.get_by_test_id("invite-form").scroll_into_view_if_needed()
    shot(fund, shots, f"portfolio-manage-{size}")
    fits(fund, "portfolio, invite and import")

    harbour = members[3][0]
    them.goto(f"/{harbour}")
    expect(them.get_by_test_id("portfolio-invitation")).to_be_visible()
    shot(them, shots, f"portfolio-invitation-{size}")
    fits(them, "organisation page with an invitation")
    check_axe(them, "organisation page with an invitation")
