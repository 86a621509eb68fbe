"""Portfolios through the API (issue 14), on SQLite and PostgreSQL: the invitation's life
and who may take each step, the listing's figures from real ToCs, results and links,
sorting and filtering, the CSV export and import, and what stays private.

The whole table of steps and roles is tests/services/test_portfolio_table.py; here each
kind of answer is checked once through HTTP, with the API's JSON error body.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest

from tests.conftest import Api
from toc_editor.services.portfolio_listing import last_periods

SECRET = "Secret pathway box"  # a box of a private member ToC: never shown to the portfolio
SECRET_NOTE = "confidential count from the clinic"  # a result's note, same
DUE = last_periods(datetime.now(UTC).date())  # the periods completeness is judged on


def toc(
    prefix: str,
    indicators: list[tuple[str, str]] = (),  # type: ignore[assignment]
    links: list[str] = (),  # type: ignore[assignment]
    impact: bool = True,
    label: str = "Young people feel confident",
) -> dict[str, Any]:
    """activity -> outcome (with ``indicators`` (id, frequency) and ``links``) -> impact."""
    outcome: dict[str, Any] = {"id": "oc", "kind": "outcome", "label": label}
    outcome["indicators"] = [
        {"id": iid, "name": f"{prefix} {iid}", "frequency": f, "target": 10}
        for iid, f in indicators
    ]
    if links:
        outcome["links"] = [{"target": t, "relation": "contributes_to"} for t in links]
    nodes = [{"id": "act", "kind": "activity", "label": f"{prefix} sessions"}, outcome]
    edges = [{"id": "e1", "source": "act", "target": "oc"}]
    if impact:
        nodes.append({"id": "imp", "kind": "impact", "label": "Fewer young people out of work"})
        edges.append({"id": "e2", "source": "oc", "target": "imp"})
    return {"nodes": nodes, "edges": edges}


@dataclass
class World:
    api: Api
    tokens: dict[str, str | None]

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        return self.api.call(method, path, token=self.tokens[who], **kw)

    def get(self, who: str, path: str) -> Any:
        return self.call(who, "GET", path)

    def post(self, who: str, path: str, body: Any = None) -> Any:
        return self.call(who, "POST", path, json=body)


def _ok(r: Any, status: int = 200) -> Any:
    assert r.status_code == status, r.get_json(silent=True) or r.data
    return r.get_json(silent=True)


def _error(r: Any, status: int) -> dict[str, Any]:
    """The API's JSON error body, with its status."""
    body = r.get_json()
    assert r.status_code == status, body
    assert body["code"] == status and body["message"], body
    return body  # type: ignore[no-any-return]


PEOPLE = {
    "owner": ("hub", "owner"),
    "editor": ("hub", "editor"),
    "viewer": ("hub", "viewer"),
    "m-owner": ("charity", "owner"),
    "m-editor": ("charity", "editor"),
    "m-viewer": ("charity", "viewer"),
    "outsider": (None, None),
}


def make_world(api: Api) -> World:
    """``hub`` (the portfolio) with a public shared framework ``frame``; ``charity`` and
    ``other`` (owned by ``o-owner``) are organisations to invite."""
    tokens: dict[str, str | None] = {"anonymous": None}
    for name in (*PEOPLE, "o-owner"):
        tokens[name] = api.user(f"p-{name}")
    world = World(api, tokens)
    api.org(tokens["owner"], "hub")  # type: ignore[arg-type]
    api.org(tokens["m-owner"], "charity")  # type: ignore[arg-type]
    api.org(tokens["o-owner"], "other")  # type: ignore[arg-type]
    for name, (org, role) in PEOPLE.items():
        if org and role != "owner":
            owner = "owner" if org == "hub" else "m-owner"
            _ok(world.call(owner, "PUT", f"/orgs/{org}/members/p-{name}", json={"role": role}))
    frame = toc("Frame", label="Young people are in good work")
    api.graph(tokens["owner"], "hub", "frame", frame, visibility="public")  # type: ignore[arg-type]
    return world


@pytest.fixture
def world(api: Api) -> World:
    return make_world(api)


def _join(world: World, member: str = "charity", owner: str = "m-owner") -> None:
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": member}), 201)
    _ok(world.post(owner, f"/orgs/{member}/portfolios/hub/accept"))


def _member(listing: dict[str, Any], org: str) -> dict[str, Any]:
    return next(m for m in listing["members"] if m["org"] == org)


