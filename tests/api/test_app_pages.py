"""The app's pages at browser-history addresses (``/explore``, ``/{org}/{graph}``...): the
built ``index.html`` with the strict CSP, ``no-cache`` and 200; the server's own paths
(``/api``, ``/assets``, ``/swagger-ui``) keep their JSON 404s and 405s.

No database is involved, so these run on an in-memory SQLite app only.
"""

from __future__ import annotations

import pytest

from toc_editor import SERVER_PREFIXES, SPA_CSP, create_app
from toc_editor.domain.names import RESERVED_ORG_NAMES

INDEX = "<!doctype html><title>toc-editor</title><div id='root'></div>"

PAGES = [
    "/",
    "/signin",
    "/signup",
    "/account",
    "/index.html",
    "/explore",
    "/explore?q=youth&page=2",
    "/youth-network",
    "/youth-network/members",
    "/youth-network/portfolio",
    "/youth-network/portfolio?status=active&sort=-completeness",
    "/youth-network/youth-outcomes",
    "/youth-network/youth-outcomes/tree/main",
    "/youth-network/youth-outcomes/tree/release-1.2",
    "/youth-network/youth-outcomes/outline",
    "/youth-network/youth-outcomes/history",
    "/youth-network/youth-outcomes/compare/main...my-branch",
    "/youth-network/youth-outcomes/compare/0123abc...v1.2",
    "/youth-network/youth-outcomes/proposals/3",
    "/youth-network/youth-outcomes/merge",
    "/youth-network/youth-outcomes/sector",
    "/youth-network/youth-outcomes/tree/main/",
    "/apis",  # an organisation whose name starts with a server prefix
    "/assets-team/toc",
    "/youth-network/youth-outcomes/no/such/page/at/all",  # the app shows its own not found
]


def _app(monkeypatch, dist):
    monkeypatch.setenv("TOC_FRONTEND_DIST", str(dist))
    return create_app({"SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "test"})


@pytest.fixture
def built(tmp_path, monkeypatch):
    """A client of an app whose front end is built (a stand-in ``dist``)."""
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "favicon.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    return _app(monkeypatch, tmp_path).test_client()


@pytest.fixture
def unbuilt(tmp_path, monkeypatch):
    """A client of an app without a built front end."""
    return _app(monkeypatch, tmp_path / "no-dist").test_client()


@pytest.mark.parametrize("address", PAGES)
def test_every_page_address_answers_the_app(built, address):
    r = built.get(address)
    assert r.status_code == 200
    assert r.mimetype == "text/html"
    assert r.get_data(as_text=True) == INDEX
    assert r.headers["Content-Security-Policy"] == SPA_CSP
    assert r.headers["Cache-Control"] == "no-cache"
    assert r.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("address", ["/", "/explore", "/youth-network/youth-outcomes"])
def test_head_of_a_page_answers_like_get_without_a_body(built, address):
    r = built.head(address)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["Content-Security-Policy"] == SPA_CSP
    assert r.get_data() == b""


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("address", ["/", "/explore", "/youth-network/youth-outcomes/history"])
def test_without_a_build_every_page_says_so(unbuilt, method, address):
    r = unbuilt.open(address, method=method)
    assert r.status_code == 200 and r.mimetype == "text/html"
    assert r.headers["Content-Security-Policy"] == SPA_CSP
    assert r.headers["Cache-Control"] == "no-cache"
    if method == "GET":
        assert "The front end is not built" in r.get_data(as_text=True)


@pytest.mark.parametrize(
    "address",
    [
        "/api",
        "/api/",
        "/api/nope",
        "/api/v1/nope",
        "/api/v1/graphs/a/b/nope/deeper",
        "/api/explore",
    ],
)
def test_unknown_api_paths_stay_json_404s(built, address):
    r = built.get(address)
    assert r.status_code == 404
    assert r.is_json and r.get_json()["code"] == 404
    assert "Content-Security-Policy" not in r.headers


def test_a_wrong_method_on_an_api_path_is_still_405(built):
    r = built.get("/api/v1/users")  # POST only
    assert r.status_code == 405 and r.is_json


def test_pages_are_get_only(built):
    assert built.post("/explore").status_code == 405


@pytest.mark.parametrize(
    "address",
    ["/assets/missing.js", "/assets/", "/assets", "/swagger-ui/missing.js", "/swagger-ui"],
)
def test_missing_built_files_are_404s_not_the_app(built, address):
    r = built.get(address)
    assert r.status_code == 404
    assert r.is_json


def test_built_assets_and_root_files_are_served_as_files(built):
    js = built.get("/assets/index-abc123.js")
    assert js.status_code == 200 and "javascript" in js.mimetype
    assert js.headers["Content-Security-Policy"] == SPA_CSP
    assert "max-age=31536000" in js.headers["Cache-Control"]
    icon = built.get("/favicon.svg")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.headers["Content-Security-Policy"] == SPA_CSP
    assert built.get("/robots.txt").status_code == 404  # a file name, not in the build
    assert built.get("/wp-login.php").status_code == 404
    assert built.get("/favicon.svg/x").status_code == 404
    assert built.get("/%2e%2e/pyproject.toml").status_code == 404


def test_the_api_docs_are_still_the_api_docs(built):
    r = built.get("/api/docs")
    assert r.status_code == 200 and "swagger" in r.get_data(as_text=True).lower()
    assert built.get("/api/v1/openapi.json").is_json


def test_no_organisation_may_take_a_server_prefix():
    assert set(SERVER_PREFIXES) <= set(RESERVED_ORG_NAMES)
