"""Private graphs are invisible to outsiders; viewers read but cannot write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

EDIT = [{"op": "update_node", "id": "oc", "set": {"label": "Edited"}}]


@pytest.fixture
def owner(api, small_doc):
    """The owner of ``charity``, which has a private graph ``secret`` and a public ``open``."""
    token = api.user("owner")
    api.org(token, "charity")
    api.graph(token, "charity", "secret", small_doc, visibility="private")
    api.graph(token, "charity", "open", small_doc, visibility="public")
    return token


# -- a private graph is invisible to outsiders -------------------------------------------

PRIVATE_PATHS = [
    pytest.param("/graphs/charity/secret", id="graph"),
    pytest.param("/graphs/charity/secret/tree/main", id="tree"),
    pytest.param("/graphs/charity/secret/commits", id="commits"),
    pytest.param("/graphs/charity/secret/branches", id="branches"),
    pytest.param("/graphs/charity/secret/export/main.json", id="export"),
]


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
@pytest.mark.parametrize("path", PRIVATE_PATHS)
def test_private_graph_is_404_to_non_members_and_anonymous(api, owner, path, who):
    token = api.user("stranger") if who == "stranger" else None
    r = api.get(path, token=token)
    assert r.status_code == 404, (path, r.status_code)
    # the same answer as for a graph that does not exist
    missing = api.get(path.replace("/secret", "/missing"), token=token).get_json()
    assert r.get_json() == {**missing, "message": missing["message"].replace("missing", "secret")}
    assert "secret" in r.get_json()["message"]
    # and no typo in the table: its owner reads it
    assert api.get(path, token=owner).status_code == 200, path


@pytest.mark.parametrize("who", ["stranger", "anonymous"])
def test_private_graph_is_not_listed_to_non_members_and_anonymous(api, owner, who):
    token = api.user("stranger") if who == "stranger" else None
    listed = api.get("/orgs/charity/graphs", token=token).get_json()
    assert [g["slug"] for g in listed] == ["open"]
    assert sorted(g["slug"] for g in api.get("/orgs/charity/graphs", token=owner).get_json()) == [
        "open",
        "secret",
    ]


def test_public_graph_is_readable_but_not_writable_by_strangers(api, owner):
    stranger = api.user("stranger")
    assert api.get("/graphs/charity/open/tree/main").status_code == 200
    head = api.head("charity", "open")
    r = api.commit(stranger, "charity", "open", EDIT)
    assert r.status_code == 403
    assert api.head("charity", "open") == head


# -- what each role may do ----------------------------------------------------------------

ACTIONS: dict[str, Callable[[Any, str], Any]] = {
    "read": lambda api, t: api.get("/graphs/charity/secret/tree/main", token=t),
    "commit": lambda api, t: api.commit(t, "charity", "secret", EDIT),
    "retitle": lambda api, t: api.patch("/graphs/charity/secret", {"title": "x"}, token=t),
    "delete-graph": lambda api, t: api.delete("/graphs/charity/secret", token=t),
    "make-a-member-owner": lambda api, t: api.put(
        "/orgs/charity/members/viewer", {"role": "owner"}, token=t
    ),
}


@pytest.mark.parametrize(
    ("role", "action", "status", "message"),
    [
        pytest.param("viewer", "read", 200, None, id="viewer-reads"),
        pytest.param("viewer", "commit", 403, "editors and owners", id="viewer-cannot-commit"),
        pytest.param("viewer", "retitle", 403, "editors and owners", id="viewer-cannot-retitle"),
        pytest.param("viewer", "delete-graph", 403, None, id="viewer-cannot-delete"),
        pytest.param("viewer", "make-a-member-owner", 403, "owner", id="viewer-cannot-manage"),
        pytest.param("editor", "read", 200, None, id="editor-reads"),
        pytest.param("editor", "commit", 201, None, id="editor-commits"),
        pytest.param("editor", "retitle", 200, None, id="editor-retitles"),
        pytest.param("editor", "delete-graph", 403, None, id="editor-cannot-delete"),
        pytest.param("editor", "make-a-member-owner", 403, "owner", id="editor-cannot-manage"),
    ],
)
def test_what_viewers_and_editors_may_do(api, owner, role, action, status, message):
    viewer, editor = api.user("viewer"), api.user("editor")
    for name in ("viewer", "editor"):
        r = api.put(f"/orgs/charity/members/{name}", {"role": name}, token=owner)
        assert r.status_code == 200
    before = _state(api, owner)
    r = ACTIONS[action](api, {"viewer": viewer, "editor": editor}[role])
    assert r.status_code == status, r.get_json()
    if message is not None:
        assert message in r.get_json()["message"]
    if status >= 400:
        assert _state(api, owner) == before  # a refused write changed nothing


def _state(api, owner):
    """What the writes above could change: the head, the title, the members."""
    graph = api.get("/graphs/charity/secret", token=owner)
    org = api.get("/orgs/charity", token=owner).get_json()
    return (
        api.head("charity", "secret", owner) if graph.status_code == 200 else None,
        graph.get_json().get("title"),
        sorted((m["username"], m["role"]) for m in org["members"]),
    )


# -- signing in -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("token", "send", "message"),
    [
        pytest.param(
            None,
            lambda api, t: api.post("/orgs", {"slug": "x", "name": "X"}, token=t),
            "sign in",
            id="anonymous-write",
        ),
        pytest.param(
            "toc_not-a-real-token",
            lambda api, t: api.get("/user", token=t),
            "token",
            id="bad-token",
        ),
    ],
)
def test_anonymous_write_is_401_and_bad_token_is_401(api, owner, token, send, message):
    r = send(api, token)
    assert r.status_code == 401
    assert message in r.get_json()["message"]


def test_last_owner_cannot_be_removed(api, owner):
    r = api.delete("/orgs/charity/members/owner", token=owner)
    assert r.status_code == 409
    members = api.get("/orgs/charity", token=owner).get_json()["members"]
    assert members == [{"username": "owner", "role": "owner", "email": "owner@example.org"}]


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


# -- a fork of a private graph ------------------------------------------------------------


@pytest.fixture
def forked_before_a_private_commit(api, owner):
    """``former`` forked charity/secret while a viewer, then lost access, then the owner
    committed to it: ``(former's token, the forked-at commit, the later commit)``."""
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
    assert later.status_code == 201, later.get_json()
    return former, forked_at, later.get_json()["id"]


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/graphs/elsewhere/secret/tree/{later}", id="tree-by-id"),
        pytest.param("/graphs/elsewhere/secret/tree/{later_short}", id="tree-by-short-id"),
        pytest.param("/graphs/elsewhere/secret/commits/{later}", id="commit"),
        pytest.param("/graphs/elsewhere/secret/compare/{forked_at}...{later}", id="compare"),
    ],
)
def test_a_private_graphs_later_commits_do_not_show_through_a_fork(
    api, forked_before_a_private_commit, path
):
    former, forked_at, later = forked_before_a_private_commit
    url = path.format(later=later, later_short=later[:10], forked_at=forked_at)
    assert api.get(url, token=former).status_code == 404, url


def test_a_fork_keeps_the_shared_history_and_the_owner_sees_everything(
    api, owner, forked_before_a_private_commit
):
    former, forked_at, later = forked_before_a_private_commit
    assert api.get(f"/graphs/elsewhere/secret/tree/{forked_at}", token=former).status_code == 200
    assert api.get(f"/graphs/charity/secret/tree/{later}", token=owner).status_code == 200


def test_a_fork_cannot_commit_on_a_private_graphs_later_commit(api, forked_before_a_private_commit):
    former, _, later = forked_before_a_private_commit
    before = api.head("elsewhere", "secret", former)
    r = api.commit(
        former,
        "elsewhere",
        "secret",
        [{"op": "update_node", "id": "act", "set": {"label": "x"}}],
        base=later,
    )
    assert r.status_code == 422
    assert api.head("elsewhere", "secret", former) == before
