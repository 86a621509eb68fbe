"""Branches and merges inside one graph: preview, fast-forward, merge commit, resolutions."""

from __future__ import annotations


def _setup(api, small_doc):
    token = api.user("owner")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    r = api.post("/graphs/org/toc/branches", {"name": "draft", "from": "main"}, token=token)
    assert r.status_code == 201
    return token


def test_fast_forward_then_merge_commit_then_up_to_date(api, small_doc):
    token = _setup(api, small_doc)
    api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"description": "d"}}],
        branch="draft",
    )
    preview = api.get("/graphs/org/toc/merges/preview?source=draft&target=main", token=token)
    assert preview.get_json()["result"] == "fast_forward"
    r = api.post("/graphs/org/toc/merges", {"source": "draft", "target": "main"}, token=token)
    assert r.status_code == 201 and r.get_json()["fast_forward"] is True
    assert api.head("org", "toc", token) == api.head("org", "toc", token, branch="draft")

    api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "act", "set": {"label": "A2"}}],
        branch="draft",
    )
    api.commit(token, "org", "toc", [{"op": "update_node", "id": "imp", "set": {"label": "I2"}}])
    r = api.post("/graphs/org/toc/merges", {"source": "draft"}, token=token)
    assert r.status_code == 201 and r.get_json()["result"] == "merged"
    assert len(r.get_json()["commit"]["parents"]) == 2
    labels = {
        n["id"]: n["label"]
        for n in api.get("/graphs/org/toc/tree/main", token=token).get_json()["nodes"]
    }
    assert (labels["act"], labels["imp"]) == ("A2", "I2")
    r = api.post("/graphs/org/toc/merges", {"source": "draft"}, token=token)
    assert r.get_json()["result"] == "up_to_date"


def test_conflict_answered_with_ours_lands(api, small_doc):
    token = _setup(api, small_doc)
    api.commit(
        token,
        "org",
        "toc",
        [{"op": "update_node", "id": "oc", "set": {"label": "Draft"}}],
        branch="draft",
    )
    api.commit(token, "org", "toc", [{"op": "update_node", "id": "oc", "set": {"label": "Main"}}])
    r = api.post("/graphs/org/toc/merges", {"source": "draft"}, token=token)
    assert r.status_code == 409
    conflict = r.get_json()["conflicts"][0]
    assert (conflict["ours"], conflict["theirs"]) == ("Main", "Draft")
    r = api.post(
        "/graphs/org/toc/merges",
        {"source": "draft", "resolutions": [{"conflict": conflict["id"], "take": "theirs"}]},
        token=token,
    )
    assert r.status_code == 201
    tree = api.get("/graphs/org/toc/tree/main", token=token).get_json()
    assert {n["id"]: n["label"] for n in tree["nodes"]}["oc"] == "Draft"


def test_merging_from_an_unrelated_graph_is_refused(api, small_doc):
    token = _setup(api, small_doc)
    api.graph(token, "org", "other", small_doc)
    r = api.post("/graphs/org/toc/merges", {"source": "org/other:main"}, token=token)
    assert r.status_code == 422 and "share history" in r.get_json()["message"]
    r = api.post("/graphs/org/toc/merges", {"source": "upstream"}, token=token)
    assert r.status_code == 422


def test_default_branch_cannot_be_deleted(api, small_doc):
    token = _setup(api, small_doc)
    assert api.delete("/graphs/org/toc/branches/main", token=token).status_code == 409
    assert api.delete("/graphs/org/toc/branches/draft", token=token).status_code == 204
