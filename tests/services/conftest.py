"""Use cases called directly (no HTTP): a Ctx over the test app's session."""

from __future__ import annotations

import pytest

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
