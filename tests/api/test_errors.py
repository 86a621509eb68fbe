"""Bad input gets a clear JSON error with the right status, and nothing stored changes."""

from __future__ import annotations

import pytest


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


def test_malformed_json_is_400(api, owner):
    r = api.call(
        "POST", "/orgs", token=owner, data="{not json", headers={"Content-Type": "application/json"}
    )
    _json_error(r, 400)


def test_unknown_field_is_422_naming_it(api, owner):
    body = _json_error(
        api.post("/orgs", {"slug": "a", "name": "A", "colour": "red"}, token=owner), 422
    )
    assert "colour" in str(body["errors"])


def test_wrong_type_is_422(api, owner):
    body = _json_error(api.post("/orgs", {"slug": 5, "name": "A"}, token=owner), 422)
    assert "slug" in str(body["errors"])


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


def test_unknown_refs_are_404(api, owner):
    _json_error(api.get("/graphs/org/toc/tree/no-such-branch", token=owner), 404)
    _json_error(api.get("/graphs/org/toc/tree/abcdef1234567", token=owner), 404)
    _json_error(api.get("/graphs/org/nope", token=owner), 404)
    _json_error(api.get("/orgs/nope"), 404)
    _json_error(api.get("/graphs/org/toc/compare/main...nope", token=owner), 404)
    _json_error(api.get("/no/such/endpoint"), 404)


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
        "/orgs/org/graphs", {"slug": "new", "title": "New", "document": small_doc}, token=owner
    )
    body = _json_error(r, 422)
    assert "document/edges/3/target" in body["message"]
    assert api.get("/graphs/org/new", token=owner).status_code == 404


def test_nul_characters_are_refused_anywhere_with_a_400(api, owner):
    r = api.post("/orgs", {"slug": "ok", "name": "Bad\x00name"}, token=owner)
    body = _json_error(r, 400)
    assert body["errors"] == {"json": {"name": ["may not contain NUL (\\u0000) characters"]}}
    _json_error(api.get("/orgs/x%00y"), 400)
    _json_error(api.get("/graphs/org/toc/commits?ref=ma%00in", token=owner), 400)
    r = api.commit(
        owner, "org", "toc", [{"op": "update_node", "id": "oc", "set": {"label": "a\x00b"}}]
    )
    assert _json_error(r, 400)["message"].startswith("ops/0/set/label:")


@pytest.mark.parametrize(("count", "status"), [(1000, 201), (1001, 422), (50_000, 422)])
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