# -- the invitation's life --------------------------------------------------------------


def test_invite_accept_leave_and_invite_again(world: World) -> None:
    made = _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "charity", "note": "Hi"}), 201)
    assert made["org"] == "charity" and made["status"] == "invited"
    assert (made["invited_by"], made["note"], made["answered_at"]) == ("p-owner", "Hi", None)

    for who in ("m-owner", "m-editor", "m-viewer"):
        seen = _ok(world.get(who, "/orgs/charity/portfolios?status=invited"))
        assert [(e["org"], e["name"], e["note"]) for e in seen] == [("hub", "Hub", "Hi")]
    _error(world.get("outsider", "/orgs/charity/portfolios"), 403)
    _error(world.get("anonymous", "/orgs/charity/portfolios"), 401)

    _error(world.post("m-editor", "/orgs/charity/portfolios/hub/accept"), 403)
    accepted = _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/accept"))
    assert accepted["status"] == "active" and accepted["answered_at"]
    assert _error(world.post("m-owner", "/orgs/charity/portfolios/hub/accept"), 409)
    listing = _ok(world.get("viewer", "/orgs/hub/portfolio"))
    assert [(m["org"], m["status"]) for m in listing["members"]] == [("charity", "active")]

    _error(world.post("m-editor", "/orgs/charity/portfolios/hub/leave"), 403)
    left = _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/leave"))
    assert left["status"] == "left"
    _error(world.post("m-owner", "/orgs/charity/portfolios/hub/leave"), 409)
    again = _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 201)
    assert again["status"] == "invited"
    declined = _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/decline"))
    assert declined["status"] == "declined"
    assert _ok(world.get("m-viewer", "/orgs/charity/portfolios"))[0]["status"] == "declined"


@pytest.mark.parametrize(
    ("who", "status"),
    [("editor", 403), ("viewer", 403), ("m-owner", 403), ("outsider", 403), ("anonymous", 401)],
)
def test_only_the_portfolios_owners_invite_and_remove(world: World, who: str, status: int) -> None:
    _error(world.post(who, "/orgs/hub/portfolio", {"org": "charity"}), status)
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 201)
    _error(world.call(who, "DELETE", "/orgs/hub/portfolio/charity"), status)
    r = world.call("owner", "DELETE", "/orgs/hub/portfolio/charity")
    assert r.status_code == 204
    _error(world.call("owner", "DELETE", "/orgs/hub/portfolio/charity"), 404)
    assert _ok(world.get("m-owner", "/orgs/charity/portfolios")) == []


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"org": "nobody"}, 404, "no organisation 'nobody'"),
        ({"org": "hub"}, 422, "its own portfolio"),
        ({"org": "charity", "note": "x" * 501}, 422, "json/note"),
        ({"org": "API"}, 422, "json/org"),
        ({"org": "api"}, 422, "own pages"),
        ({"org": "charity", "role": "x"}, 422, "json/role"),
        ({}, 422, "json/org"),
        ([], 422, ""),
    ],
)
def test_bad_invitations_are_json_errors(world: World, body: Any, status: int, words: str) -> None:
    assert words in _error(world.post("owner", "/orgs/hub/portfolio", body), status)["message"]


def test_an_invitation_twice_is_a_409(world: World) -> None:
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 201)
    assert (
        "invited already"
        in _error(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 409)["message"]
    )
    _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/accept"))
    assert (
        "a member already"
        in _error(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 409)["message"]
    )


def test_unknown_names_in_paths_are_404s(world: World) -> None:
    _error(world.get("owner", "/orgs/nowhere/portfolio"), 404)
    _error(world.post("m-owner", "/orgs/charity/portfolios/nowhere/accept"), 404)
    _error(world.post("m-owner", "/orgs/charity/portfolios/other/accept"), 404)
    _error(world.post("m-owner", "/orgs/charity/portfolios/other/leave"), 404)
    _error(world.call("owner", "DELETE", "/orgs/hub/portfolio/nowhere"), 404)


# -- the listing ------------------------------------------------------------------------


