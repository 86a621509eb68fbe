"""Editor features in a real browser that the other browser tests leave out: changing a box's
kind, importing a file (as a new ToC, and into an open one), branches, leaving with edits on
their way, the connection-lost banner, and pulling a fork's upstream (issue 11's addresses:
/{org}/{graph}, /{org}/{graph}/tree/{branch}).

Setup that is not the point of a test (accounts' organisations, graphs, a colleague's commit)
goes through the API with the page's own session; what the test is about goes through the UI,
and the result is read back from the server."""

from __future__ import annotations

import io
import json
import re
import zipfile
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from .helpers import (
    api,
    commit,
    create_org,
    doc,
    labels_on_server,
    new_toc,
    node,
    node_by_label,
    open_editor,
    open_tab,
    rename,
    select,
    server_nodes,
    sign_up,
    wait_label,
    wait_saved,
)

pytestmark = pytest.mark.browser


def editing_one_box(page: Page, user: str, org: str, graph: str, box: dict[str, Any]) -> None:
    """Sign up as ``user``, make ``org/graph`` holding ``box``, open it and wait for "saved"."""
    sign_up(page, user)
    new_toc(page, org, graph, [box])
    open_editor(page, org, graph)
    wait_saved(page)


# -- 1. kind ------------------------------------------------------------------------------------


def test_changing_a_kind_in_the_inspector_is_saved(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "kind-changer")
    new_toc(
        page,
        "kinds",
        "kind-toc",
        [
            node("act", "activity", "Train teachers"),
            node("out", "outcome", "Teachers feel confident", horizon="medium"),
        ],
    )
    open_editor(page, "kinds", "kind-toc")

    # An activity becomes an output: the inspector follows, and the server has it.
    select(page, "Train teachers")
    expect(page.get_by_test_id("field-kind")).to_have_value("activity")
    expect(page.get_by_test_id("add-indicator")).to_have_count(0)  # activities have none
    page.get_by_test_id("field-kind").select_option("output")
    expect(page.get_by_test_id("inspector").locator("h2").first).to_have_text("Output")
    expect(page.get_by_test_id("add-indicator")).to_be_visible()
    wait_saved(page)
    assert server_nodes(page, "kinds", "kind-toc")["act"]["kind"] == "output"

    # An outcome with a time horizon becomes an impact: only outcomes have a horizon, so the
    # horizon goes too (the server refuses an impact with one).
    select(page, "Teachers feel confident")
    expect(page.get_by_test_id("field-horizon")).to_have_value("medium")
    page.get_by_test_id("field-kind").select_option("impact")
    expect(page.get_by_test_id("field-horizon")).to_have_count(0)
    wait_saved(page)
    expect(page.get_by_test_id("error-banner")).to_have_count(0)
    saved = server_nodes(page, "kinds", "kind-toc")["out"]
    assert (saved["kind"], saved.get("horizon")) == ("impact", None)

    # Undo brings back the outcome and its horizon, in one step.
    page.get_by_test_id("undo").click()
    expect(page.get_by_test_id("field-kind")).to_have_value("outcome")
    expect(page.get_by_test_id("field-horizon")).to_have_value("medium")
    wait_saved(page)
    saved = server_nodes(page, "kinds", "kind-toc")["out"]
    assert (saved["kind"], saved.get("horizon")) == ("outcome", "medium")
    page.get_by_test_id("redo").click()
    expect(page.get_by_test_id("field-kind")).to_have_value("impact")
    wait_saved(page)

    # A fresh load of the editor shows the saved kinds.
    page.reload()
    expect(page.get_by_test_id("editor")).to_be_visible()
    select(page, "Train teachers")
    expect(page.get_by_test_id("field-kind")).to_have_value("output")
    select(page, "Teachers feel confident")
    expect(page.get_by_test_id("field-kind")).to_have_value("impact")


# -- 2. import ----------------------------------------------------------------------------------

IMPORTED = {
    "nodes": [
        node("i-act", "activity", "Run parenting classes"),
        node("i-out", "output", "Parents attend classes"),
        node("i-oc", "outcome", "Parents use positive discipline", horizon="short"),
    ],
    "edges": [
        {"id": "i-e1", "source": "i-act", "target": "i-out"},
        {"id": "i-e2", "source": "i-out", "target": "i-oc", "relation": "contributes_to"},
    ],
}


