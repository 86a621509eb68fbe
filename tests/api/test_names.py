"""Every endpoint that creates or names something refuses look-alike names with 422.

One table: (endpoint, field, bad value). The names follow the domain's rules
(toc_editor/domain/names.py): ASCII, matched whole, so a trailing newline, surrounding
spaces, a leading '-', full-width or Cyrillic letters all make a 422 naming the field.
"""

from __future__ import annotations

from typing import Any

import pytest

BAD = {
    "trailing newline": "abc\n",
    "trailing space": "abc ",
    "leading space": " abc",
    "leading dash": "-abc",
    "full-width": "\uff41\uff42\uff43",
    "cyrillic a": "\u0430bc",
    "zero-width space": "ab\u200bc",
    "nbsp": "ab\u00a0c",
}

# (label, method, path, body with NAME where the bad value goes, field named in the error)
ENDPOINTS: list[tuple[str, str, str, dict[str, Any], str]] = [
    (
        "sign-up username",
        "POST",
        "/users",
        {"username": "NAME", "email": "x@example.org", "password": "plum vortex quietly 19"},
        "username",
    ),
    ("org slug", "POST", "/orgs", {"slug": "NAME", "name": "An organisation"}, "slug"),
    ("graph slug", "POST", "/orgs/alpha/graphs", {"slug": "NAME", "title": "A ToC"}, "slug"),
    ("branch name", "POST", "/graphs/alpha/toc/branches", {"name": "NAME"}, "name"),
    ("fork target org", "POST", "/graphs/alpha/toc/forks", {"org": "NAME"}, "org"),
    ("fork slug", "POST", "/graphs/alpha/toc/forks", {"org": "beta", "slug": "NAME"}, "slug"),
    ("default branch", "PATCH", "/graphs/alpha/toc", {"default_branch": "NAME"}, "default_branch"),
]


@pytest.fixture
def owner(api, small_doc) -> str:
    token = api.user("owner")
    api.org(token, "alpha")
    api.org(token, "beta")
    api.graph(token, "alpha", "toc", small_doc)
    return token


@pytest.mark.parametrize("bad", list(BAD.values()), ids=list(BAD))
@pytest.mark.parametrize(
    ("method", "path", "body", "field"),
    [row[1:] for row in ENDPOINTS],
    ids=[row[0] for row in ENDPOINTS],
)
def test_a_look_alike_name_is_422_naming_the_field(api, owner, method, path, body, field, bad):
    filled = {k: (bad if v == "NAME" else v) for k, v in body.items()}
    r = api.call(method, path, token=owner, json=filled)
    assert r.status_code == 422, (r.status_code, r.get_json())
    error = r.get_json()
    assert error["code"] == 422
    assert field in error["errors"]["json"], error


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("POST", "/users", ENDPOINTS[0][3] | {"username": "Ana.Lopez_2"}),
        ("POST", "/orgs", {"slug": "youth-outcomes-network", "name": "Youth"}),
        ("POST", "/orgs/alpha/graphs", {"slug": "toc-2", "title": "A ToC"}),
        ("POST", "/graphs/alpha/toc/branches", {"name": "v1.2_draft-b"}),
        ("POST", "/graphs/alpha/toc/forks", {"org": "beta", "slug": "toc-fork"}),
        ("PATCH", "/graphs/alpha/toc", {"default_branch": "main"}),
    ],
    ids=["user", "org", "graph", "branch", "fork", "default branch"],
)
def test_the_same_endpoints_accept_good_names(api, owner, method, path, body):
    r = api.call(method, path, token=owner, json=body)
    assert r.status_code in (200, 201), r.get_json()


def test_the_openapi_document_shows_each_rule_as_a_pattern(api):
    from toc_editor.domain import names

    spec = api.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert spec["UserCreate"]["properties"]["username"]["pattern"] == names.USERNAME.json_pattern
    assert spec["OrgCreate"]["properties"]["slug"]["pattern"] == names.ORG_SLUG.json_pattern
    assert spec["GraphCreate"]["properties"]["slug"]["pattern"] == names.GRAPH_SLUG.json_pattern
    assert spec["BranchCreate"]["properties"]["name"]["pattern"] == names.BRANCH.json_pattern
    assert spec["ForkCreate"]["properties"]["org"]["pattern"] == names.ORG_SLUG.json_pattern


@pytest.mark.parametrize(
    ("path", "body", "name"),
    [
        ("/orgs", {"slug": "explore", "name": "Explore"}, "explore"),
        ("/orgs", {"slug": "api", "name": "API"}, "api"),
        ("/orgs/alpha/graphs", {"slug": "members", "title": "Members"}, "members"),
        ("/graphs/alpha/toc/forks", {"org": "beta", "slug": "settings"}, "settings"),
    ],
)
def test_names_the_app_uses_for_its_own_pages_are_refused(api, owner, path, body, name):
    """Organisations live at /{org} and graphs at /{org}/{graph}: /explore, /signin,
    /{org}/members... are the app's own pages."""
    r = api.post(path, body, token=owner)
    assert r.status_code == 422, r.get_json()
    field = "org" if "org" in body and body.get("slug") != name else "slug"
    assert r.get_json()["errors"]["json"][field] == [
        f"{name!r} is the address of one of the app's own pages: choose another"
    ]
    ok = {**body, field: name + "-2"} if field == "slug" else body
    assert api.post(path, ok, token=owner).status_code == 201