def _arrange_figures(world: World) -> None:
    """charity joins with a private ToC (two indicators, one reported for the last ended
    period, one box linking the framework's outcome, its own box SECRET) and a public one
    (no indicator, no impact: an error, whose results are public); ``other`` is only
    invited."""
    api, tok = world.api, world.tokens
    indicators = [("reach", "quarterly"), ("share", "yearly")]
    private = toc("Clinic", indicators, ["hub/frame#oc"], label=SECRET)
    api.graph(tok["m-owner"], "charity", "clinic", private)  # type: ignore[arg-type]
    public = toc("Open", impact=False)
    api.graph(tok["m-owner"], "charity", "open", public, visibility="public")  # type: ignore[arg-type]
    _ok(world.call("m-owner", "PATCH", "/graphs/charity/open", json={"results_public": True}))
    entries = [
        {"indicator": "reach", "period": DUE["quarterly"], "value": 4, "note": SECRET_NOTE},
        {"indicator": "share", "period": str(int(DUE["yearly"]) - 1), "value": 4242},
    ]
    _ok(world.post("m-editor", "/graphs/charity/clinic/results", {"results": entries}), 201)
    _join(world)
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "other"}), 201)


def test_the_stewards_see_each_members_figures(world: World) -> None:
    _arrange_figures(world)
    for who in ("owner", "editor"):
        listing = _ok(world.get(who, "/orgs/hub/portfolio"))
        assert (listing["steward"], listing["total"], listing["periods"]) == (True, 2, DUE)
        charity = _member(listing, "charity")
        clinic, open_ = charity["tocs"]
        assert (clinic["slug"], clinic["visibility"], clinic["readable"]) == (
            "clinic",
            "private",
            False,
        )
        assert clinic["findings"] == {"error": 0, "warning": 0, "info": 0}
        assert (clinic["indicators"], clinic["reported"], clinic["completeness"]) == (2, 1, 50.0)
        assert clinic["versions"] == 1 and clinic["last_result_at"] and clinic["updated_at"]
        assert (open_["slug"], open_["readable"]) == ("open", True)
        assert open_["findings"] == {"error": 1, "warning": 1, "info": 0}  # no impact, no indicator
        assert (open_["indicators"], open_["completeness"]) == (0, None)
        assert charity["findings"] == {"error": 1, "warning": 1, "info": 0}
        assert (charity["indicators"], charity["reported"], charity["completeness"]) == (
            2,
            1,
            50.0,
        )
        assert charity["shared_outcomes"] == [
            {
                "org": "hub",
                "graph": "frame",
                "node": "oc",
                "label": "Young people are in good work",
                "links": 1,
            }
        ]
        assert charity["last_activity"] == max(clinic["last_result_at"], open_["updated_at"])
        assert charity["private_tocs"] == 0
        invited = _member(listing, "other")
        assert invited["status"] == "invited" and invited["tocs"] == []
        assert invited["completeness"] is None and invited["last_activity"] is None


def test_the_portfolios_viewers_see_only_what_they_may_read(world: World) -> None:
    _arrange_figures(world)
    listing = _ok(world.get("viewer", "/orgs/hub/portfolio"))
    assert listing["steward"] is False
    charity = _member(listing, "charity")
    assert [t["slug"] for t in charity["tocs"]] == ["open"]
    assert charity["private_tocs"] == 1
    assert charity["tocs"][0]["completeness"] is None  # no indicators, results public
    assert charity["shared_outcomes"] == []  # the link is on the private ToC
    text = json.dumps(listing)
    assert "clinic" not in text and "Clinic" not in text


def test_a_public_tocs_results_need_opting_in_for_the_portfolios_viewers(world: World) -> None:
    indicators = [("reach", "quarterly")]
    doc = toc("Open", indicators)
    world.api.graph(world.tokens["m-owner"], "charity", "open", doc, visibility="public")  # type: ignore[arg-type]
    entries = [{"indicator": "reach", "period": DUE["quarterly"], "value": 1}]
    _ok(world.post("m-owner", "/graphs/charity/open/results", {"results": entries}), 201)
    _join(world)
    seen = _member(_ok(world.get("viewer", "/orgs/hub/portfolio")), "charity")["tocs"][0]
    assert (seen["indicators"], seen["reported"], seen["completeness"]) == (1, None, None)
    assert seen["last_result_at"] is None
    _ok(world.call("m-owner", "PATCH", "/graphs/charity/open", json={"results_public": True}))
    seen = _member(_ok(world.get("viewer", "/orgs/hub/portfolio")), "charity")["tocs"][0]
    assert (seen["reported"], seen["completeness"]) == (1, 100.0)
    steward = _member(_ok(world.get("editor", "/orgs/hub/portfolio")), "charity")["tocs"][0]
    assert steward["completeness"] == 100.0


