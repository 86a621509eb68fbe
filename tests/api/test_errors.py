"""Bad input gets a clear JSON error with the right status, and nothing stored changes."""

from __future__ import annotations

import pytest

NUL = "may not contain NUL (\\u0000) characters"


@pytest.fixture
def owner(api, small_doc):
    token = api.user("owner")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    return token


def _json_error(r, status):
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    body = r.get_json()
    assert body["code"] == status and body["message"]
    return body


@pytest.mark.parametrize(
    ("body", "status", "named"),
    [
        pytest.param("{not json", 400, "json", id="malformed-json-is-400"),
        pytest.param(
            {"slug": "a", "name": "A", "colour": "red"}, 422, "colour", id="unknown-field-is-422"
        ),
        pytest.param({"slug": 5, "name": "A"}, 422, "slug", id="wrong-type-is-422"),
    ],
)
def test_a_bad_body_is_refused_naming_what_is_wrong(api, owner, body, status, named):
    if isinstance(body, str):
        r = api.call(
            "POST", "/orgs", token=owner, data=body, headers={"Content-Type": "application/json"}
        )
    else:
        r = api.post("/orgs", body, token=owner)
    assert named in str(_json_error(r, status)["errors"])
    assert api.get("/user", token=owner).get_json()["orgs"] == [
        {"slug": "org", "name": "Org", "role": "owner"}
    ]


def test_invalid_op_names_index_and_field_and_stores_nothing(api, owner):
    head = api.head("org", "toc", owner)
    r = api.commit(
        owner,
        "org",
        "toc",
        [
            {"op": "update_node", "id": "oc", "set": {"label": "fine"}},
            {"op": "update_node", "id": "act", "set": {"label": "x" * 301}},
        ],
    )
    body = _json_error(r, 422)
    assert "ops/1/set/label" in body["message"]
    assert body["errors"] == {"json": {"ops/1/set/label": [body["message"].split(": ", 1)[1]]}}
    assert api.head("org", "toc", owner) == head


def test_unknown_node_in_op_is_422(api, owner):
    body = _json_error(api.commit(owner, "org", "toc", [{"op": "remove_node", "id": "ghost"}]), 422)
    assert "ops/0/id" in body["message"]


@pytest.mark.parametrize(
    ("path", "signed_in", "named"),
    [
        pytest.param("/graphs/org/toc/tree/no-such-branch", True, "'no-such-branch'", id="branch"),
        pytest.param("/graphs/org/toc/tree/abcdef1234567", True, "'abcdef1234567'", id="commit"),
        pytest.param("/graphs/org/nope", True, "org/nope", id="graph"),
        pytest.param("/orgs/nope", False, "'nope'", id="org"),
        pytest.param("/graphs/org/toc/compare/main...nope", True, "'nope'", id="compare-head"),
        pytest.param("/no/such/endpoint", False, "not found", id="endpoint"),
    ],
)
def test_unknown_refs_are_404(api, owner, path, signed_in, named):
    body = _json_error(api.get(path, token=owner if signed_in else None), 404)
    assert named in body["message"]


def test_unknown_base_is_422(api, owner):
    body = _json_error(
        api.commit(
            owner, "org", "toc", [{"op": "remove_node", "id": "oc"}], base="0123456789abcdef"
        ),
        422,
    )
    assert body["message"].startswith("base:")


def test_body_over_the_limit_is_413(app, api, owner):
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    big = [{"op": "add_node", "node": {"kind": "output", "label": "x" * 200}}] * 100
    r = api.commit(owner, "org", "toc", big)
    _json_error(r, 413)


def test_duplicate_slug_is_409(api, owner, small_doc):
    r = api.post("/orgs/org/graphs", {"slug": "toc", "title": "Again"}, token=owner)
    _json_error(r, 409)


def test_invalid_document_is_422_with_path(api, owner, small_doc):
    small_doc["edges"].append({"id": "bad", "source": "act", "target": "ghost"})
    r = api.post(
        "/orgs/org/graphs", {"slug": "fresh", "title": "New", "document": small_doc}, token=owner
    )
    body = _json_error(r, 422)
    assert "document/edges/3/target" in body["message"]
    assert api.get("/graphs/org/fresh", token=owner).status_code == 404


@pytest.mark.parametrize(
    ("send", "location", "field"),
    [
        pytest.param(
            lambda api, t: api.post("/orgs", {"slug": "ok", "name": "Bad\x00name"}, token=t),
            "json",
            "name",
            id="in-a-body-field",
        ),
        pytest.param(lambda api, t: api.get("/orgs/x%00y"), "path", None, id="in-a-path"),
        pytest.param(
            lambda api, t: api.get("/graphs/org/toc/commits?ref=ma%00in", token=t),
            "query",
            "ref/0",
            id="in-a-query",
        ),
        pytest.param(
            lambda api, t: api.commit(
                t, "org", "toc", [{"op": "update_node", "id": "oc", "set": {"label": "a\x00b"}}]
            ),
            "json",
            "ops/0/set/label",
            id="in-an-op",
        ),
    ],
)
def test_nul_characters_are_refused_anywhere_with_a_400(api, owner, send, location, field):
    head = api.head("org", "toc", owner)
    body = _json_error(send(api, owner), 400)
    assert body["message"].endswith(f": {NUL}")
    assert list(body["errors"]) == [location]
    if field is not None:
        assert body["errors"] == {location: {field: [NUL]}}
        assert body["message"] == f"{field}: {NUL}"
    assert api.head("org", "toc", owner) == head
    assert [o["slug"] for o in api.get("/user", token=owner).get_json()["orgs"]] == ["org"]


@pytest.mark.parametrize(
    ("count", "status"),
    [
        pytest.param(1000, 201, id="1000-ops-land"),
        pytest.param(1001, 422, id="1001-ops-refused"),
        pytest.param(50_000, 422, id="50000-ops-refused"),
    ],
)
def test_a_request_carries_at_most_the_op_limit(api, owner, count, status):
    ops = [
        {"op": "add_node", "node": {"id": f"n{i}", "kind": "activity", "label": f"A{i}"}}
        for i in range(count)
    ]
    before = api.head("org", "toc", owner)
    r = api.commit(owner, "org", "toc", ops)
    assert r.status_code == status, r.get_data(as_text=True)[:300]
    if status == 422:
        assert "at most 1,000 ops" in r.get_json()["errors"]["json"]["ops"][0]
        assert api.head("org", "toc", owner) == before
