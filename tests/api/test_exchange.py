"""Exports and imports in the open formats, through the API."""

from __future__ import annotations

import io
import json

import pytest


@pytest.fixture
def owner(api, small_doc):
    token = api.user("owner")
    api.org(token, "org")
    api.graph(token, "org", "toc", small_doc)
    api.graph(token, "org", "copy")
    return token


@pytest.mark.parametrize("suffix", [".json", ".graphml", ".csv.zip"])
def test_export_then_import_round_trips(api, owner, suffix):
    r = api.get(f"/graphs/org/toc/export/main{suffix}", token=owner)
    assert r.status_code == 200 and "attachment" in r.headers["Content-Disposition"]
    r = api.call(
        "POST",
        "/graphs/org/copy/import",
        token=owner,
        data={"file": (io.BytesIO(r.data), f"toc{suffix}"), "message": "Imported"},
        content_type="multipart/form-data",
    )
    assert r.status_code == 201, r.get_json()
    original = api.get("/graphs/org/toc/tree/main", token=owner).get_json()
    imported = api.get("/graphs/org/copy/tree/main", token=owner).get_json()
    assert (imported["nodes"], imported["edges"]) == (original["nodes"], original["edges"])


def test_exports_carry_an_etag_and_answer_304(api, owner):
    r = api.get("/graphs/org/toc/export/main.cids.jsonld", token=owner)
    assert r.status_code == 200 and "@context" in r.get_json()
    again = api.get(
        "/graphs/org/toc/export/main.cids.jsonld",
        token=owner,
        headers={"If-None-Match": r.headers["ETag"]},
    )
    assert again.status_code == 304


def test_import_of_garbage_is_422_and_commits_nothing(api, owner):
    head = api.head("org", "copy", owner)
    for name, body in (
        ("x.json", b"{nope"),
        ("x.zip", b"PK\x03\x04broken"),
        ("x.graphml", b"<graphml><unclosed>"),
        ("x.txt", b"hello"),
    ):
        r = api.call(
            "POST",
            "/graphs/org/copy/import",
            token=owner,
            data={"file": (io.BytesIO(body), name)},
            content_type="multipart/form-data",
        )
        assert r.status_code == 422, (name, r.get_json())
        assert r.get_json()["message"]
    bad = json.dumps({"nodes": [{"id": "a", "kind": "wish", "label": "x"}], "edges": []})
    r = api.call(
        "POST",
        "/graphs/org/copy/import",
        token=owner,
        data={"file": (io.BytesIO(bad.encode()), "x.json")},
        content_type="multipart/form-data",
    )
    assert r.status_code == 422 and "file/nodes/0/kind" in r.get_json()["message"]
    assert api.head("org", "copy", owner) == head


def test_unknown_export_format_is_404(api, owner):
    assert api.get("/graphs/org/toc/export/main.xlsx", token=owner).status_code == 404


def test_render_formats_and_the_layout(api, owner):
    svg = api.get("/graphs/org/toc/render/main.svg", token=owner)
    assert svg.status_code == 200 and b"<script" not in svg.data
    assert "default-src 'none'" in svg.headers["Content-Security-Policy"]
    layout = api.get("/graphs/org/toc/render/main.json", token=owner).get_json()
    assert set(layout["nodes"]) == {"act", "out", "oc", "imp"}
    assert set(layout["edges"]) == {"e1", "e2", "e3"}
    # impact on top by default (y grows downwards)
    assert layout["nodes"]["imp"]["y"] < layout["nodes"]["act"]["y"]
    pdf = api.get("/graphs/org/toc/render/main.pdf", token=owner)
    assert pdf.data.startswith(b"%PDF")
    bad = api.get("/graphs/org/toc/render/main.png?direction=UP", token=owner)
    assert bad.status_code == 422


def test_health(api):
    body = api.get("/health").get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and "graphviz" in body["graphviz"]


def test_every_response_has_security_headers_and_the_shell_a_csp(client):
    r = client.get("/")
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert client.get("/api/v1/health").headers["X-Frame-Options"] == "DENY"


def test_health_says_when_the_database_was_never_migrated(tmp_path, monkeypatch):
    from toc_editor import create_app

    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    body = app.test_client().get("/api/v1/health").get_json()
    assert body["status"] == "degraded" and "init-db" in body["database"]


def test_an_unmigrated_database_answers_503_with_the_fix(tmp_path, monkeypatch):
    from toc_editor import create_app

    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path))
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.sqlite3'}"})
    r = app.test_client().get("/api/v1/orgs/anyone/graphs")
    assert r.status_code == 503 and "init-db" in r.get_json()["message"]


@pytest.mark.parametrize(
    ("path", "disposition"),
    [
        ("/graphs/org/toc/export/main.json", "attachment"),
        ("/graphs/org/toc/export/main.csv.zip", "attachment"),
        ("/graphs/org/toc/render/main.svg", "inline"),
        ("/graphs/org/toc/export/{short}.graphml", "attachment"),
    ],
)
def test_downloads_are_named_after_the_toc_the_version_and_its_date(api, owner, path, disposition):
    head = api.get("/graphs/org/toc/commits/main", token=owner).get_json()
    short, date = head["id"][:8], head["created_at"][:10]
    r = api.get(path.format(short=head["id"][:7]), token=owner)
    assert r.status_code == 200, r.get_json()
    suffix = "." + path.split(".", 1)[1]
    label = short if "{short}" in path else "main"
    expected = f'{disposition}; filename="toc-{label}-{date}{suffix}"'
    assert r.headers["Content-Disposition"] == expected