@pytest.mark.parametrize("who", ["owner", "editor", "viewer"])
def test_a_members_private_content_never_reaches_the_portfolio(world: World, who: str) -> None:
    _arrange_figures(world)
    for path in ("/orgs/hub/portfolio", "/orgs/hub/portfolio.csv"):
        body = world.get(who, path).get_data(as_text=True)
        for secret in (SECRET, SECRET_NOTE, "4242", "Clinic reach", "Clinic sessions"):
            assert secret not in body, f"{secret!r} leaks in {path} to the {who}"


@pytest.mark.parametrize(("who", "status"), [("outsider", 403), ("anonymous", 401)])
def test_an_outsider_sees_nothing(world: World, who: str, status: int) -> None:
    _arrange_figures(world)
    for path in ("/orgs/hub/portfolio", "/orgs/hub/portfolio.csv"):
        body = _error(world.get(who, path), status)
        assert "charity" not in json.dumps(body)
    # the member's own people are not the portfolio's
    _error(world.get("m-owner", "/orgs/hub/portfolio"), 403)


def test_after_leaving_the_portfolio_sees_no_figures(world: World) -> None:
    _arrange_figures(world)
    _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/leave"))
    charity = _member(_ok(world.get("owner", "/orgs/hub/portfolio")), "charity")
    assert charity["status"] == "left"
    assert (charity["tocs"], charity["shared_outcomes"], charity["completeness"]) == ([], [], None)
    assert "clinic" not in world.get("owner", "/orgs/hub/portfolio.csv").get_data(as_text=True)


def test_a_private_framework_is_not_named_to_who_cannot_read_it(world: World) -> None:
    """charity links a ToC of ``other`` (public then); ``other`` makes it private later:
    the portfolio's people, not members of ``other``, no longer see that target."""
    api, tok = world.api, world.tokens
    api.graph(tok["o-owner"], "other", "shared", toc("Other"), visibility="public")  # type: ignore[arg-type]
    doc = toc("Clinic", links=["other/shared#oc", "hub/frame#oc"])
    api.graph(tok["m-owner"], "charity", "clinic", doc, visibility="public")  # type: ignore[arg-type]
    _join(world)
    seen = _member(_ok(world.get("owner", "/orgs/hub/portfolio")), "charity")["shared_outcomes"]
    assert [(o["org"], o["graph"]) for o in seen] == [("hub", "frame"), ("other", "shared")]
    _ok(world.call("o-owner", "PATCH", "/graphs/other/shared", json={"visibility": "private"}))
    seen = _member(_ok(world.get("owner", "/orgs/hub/portfolio")), "charity")["shared_outcomes"]
    assert [(o["org"], o["graph"]) for o in seen] == [("hub", "frame")]


# -- sorting and filtering ---------------------------------------------------------------


