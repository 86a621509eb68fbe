"""The Alembic migrations against the models, on SQLite and PostgreSQL: upgraded from an
empty database to the head, the schema is the models' (autogenerate finds nothing to
add, drop or retype); the newest migration goes down and up again cleanly.

Each run gets an empty database of its own (a PostgreSQL one is created and dropped
here), so going down never touches the database the other tests share.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from sqlalchemy import inspect

from tests.conftest import BACKENDS, PG_ADMIN_URL
from toc_editor import create_app

HEAD = "f7c2d9e4a8b1"  # the results index covers value (issue 14)
BEFORE_HEAD = "c5e8a3f1d2b4"  # portfolios (issue 14)


@pytest.fixture(params=BACKENDS)
def empty_app(
    request: pytest.FixtureRequest, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Flask]:
    """An app on an empty database (no table at all)."""
    monkeypatch.setenv("TOC_INSTANCE_PATH", str(tmp_path / "instance"))
    if request.param == "sqlite":
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'm.sqlite3'}"})
        yield app
        _dispose(app)
        return
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(PG_ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL is not reachable at {PG_ADMIN_URL}: {exc}")
    name = f"toc_migrations_{uuid.uuid4().hex[:10]}"
    admin.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://", 1)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"{base}/{name}", "SQLALCHEMY_ENGINE_OPTIONS": {}})
    try:
        yield app
    finally:
        _dispose(app)
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
        )
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.close()


def _dispose(app: Flask) -> None:
    from toc_editor.storage.db import db

    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _differences(app: Flask) -> list[Any]:
    from toc_editor.storage.db import db

    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return list(compare_metadata(context, db.metadata))


def _tables(app: Flask) -> set[str]:
    from toc_editor.storage.db import db

    return set(inspect(db.engine).get_table_names())


def _revision(app: Flask) -> str | None:
    from toc_editor.storage.db import db

    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_the_migrations_make_the_models_schema(empty_app: Flask) -> None:
    from flask_migrate import upgrade

    with empty_app.app_context():
        upgrade()
        assert _revision(empty_app) == HEAD
        assert _differences(empty_app) == []


def test_the_newest_migration_goes_down_and_up(empty_app: Flask) -> None:
    from flask_migrate import downgrade, upgrade

    with empty_app.app_context():
        upgrade()
        downgrade(revision=BEFORE_HEAD)
        assert _revision(empty_app) == BEFORE_HEAD
        assert "indicator_reports" not in _tables(empty_app)
        assert "portfolio_members" in _tables(empty_app)
        upgrade()
        assert "indicator_reports" in _tables(empty_app)
        assert _differences(empty_app) == []