def _graphml() -> bytes:
    from toc_editor.exchange.graphml import to_graphml

    return to_graphml(IMPORTED)


def _csv_zip() -> bytes:
    from toc_editor.exchange.csv_zip import to_csv_zip

    data = to_csv_zip(IMPORTED)
    with zipfile.ZipFile(io.BytesIO(data)) as z:  # really a zip of CSV files
        assert any(n.endswith(".csv") for n in z.namelist())
    return data


@pytest.mark.parametrize(
    ("fmt", "filename", "mime", "make"),
    [
        ("json", "parenting.json", "application/json", lambda: json.dumps(IMPORTED).encode()),
        ("graphml", "parenting.graphml", "application/xml", _graphml),
        ("csv", "parenting.zip", "application/zip", _csv_zip),
    ],
)
def test_importing_a_file_makes_a_graph_with_its_boxes(
    new_context, fmt, filename, mime, make
) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    org = f"imp-{fmt}"
    sign_up(page, f"importer-{fmt}")
    create_org(page, f"Importers {fmt}", org)  # the new graph form is on the org's page
    page.get_by_test_id("graph-start").select_option("import")
    expect(page.get_by_test_id("graph-file")).to_be_visible()
    page.get_by_test_id("graph-file").set_input_files(
        {"name": filename, "mimeType": mime, "buffer": make()}
    )
    page.get_by_test_id("graph-title").fill("Parenting ToC")
    page.get_by_test_id("graph-slug").fill("parenting")
    page.get_by_test_id("graph-create-submit").click()

    expect(page.get_by_test_id("editor")).to_be_visible()
    assert page.url.endswith(f"/{org}/parenting")
    wait_label(page, "Parents use positive discipline")
    shown = doc(page)
    assert {n["label"] for n in shown["nodes"].values()} == {n["label"] for n in IMPORTED["nodes"]}
    assert {(e["source"], e["target"]) for e in shown["edges"].values()} == {
        ("i-act", "i-out"),
        ("i-out", "i-oc"),
    }
    on_server = server_nodes(page, org, "parenting")
    assert {nid: (n["kind"], n["label"]) for nid, n in on_server.items()} == {
        n["id"]: (n["kind"], n["label"]) for n in IMPORTED["nodes"]
    }
    assert on_server["i-oc"]["horizon"] == "short"
    # The imported content is an editable version like any other.
    expect(page.get_by_test_id("editor")).to_have_attribute("data-editable", "true")
    wait_saved(page)


def test_a_broken_import_file_is_explained(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "importer-broken")
    create_org(page, "Broken imports", "imp-broken")
    page.get_by_test_id("graph-start").select_option("import")
    bad = {
        "nodes": [node("x", "activity", "A box")],
        "edges": [{"id": "e", "source": "x", "target": "nowhere"}],
    }
    page.get_by_test_id("graph-file").set_input_files(
        {"name": "bad.json", "mimeType": "application/json", "buffer": json.dumps(bad).encode()}
    )
    page.get_by_test_id("graph-title").fill("Broken")
    page.get_by_test_id("graph-create-submit").click()
    expect(page.get_by_test_id("form-error")).to_contain_text("could not be imported")
    expect(page.get_by_test_id("editor")).to_have_count(0)
    assert labels_on_server(page, "imp-broken", "broken") == set()


