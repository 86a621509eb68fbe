"""Use cases called directly (no HTTP): ``ctx``/``as_user``, a Ctx over the test app's
session; ``fake_uow``/``world``, the same services without any Flask app."""

from __future__ import annotations

import pytest

from tests.services.fake_uow import FakeUnitOfWork, World
from toc_editor.services import accounts
from toc_editor.services.context import Ctx
from toc_editor.storage.db import db
from toc_editor.storage.uow import UnitOfWork


@pytest.fixture
def ctx(app):
    with app.app_context():
        c = Ctx(UnitOfWork(db.session, app.extensions["toc_cache"]))
        yield c


@pytest.fixture
def as_user(ctx):
    """Switch ``ctx.user`` to a (new) user: ``as_user("ana")``."""
    made = {}

    def switch(name: str):
        if name not in made:
            ctx.user = None
            made[name] = accounts.register(ctx, name, f"{name}@example.org", "long password 1")
        ctx.user = made[name]
        return ctx

    return switch


# -- without Flask: the fake unit of work (tests/services/fake_uow.py) ---------------------


@pytest.fixture
def fake_uow(monkeypatch):
    """A :class:`FakeUnitOfWork` on a fresh in-memory database. While it lives, building a
    Flask app fails the test, so what uses it provably runs without one."""
    import flask

    def no_app(*args, **kwargs):
        raise AssertionError("a Flask app was built in a test of the services without Flask")

    monkeypatch.setattr(flask.Flask, "__init__", no_app)
    uow = FakeUnitOfWork()
    yield uow
    uow.close()


@pytest.fixture
def world(fake_uow):
    """A :class:`World` over ``fake_uow``."""
    return World(fake_uow)
