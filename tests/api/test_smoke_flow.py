"""The basic life of a graph through the HTTP API: create, commit, read, log, compare."""

from __future__ import annotations


def test_create_commit_read_compare(api, small_doc):
    token = api.user("amira")
    api.org(token, "brightpath")
    created = api.graph(token, "brightpath", "youth-toc", small_doc)
    assert created["default_branch"] == "main"
    first = api.head("brightpath", "youth-toc", token)

    r = api.commit(
        token,
        "brightpath",
        "youth-toc",
        [{"op": "update_node", "id": "oc", "set": {"label": "Confidence in work"}}],
    )
    assert r.status_code == 201, r.get_json()
    second = r.get_json()["id"]
    assert r.get_json()["parents"] == [first]
    assert r.get_json()["stats"]["nodes_changed"] == 1

    tree = api.get("/graphs/brightpath/youth-toc/tree/main", token=token)
    assert tree.status_code == 200 and tree.headers["ETag"] == f'"{second}"'
    labels = {n["id"]: n["label"] for n in tree.get_json()["nodes"]}
    assert labels["oc"] == "Confidence in work"

    again = api.get(
        "/graphs/brightpath/youth-toc/tree/main",
        token=token,
        headers={"If-None-Match": f'"{second}"'},
    )
    assert again.status_code == 304

    old = api.get(f"/graphs/brightpath/youth-toc/tree/{first}", token=token).get_json()
    assert {n["id"]: n["label"] for n in old["nodes"]}["oc"] == "Confidence at work"

    log = api.get("/graphs/brightpath/youth-toc/commits", token=token).get_json()
    assert [c["id"] for c in log] == [second, first]

    cmp = api.get(f"/graphs/brightpath/youth-toc/compare/{first}...main", token=token).get_json()
    assert cmp["nodes"]["changed"] == [
        {
            "id": "oc",
            "fields": {"label": {"before": "Confidence at work", "after": "Confidence in work"}},
        }
    ]


def test_restore_an_old_version_as_a_new_commit(api, small_doc):
    token = api.user("amira")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    first = api.head("org", "toc", token)
    api.commit(token, "org", "toc", [{"op": "remove_node", "id": "oc"}])
    r = api.post("/graphs/org/toc/branches/main/restore", {"commit": first}, token=token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["message"] == f"Restore version {first[:10]}"
    tree = api.get("/graphs/org/toc/tree/main", token=token).get_json()
    assert {n["id"] for n in tree["nodes"]} == {"act", "out", "oc", "imp"}
    assert len(api.get("/graphs/org/toc/commits", token=token).get_json()) == 3
    again = api.post("/graphs/org/toc/branches/main/restore", {"commit": first}, token=token)
    assert again.status_code == 422 and "nothing to commit" in again.get_json()["message"]
