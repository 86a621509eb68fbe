"""Private work stays private across a fork network (issue 9, items 1-3).

One network is built per backend; each table row is (who asks, what, expected status, and
what the answer may or may not show). Actors: anonymous, a stranger (signed in, in no
organisation), alpha's viewer, editor and owner (alpha owns the public upstream), and
beta's owner (beta owns the private fork and a private graph linking into alpha's).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest

from tests.conftest import Api

ACTORS = ("anonymous", "stranger", "a_viewer", "a_editor", "a_owner", "b_owner")
ALPHA = ("a_viewer", "a_editor", "a_owner")


@dataclass
class Net:
    api: Api
    tokens: dict[str, str | None]
    proposed: str  # the fork's head when the proposal was opened
    later: str  # a commit on the private fork after that
    priv_forked_at: str  # alpha/priv2's head when beta forked it
    priv_after: str  # a commit on alpha/priv2 after the fork
    pub3_after: str  # a commit on alpha/pub3 after it went private (public fork in beta)

    def get(self, who: str, path: str) -> Any:
        return self.api.get(path, token=self.tokens[who])


def _node(node_id: str, label: str, **extra: Any) -> dict[str, Any]:
    return {"op": "add_node", "node": {"id": node_id, "kind": "outcome", "label": label} | extra}


def _ok(r: Any, status: int = 201) -> Any:
    assert r.status_code == status, r.data
    return r.get_json(silent=True)


def _build(api: Api, doc: dict[str, Any]) -> Net:
    tokens: dict[str, str | None] = {"anonymous": None}
    for name in ACTORS[1:]:
        tokens[name] = api.user(name.replace("_", "-"))
    a, b = tokens["a_owner"], tokens["b_owner"]
    assert a and b
    api.org(a, "alpha")
    api.org(b, "beta")
    for who, role in (("a_viewer", "viewer"), ("a_editor", "editor")):
        _ok(api.put(f"/orgs/alpha/members/{who.replace('_', '-')}", {"role": role}, token=a), 200)
    # Item 1: a proposal from a private fork of a public graph.
    api.graph(a, "alpha", "pub", doc, visibility="public")
    _ok(
        api.post(
            "/graphs/alpha/pub/forks",
            {"org": "beta", "slug": "pub-fork", "visibility": "private"},
            token=b,
        )
    )
    _ok(
        api.commit(
            b, "beta", "pub-fork", [_node("proposed-node", "Proposed outcome", horizon="short")]
        )
    )
    proposed = api.head("beta", "pub-fork", b)
    _ok(
        api.post(
            "/graphs/alpha/pub/proposals",
            {"source": "beta/pub-fork:main", "title": "Add an outcome"},
            token=b,
        )
    )
    _ok(
        api.commit(
            b, "beta", "pub-fork", [_node("later-node", "Unpublished outcome", horizon="short")]
        )
    )
    later = api.head("beta", "pub-fork", b)
    # A private graph of beta's linking into alpha/pub (sector map, suggestions).
    own = {
        "nodes": [
            {
                "id": "own-oc",
                "kind": "outcome",
                "label": "Confidence at work",
                "horizon": "short",
                "links": [{"target": "alpha/pub#oc", "relation": "contributes_to"}],
            }
        ],
        "edges": [],
    }
    api.graph(b, "beta", "secret-own", own)
    # Item 2: a private upstream forked (privately) into beta by alpha's owner, who is
    # also an editor of beta; then a commit on the upstream, then the upstream deleted.
    _ok(api.put("/orgs/beta/members/a-owner", {"role": "editor"}, token=b), 200)
    api.graph(a, "alpha", "priv2", doc)
    priv_forked_at = api.head("alpha", "priv2", a)
    _ok(api.post("/graphs/alpha/priv2/forks", {"org": "beta", "slug": "priv2-fork"}, token=a))
    _ok(
        api.commit(
            a, "alpha", "priv2", [_node("after-fork", "Later private work", horizon="short")]
        )
    )
    priv_after = api.head("alpha", "priv2", a)
    # A public graph with a public fork; then the upstream goes private and moves on.
    api.graph(a, "alpha", "pub3", doc, visibility="public")
    _ok(api.post("/graphs/alpha/pub3/forks", {"org": "beta", "slug": "pub3-fork"}, token=b))
    _ok(api.patch("/graphs/alpha/pub3", {"visibility": "private"}, token=a), 200)
    _ok(api.commit(a, "alpha", "pub3", [_node("after-private", "Private since", horizon="short")]))
    pub3_after = api.head("alpha", "pub3", a)
    _ok(api.delete("/orgs/beta/members/a-owner", token=b), 204)
    return Net(api, tokens, proposed, later, priv_forked_at, priv_after, pub3_after)


@pytest.fixture
def net(api: Api, small_doc: dict[str, Any]) -> Net:
    return _build(api, small_doc)


def _text(r: Any) -> str:
    return json.dumps(r.get_json())


def _for_each(actors: Any, check: Any) -> None:
    """Run ``check(who, *row)`` for every row of the table; report every wrong row at once.

    One network per backend serves the whole table (building it is most of the cost).
    """
    wrong = []
    for row in actors:
        row = row if isinstance(row, tuple) else (row,)
        try:
            check(*row)
        except AssertionError as error:
            wrong.append(f"{row}: {error}")
    assert not wrong, "\n".join(wrong)


# -- item 1: a proposal from a private fork ---------------------------------------------------


def test_a_proposal_shows_what_was_proposed_and_names_the_private_fork_only_to_its_members(
    net: Net,
) -> None:
    def check(who: str) -> None:
        for path in ("/graphs/alpha/pub/proposals/1", "/graphs/alpha/pub/proposals"):
            r = net.get(who, path)
            assert r.status_code == 200, (path, r.status_code)
            body = r.get_json()
            proposal = body if isinstance(body, dict) else body[0]
            theirs = json.dumps(proposal["preview"]["theirs"])
            assert "proposed-node" in theirs, "the proposed version is published"
            assert "later-node" not in theirs, "later commits on the private fork stay private"
            assert proposal["source_commit"] == net.proposed
            if who == "b_owner":
                assert proposal["source"] == "beta/pub-fork:main"
                assert proposal["can_update"] is True
            else:
                assert "pub-fork" not in _text(r), path
                assert proposal["source"] == "a private fork" and proposal["source_hidden"]
                assert proposal["can_update"] is False

    _for_each(ACTORS, check)


VOTES_AND_COMMENTS = [
    ("anonymous", 401, 401),
    ("stranger", 200, 201),
    ("a_viewer", 200, 201),
    ("a_editor", 200, 201),
    ("a_owner", 200, 201),
    ("b_owner", 200, 201),
]


def test_votes_and_comments_on_a_proposal_from_a_private_fork_never_name_it(net: Net) -> None:
    def check(who: str, vote: int, comment: int) -> None:
        token = net.tokens[who]
        r = net.api.put("/graphs/alpha/pub/proposals/1/vote", token=token)
        assert r.status_code == vote, r.get_json()
        if who != "b_owner":
            assert "pub-fork" not in _text(r)
        r = net.api.post(
            "/graphs/alpha/pub/proposals/1/comments", {"body": "Looks good"}, token=token
        )
        assert r.status_code == comment, r.get_json()

    _for_each(VOTES_AND_COMMENTS, check)
    proposal = _ok(net.get("anonymous", "/graphs/alpha/pub/proposals/1"), 200)
    assert len(proposal["comments"]) == 5 and proposal["votes"] == 5


# Who may merge; the rows that fail come first, so the one that lands is last.
MERGERS = [
    ("anonymous", 401),
    ("stranger", 403),
    ("a_viewer", 403),
    ("b_owner", 403),
    ("a_editor", 201),
    ("a_owner", 409),  # merged already
]


def test_the_upstreams_writers_merge_what_was_proposed_without_reading_the_fork(
    net: Net,
) -> None:
    def check(who: str, status: int) -> None:
        r = net.api.post("/graphs/alpha/pub/proposals/1/merge", {}, token=net.tokens[who])
        assert r.status_code == status, r.get_json()

    _for_each(MERGERS, check)
    tree = _ok(net.get("anonymous", "/graphs/alpha/pub/tree/main"), 200)
    ids = {n["id"] for n in tree["nodes"]}
    assert "proposed-node" in ids and "later-node" not in ids
    log = _text(net.get("anonymous", "/graphs/alpha/pub/commits?limit=50"))
    assert "pub-fork" not in log


def test_updating_a_proposal_publishes_the_forks_new_head(net: Net) -> None:
    r = net.api.post("/graphs/alpha/pub/proposals/1/update", token=net.tokens["a_owner"])
    assert r.status_code == 403, r.get_json()
    r = net.api.post("/graphs/alpha/pub/proposals/1/update", token=net.tokens["b_owner"])
    assert _ok(r, 200)["source_commit"] == net.later
    theirs = json.dumps(_ok(net.get("anonymous", "/graphs/alpha/pub/proposals/1"), 200))
    assert "later-node" in theirs and "pub-fork" not in theirs


# -- commits by id through every graph of a fork network ---------------------------------------


def _commit_cases() -> list[Any]:
    cases = []
    for who in ACTORS:
        # the proposed version is published through the upstream; the later one is not
        cases.append((who, "alpha/pub", "proposed", 200))
        cases.append((who, "alpha/pub", "later", 404))
        fork_reader = 200 if who == "b_owner" else 404
        cases.append((who, "beta/pub-fork", "proposed", fork_reader))
        cases.append((who, "beta/pub-fork", "later", fork_reader))
        # a private upstream's commit after the fork is never readable through the fork
        cases.append((who, "beta/priv2-fork", "priv_forked_at", fork_reader))
        cases.append((who, "beta/priv2-fork", "priv_after", 404))
        cases.append((who, "alpha/priv2", "priv_after", 200 if who in ALPHA else 404))
        # nor a formerly public upstream's commit after it went private
        cases.append((who, "beta/pub3-fork", "pub3_after", 404))
        cases.append((who, "alpha/pub3", "pub3_after", 200 if who in ALPHA else 404))
    return cases


COMMIT_CASES = _commit_cases()


def _check_commit_reads(net: Net, deleted: set[str]) -> None:
    wrong = []
    for who, graph, which, status in COMMIT_CASES:
        if graph in deleted:
            status = 404
        commit = getattr(net, which)
        for path in (
            f"/graphs/{graph}/tree/{commit}",
            f"/graphs/{graph}/tree/{commit[:10]}",
            f"/graphs/{graph}/commits/{commit}",
        ):
            got = net.get(who, path).status_code
            if got != status:
                wrong.append((who, path, which, got, status))
    assert not wrong, wrong


def test_commits_by_id_before_and_after_the_upstreams_are_deleted(net: Net) -> None:
    _check_commit_reads(net, set())
    a = net.tokens["a_owner"]
    for graph in ("alpha/priv2", "alpha/pub3"):
        assert net.api.delete(f"/graphs/{graph}", token=a).status_code == 204
    _check_commit_reads(net, {"alpha/priv2", "alpha/pub3"})


# -- names of private graphs in settings, the sector map and link suggestions ------------------


def test_private_graphs_are_counted_but_never_named_to_non_members(net: Net) -> None:
    def check(who: str) -> None:
        member = who == "b_owner"
        sector = _ok(net.get(who, "/graphs/alpha/pub/sector"), 200)
        oc = next(n for n in sector["nodes"] if n["id"] == "oc")
        assert oc["count"] >= 1
        assert ("secret-own" in json.dumps(sector)) is member
        svg = net.get(who, "/graphs/alpha/pub/sector/render.svg")
        assert svg.status_code == 200
        assert (b"beta" in svg.data) is member, "the sector diagram names the member org"
        r = net.get(who, "/graphs/beta/secret-own/links/suggestions?target=alpha/pub")
        assert r.status_code == (200 if member else 404)
        r = net.get(who, "/graphs/alpha/pub/links/suggestions?target=beta/secret-own")
        assert r.status_code == (200 if member else 404)
        fork = net.get(who, "/graphs/beta/pub3-fork")  # public fork of a now private upstream
        assert fork.status_code == 200
        expected = "alpha/pub3" if who in ALPHA else None
        assert fork.get_json()["upstream"] == expected
        assert fork.get_json()["upstream_private"] is (expected is None)

    _for_each(ACTORS, check)


# -- item 3: who may publish, fork and list members ---------------------------------------------


# The owner comes last: the rows before it must leave the graph private.
VISIBILITY = [
    ("a_editor", 403),
    ("a_viewer", 403),
    ("stranger", 404),
    ("anonymous", 404),
    ("b_owner", 404),
    ("a_owner", 200),
]


def test_only_owners_change_a_graphs_visibility(net: Net) -> None:
    def check(who: str, status: int) -> None:
        token = net.tokens[who]
        r = net.api.patch("/graphs/alpha/priv2", {"title": "Renamed"}, token=token)
        assert r.status_code == {"a_editor": 200, "a_owner": 200, "a_viewer": 403}.get(who, 404)
        r = net.api.patch("/graphs/alpha/priv2", {"visibility": "public"}, token=token)
        assert r.status_code == status, r.get_json()

    _for_each(VISIBILITY, check)


def test_a_fork_of_a_private_graph_stays_private(net: Net) -> None:
    api, viewer, owner = net.api, net.tokens["a_viewer"], net.tokens["a_owner"]
    assert viewer and owner
    api.org(viewer, "viewer-org")
    r = api.post(
        "/graphs/alpha/priv2/forks",
        {"org": "viewer-org", "slug": "leak", "visibility": "public"},
        token=viewer,
    )
    assert r.status_code == 422, r.get_json()
    assert "visibility" in json.dumps(r.get_json()["errors"])
    r = api.post("/graphs/alpha/priv2/forks", {"org": "viewer-org", "slug": "kept"}, token=viewer)
    assert _ok(r)["visibility"] == "private"
    r = api.patch("/graphs/viewer-org/kept", {"visibility": "public"}, token=viewer)
    assert r.status_code == 422, r.get_json()
    # The upstream's owner may publish the upstream; then its forks may be public too.
    _ok(api.patch("/graphs/alpha/priv2", {"visibility": "public"}, token=owner), 200)
    _ok(api.patch("/graphs/viewer-org/kept", {"visibility": "public"}, token=viewer), 200)


def test_only_members_see_an_organisations_members(net: Net) -> None:
    def check(who: str) -> None:
        r = net.get(who, "/orgs/alpha")
        assert r.status_code == 200
        members = r.get_json().get("members")
        if who in ALPHA:
            assert {m["username"] for m in members} == {"a-viewer", "a-editor", "a-owner"}
        else:
            assert members is None and "a-viewer" not in _text(r)

    _for_each(ACTORS, check)