def test_importing_a_file_into_an_open_toc_makes_one_new_version(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    editing_one_box(
        page, "importer-open", "imp-open", "open-toc", node("old", "output", "To be replaced")
    )
    api(page, "POST", "/graphs/imp-open/open-toc/branches", {"name": "trial", "from": "main"})
    open_editor(page, "imp-open", "open-toc", "/tree/trial")
    wait_saved(page)
    before = api(page, "GET", "/graphs/imp-open/open-toc/commits?ref=trial")
    open_tab(page, "collab")
    page.get_by_test_id("import-file").set_input_files(
        {"name": "parenting.json", "mimeType": "application/json",
         "buffer": json.dumps(IMPORTED).encode()}
    )  # fmt: skip
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("confirm-dialog")).to_contain_text("replaced")
    page.get_by_test_id("confirm-yes").click()
    wait_label(page, "Parents use positive discipline")
    expect(page.get_by_test_id("toasts")).to_contain_text("Imported parenting.json")
    # One new version on the branch, with the file's boxes; main is untouched.
    after = api(page, "GET", "/graphs/imp-open/open-toc/commits?ref=trial")
    assert len(after) == len(before) + 1
    assert after[0]["message"] == "Imported parenting.json"
    assert labels_on_server(page, "imp-open", "open-toc", "trial") == {
        n["label"] for n in IMPORTED["nodes"]
    }
    assert labels_on_server(page, "imp-open", "open-toc") == {"To be replaced"}
    assert node_by_label(page, "To be replaced") is None

    # A broken file is explained in the panel, and nothing changes.
    bad = {
        "nodes": [node("x", "activity", "A box")],
        "edges": [{"id": "e", "source": "x", "target": "nowhere"}],
    }
    page.get_by_test_id("import-file").set_input_files(
        {"name": "bad.json", "mimeType": "application/json", "buffer": json.dumps(bad).encode()}
    )
    page.get_by_test_id("import-submit").click()
    page.get_by_test_id("confirm-yes").click()
    expect(page.get_by_test_id("import-error")).to_contain_text("could not be imported")
    assert len(api(page, "GET", "/graphs/imp-open/open-toc/commits?ref=trial")) == len(after)


# -- 3. branches --------------------------------------------------------------------------------


def test_an_edit_on_a_branch_stays_off_main(new_context) -> None:  # type: ignore[no-untyped-def]
    page = new_context().new_page()
    sign_up(page, "branch-maker")
    new_toc(page, "branchers", "branch-toc", [node("b1", "outcome", "Girls stay in school")])
    open_editor(page, "branchers", "branch-toc")
    expect(page.get_by_test_id("branch-select")).to_have_value("main")

    open_tab(page, "collab")
    page.get_by_test_id("branch-name-input").fill("draft-2025")
    page.get_by_test_id("branch-name-ok").click()
    expect(page.get_by_test_id("branch-select")).to_have_value("draft-2025")
    assert page.url.endswith("/branchers/branch-toc/tree/draft-2025")
    expect(page.get_by_test_id("editor")).to_have_attribute("data-editable", "true")

    rename(page, "Girls stay in school", "Girls finish secondary school")
    wait_saved(page)
    assert labels_on_server(page, "branchers", "branch-toc", "draft-2025") == {
        "Girls finish secondary school"
    }
    assert labels_on_server(page, "branchers", "branch-toc", "main") == {"Girls stay in school"}

    # Back to main with the branch menu: main does not have the edit.
    page.get_by_test_id("branch-select").select_option("main")
    expect(page.get_by_test_id("branch-select")).to_have_value("main")
    expect(page).to_have_url(re.compile(r"/branchers/branch-toc$"))
    wait_label(page, "Girls stay in school")
    assert node_by_label(page, "Girls finish secondary school") is None

    # And the branch still does.
    page.get_by_test_id("branch-select").select_option("draft-2025")
    expect(page.get_by_test_id("branch-select")).to_have_value("draft-2025")
    wait_label(page, "Girls finish secondary school")
    assert node_by_label(page, "Girls stay in school") is None


def test_switching_branch_right_after_an_edit_saves_the_edit_first(new_context) -> None:  # type: ignore[no-untyped-def]
    # Leaving the page stops its branch's session: an edit still waiting to be sent (they are
    # batched for a moment) was silently dropped when the branch menu was used at once.
    page = new_context().new_page()
    sign_up(page, "branch-switcher")
    new_toc(page, "switchers", "switch-toc", [node("w1", "output", "Clinics opened")])
    api(page, "POST", "/graphs/switchers/switch-toc/branches", {"name": "pilot", "from": "main"})
    open_editor(page, "switchers", "switch-toc", "/tree/pilot")
    expect(page.get_by_test_id("branch-select")).to_have_value("pilot")

    rename(page, "Clinics opened", "Rural clinics opened")
    page.get_by_test_id("branch-select").select_option("main")  # no wait for "saved"
    expect(page).to_have_url(re.compile(r"/switchers/switch-toc$"))
    wait_label(page, "Clinics opened")
    assert labels_on_server(page, "switchers", "switch-toc", "pilot") == {"Rural clinics opened"}
    assert labels_on_server(page, "switchers", "switch-toc", "main") == {"Clinics opened"}

    page.get_by_test_id("branch-select").select_option("pilot")
    wait_label(page, "Rural clinics opened")


