"""``GET /api/v1/explore``: public graphs for everyone, searched by name and by box, with
shared frameworks flagged; private graphs never appear. On SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

SHARED = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run youth clubs"},
        {"id": "o", "kind": "outcome", "label": "Young people feel confident"},
    ],
    "edges": [{"id": "e1", "source": "a", "target": "o"}],
}


def member(label, target=None):
    node = {"id": "x", "kind": "outcome", "label": label}
    if target:
        node["links"] = [{"target": target}]
    return {"nodes": [node], "edges": []}


@pytest.fixture
def commons(api):
    """``network/shared`` (public framework), ``club/pub`` (public, links into it; box
    "Bicycle repair cafe"), ``club/hidden`` (private, links into it; box "Secret zebra
    plans"); returns the tokens."""
    tokens = {"ana": api.user("ana"), "ben": api.user("ben")}
    api.org(tokens["ana"], "network")
    api.org(tokens["ben"], "club")
    api.graph(tokens["ana"], "network", "shared", SHARED, visibility="public")
    api.graph(
        tokens["ben"], "club", "pub", member("Bicycle repair cafe", "network/shared#o"), "public"
    )
    api.graph(tokens["ben"], "club", "hidden", member("Secret zebra plans", "network/shared#o"))
    return tokens


def explore(api, token=None, **query):
    r = api.get("/explore", query_string=query, token=token)
    assert r.status_code == 200, r.get_json()
    return r.get_json()


def names(body):
    return [f"{g['org']}/{g['slug']}" for g in body["graphs"]]


@pytest.mark.parametrize("who", [None, "ana", "ben"])
def test_everyone_sees_the_public_graphs_and_never_a_private_one(api, commons, who):
    token = commons[who] if who else None
    body = explore(api, token)
    assert sorted(names(body)) == ["club/pub", "network/shared"]
    assert (body["total"], body["page"], body["page_size"], body["pages"]) == (2, 1, 20, 1)
    assert explore(api, token, q="zebra")["graphs"] == []  # its box text
    assert explore(api, token, q="hidden")["graphs"] == []  # its slug and title
    text = json.dumps(body).lower()
    assert "hidden" not in text and "zebra" not in text


def test_a_box_text_finds_its_graph(api, commons):
    body = explore(api, q="REPAIR")
    assert names(body) == ["club/pub"]
    assert body["graphs"][0]["matched_boxes"] == ["Bicycle repair cafe"]
    # an edit moves the index with the default branch
    r = api.commit(
        commons["ben"],
        "club",
        "pub",
        [{"op": "update_node", "id": "x", "set": {"label": "Tandem workshop"}}],
    )
    assert r.status_code == 201, r.get_json()
    assert explore(api, q="repair")["graphs"] == []
    assert names(explore(api, q="tandem")) == ["club/pub"]


def test_a_framework_is_flagged_with_how_many_graphs_link_into_it(api, commons):
    body = explore(api, framework="true")
    assert names(body) == ["network/shared"]
    (shared,) = body["graphs"]
    assert shared == {
        "org": "network",
        "org_name": "Network",
        "slug": "shared",
        "title": "Shared",
        "description": "",
        "default_branch": "main",
        "boxes": 2,
        "updated_at": shared["updated_at"],
        "fork": False,
        "upstream": None,
        "upstream_private": False,
        "framework": True,
        "linked_by": 2,  # club/pub and the private club/hidden: counted, not named
        "matched_boxes": [],
    }
    pub = next(g for g in explore(api)["graphs"] if g["slug"] == "pub")
    assert (pub["framework"], pub["linked_by"]) == (False, 0)


def test_a_public_fork_names_its_upstream(api, commons):
    api.org(commons["ben"], "forkers")
    r = api.post("/graphs/network/shared/forks", {"org": "forkers"}, token=commons["ben"])
    assert r.status_code == 201, r.get_json()
    fork = next(g for g in explore(api, q="forkers")["graphs"])
    assert (fork["fork"], fork["upstream"], fork["upstream_private"]) == (
        True,
        "network/shared",
        False,
    )


def test_pages(api, commons):
    first, second = explore(api, page_size=1), explore(api, page_size=1, page=2)
    assert (first["total"], first["pages"], second["page"]) == (2, 2, 2)
    assert len(first["graphs"]) == len(second["graphs"]) == 1
    assert names(first) != names(second)
    assert explore(api, page_size=1, page=3)["graphs"] == []


@pytest.mark.parametrize(
    "query",
    [{"page_size": 51}, {"page_size": 0}, {"page": 0}, {"q": "x" * 201}, {"framework": "maybe"}],
)  # fmt: skip
def test_bad_queries_are_422s(api, query):
    r = api.get("/explore", query_string=query)
    assert r.status_code == 422 and r.get_json()["errors"]["query"]


def test_the_openapi_document_describes_explore(api):
    spec = api.get("/openapi.json").get_json()
    get = spec["paths"]["/api/v1/explore"]["get"]
    assert {p["name"] for p in get["parameters"]} == {"q", "framework", "page", "page_size"}
    graph = spec["components"]["schemas"]["ExploreGraph"]
    assert {"org_name", "boxes", "updated_at", "fork", "framework", "linked_by"} <= set(
        graph["properties"]
    )
