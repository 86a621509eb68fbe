"""The live stream through the real server (``toc-editor serve``: uvicorn, SQLite, one
process): what a listener receives, how it resumes, presence, and who receives nothing.

The privacy checks read the wire: the raw events a stranger's or a removed member's
connection got. They run again across two processes on PostgreSQL in
``test_stream_postgres.py``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.conftest import SMALL_DOC, Api
from tests.e2e.conftest import running_server
from tests.live.remote import Stream, remote_api

LIVE = "/api/v1/graphs/org/toc/branches/main/live"
PRESENCE = "/graphs/org/toc/branches/main/presence"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("TOC_SIGNUP_LIMIT", "1000 per day")  # three people per test, one address
        with running_server(tmp_path_factory.mktemp("live-stream")) as url:
            yield url


@pytest.fixture
def toc(server: str) -> Iterator[tuple[Api, dict[str, str]]]:
    """A fresh private ToC ``org/toc`` (the org's slug is unique per test) with an owner
    ``ana`` and an editor ``ben``; tokens by name."""
    api = remote_api(server)
    tag = f"{time.monotonic_ns() % 10**9}"
    tokens = {who: api.user(f"{who}{tag}") for who in ("ana", "ben", "cy")}
    org = f"org{tag}"
    api.org(tokens["ana"], org)
    api.graph(tokens["ana"], org, "toc", SMALL_DOC)
    r = api.post(
        f"/orgs/{org}/members", {"user": f"ben{tag}", "role": "editor"}, token=tokens["ana"]
    )
    assert r.status_code in (200, 201), r.get_json()
    tokens["org"] = org
    tokens["tag"] = tag
    yield api, tokens


def _paths(t: dict[str, str]) -> tuple[str, str, str]:
    org = t["org"]
    return (LIVE.replace("/org/", f"/{org}/"), PRESENCE.replace("/org/", f"/{org}/"), org)


def _relabel(api: Api, token: str, org: str, label: str, node: str = "oc") -> str:
    r = api.commit(token, org, "toc", [{"op": "update_node", "id": node, "set": {"label": label}}])
    assert r.status_code == 201, r.get_json()
    return str(r.get_json()["id"])


def test_a_listener_gets_hello_then_each_commit_with_its_delta_once(server, toc) -> None:
    api, t = toc
    live, _, org = _paths(t)
    with Stream(server, live, t["ben"]) as ben:
        hello = ben.next("hello").data
        assert hello["head"] == api.head(org, "toc", t["ana"])
        assert hello["user"]["username"] == f"ben{t['tag']}" and hello["can_write"] is True
        first = _relabel(api, t["ana"], org, "Confident at work")
        second = _relabel(api, t["ana"], org, "Very confident at work")
        got = [ben.next("commit"), ben.next("commit")]
        assert [e.id for e in got] == [first, second]
        assert got[0].data["old"] == hello["head"] and got[1].data["old"] == first
        assert got[0].data["delta"]["nodes"]["oc"]["label"] == "Confident at work"
        assert got[0].data["author"] == f"ana{t['tag']}" and got[0].data["catchup"] is False
        time.sleep(0.5)
        assert ben.names().count("commit") == 2  # no duplicate


@pytest.mark.parametrize("how", ["since", "last_event_id"])
def test_resuming_from_an_older_commit_sends_one_catch_up_delta(server, toc, how) -> None:
    api, t = toc
    live, _, org = _paths(t)
    start = api.head(org, "toc", t["ana"])
    _relabel(api, t["ana"], org, "One")
    head = _relabel(api, t["ana"], org, "Two", node="act")
    with Stream(server, live, t["ben"], **{how: start}) as ben:
        assert ben.next("hello").data["head"] == head
        catchup = ben.next("commit")
        assert catchup.id == head and catchup.data["catchup"] is True
        assert catchup.data["old"] == start
        nodes = catchup.data["delta"]["nodes"]
        assert (nodes["oc"]["label"], nodes["act"]["label"]) == ("One", "Two")
        after = _relabel(api, t["ana"], org, "Three")
        assert ben.next("commit").id == after  # then carries on


def test_last_event_id_wins_over_since(server, toc) -> None:
    api, t = toc
    live, _, org = _paths(t)
    start = api.head(org, "toc", t["ana"])
    middle = _relabel(api, t["ana"], org, "One")
    _relabel(api, t["ana"], org, "Two")
    with Stream(server, live, t["ben"], since=start, last_event_id=middle) as ben:
        assert ben.next("commit").data["old"] == middle


def test_a_listener_at_the_head_gets_no_catch_up(server, toc) -> None:
    api, t = toc
    live, _, org = _paths(t)
    head = api.head(org, "toc", t["ana"])
    with Stream(server, live, t["ben"], since=head) as ben:
        ben.next("hello")
        time.sleep(0.5)
        assert "commit" not in ben.names() and "resync" not in ben.names()


@pytest.mark.parametrize(
    "since",
    [
        "0" * 40,  # no such commit
        "the-start",  # not a commit id: 422 below
    ],
)
def test_an_unknown_since_is_a_resync_and_a_malformed_one_a_422(server, toc, since) -> None:
    api, t = toc
    live, _, org = _paths(t)
    with Stream(server, live, t["ben"], since=since) as ben:
        if since == "the-start":
            assert ben.status == 422 and "since" in ben.error["message"]
            return
        ben.next("hello")
        assert ben.next("resync").data["head"] == api.head(org, "toc", t["ana"])


def test_a_commit_of_another_graph_in_the_network_never_yields_its_delta(server, toc) -> None:
    """A fork shares the network's commits: its commit id as `since` must not leak its
    content to a reader of the upstream (a resync instead)."""
    api, t = toc
    live, _, org = _paths(t)
    fork_org = f"fork{t['tag']}"
    api.org(t["cy"], fork_org)
    api.patch(f"/graphs/{org}/toc", {"visibility": "public"}, token=t["ana"])
    r = api.post(f"/graphs/{org}/toc/forks", {"org": fork_org, "slug": "mine"}, token=t["cy"])
    assert r.status_code == 201, r.get_json()
    ops = [{"op": "update_node", "id": "oc", "set": {"label": "Secret"}}]
    r = api.commit(t["cy"], fork_org, "mine", ops)
    secret = r.get_json()["id"]
    with Stream(server, live, t["ben"], since=secret) as ben:
        ben.next("hello")
        assert ben.next("resync").name == "resync"
        assert all("Secret" not in str(e.data) for e in ben.seen)


def test_presence_reaches_the_others_with_the_account_name_and_leaves_with_the_stream(
    server, toc
) -> None:
    api, t = toc
    live, presence, _ = _paths(t)
    with Stream(server, live, t["ben"]) as ben:
        ben.next("hello")
        ana = Stream(server, live, t["ana"])
        session = ana.next("hello").data["session"]
        joined = ben.next("presence").data
        if joined["session"] != session:  # ben's own arrival came first
            joined = ben.next("presence").data
        assert (joined["session"], joined["user"], joined["gone"]) == (
            session,
            f"ana{t['tag']}",
            False,
        )
        body = {"session": session, "selection": {"nodes": ["oc"], "edges": []},
                "field": {"kind": "node", "id": "oc", "name": "label"}}  # fmt: skip
        assert api.post(presence, body, token=t["ana"]).status_code == 204
        typing = ben.next("presence").data
        assert typing["field"] == {"kind": "node", "id": "oc", "name": "label"}
        assert typing["selection"]["nodes"] == ["oc"] and typing["user"] == f"ana{t['tag']}"
        ana.close()
        gone = ben.next("presence", timeout=10).data
        assert (gone["session"], gone["gone"]) == (session, True)


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"session": "s" * 12, "user": "someone-else"}, 422),  # no claiming another's name
        ({"session": "x"}, 422),  # not a session id
        ({"session": "s" * 12, "selection": {"nodes": ["a b"]}}, 422),
        ({"session": "s" * 12, "field": {"kind": "box", "id": "oc", "name": "label"}}, 422),
    ],
)
def test_presence_refuses_what_it_cannot_relay(server, toc, body, status) -> None:
    api, t = toc
    _, presence, _ = _paths(t)
    r = api.post(presence, body, token=t["ben"])
    assert r.status_code == status and r.get_json()["message"]


def test_strangers_and_visitors_get_a_404_and_no_event_of_a_private_toc(server, toc) -> None:
    api, t = toc
    live, presence, _ = _paths(t)
    stranger = Stream(server, live, t["cy"])
    visitor = Stream(server, live)
    assert (stranger.status, visitor.status) == (404, 404)
    assert stranger.seen == [] and visitor.seen == []
    r = api.post(presence, {"session": "s" * 12}, token=t["cy"])
    assert r.status_code == 404


def test_a_member_removed_mid_session_is_cut_off_within_5_s_and_gets_nothing_after(
    server, toc
) -> None:
    api, t = toc
    live, _, org = _paths(t)
    with Stream(server, live, t["ben"]) as ben:
        ben.next("hello")
        _relabel(api, t["ana"], org, "Before")
        assert ben.next("commit").data["delta"]["nodes"]["oc"]["label"] == "Before"
        removed = time.monotonic()
        r = api.delete(f"/orgs/{org}/members/ben{t['tag']}", token=t["ana"])
        assert r.status_code == 204, r.get_json()
        _relabel(api, t["ana"], org, "After")  # may race the cut-off: see below
        bye = ben.next("bye", timeout=6)
        assert time.monotonic() - removed < 5 and bye.data["code"] == 403
        assert ben.ended.wait(5)
        later = _relabel(api, t["ana"], org, "Much later")
        time.sleep(0.3)
    assert all(e.id != later for e in ben.seen)
    assert Stream(server, live, t["ben"]).status == 404  # and cannot come back


def test_a_graph_made_private_cuts_off_its_visitors(server, toc) -> None:
    api, t = toc
    live, _, org = _paths(t)
    api.patch(f"/graphs/{org}/toc", {"visibility": "public"}, token=t["ana"])
    with Stream(server, live) as visitor:
        assert visitor.next("hello").data["user"] is None
        _relabel(api, t["ana"], org, "Public news")
        assert visitor.next("commit").data["delta"]["nodes"]["oc"]["label"] == "Public news"
        api.patch(f"/graphs/{org}/toc", {"visibility": "private"}, token=t["ana"])
        assert visitor.next("bye", timeout=6).data["code"] == 403
        secret = _relabel(api, t["ana"], org, "Private again")
        time.sleep(0.3)
        assert all(e.id != secret for e in visitor.seen)


def test_the_wsgi_app_alone_answers_the_stream_with_a_503_that_says_why(app, api) -> None:
    """Without the ASGI layer (e.g. `flask run`), the route exists, is documented, checks
    access as the stream does, and says the client must poll."""
    token = api.user("ana")
    api.org(token, "org")
    api.graph(token, "org", "toc", SMALL_DOC)
    r = api.get(LIVE, token=token)
    assert r.status_code == 503 and "poll" in r.get_json()["message"]
    assert api.get(LIVE).status_code == 404
    spec = api.get("/api/v1/openapi.json").get_json()
    assert "text/event-stream" in str(
        spec["paths"]["/api/v1/graphs/{org}/{graph}/branches/{branch}/live"]
    )


def test_health_says_how_this_process_hears_live_events_and_counts_its_streams(server, toc) -> None:
    api, t = toc
    live, _, _ = _paths(t)

    def open_streams() -> int:
        status = api.get("/health").get_json()["live"]
        assert status.startswith("in-process; ")
        return int(status.split("; ")[1].split()[0])

    before = open_streams()
    with Stream(server, live, t["ben"]) as ben:
        ben.next("hello")
        assert open_streams() == before + 1