def _arrange_three(world: World) -> None:
    """Three members, their ToCs public, results not (a steward sees them): ``alpha``
    (completeness 100, warnings), ``beta`` (0, no finding), ``gamma`` (no indicator:
    none; an error), active in the order gamma, alpha, beta (beta's last: it reports
    nothing, but its ToC came after alpha's result)."""
    api, tok = world.api, world.tokens
    tok["x"] = api.user("p-x")
    x = tok["x"]
    assert x
    api.org(x, "gamma")
    api.graph(x, "gamma", "toc", toc("Gamma", impact=False), visibility="public")
    for slug, name in (("alpha", "Alpha Trust"), ("beta", "Beta Works")):
        _ok(world.call("x", "POST", "/orgs", json={"slug": slug, "name": name}), 201)
    doc = toc("Alpha", [("reach", "quarterly")])
    doc["nodes"].append({"id": "lone", "kind": "activity", "label": "Alone"})  # warnings
    api.graph(x, "alpha", "toc", doc, visibility="public")
    entries = [{"indicator": "reach", "period": DUE["quarterly"], "value": 3}]
    _ok(world.call("x", "POST", "/graphs/alpha/toc/results", json={"results": entries}), 201)
    api.graph(x, "beta", "toc", toc("Beta", [("reach", "quarterly")]), visibility="public")
    for slug in ("gamma", "alpha", "beta"):
        _join(world, slug, "x")


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ["alpha", "beta", "gamma"]),
        ("?sort=-name", ["gamma", "beta", "alpha"]),
        ("?sort=completeness", ["beta", "alpha", "gamma"]),
        ("?sort=-completeness", ["alpha", "beta", "gamma"]),
        ("?sort=-last_activity", ["beta", "alpha", "gamma"]),
        ("?sort=last_activity", ["gamma", "alpha", "beta"]),
        ("?sort=-findings", ["gamma", "alpha", "beta"]),
        ("?sort=findings", ["beta", "alpha", "gamma"]),
        ("?q=TRUST", ["alpha"]),
        ("?q=a+works", ["beta"]),
        ("?q=nothing", []),
        ("?status=active&sort=-name", ["gamma", "beta", "alpha"]),
        ("?status=invited", []),
    ],
)
def test_sort_and_filter(world: World, query: str, order: list[str]) -> None:
    _arrange_three(world)
    listing = _ok(world.get("editor", f"/orgs/hub/portfolio{query}"))
    assert [m["org"] for m in listing["members"]] == order
    assert listing["total"] == 3
    got = world.get("editor", f"/orgs/hub/portfolio.csv{query}").get_data(as_text=True)
    assert [row["org"] for row in csv.DictReader(io.StringIO(got))] == order


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("?sort=size", "query/sort"),
        ("?status=gone", "query/status"),
        ("?q=" + "x" * 201, "query/q"),
    ],
)
def test_a_bad_query_is_a_422(world: World, query: str, named: str) -> None:
    for path in ("/orgs/hub/portfolio", "/orgs/hub/portfolio.csv"):
        assert named in _error(world.get("owner", path + query), 422)["message"]
    _error(world.get("m-owner", "/orgs/charity/portfolios?status=x"), 422)


# -- CSV --------------------------------------------------------------------------------


def test_the_csv_export(world: World) -> None:
    _arrange_figures(world)
    r = world.get("owner", "/orgs/hub/portfolio.csv")
    assert r.status_code == 200 and r.mimetype == "text/csv"
    assert "attachment" in r.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(r.get_data(as_text=True))))
    charity = next(row for row in rows if row["org"] == "charity")
    assert (charity["status"], charity["tocs"], charity["toc_titles"]) == (
        "active",
        "2",
        "Clinic; Open",
    )
    assert (charity["errors"], charity["indicators"], charity["completeness"]) == ("1", "2", "50.0")
    assert charity["shared_outcomes"] == "Young people are in good work (hub/frame)"
    assert charity["invited_by"] == "p-owner" and charity["last_activity"]
    other = next(row for row in rows if row["org"] == "other")
    assert (other["status"], other["tocs"], other["completeness"]) == ("invited", "0", "")


def test_the_csv_export_defuses_formulas(world: World) -> None:
    r = world.call("m-owner", "POST", "/orgs", json={"slug": "sly", "name": "=HYPERLINK(1)"})
    _ok(r, 201)
    world.api.graph(world.tokens["m-owner"], "sly", "toc", toc("Sly"), visibility="public")  # type: ignore[arg-type]
    _ok(world.call("m-owner", "PATCH", "/graphs/sly/toc", json={"title": "@SUM(A1)"}))
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "sly", "note": "+1 call me"}), 201)
    _ok(world.post("m-owner", "/orgs/sly/portfolios/hub/accept"))
    text = world.get("owner", "/orgs/hub/portfolio.csv").get_data(as_text=True)
    row = next(csv.DictReader(io.StringIO(text)))
    assert (row["name"], row["toc_titles"], row["note"]) == (
        "'=HYPERLINK(1)",
        "'@SUM(A1)",
        "'+1 call me",
    )


def _upload(world: World, who: str, text: str | bytes, dry_run: bool | None = None) -> Any:
    data = text.encode() if isinstance(text, str) else text
    query = "" if dry_run is None else f"?dry_run={str(dry_run).lower()}"
    return world.call(
        who,
        "POST",
        f"/orgs/hub/portfolio/import{query}",
        data={"file": (io.BytesIO(data), "members.csv")},
        content_type="multipart/form-data",
    )


def _invited(world: World) -> list[str]:
    listing = _ok(world.get("owner", "/orgs/hub/portfolio"))
    return [m["org"] for m in listing["members"]]


