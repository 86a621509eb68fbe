"""/api/docs uses the Swagger UI built into frontend/dist, and a CDN only without a build."""

from __future__ import annotations

import re

from toc_editor import create_app


def _docs_assets(monkeypatch, dist) -> tuple[list[str], object]:
    monkeypatch.setenv("TOC_FRONTEND_DIST", str(dist))
    app = create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})
    client = app.test_client()
    html = client.get("/api/docs").get_data(as_text=True)
    return re.findall(r'(?:src|href)="([^"]+swagger-ui[^"]*)"', html), client


def test_a_built_front_end_serves_swagger_ui_itself(tmp_path, monkeypatch):
    (tmp_path / "swagger-ui").mkdir()
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        (tmp_path / "swagger-ui" / name).write_text(f"/* {name} */")
    assets, client = _docs_assets(monkeypatch, tmp_path)
    assert assets and all(a.startswith("/swagger-ui/") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200 and asset.rsplit("/", 1)[1] in served.get_data(True)
    assert client.get("/swagger-ui/../index.html").status_code == 404


def test_without_a_build_the_docs_fall_back_to_the_cdn(tmp_path, monkeypatch):
    assets, client = _docs_assets(monkeypatch, tmp_path)
    assert assets and all(a.startswith("https://cdn.jsdelivr.net/") for a in assets)
    assert client.get("/swagger-ui/swagger-ui-bundle.js").status_code == 404
