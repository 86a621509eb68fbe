"""On PostgreSQL, an event landed by one app instance (its own engine and bus) reaches the
subscribers of another: a second app in this process, and a real second process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import Api, make_app
from tests.live.helpers import drain, graph_id, new_toc, relabel
from toc_editor.domain.events import BranchMoved
from toc_editor.live.postgres import INLINE_BYTES, PostgresBus

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def two_apps(request, tmp_path, monkeypatch):
    """Two apps on one PostgreSQL database: two engines, two buses, two listeners."""
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    first = make_app("postgres", tmp_path, request)
    second = make_app("postgres", tmp_path, request)  # truncates too, before any use
    yield first, second
    from toc_editor.storage.db import db

    for app in (first, second):
        app.extensions["toc_live"].close()
        with app.app_context():
            db.session.remove()
            db.engine.dispose()


def test_a_commit_landed_by_one_app_reaches_the_other(two_apps, small_doc):
    writer, reader = two_apps
    assert writer.extensions["toc_live"] is not reader.extensions["toc_live"]
    api = Api(writer.test_client())
    token = new_toc(api, small_doc)
    gid = graph_id(writer)
    start = api.head("org", "toc", token)
    with (
        reader.extensions["toc_live"].subscribe(gid, "main") as there,
        writer.extensions["toc_live"].subscribe(gid, "main") as here,
    ):
        for n in range(3):
            assert relabel(api, token, f"Label {n}").status_code == 201
        events, local = drain(there, 3), drain(here, 3)
        assert there.get(0.3) is None and here.get(0) is None  # once each
    assert events == local
    assert [e.message for e in events] == ["say Label 0", "say Label 1", "say Label 2"]
    assert [e.old for e in events] == [start] + [e.new for e in events[:-1]]
    assert events[0].delta.nodes["oc"]["label"] == "Label 0"


def test_an_event_too_large_to_notify_goes_through_the_table(two_apps, small_doc):
    writer, reader = two_apps
    api = Api(writer.test_client())
    token = new_toc(api, small_doc)
    gid = graph_id(writer)
    ops = [
        {"op": "add_node", "node": {"id": f"n{i}", "kind": "output", "label": "x" * 250}}
        for i in range(60)
    ]
    with reader.extensions["toc_live"].subscribe(gid, "main") as there:
        r = api.commit(token, "org", "toc", ops, message="a big paste")
        assert r.status_code == 201, r.get_json()
        [event] = drain(there, 1)
    assert isinstance(event, BranchMoved) and len(event.delta.nodes) == 60
    assert len(orjson.dumps(event.delta.nodes)) > INLINE_BYTES
    from sqlalchemy import text

    from toc_editor.storage.db import db

    with writer.app_context():
        assert db.session.execute(text("SELECT count(*) FROM live_events")).scalar_one() == 1


def test_a_second_process_receives_the_commits(two_apps, small_doc, postgres_url):
    writer, _ = two_apps
    api = Api(writer.test_client())
    token = new_toc(api, small_doc)
    gid = graph_id(writer)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TOC_INSTANCE_PATH": str(writer.instance_path)}
    args = [sys.executable, "-m", "tests.live.listen_process", postgres_url, str(gid), "main", "2"]
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        assert relabel(api, token, "First").status_code == 201
        assert relabel(api, token, "Second").status_code == 201
        out, _ = proc.communicate(timeout=30)
    finally:
        proc.kill()
    lines = [orjson.loads(line) for line in out.splitlines()]
    assert [(e["message"], e["author"]) for e in lines] == [
        ("say First", "ana"),
        ("say Second", "ana"),
    ]
    assert lines[1]["old"] == lines[0]["commit"] == lines[1]["parents"][0]
    assert lines[1]["commit"] == api.head("org", "toc", token)


def test_a_listener_that_reconnects_tells_its_subscribers_to_resync(postgres_url):
    from toc_editor.live.postgres import conninfo

    bus = PostgresBus(conninfo(postgres_url))
    try:
        with bus.subscribe(5, "main") as sub:
            import psycopg

            with psycopg.connect(conninfo(postgres_url), autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE query = 'LISTEN toc_live' AND datname = current_database()"
                )
            item = sub.get(10)
        assert item is not None and not isinstance(item, BranchMoved)
        assert item.reason == "the live listener reconnected" and bus.reconnects == 1
    finally:
        bus.close()
