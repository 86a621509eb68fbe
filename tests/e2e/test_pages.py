"""The pages outside the editor, in a real browser (issue 11, findings 4, 5 and 10): the landing
page for visitors, a new user without an organisation guided to create one, explore (search by a
box's words, an anonymous visitor opens a public ToC read-only, fork into an organisation chosen
from a list), and the members page (an owner adds a person by e-mail, changes their role and
removes them; the server's refusals said in words; a non-owner sees the list only).

Setup that is not the point of a test goes through the API with the page's own session; what
the test is about goes through the UI, and the result is read back from the server. Every page
is screenshot at 1440x900 and 390x844 and checked with axe-core (no critical or serious
violations) at both sizes."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from .helpers import api, axe_violations, edge, labels_on_server, new_toc, node, sign_up

pytestmark = pytest.mark.browser

SIZES = ((1440, 900), (390, 844))


def look(page: Page, shots: Path, name: str) -> None:
    """Screenshots at both sizes, and at each: nothing wider than the screen, no serious axe
    violation in the page's content. The viewport goes back to what it was."""
    before = page.viewport_size
    expect(page.locator("main")).to_be_visible()
    for w, h in SIZES:
        page.set_viewport_size({"width": w, "height": h})
        page.evaluate("() => new Promise((r) => requestAnimationFrame(() => r(null)))")
        page.screenshot(path=str(shots / f"pages-{name}-{w}.png"), full_page=False)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= w, f"{name} is {width} px wide at {w} px"
        # The pages' part of the screen (the shell's header is checked by its own tests).
        assert not axe_violations(page, within="main"), f"{name} at {w} px"
    if before:
        page.set_viewport_size(before)


def members_on_server(page: Page, org: str) -> dict[str, str]:
    r = page.request.get(f"/api/v1/orgs/{org}")
    assert r.ok, r.text()
    return {m["username"]: m["role"] for m in r.json()["members"]}


# -- landing --------------------------------------------------------------------------------------


