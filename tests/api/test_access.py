"""Private graphs are invisible to outsiders; viewers read but cannot write."""

from __future__ import annotations


def _setup(api, small_doc):
    owner = api.user("owner")
    api.org(owner, "charity")
    api.graph(owner, "charity", "secret", small_doc, visibility="private")
    api.graph(owner, "charity", "open", small_doc, visibility="public")
    return owner


def test_private_graph_is_404_to_non_members_and_anonymous(api, small_doc):
    _setup(api, small_doc)
    stranger = api.user("stranger")
    for token in (stranger, None):
        for path in (
            "/graphs/charity/secret",
            "/graphs/charity/secret/tree/main",
            "/graphs/charity/secret/commits",
            "/graphs/charity/secret/branches",
            "/graphs/charity/secret/export/main.json",
        ):
            r = api.get(path, token=token)
            assert r.status_code == 404, (path, r.status_code)
            assert "secret" in r.get_json()["message"]
    listed = api.get("/orgs/charity/graphs", token=stranger).get_json()
    assert [g["slug"] for g in listed] == ["open"]


def test_public_graph_is_readable_but_not_writable_by_strangers(api, small_doc):
    _setup(api, small_doc)
    stranger = api.user("stranger")
    assert api.get("/graphs/charity/open/tree/main").status_code == 200
    r = api.commit(
        stranger, "charity", "open", [{"op": "update_node", "id": "oc", "set": {"label": "x"}}]
    )
    assert r.status_code == 403


def test_viewer_write_is_403_and_editor_write_lands(api, small_doc):
    owner = _setup(api, small_doc)
    viewer, editor = api.user("viewer"), api.user("editor")
    assert (
        api.put("/orgs/charity/members/viewer", {"role": "viewer"}, token=owner).status_code == 200
    )
    assert (
        api.put("/orgs/charity/members/editor", {"role": "editor"}, token=owner).status_code == 200
    )
    assert api.get("/graphs/charity/secret/tree/main", token=viewer).status_code == 200
    ops = [{"op": "update_node", "id": "oc", "set": {"label": "Edited"}}]
    r = api.commit(viewer, "charity", "secret", ops)
    assert r.status_code == 403 and "editors and owners" in r.get_json()["message"]
    assert api.patch("/graphs/charity/secret", {"title": "x"}, token=viewer).status_code == 403
    assert api.commit(editor, "charity", "secret", ops).status_code == 201
    assert api.delete("/graphs/charity/secret", token=editor).status_code == 403
    assert (
        api.put("/orgs/charity/members/viewer", {"role": "owner"}, token=editor).status_code == 403
    )


def test_anonymous_write_is_401_and_bad_token_is_401(api, small_doc):
    _setup(api, small_doc)
    r = api.post("/orgs", {"slug": "x", "name": "X"})
    assert r.status_code == 401
    r = api.get("/user", token="toc_not-a-real-token")
    assert r.status_code == 401 and "token" in r.get_json()["message"]


def test_last_owner_cannot_be_removed(api, small_doc):
    owner = _setup(api, small_doc)
    r = api.delete("/orgs/charity/members/owner", token=owner)
    assert r.status_code == 409


def test_browser_session_needs_csrf_header_for_writes(api, client):
    api.user("sam")
    r = api.post("/session", {"username": "sam", "password": "correct horse battery"})
    assert r.status_code == 200
    csrf = r.get_json()["csrf_token"]
    assert api.post("/orgs", {"slug": "sams", "name": "Sam's"}).status_code == 403
    r = api.post("/orgs", {"slug": "sams", "name": "Sam's"}, headers={"X-CSRF-Token": csrf})
    assert r.status_code == 201
    assert api.get("/user").get_json()["orgs"] == [
        {"slug": "sams", "name": "Sam's", "role": "owner"}
    ]
    assert api.delete("/session", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert api.get("/user").status_code == 401


def test_a_private_graphs_later_commits_do_not_show_through_a_fork(api, small_doc):
    owner = _setup(api, small_doc)
    former = api.user("former")
    api.put("/orgs/charity/members/former", {"role": "viewer"}, token=owner)
    api.org(former, "elsewhere")
    r = api.post("/graphs/charity/secret/forks", {"org": "elsewhere"}, token=former)
    assert r.status_code == 201, r.get_json()
    forked_at = api.head("elsewhere", "secret", former)
    assert api.delete("/orgs/charity/members/former", token=owner).status_code == 204
    later = api.commit(
        owner,
        "charity",
        "secret",
        [{"op": "update_node", "id": "oc", "set": {"label": "Confidential"}}],
    )
    later_id = later.get_json()["id"]
    # the shared history up to the fork stays readable through the fork...
    assert api.get(f"/graphs/elsewhere/secret/tree/{forked_at}", token=former).status_code == 200
    # ...but not what the private graph committed after
    for path in (
        f"/graphs/elsewhere/secret/tree/{later_id}",
        f"/graphs/elsewhere/secret/tree/{later_id[:10]}",
        f"/graphs/elsewhere/secret/commits/{later_id}",
        f"/graphs/elsewhere/secret/compare/{forked_at}...{later_id}",
    ):
        assert api.get(path, token=former).status_code == 404, path
    r = api.commit(
        former,
        "elsewhere",
        "secret",
        [{"op": "update_node", "id": "act", "set": {"label": "x"}}],
        base=later_id,
    )
    assert r.status_code == 422
    # the owner still sees everything
    assert api.get(f"/graphs/charity/secret/tree/{later_id}", token=owner).status_code == 200