def test_the_import_lists_every_problem_and_invites_nobody(world: World) -> None:
    for slug in ("one", "two"):
        _ok(world.call("o-owner", "POST", "/orgs", json={"slug": slug, "name": slug}), 201)
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "other"}), 201)
    text = (
        "org,note\r\n"
        "one,hello\r\n"  # 2: fine
        "nobody,\r\n"  # 3: no such organisation
        "hub,\r\n"  # 4: itself
        "One,again\r\n"  # 5: twice (case ignored)
        "other,\r\n"  # 6: invited already
        "two," + "x" * 501 + "\r\n"  # 7: note too long
        ",lonely note\r\n"  # 8: no org
        "Not A Slug!,\r\n"  # 9: not a name
        ",\r\n"  # blank: skipped
    )
    report = _ok(_upload(world, "owner", text))
    assert (report["rows"], report["valid"], report["invited"]) == (8, False, 0)
    assert [(p["row"], p["column"]) for p in report["problems"]] == [
        (3, "org"),
        (4, "org"),
        (5, "org"),
        (6, "org"),
        (7, "note"),
        (8, "org"),
        (9, "org"),
    ]
    assert "no organisation 'nobody'" in report["problems"][0]["message"]
    assert "row 2 invites one already" in report["problems"][2]["message"]
    assert [p["org"] for p in report["preview"]] == ["one"]
    refused = _error(_upload(world, "owner", text, dry_run=False), 422)
    assert refused["problems"] == report["problems"] and refused["invited"] == 0
    assert refused["message"].startswith("file: nobody was invited: row 3, org")
    assert _invited(world) == ["other"]


def test_the_import_invites_all_at_once(world: World) -> None:
    slugs = [f"member-{i}" for i in range(12)]
    for slug in slugs:
        _ok(world.call("o-owner", "POST", "/orgs", json={"slug": slug, "name": slug}), 201)
    _ok(world.post("owner", "/orgs/hub/portfolio", {"org": "charity"}), 201)
    _ok(world.post("m-owner", "/orgs/charity/portfolios/hub/decline"))
    text = "\ufeffNote,ORG\n" + "".join(f"Welcome {s},{s}\n" for s in slugs) + "charity,\n"
    text = text.replace("charity,\n", ",charity\n")
    report = _ok(_upload(world, "owner", text))
    assert (report["valid"], report["rows"], report["invited"]) == (True, 13, 0)
    assert report["preview"][0] == {
        "org": "member-0",
        "name": "member-0",
        "note": "Welcome member-0",
    }
    assert _invited(world) == ["charity"]
    report = _ok(_upload(world, "owner", text, dry_run=False))
    assert report["invited"] == 13
    listing = _ok(world.get("owner", "/orgs/hub/portfolio?status=invited"))
    assert sorted(m["org"] for m in listing["members"]) == sorted([*slugs, "charity"])
    assert _ok(world.get("o-owner", "/orgs/member-3/portfolios"))[0]["note"] == "Welcome member-3"


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"slug,note\nmember\n", (1, "slug")),
        (b"note\nhello\n", (1, "org")),
        (b"org,org\ncharity,charity\n", (1, "org")),
        (b"", (1, None)),
        (b"org\n", (2, "org")),
        (b"org\n\xff\xfe\n", (0, None)),
        (b"org\nchar\x00ity\n", (0, None)),
        (b"org\n" + b"x" * 200_000 + b"\n", (2, "org")),
    ],
    ids=["unknown column", "no org", "twice", "empty", "no row", "not utf-8", "nul", "huge cell"],
)
def test_the_import_refuses_bad_files(world: World, data: bytes, problem: tuple[Any, ...]) -> None:
    report = _ok(_upload(world, "owner", data))
    assert report["valid"] is False
    assert (report["problems"][0]["row"], report["problems"][0]["column"]) == problem
    _error(_upload(world, "owner", data, dry_run=False), 422)
    assert _invited(world) == []


def test_who_may_import(world: World) -> None:
    for who, status in (("editor", 403), ("viewer", 403), ("m-owner", 403), ("anonymous", 401)):
        _error(_upload(world, who, "org\ncharity\n"), status)
    r = world.call("owner", "POST", "/orgs/hub/portfolio/import", data={})
    _error(r, 422)  # no file


def test_a_file_over_the_body_limit_is_a_413(world: World) -> None:
    big = "org,note\n" + ("charity," + "x" * 400 + "\n") * 14_000  # about 5.7 MB
    r = _upload(world, "owner", big)
    assert r.status_code == 413
    assert _invited(world) == []
