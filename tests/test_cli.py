"""The toc-editor command: seed, export, render, import, create-user."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed", "--password", "demo-password"])
    assert result.exit_code == 0, result.output
    assert "sign in as demo / demo-password" in result.output
    return runner


def test_seed_loads_every_seed_and_is_idempotent(seeded, api):
    graphs = api.get("/orgs/youth-outcomes-network/graphs").get_json()
    assert [g["slug"] for g in graphs] == ["youth-outcomes"]
    again = seeded.invoke(args=["seed", "--password", "demo-password"])
    assert "0 new" in again.output


def test_seeded_links_feed_the_sector_map(seeded, api):
    sector = api.get("/graphs/youth-outcomes-network/youth-outcomes/sector").get_json()
    assert sum(n["count"] for n in sector["nodes"]) >= 3
    assert "brightpath-youth" in {g["org"] for g in sector["graphs"]}


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".csv.zip", ".iati.xml"])
def test_export_writes_the_format_named_by_the_file(seeded, tmp_path, suffix):
    out = tmp_path / f"toc{suffix}"
    result = seeded.invoke(args=["export", "brightpath-youth/futures-programme", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000
    if suffix == ".json":
        assert len(json.loads(out.read_text())["nodes"]) == 34


def test_render_and_import_round_trip(seeded, tmp_path, api):
    svg = tmp_path / "toc.svg"
    result = seeded.invoke(
        args=["render", "keep-moving-parkinsons/living-well@main", "-o", str(svg)]
    )
    assert result.exit_code == 0, result.output
    assert svg.read_bytes().lstrip().startswith(b"<?xml")
    doc = tmp_path / "toc.json"
    seeded.invoke(args=["export", "keep-moving-parkinsons/living-well", "-o", str(doc)])
    result = seeded.invoke(
        args=["import", "keep-moving-parkinsons/copy", str(doc), "--visibility", "public"]
    )
    assert result.exit_code == 0 and "created" in result.output, result.output
    copy = api.get("/graphs/keep-moving-parkinsons/copy/tree/main").get_json()
    assert len(copy["nodes"]) == 34


def test_bad_target_and_format_are_clear_errors(seeded, tmp_path):
    result = seeded.invoke(args=["render", "nope/nothing", "-o", str(tmp_path / "x.svg")])
    assert result.exit_code != 0 and "no graph nope/nothing" in result.output
    result = seeded.invoke(
        args=["render", "brightpath-youth/futures-programme", "-o", str(tmp_path / "x.gif")]
    )
    assert result.exit_code != 0 and "choose one of" in result.output


def test_create_user(runner, api):
    result = runner.invoke(args=["create-user", "ops", "--password", "a long password"])
    assert result.exit_code == 0, result.output
    r = api.post("/session", {"username": "ops", "password": "a long password"})
    assert r.status_code == 200


def test_init_db_indexes_the_boxes_of_graphs_made_before_explore(seeded, app, api):
    """A database upgraded from before the node_labels index: init-db fills it, once."""
    from sqlalchemy import delete

    from toc_editor.storage.db import db
    from toc_editor.storage.models import NodeLabel

    with app.app_context():
        db.session.execute(delete(NodeLabel))
        db.session.commit()
    assert api.get("/explore", query_string={"q": "confident"}).get_json()["total"] == 0
    result = seeded.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "indexed the boxes of" in result.output
    found = api.get("/explore", query_string={"q": "confident"}).get_json()
    assert found["total"] >= 1
    again = seeded.invoke(args=["init-db"])
    assert again.exit_code == 0 and "indexed" not in again.output


def test_init_db_indexes_the_reports_to_of_graphs_made_before_the_index(runner, app, api):
    """A database whose indicator_reports is empty though a graph reports to a shared
    indicator (made before the index): init-db fills it, once."""
    from sqlalchemy import delete, func, select

    from toc_editor.storage.db import db
    from toc_editor.storage.models import IndicatorReport

    token = api.user("ana")
    api.org(token, "net")
    shared = {"id": "jobs", "name": "Job starts", "unit_type": "count"}
    node = {"id": "o", "kind": "outcome", "label": "Jobs", "indicators": [shared]}
    api.graph(token, "net", "frame", {"nodes": [node], "edges": []}, visibility="public")
    mine = {**node, "indicators": [{"id": "k", "name": "Starts",
                                    "reports_to": "net/frame#jobs"}]}  # fmt: skip
    api.graph(token, "net", "member", {"nodes": [mine], "edges": []})
    count = select(func.count()).select_from(IndicatorReport)
    with app.app_context():
        assert db.session.scalar(count) == 1
        db.session.execute(delete(IndicatorReport))
        db.session.commit()
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0, result.output
    assert "indexed the indicators of 1 graphs that report to shared ones" in result.output
    with app.app_context():
        assert db.session.scalar(count) == 1
    again = runner.invoke(args=["init-db"])
    assert again.exit_code == 0 and "shared ones" not in again.output
