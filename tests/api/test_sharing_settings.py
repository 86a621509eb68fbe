"""A graph's shared-measurement settings (issue 14), on SQLite and PostgreSQL:
``share_results`` (whether its results on shared indicators flow to the frameworks it
reports to) and ``aggregate_k`` (a framework's k), changed by owners through
``PATCH /graphs/{org}/{graph}``, with ``share_results`` shown to members only."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api

BASE = "/graphs/acme/toc"


@pytest.fixture
def tokens(api: Api) -> dict[str, str]:
    """``acme/toc`` (public): ``owner``, ``editor``, ``viewer``; ``stranger`` signed in."""
    made = {name: api.user(name) for name in ("owner", "editor", "viewer", "stranger")}
    api.org(made["owner"], "acme")
    for name in ("editor", "viewer"):
        r = api.put(f"/orgs/acme/members/{name}", {"role": name}, token=made["owner"])
        assert r.status_code in (200, 201), r.get_json()
    api.graph(made["owner"], "acme", "toc", visibility="public")
    return made


CHANGES = [
    # who, change -> status
    ("owner", {"share_results": "members"}, 200),
    ("owner", {"share_results": "maintainers"}, 200),
    ("owner", {"share_results": "none"}, 200),
    ("owner", {"aggregate_k": 1}, 200),
    ("owner", {"aggregate_k": 100}, 200),
    ("owner", {"share_results": "everyone"}, 422),
    ("owner", {"share_results": None}, 422),
    ("owner", {"aggregate_k": 0}, 422),
    ("owner", {"aggregate_k": 101}, 422),
    ("owner", {"aggregate_k": "5"}, 422),
    ("owner", {"aggregate_k": 2.5}, 422),
    ("editor", {"share_results": "members"}, 403),
    ("editor", {"aggregate_k": 2}, 403),
    ("editor", {"share_results": "none", "title": "Same consent, new title"}, 200),
    ("viewer", {"share_results": "members"}, 403),
    ("stranger", {"share_results": "members"}, 403),
    (None, {"share_results": "members"}, 401),
]


@pytest.mark.parametrize(("who", "change", "status"), CHANGES)
def test_who_changes_the_sharing_settings(
    api: Api, tokens: dict[str, str], who: str | None, change: dict[str, Any], status: int
) -> None:
    r = api.patch(BASE, change, token=tokens[who] if who else None)
    assert r.status_code == status, r.get_json()
    after = api.get(BASE, token=tokens["owner"]).get_json()
    for key, value in change.items():
        if key in ("share_results", "aggregate_k"):
            default = {"share_results": "none", "aggregate_k": 5}[key]
            assert after[key] == (value if status == 200 else default)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("owner", True), ("editor", True), ("viewer", True), ("stranger", False), (None, False)],
)
def test_only_members_see_where_the_results_flow(
    api: Api, tokens: dict[str, str], who: str | None, sees: bool
) -> None:
    assert api.patch(BASE, {"share_results": "members"}, token=tokens["owner"]).status_code == 200
    body = api.get(BASE, token=tokens[who] if who else None).get_json()
    assert body["share_results"] == ("members" if sees else None)
    assert body["aggregate_k"] == 5


def test_the_settings_are_in_the_openapi_document(api: Api) -> None:
    spec = api.get("/openapi.json").get_json()["components"]["schemas"]
    assert spec["GraphPatch"]["properties"]["share_results"]["enum"] == [
        "none",
        "maintainers",
        "members",
    ]
    assert spec["GraphPatch"]["properties"]["aggregate_k"]["maximum"] == 100
    assert "share_results" in spec["Graph"]["properties"]