def test_leaving_the_editor_right_after_an_edit_saves_the_edit_first(new_context) -> None:  # type: ignore[no-untyped-def]
    # Any navigation (a header link, History's View...) now waits for pending edits.
    page = new_context().new_page()
    editing_one_box(
        page, "quick-leaver", "leavers", "leave-toc", node("l1", "output", "Nurses trained")
    )
    rename(page, "Nurses trained", "Community nurses trained")
    page.get_by_role("link", name="Explore").click()  # without waiting for "saved"
    expect(page).to_have_url(re.compile(r"/explore$"))
    page.wait_for_function("() => !window.tocEditor")  # the editor is gone
    assert labels_on_server(page, "leavers", "leave-toc") == {"Community nurses trained"}


def test_leaving_is_refused_while_the_edits_cannot_be_saved(new_context) -> None:  # type: ignore[no-untyped-def]
    ctx = new_context()
    page = ctx.new_page()
    editing_one_box(
        page, "stuck-leaver", "stuckers", "stuck-toc", node("s1", "output", "Ramps built")
    )
    editor_url = page.url
    ctx.set_offline(True)
    try:
        rename(page, "Ramps built", "Ramps built at every school")
        page.get_by_role("link", name="Explore").click()
        expect(page.get_by_test_id("toasts")).to_contain_text(
            "You are still here: your changes are not saved yet", timeout=15_000
        )
        expect(page).to_have_url(editor_url)
        wait_label(page, "Ramps built at every school")  # the editor and the edit are still there
        assert labels_on_server(page, "stuckers", "stuck-toc") == {"Ramps built"}
    finally:
        ctx.set_offline(False)
    wait_saved(page, timeout=25_000)
    assert labels_on_server(page, "stuckers", "stuck-toc") == {"Ramps built at every school"}


# -- 4. connection lost -------------------------------------------------------------------------


def test_edits_made_while_offline_are_kept_and_saved_later(new_context) -> None:  # type: ignore[no-untyped-def]
    ctx = new_context()
    page = ctx.new_page()
    editing_one_box(
        page, "offline-editor", "offliners", "offline-toc", node("o1", "output", "Wells dug")
    )
    banner = page.get_by_test_id("offline-banner")
    expect(banner).to_have_count(0)

    ctx.set_offline(True)
    try:
        rename(page, "Wells dug", "Wells dug and maintained")
        expect(banner).to_be_visible(timeout=10_000)
        expect(banner).to_contain_text("cannot be reached")
        status = page.get_by_test_id("save-status")
        expect(status).to_contain_text("Offline")
        # A second edit while offline is kept too.
        page.get_by_test_id("add-impact").click()
        page.get_by_test_id("field-label").fill("Fewer waterborne illnesses")
        page.get_by_test_id("field-label").press("Enter")
        expect(page.get_by_test_id("field-label")).to_have_value("Fewer waterborne illnesses")
        # Nothing reached the server.
        assert labels_on_server(page, "offliners", "offline-toc") == {"Wells dug"}
    finally:
        ctx.set_offline(False)

    wait_saved(page, timeout=25_000)
    expect(banner).to_have_count(0)
    assert labels_on_server(page, "offliners", "offline-toc") == {
        "Wells dug and maintained",
        "Fewer waterborne illnesses",
    }


# -- 5. pull upstream ---------------------------------------------------------------------------


