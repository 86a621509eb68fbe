"""A consortium's life through the HTTP API (issue 3 acceptance).

A network keeps a shared ToC; three members fork it; two change the same outcome
differently; proposals, votes and comments; the maintainer resolves the conflict and
merges; the other forks pull upstream; members link outcomes; the sector map shows
contributors and gaps.
"""

from __future__ import annotations

SHARED = {
    "nodes": [
        {"id": "act", "kind": "activity", "label": "Members deliver youth provision"},
        {
            "id": "conf",
            "kind": "outcome",
            "horizon": "short",
            "label": "Young people feel confident",
            "indicators": [{"id": "i1", "name": "Self-efficacy score"}],
        },
        {
            "id": "skills",
            "kind": "outcome",
            "horizon": "medium",
            "label": "Young people gain skills for work",
            "indicators": [{"id": "i2", "name": "Skills assessed"}],
        },
        {
            "id": "wellbeing",
            "kind": "outcome",
            "horizon": "medium",
            "label": "Young people report better wellbeing",
            "indicators": [{"id": "i3", "name": "WEMWBS score"}],
        },
        {"id": "work", "kind": "impact", "label": "Young people are in good work"},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "conf"},
        {"id": "e2", "source": "conf", "target": "skills"},
        {"id": "e3", "source": "skills", "target": "work"},
        {"id": "e4", "source": "conf", "target": "wellbeing"},
        {"id": "e5", "source": "wellbeing", "target": "work"},
    ],
}


def relabel(api, token, org, graph, node, label):
    r = api.commit(token, org, graph, [{"op": "update_node", "id": node, "set": {"label": label}}])
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def labels(api, token, org, graph, ref="main"):
    tree = api.get(f"/graphs/{org}/{graph}/tree/{ref}", token=token).get_json()
    return {n["id"]: n["label"] for n in tree["nodes"]}


