"""Shared fixtures (flaskr style): ``app``, ``client``, ``runner``, plus API helpers.

Storage and API tests run twice: on an SQLite file and on the real PostgreSQL server
(``TOC_TEST_POSTGRES_URL``, default ``postgresql://postgres@127.0.0.1:5432/postgres``:
a throw-away database is created for the session and dropped after it).
"""

from __future__ import annotations

import base64
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from toc_editor import create_app

PG_ADMIN_URL = os.environ.get(
    "TOC_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test session (migrated once)."""
    psycopg = pytest.importorskip("psycopg")
    name = f"toc_test_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    url = f"{base}/{name}".replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SQLALCHEMY_ENGINE_OPTIONS": {}})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        from toc_editor.storage.db import db

        db.engine.dispose()
    yield url
    admin.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.close()


def _truncate_all(app: Flask) -> None:
    from sqlalchemy import text

    from toc_editor.storage.db import db

    with app.app_context():
        tables = ", ".join(t.name for t in db.metadata.sorted_tables)
        db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        db.session.commit()


def make_app(backend: str, tmp_path: Any, request: pytest.FixtureRequest, **config: Any) -> Flask:
    """An app on ``backend``; ``SQLALCHEMY_ENGINE_OPTIONS`` in ``config`` add to the defaults."""
    engine = config.pop("SQLALCHEMY_ENGINE_OPTIONS", {})
    settings: dict[str, Any] = {"TESTING": True, "SECRET_KEY": "test", **config}
    if backend == "sqlite":
        settings["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'toc.sqlite3'}"
        if engine:
            sqlite_args = {"timeout": 30, "check_same_thread": False}
            settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": sqlite_args, **engine}
        app = create_app(settings)
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
        return app
    url = request.getfixturevalue("postgres_url")
    settings["SQLALCHEMY_DATABASE_URI"] = url
    settings["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_size": 25, "max_overflow": 5, **engine}
    app = create_app(settings)
    _truncate_all(app)
    return app


FAST_HASH = "pbkdf2:sha256:1000"
"""How tests hash passwords: scrypt (production's) costs about 230 ms per sign-up and
sign-in here, and the suite signs up about a thousand users."""


@pytest.fixture(autouse=True)
def _fast_password_hashes(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Tests hash passwords with a cheap PBKDF2 (werkzeug checks any method it names), except
    those marked ``real_password_hash``, which check what production stores (scrypt)."""
    from functools import partial

    from werkzeug.security import generate_password_hash

    from toc_editor.services import accounts

    accounts._dummy_hash.cache_clear()
    if not request.node.get_closest_marker("real_password_hash"):
        fast = partial(generate_password_hash, method=FAST_HASH)
        monkeypatch.setattr(accounts, "generate_password_hash", fast)
    yield
    accounts._dummy_hash.cache_clear()


@pytest.fixture(params=BACKENDS)
def app(
    request: pytest.FixtureRequest, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    application = make_app(request.param, tmp_path, request)
    yield application
    from toc_editor.storage.db import db

    with application.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


class Api:
    """A thin JSON client: ``api.post(path, json, token=...)`` -> response."""

    def __init__(self, client: FlaskClient) -> None:
        self.client = client

    def call(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}) or {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        url = path if path.startswith("/") and path.startswith("/api") else f"/api/v1{path}"
        return self.client.open(url, method=method, headers=headers, **kwargs)

    def get(self, path: str, **kw: Any) -> Any:
        return self.call("GET", path, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.call("POST", path, json=json, **kw)

    def put(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.call("PUT", path, json=json, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.call("PATCH", path, json=json, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.call("DELETE", path, **kw)

    def user(self, username: str, password: str = "correct horse battery") -> str:
        """Register ``username`` and return a bearer token for it."""
        r = self.post(
            "/users",
            {"username": username, "email": f"{username}@example.org", "password": password},
        )
        assert r.status_code == 201, r.get_json()
        basic = base64.b64encode(f"{username}:{password}".encode()).decode()
        r = self.post("/tokens", headers={"Authorization": f"Basic {basic}"})
        assert r.status_code == 201, r.get_json()
        return str(r.get_json()["token"])

    def org(self, token: str, slug: str) -> None:
        r = self.post("/orgs", {"slug": slug, "name": slug.title()}, token=token)
        assert r.status_code == 201, r.get_json()

    def graph(
        self, token: str, org: str, slug: str, document: Any = None, visibility: str = "private"
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"slug": slug, "title": slug.title(), "visibility": visibility}
        if document is not None:
            body["document"] = document
        r = self.post(f"/orgs/{org}/graphs", body, token=token)
        assert r.status_code == 201, r.get_json()
        return dict(r.get_json())

    def head(self, org: str, graph: str, token: str | None = None, branch: str = "main") -> str:
        r = self.get(f"/graphs/{org}/{graph}/branches/{branch}", token=token)
        assert r.status_code == 200, r.get_json()
        return str(r.get_json()["head"])

    def commit(
        self,
        token: str,
        org: str,
        graph: str,
        ops: list[Any],
        base: str | None = None,
        branch: str = "main",
        message: str = "edit",
    ) -> Any:
        base = base or self.head(org, graph, token, branch)
        return self.post(
            f"/graphs/{org}/{graph}/branches/{branch}/commits",
            {"base": base, "message": message, "ops": ops},
            token=token,
        )


@pytest.fixture
def api(client: FlaskClient) -> Api:
    return Api(client)


SMALL_DOC = {
    "nodes": [
        {"id": "act", "kind": "activity", "label": "Weekly mentoring sessions"},
        {"id": "out", "kind": "output", "label": "Young people mentored"},
        {
            "id": "oc",
            "kind": "outcome",
            "label": "Confidence at work",
            "horizon": "short",
            "indicators": [
                {
                    "id": "i1",
                    "name": "Self-efficacy score",
                    "unit": "points",
                    "baseline": 21,
                    "target": 28,
                }
            ],
        },
        {"id": "imp", "kind": "impact", "label": "Fewer young people out of work"},
    ],
    "edges": [
        {"id": "e1", "source": "act", "target": "out"},
        {"id": "e2", "source": "out", "target": "oc", "confidence": 70},
        {"id": "e3", "source": "oc", "target": "imp"},
    ],
}


@pytest.fixture
def small_doc() -> dict[str, Any]:
    import copy

    return copy.deepcopy(SMALL_DOC)