def test_a_fork_pulls_its_upstreams_change(new_context) -> None:  # type: ignore[no-untyped-def]
    owner = new_context().new_page()
    sign_up(owner, "pull-owner")
    new_toc(
        owner,
        "pull-network",
        "shared-toc",
        [node("s1", "outcome", "Farmers earn more"), node("s2", "activity", "Train farmers")],
        visibility="public",
    )

    forker = new_context().new_page()
    sign_up(forker, "pull-forker")
    api(forker, "POST", "/orgs", {"slug": "pull-coop", "name": "Pull Co-op"})
    api(forker, "POST", "/graphs/pull-network/shared-toc/forks", {"org": "pull-coop"})
    # The fork's own edit, on a box the upstream leaves alone.
    open_editor(forker, "pull-coop", "shared-toc")
    expect(forker.get_by_test_id("upstream-badge")).to_contain_text("pull-network/shared-toc")
    rename(forker, "Train farmers", "Train women farmers")
    wait_saved(forker)

    # The upstream moves on meanwhile.
    ops = [
        {"op": "update_node", "id": "s1", "set": {"label": "Farmers earn a living wage"}},
        {"op": "add_node", "node": node("s3", "impact", "Rural poverty falls")},
    ]
    commit(owner, "pull-network", "shared-toc", ops, message="Sharper outcome, new impact")
    assert "Farmers earn a living wage" not in labels_on_server(forker, "pull-coop", "shared-toc")

    open_tab(forker, "collab")
    forker.get_by_test_id("pull-upstream").click()
    expect(forker.get_by_test_id("confirm-dialog")).to_be_visible()
    forker.get_by_test_id("confirm-yes").click()
    wait_label(forker, "Farmers earn a living wage")
    wait_label(forker, "Rural poverty falls")
    expect(forker.get_by_test_id("toasts")).to_contain_text("Updates pulled")
    wait_saved(forker)
    # Both sides' changes are in the fork, on the server; the upstream is untouched by it.
    assert labels_on_server(forker, "pull-coop", "shared-toc") == {
        "Farmers earn a living wage",
        "Rural poverty falls",
        "Train women farmers",
    }
    assert labels_on_server(owner, "pull-network", "shared-toc") == {
        "Farmers earn a living wage",
        "Rural poverty falls",
        "Train farmers",
    }
    # A second pull has nothing to do.
    forker.get_by_test_id("pull-upstream").click()
    expect(forker.get_by_test_id("toasts")).to_contain_text("Already up to date")


def test_pulling_a_conflicting_upstream_change_goes_through_the_merge_view(new_context) -> None:  # type: ignore[no-untyped-def]
    owner = new_context().new_page()
    sign_up(owner, "pull-conflict-owner")
    new_toc(
        owner,
        "pull-cf-network",
        "shared",
        [node("c1", "outcome", "Children read fluently")],
        visibility="public",
    )
    forker = new_context().new_page()
    sign_up(forker, "pull-conflict-forker")
    api(forker, "POST", "/orgs", {"slug": "pull-cf-fork", "name": "Pull conflict fork"})
    api(forker, "POST", "/graphs/pull-cf-network/shared/forks", {"org": "pull-cf-fork"})
    open_editor(forker, "pull-cf-fork", "shared")
    rename(forker, "Children read fluently", "Children read fluently by age 8")
    wait_saved(forker)

    # The upstream changes the same label.
    ops = [{"op": "update_node", "id": "c1", "set": {"label": "Children read Swahili"}}]
    commit(owner, "pull-cf-network", "shared", ops, message="Name the language")

    open_tab(forker, "collab")
    forker.get_by_test_id("pull-upstream").click()
    expect(forker.get_by_test_id("merge-view")).to_be_visible()
    assert "/merge?source=upstream&target=main" in forker.url
    conflict = forker.get_by_test_id("merge-conflict")
    expect(conflict).to_have_count(1)
    expect(conflict).to_contain_text("Children read fluently by age 8")
    expect(conflict).to_contain_text("Children read Swahili")
    conflict.get_by_test_id("merge-take-theirs").check()
    forker.get_by_test_id("merge-submit").click()

    expect(forker.get_by_test_id("editor")).to_be_visible()
    wait_label(forker, "Children read Swahili")
    assert labels_on_server(forker, "pull-cf-fork", "shared") == {"Children read Swahili"}
