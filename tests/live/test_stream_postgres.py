"""Privacy on the wire across two app processes on one PostgreSQL database: edits land on
process 1; a stranger, a visitor and a member who is removed mid-session listen on
process 2. What their connections received is read event by event."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SMALL_DOC, Api, make_app
from tests.e2e.conftest import running_server
from tests.live.remote import Stream, remote_api

pytestmark = pytest.mark.postgres

LIVE = "/api/v1/graphs/pg-org/toc/branches/main/live"


@pytest.fixture
def two_processes(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[str, str]]:
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    app = make_app("postgres", tmp_path, request)  # empties the session's database
    from toc_editor.storage.db import db

    app.extensions["toc_live"].close()
    with app.app_context():
        db.engine.dispose()
    database = app.config["SQLALCHEMY_DATABASE_URI"]
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    with (
        running_server(tmp_path / "one", database) as one,
        running_server(tmp_path / "two", database, prepare=False) as two,
    ):
        yield one, two


def _relabel(api: Api, token: str, label: str) -> str:
    ops = [{"op": "update_node", "id": "oc", "set": {"label": label}}]
    r = api.commit(token, "pg-org", "toc", ops)
    assert r.status_code == 201, r.get_json()
    return str(r.get_json()["id"])


def test_across_processes_only_members_hear_a_private_toc_and_removal_cuts_off(
    two_processes: tuple[str, str],
) -> None:
    one, two = two_processes
    api = remote_api(one)
    ana, ben, cy = (api.user(name) for name in ("pg-ana", "pg-ben", "pg-cy"))
    api.org(ana, "pg-org")
    api.graph(ana, "pg-org", "toc", SMALL_DOC)
    r = api.post("/orgs/pg-org/members", {"user": "pg-ben", "role": "viewer"}, token=ana)
    assert r.status_code in (200, 201), r.get_json()

    stranger, visitor = Stream(two, LIVE, cy), Stream(two, LIVE)
    assert (stranger.status, visitor.status) == (404, 404)
    with Stream(two, LIVE, ben) as member:
        member.next("hello")
        heard = _relabel(api, ana, "Heard on process 2")
        assert member.next("commit").id == heard  # through LISTEN/NOTIFY
        removed = time.monotonic()
        assert api.delete("/orgs/pg-org/members/pg-ben", token=ana).status_code == 204
        assert member.next("bye", timeout=6).data["code"] == 403
        assert time.monotonic() - removed < 5
        assert member.ended.wait(5)
        secret = _relabel(api, ana, "After the removal")
        time.sleep(0.5)
    assert [e.name for e in member.seen].count("commit") == 1
    assert all(e.id != secret and "After the removal" not in str(e.data) for e in member.seen)
    assert stranger.seen == [] and visitor.seen == []
    assert Stream(two, LIVE, ben).status == 404