def test_consortium_round_trip(api):
    maintainer = api.user("maintainer")
    api.org(maintainer, "network")
    api.graph(maintainer, "network", "shared", SHARED, visibility="public")

    members = {}
    for name in ("alpha", "beta", "gamma"):
        members[name] = api.user(f"{name}-pm")
        api.org(members[name], name)
        r = api.post("/graphs/network/shared/forks", {"org": name}, token=members[name])
        assert r.status_code == 201, r.get_json()
        assert r.get_json()["upstream"] == "network/shared"
        assert api.head(name, "shared", members[name]) == api.head("network", "shared")

    # Two members change the same outcome differently.
    relabel(
        api, members["alpha"], "alpha", "shared", "conf", "Young people feel confident and hopeful"
    )
    relabel(api, members["beta"], "beta", "shared", "conf", "Young people believe in themselves")
    relabel(
        api, members["beta"], "beta", "shared", "skills", "Young people gain skills employers value"
    )

    # Beta proposes first; it lands cleanly (fast-forward of upstream).
    r = api.post(
        "/graphs/network/shared/proposals",
        {
            "source": "beta/shared:main",
            "title": "Sharper wording",
            "description": "From our pilots",
        },
        token=members["beta"],
    )
    assert r.status_code == 201, r.get_json()
    beta_pr = r.get_json()
    assert beta_pr["status"] == "open" and beta_pr["preview"]["conflicts"] == []
    r = api.post(
        f"/graphs/network/shared/proposals/{beta_pr['number']}/merge", {}, token=maintainer
    )
    assert r.status_code == 201 and r.get_json()["result"] == "fast_forward"

    # Alpha proposes; others vote and comment.
    r = api.post(
        "/graphs/network/shared/proposals",
        {
            "source": "alpha/shared:main",
            "title": "Hope matters",
            "description": "Evidence from our survey",
        },
        token=members["alpha"],
    )
    assert r.status_code == 201
    number = r.get_json()["number"]
    for voter in ("beta", "gamma"):
        assert (
            api.put(
                f"/graphs/network/shared/proposals/{number}/vote", token=members[voter]
            ).status_code
            == 200
        )
    assert (
        api.put(
            f"/graphs/network/shared/proposals/{number}/vote", token=members["gamma"]
        ).get_json()["votes"]
        == 2
    )
    r = api.post(
        f"/graphs/network/shared/proposals/{number}/comments",
        {"body": "We see the same in Leeds."},
        token=members["gamma"],
    )
    assert r.status_code == 201

    # The maintainer previews and sees the conflict on the outcome's label.
    proposal = api.get(f"/graphs/network/shared/proposals/{number}", token=maintainer).get_json()
    assert proposal["votes"] == 2 and proposal["comments"][0]["author"] == "gamma-pm"
    [conflict] = proposal["preview"]["conflicts"]
    assert (conflict["kind"], conflict["entity_id"], conflict["field"]) == (
        "both_changed",
        "conf",
        "label",
    )
    assert conflict["ours"] == "Young people believe in themselves"
    assert conflict["theirs"] == "Young people feel confident and hopeful"
    r = api.post(f"/graphs/network/shared/proposals/{number}/merge", {}, token=maintainer)
    assert r.status_code == 409 and r.get_json()["conflicts"][0]["id"] == conflict["id"]
    # A member of another organisation cannot merge into the shared ToC.
    r = api.post(f"/graphs/network/shared/proposals/{number}/merge", {}, token=members["gamma"])
    assert r.status_code == 403

    merged_label = "Young people feel confident, hopeful and believe in themselves"
    r = api.post(
        f"/graphs/network/shared/proposals/{number}/merge",
        {"resolutions": [{"conflict": conflict["id"], "take": "value", "value": merged_label}]},
        token=maintainer,
    )
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["result"] == "merged" and len(r.get_json()["commit"]["parents"]) == 2
    shared_labels = labels(api, maintainer, "network", "shared")
    assert shared_labels["conf"] == merged_label
    assert shared_labels["skills"] == "Young people gain skills employers value"
    assert api.get(f"/graphs/network/shared/proposals/{number}").get_json()["status"] == "merged"

    # The other forks pull upstream.
    r = api.post("/graphs/gamma/shared/merges", {"source": "upstream"}, token=members["gamma"])
    assert r.status_code == 201 and r.get_json()["result"] == "fast_forward"
    assert labels(api, members["gamma"], "gamma", "shared")["conf"] == merged_label
    r = api.post("/graphs/beta/shared/merges", {"source": "upstream"}, token=members["beta"])
    assert r.status_code == 201, r.get_json()
    assert labels(api, members["beta"], "beta", "shared")["conf"] == merged_label
    # Pulling again is a no-op.
    r = api.post("/graphs/beta/shared/merges", {"source": "upstream"}, token=members["beta"])
    assert r.get_json()["result"] == "up_to_date"

    # Members link their own outcomes into the shared ToC.
    for name, target in (("alpha", "conf"), ("beta", "conf"), ("gamma", "skills")):
        api.graph(
            members[name],
            name,
            "programme",
            {
                "nodes": [
                    {
                        "id": "mine",
                        "kind": "outcome",
                        "label": f"{name} participants grow in confidence",
                        "indicators": [{"id": "x", "name": "Confidence survey"}],
                        "links": [
                            {"target": f"network/shared#{target}", "relation": "contributes_to"}
                        ],
                    }
                ],
                "edges": [],
            },
            visibility="public",
        )
    # A private member graph counts but is never named.
    api.graph(
        members["gamma"],
        "gamma",
        "secret-pilot",
        {
            "nodes": [
                {
                    "id": "p",
                    "kind": "outcome",
                    "label": "Pilot outcome",
                    "links": [{"target": "network/shared#conf", "relation": "same_as"}],
                }
            ],
            "edges": [],
        },
    )
    # A link to a node that does not exist is refused.
    r = api.commit(
        members["alpha"],
        "alpha",
        "programme",
        [
            {
                "op": "update_node",
                "id": "mine",
                "set": {"links": [{"target": "network/shared#nope", "relation": "same_as"}]},
            }
        ],
    )
    assert r.status_code == 422 and "links" in r.get_json()["message"]

    sector = api.get("/graphs/network/shared/sector", token=maintainer).get_json()
    by_id = {n["id"]: n for n in sector["nodes"]}
    assert by_id["conf"]["count"] == 3 and by_id["conf"]["private_count"] == 1
    assert sorted(c["org"] for c in by_id["conf"]["contributors"]) == ["alpha", "beta"]
    assert [c["org"] for c in by_id["skills"]["contributors"]] == ["gamma"]
    assert sorted(sector["gaps"]) == ["wellbeing", "work"]
    assert {g["org"] for g in sector["graphs"]} == {"alpha", "beta", "gamma"}
    assert sector["private_graphs"] == 1
    assert "secret-pilot" not in str(sector)
    # The owner of the private graph sees it named.
    mine = api.get("/graphs/network/shared/sector", token=members["gamma"]).get_json()
    assert mine["private_graphs"] == 0
    assert "secret-pilot" in str(mine)

    suggestions = api.get(
        "/graphs/alpha/programme/links/suggestions?target=network/shared", token=members["alpha"]
    ).get_json()
    assert all(s["target_node"] != "conf" for s in suggestions)  # already linked
    picture = api.get("/graphs/network/shared/sector/render.svg", token=maintainer)
    assert picture.status_code == 200 and b"<svg" in picture.data


def test_sector_diagram_counts_private_contributions_without_naming_them(api):
    owner = api.user("net-owner")
    api.org(owner, "net")
    api.graph(
        owner,
        "net",
        "shared",
        {
            "nodes": [
                {
                    "id": "x",
                    "kind": "outcome",
                    "label": "Shared outcome",
                    "indicators": [{"name": "n"}],
                }
            ],
            "edges": [],
        },
        visibility="public",
    )
    member = api.user("member")
    api.org(member, "member")
    api.graph(
        member,
        "member",
        "hidden-pilot",
        {
            "nodes": [
                {
                    "id": "p",
                    "kind": "outcome",
                    "label": "Secret pilot outcome",
                    "links": [{"target": "net/shared#x"}],
                }
            ],
            "edges": [],
        },
        visibility="private",
    )
    data = api.get("/graphs/net/shared/sector").get_json()
    assert data["gaps"] == [] and data["nodes"][0]["private_count"] == 1
    svg = api.get("/graphs/net/shared/sector/render.svg").data.decode()
    assert "no contributors yet" not in svg
    assert "Private members" in svg
    for secret in ("hidden-pilot", "Secret pilot", ">member<", "member/"):
        assert secret not in svg