def test_the_landing_page_says_what_the_product_is_and_for_whom(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.goto("/")
    landing = page.get_by_test_id("landing")
    expect(landing).to_be_visible()
    hero = page.locator(".hero")
    for words in ("theory of change", "charities", "social enterprises", "funders"):
        expect(hero).to_contain_text(words)
    expect(page.get_by_test_id("landing-signup")).to_have_attribute("href", "/signup")
    expect(page.get_by_test_id("landing-explore")).to_have_attribute("href", "/explore")
    # A preview of real public ToCs (the seed data), by their organisations' names.
    cards = page.get_by_test_id("landing-preview").get_by_test_id("explore-card")
    expect(cards.first).to_be_visible()
    public = page.request.get("/api/v1/explore?page_size=6").json()["graphs"]
    assert cards.count() == len(public) > 0
    expect(cards.first).to_contain_text(public[0]["title"])
    expect(cards.first).to_contain_text(public[0]["org_name"])
    # Both calls to action fit on a phone's first screen.
    page.set_viewport_size({"width": 390, "height": 844})
    for testid in ("landing-signup", "landing-explore"):
        box = page.get_by_test_id(testid).bounding_box()
        assert box and box["y"] + box["height"] <= 844, testid
    look(page, shots, "landing")
    page.get_by_test_id("landing-explore").click()
    expect(page.get_by_test_id("explore-page")).to_be_visible()
    assert urlparse(page.url).path == "/explore"


def test_sign_in_and_sign_up_say_what_is_wrong_at_the_field(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    page.goto("/signup")
    look(page, shots, "signup")
    page.get_by_test_id("signup-username").fill("weakling")
    page.get_by_test_id("signup-email").fill("weakling@example.org")
    page.get_by_test_id("signup-password").fill("password1")
    page.get_by_test_id("signup-submit").click()
    error = page.get_by_test_id("signup-password-error")
    expect(error).to_contain_text("The password")
    expect(page.get_by_test_id("signup-password")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_test_id("signup-password")).to_be_focused()
    assert not page.request.post(
        "/api/v1/session", data={"username": "weakling", "password": "password1"}
    ).ok

    page.goto("/signin?next=/explore%3Fq%3Dyouth")
    look(page, shots, "signin")
    page.get_by_test_id("signin-username").fill("nobody-here")
    page.get_by_test_id("signin-password").fill("not the password")
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("do not match")
    sign_up(new_context().new_page(), "returning")
    page.get_by_test_id("signin-username").fill("returning")
    page.get_by_test_id("signin-password").fill("correct horse battery")
    page.get_by_test_id("signin-submit").click()
    expect(page.get_by_test_id("current-user")).to_have_text("returning")
    # After signing in: the page that was asked for.
    expect(page.get_by_test_id("explore-page")).to_be_visible()
    assert urlparse(page.url).path == "/explore"
    assert "q=youth" in page.url


# -- a new user -----------------------------------------------------------------------------------


def test_a_new_user_without_an_organisation_is_guided_to_create_one(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "newcomer")
    assert urlparse(page.url).path == "/"
    steps = page.get_by_test_id("next-steps")
    expect(steps).to_be_visible()
    expect(steps).to_contain_text("Create your organisation")
    expect(steps.get_by_test_id("home-explore")).to_have_attribute("href", "/explore")
    expect(steps).to_contain_text("newcomer@example.org")  # what to give an owner to be added
    look(page, shots, "home-no-organisation")

    page.get_by_test_id("org-name").fill("Bright Path Futures")
    # The short name is suggested from the name...
    expect(page.get_by_test_id("org-slug")).to_have_value("bright-path-futures")
    page.get_by_test_id("org-slug").fill("brightpath")  # ...and can be changed.
    page.get_by_test_id("create-org-submit").click()
    expect(page.get_by_test_id("org-title")).to_have_text("Bright Path Futures")
    assert urlparse(page.url).path == "/brightpath"
    org = page.request.get("/api/v1/orgs/brightpath").json()
    assert (org["name"], org["your_role"]) == ("Bright Path Futures", "owner")
    assert page.request.get("/api/v1/user").json()["orgs"] == [
        {"slug": "brightpath", "name": "Bright Path Futures", "role": "owner"}
    ]
    # An empty organisation says how to start; the header names it.
    expect(page.get_by_test_id("no-graphs")).to_be_visible()
    expect(page.get_by_test_id("new-graph-form")).to_be_visible()
    expect(page.locator("header")).to_contain_text("Bright Path Futures")
    look(page, shots, "org-empty")

    # A name the app uses for its own pages is refused at the field, in words.
    page.goto("/")
    expect(page.get_by_test_id("org-list")).to_contain_text("Bright Path Futures")
    page.get_by_test_id("org-name").fill("Explore")
    expect(page.get_by_test_id("org-slug")).to_have_value("explore-org")
    page.get_by_test_id("org-slug").fill("explore")
    page.get_by_test_id("create-org-submit").click()
    expect(page.get_by_test_id("org-slug-error")).to_contain_text("app's own pages")
    look(page, shots, "home")


def test_a_new_toc_gets_a_short_name_from_its_title(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "titler")
    api(page, "POST", "/orgs", {"slug": "titlers", "name": "Title Makers"})
    page.goto("/titlers")
    page.get_by_test_id("graph-title").fill("Youth Employment 2027")
    expect(page.get_by_test_id("graph-slug")).to_have_value("youth-employment-2027")
    page.get_by_test_id("graph-create-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    assert urlparse(page.url).path == "/titlers/youth-employment-2027"
    g = page.request.get("/api/v1/graphs/titlers/youth-employment-2027").json()
    assert (g["title"], g["visibility"]) == ("Youth Employment 2027", "private")
    # The same short name again: said at the field, naming the organisation.
    page.goto("/titlers")
    expect(page.get_by_test_id("graph-card")).to_have_count(1)
    page.get_by_test_id("graph-title").fill("Youth employment 2027")
    page.get_by_test_id("graph-create-submit").click()
    expect(page.get_by_test_id("g-slug-error")).to_contain_text("Title Makers already has")


# -- explore --------------------------------------------------------------------------------------

BOX = "Grandparents run knitting circles"


def _publish(new_context, user: str, org: str, org_name: str, graph: str, title: str) -> Page:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, user)
    nodes = [node("a1", "activity", BOX), node("o1", "outcome", "Older people feel less lonely")]
    new_toc(
        page, org, graph, nodes, [edge("e1", "a1", "o1")], org_name=org_name, title=title,
        description="Intergenerational clubs in village halls.", visibility="public",
    )  # fmt: skip
    return page


def test_explore_finds_a_public_toc_by_a_box_and_a_visitor_opens_it_read_only(
    new_context, shots
) -> None:  # type: ignore[no-untyped-def]
    _publish(
        new_context, "knitter", "village-halls", "Village Halls Together", "circles", "Warm circles"
    )
    visitor = new_context().new_page()  # never signs in
    visitor.goto("/explore")
    expect(visitor.get_by_test_id("explore-card").first).to_be_visible()
    visitor.get_by_test_id("explore-search").fill("knitting circles")
    visitor.get_by_test_id("explore-search").press("Enter")
    card = visitor.locator('[data-testid="explore-card"][data-toc="village-halls/circles"]')
    expect(card).to_be_visible()
    expect(visitor.get_by_test_id("explore-card")).to_have_count(1)
    expect(card).to_contain_text("Warm circles")
    expect(card).to_contain_text("Village Halls Together")  # the organisation's name, not its slug
    expect(card).to_contain_text(BOX)  # the box that matched
    expect(card).to_contain_text("2 boxes")
    expect(card.get_by_test_id("explore-fork")).to_have_count(0)  # visitors cannot fork
    assert "q=knitting" in visitor.url  # the search has an address
    look(visitor, shots, "explore-search")
    # The same search from the API: the page showed what the server found.
    found = visitor.request.get("/api/v1/explore?q=knitting%20circles").json()["graphs"]
    assert [(g["org"], g["slug"]) for g in found] == [("village-halls", "circles")]

    # Shared frameworks only: the seeded youth outcomes framework is one, the circles are not.
    visitor.get_by_test_id("explore-search").fill("")
    visitor.get_by_test_id("explore-framework").check()
    expect(visitor.locator('[data-toc="village-halls/circles"]')).to_have_count(0)
    expect(visitor.get_by_test_id("explore-card").first).to_contain_text("Shared framework")

    visitor.goto("/explore?q=knitting")
    visitor.locator('[data-toc="village-halls/circles"]').get_by_test_id("explore-open").click()
    expect(visitor.get_by_test_id("editor")).to_be_visible()
    assert urlparse(visitor.url).path == "/village-halls/circles"
    expect(visitor.get_by_test_id("editor")).to_have_attribute("data-editable", "false")
    expect(visitor.get_by_test_id("readonly-banner")).to_be_visible()
    # Read-only on the server too: a visitor's commit is refused.
    head = visitor.request.get("/api/v1/graphs/village-halls/circles/branches/main").json()["head"]
    r = visitor.request.post(
        "/api/v1/graphs/village-halls/circles/branches/main/commits",
        data={"base": head, "message": "x", "ops": []},
    )
    assert r.status in (401, 403)


def test_fork_from_explore_into_an_organisation_chosen_from_a_list(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    _publish(new_context, "quilter", "quilt-club", "Quilt Club", "quilts", "Quilts for all")
    page = new_context().new_page()
    sign_up(page, "two-hats")
    api(page, "POST", "/orgs", {"slug": "first-hat", "name": "First Hat Trust"})
    api(page, "POST", "/orgs", {"slug": "second-hat", "name": "Second Hat Network"})
    page.goto("/explore?q=quilts")
    card = page.locator('[data-testid="explore-card"][data-toc="quilt-club/quilts"]')
    card.get_by_test_id("explore-fork").click()
    dialog = page.get_by_test_id("fork-dialog")
    expect(dialog).to_be_visible()
    # The organisations to fork into are listed by name: nothing to type.
    options = dialog.get_by_test_id("fork-into-option")
    expect(options).to_have_count(2)
    expect(dialog).to_contain_text("First Hat Trust")
    expect(dialog).to_contain_text("Second Hat Network")
    expect(dialog.get_by_test_id("fork-slug")).to_have_value("quilts")
    look(page, shots, "explore-fork-dialog")
    dialog.get_by_label("Second Hat Network").check()
    dialog.get_by_test_id("fork-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    assert urlparse(page.url).path == "/second-hat/quilts"
    fork = page.request.get("/api/v1/graphs/second-hat/quilts").json()
    assert fork["upstream"] == "quilt-club/quilts"
    assert BOX in labels_on_server(page, "second-hat", "quilts")
    assert not page.request.get("/api/v1/graphs/first-hat/quilts").ok
    # The organisation's page says what the copy came from by its title, not its address.
    page.goto("/second-hat")
    expect(page.get_by_test_id("graph-card")).to_contain_text("Fork of “Quilts for all”")

    # Again into the same organisation: the short name is taken, said at the field.
    page.goto("/explore?q=quilts")
    page.locator('[data-toc="quilt-club/quilts"]').get_by_test_id("explore-fork").click()
    page.get_by_test_id("fork-dialog").get_by_label("Second Hat Network").check()
    page.get_by_test_id("fork-submit").click()
    expect(page.get_by_test_id("fork-slug-error")).to_contain_text("Second Hat Network already has")
    page.get_by_test_id("fork-slug").fill("quilts-two")
    page.get_by_test_id("fork-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    assert page.request.get("/api/v1/graphs/second-hat/quilts-two").json()["upstream"] == (
        "quilt-club/quilts"
    )


def test_a_new_toc_can_start_as_a_fork_picked_from_a_searchable_list(new_context) -> None:  # type: ignore[no-untyped-def]
    _publish(new_context, "weaver", "weavers", "Weavers Guild", "looms", "Looms in every village")
    page = new_context().new_page()
    sign_up(page, "picker")
    api(page, "POST", "/orgs", {"slug": "pickers", "name": "Pickers"})
    page.goto("/pickers")
    page.get_by_test_id("graph-start").select_option("fork")
    source = page.get_by_test_id("fork-source")
    source.fill("every village")
    option = page.get_by_test_id("fork-source-option").filter(has_text="Looms in every village")
    expect(option).to_be_visible()
    expect(option).to_contain_text("Weavers Guild")
    source.press("ArrowDown")
    source.press("Enter")
    expect(source).to_have_attribute("data-chosen", "weavers/looms")
    expect(page.get_by_test_id("graph-slug")).to_have_value("looms")
    page.get_by_test_id("graph-create-submit").click()
    expect(page.get_by_test_id("editor")).to_be_visible()
    assert page.request.get("/api/v1/graphs/pickers/looms").json()["upstream"] == "weavers/looms"


# -- members --------------------------------------------------------------------------------------


def test_an_owner_adds_a_person_by_email_changes_their_role_and_removes_them(
    new_context, shots
) -> None:  # type: ignore[no-untyped-def]
    sam = new_context().new_page()
    sign_up(sam, "sam-colleague")  # e-mail sam-colleague@example.org
    owner = new_context().new_page()
    sign_up(owner, "olivia-owner")
    api(owner, "POST", "/orgs", {"slug": "harbour", "name": "Harbour Youth Trust"})
    owner.goto("/harbour")
    owner.get_by_test_id("members-link").click()
    expect(owner.get_by_test_id("members-page")).to_be_visible()
    assert urlparse(owner.url).path == "/harbour/members"
    expect(owner.locator("h1")).to_have_text("Members of Harbour Youth Trust")

    # Nobody with that e-mail: said at the field.
    owner.get_by_test_id("member-user").fill("nobody@example.org")
    owner.get_by_test_id("member-add").click()
    expect(owner.get_by_test_id("member-user-error")).to_contain_text(
        "No account has the username or e-mail “nobody@example.org”"
    )

    # Add Sam by e-mail as an editor.
    owner.get_by_test_id("member-user").fill("Sam-Colleague@example.org")
    owner.get_by_test_id("member-new-role").select_option("editor")
    owner.get_by_test_id("member-add").click()
    row = owner.locator('[data-testid="member-row"][data-username="sam-colleague"]')
    expect(row).to_have_attribute("data-role", "editor")
    expect(owner.get_by_test_id("members-status")).to_contain_text(
        "sam-colleague was added as an editor"
    )
    assert members_on_server(owner, "harbour") == {
        "olivia-owner": "owner",
        "sam-colleague": "editor",
    }
    look(owner, shots, "members-owner")

    # Twice: already a member, said with the organisation's name.
    owner.get_by_test_id("member-user").fill("sam-colleague")
    owner.get_by_test_id("member-add").click()
    expect(owner.get_by_test_id("member-user-error")).to_contain_text(
        "sam-colleague is already a member of Harbour Youth Trust"
    )

    # Sam now sees the organisation, and may edit in it.
    sam.goto("/")
    expect(sam.get_by_test_id("org-list")).to_contain_text("Harbour Youth Trust")

    # Make Sam a viewer.
    row.get_by_test_id("member-role").select_option("viewer")
    row.get_by_test_id("member-role-save").click()
    row = owner.locator('[data-testid="member-row"][data-username="sam-colleague"]')
    expect(row).to_have_attribute("data-role", "viewer")
    assert members_on_server(owner, "harbour")["sam-colleague"] == "viewer"

    # The last owner cannot step down: the server's refusal, in words.
    me = owner.locator('[data-testid="member-row"][data-username="olivia-owner"]')
    me.get_by_test_id("member-role").select_option("editor")
    me.get_by_test_id("member-role-save").click()
    expect(owner.get_by_test_id("confirm-dialog")).to_be_visible()
    owner.get_by_test_id("confirm-yes").click()
    expect(owner.get_by_test_id("members-error")).to_contain_text(
        "Harbour Youth Trust needs at least one owner"
    )
    assert members_on_server(owner, "harbour")["olivia-owner"] == "owner"
    expect(me.get_by_test_id("member-role")).to_have_value("owner")

    # Remove Sam, after a confirmation; Cancel first keeps them.
    row.get_by_test_id("member-remove").click()
    expect(owner.get_by_test_id("confirm-dialog")).to_contain_text(
        "Remove sam-colleague from Harbour Youth Trust?"
    )
    look(owner, shots, "members-remove-confirm")
    owner.get_by_test_id("confirm-no").click()
    expect(owner.get_by_test_id("confirm-dialog")).to_have_count(0)
    assert "sam-colleague" in members_on_server(owner, "harbour")
    row.get_by_test_id("member-remove").click()
    owner.get_by_test_id("confirm-yes").click()
    expect(row).to_have_count(0)
    expect(owner.get_by_test_id("members-status")).to_contain_text("sam-colleague was removed")
    assert members_on_server(owner, "harbour") == {"olivia-owner": "owner"}


def test_a_member_who_is_not_an_owner_sees_the_list_only(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    viewer = new_context().new_page()
    sign_up(viewer, "vera-viewer")
    owner = new_context().new_page()
    sign_up(owner, "oscar-owner")
    api(owner, "POST", "/orgs", {"slug": "lighthouse", "name": "Lighthouse Families"})
    api(owner, "POST", "/orgs/lighthouse/members", {"user": "vera-viewer", "role": "viewer"})

    viewer.goto("/lighthouse")
    expect(viewer.get_by_test_id("org-title")).to_have_text("Lighthouse Families")
    expect(viewer.get_by_test_id("new-graph-form")).to_have_count(0)  # viewers cannot create
    look(viewer, shots, "org-viewer")
    viewer.get_by_test_id("members-link").click()
    expect(viewer.get_by_test_id("member-row")).to_have_count(2)
    expect(viewer.get_by_test_id("member-add-form")).to_have_count(0)
    expect(viewer.get_by_test_id("member-role")).to_have_count(0)
    expect(viewer.get_by_test_id("member-remove")).to_have_count(0)
    expect(viewer.get_by_test_id("members-page")).to_contain_text(
        "Only owners can add or remove people"
    )
    row = viewer.locator('[data-testid="member-row"][data-username="oscar-owner"]')
    expect(row.get_by_test_id("member-role-text")).to_have_text("Owner")
    look(viewer, shots, "members-viewer")

    # Someone outside the organisation sees neither the members nor a form.
    outsider = new_context().new_page()
    sign_up(outsider, "otto-outsider")
    outsider.goto("/lighthouse/members")
    expect(outsider.get_by_test_id("members-hidden")).to_be_visible()
    expect(outsider.get_by_test_id("member-row")).to_have_count(0)


# -- account --------------------------------------------------------------------------------------


def test_the_account_page_makes_and_revokes_a_token(new_context, shots) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "token-keeper")
    page.get_by_test_id("account-link").click()
    expect(page.get_by_test_id("account-page")).to_be_visible()
    expect(page.get_by_test_id("no-tokens")).to_be_visible()
    page.get_by_test_id("token-name").fill("Report script")
    page.get_by_test_id("token-lifetime").select_option("30")
    page.get_by_test_id("token-create").click()
    secret = page.get_by_test_id("new-token")
    expect(secret).to_be_focused()
    token = secret.input_value()
    assert len(token) > 20
    # The token works, as a bearer.
    r = page.request.get("/api/v1/user", headers={"Authorization": f"Bearer {token}"})
    assert r.ok and r.json()["username"] == "token-keeper"
    expect(page.get_by_test_id("token-row")).to_have_count(1)
    look(page, shots, "account")
    page.get_by_test_id("token-revoke").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("no-tokens")).to_be_visible()
    assert page.request.get("/api/v1/tokens").json() in ([], {"items": []})
