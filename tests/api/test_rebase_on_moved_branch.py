"""A writer whose base is behind the branch head: rebased per entity and field, or 409."""

from __future__ import annotations

import pytest


@pytest.fixture
def setup(api, small_doc):
    token = api.user("amira")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    base = api.head("org", "toc", token)
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"label": "Confidence (theirs)"}}],
        base=base,
    )
    assert r.status_code == 201
    return token, base, r.get_json()["id"]


def test_other_field_of_same_node_is_rebased(api, setup):
    token, base, theirs = setup
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"description": "Mine"}}],
        base=base,
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["parents"] == [theirs]
    node = {
        n["id"]: n for n in api.get("/graphs/org/toc/tree/main", token=token).get_json()["nodes"]
    }["oc"]
    assert (node["label"], node["description"]) == ("Confidence (theirs)", "Mine")


def test_same_field_changed_differently_is_409_naming_entity_and_field(api, setup):
    token, base, theirs = setup
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"label": "Confidence (mine)"}}],
        base=base,
    )
    assert r.status_code == 409
    body = r.get_json()
    assert body["code"] == 409 and body["head"] == theirs
    [conflict] = body["conflicts"]
    assert (conflict["kind"], conflict["entity"], conflict["entity_id"], conflict["field"]) == (
        "both_changed",
        "node",
        "oc",
        "label",
    )
    assert (conflict["ours"], conflict["theirs"]) == ("Confidence (mine)", "Confidence (theirs)")
    assert api.head("org", "toc", token) == theirs


def test_removing_a_node_the_other_side_changed_is_409(api, setup):
    token, base, _ = setup
    r = api.commit(token, "org", "toc", [{"op": "remove_node", "id": "oc"}], base=base)
    assert r.status_code == 409
    assert {c["kind"] for c in r.get_json()["conflicts"]} == {"delete_modify"}


def test_edge_to_a_node_removed_meanwhile_is_409(api, setup):
    token, base, _ = setup
    r = api.commit(token, "org", "toc", [{"op": "remove_node", "id": "imp"}])
    assert r.status_code == 201
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "add_edge", "edge": {"id": "late", "source": "act", "target": "imp"}}],
        base=base,
    )
    assert r.status_code == 409
    assert "dangling_edge" in {c["kind"] for c in r.get_json()["conflicts"]}


def test_same_change_on_both_sides_is_no_conflict(api, setup):
    token, base, theirs = setup
    r = api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"label": "Confidence (theirs)"}}],
        base=base,
    )
    assert r.status_code == 201
    assert r.get_json()["id"] == theirs
