"""The fake unit of work itself: no Flask anywhere, a real database, honest records."""

from __future__ import annotations

import flask
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from tests.services.fake_uow import Moved, moves, relabel
from toc_editor.services import versioning
from toc_editor.storage.models import Branch


def test_a_use_case_runs_without_any_flask_app(world, fake_uow):
    world.org("ana", "org")
    world.graph("ana", "org", "toc")
    seen = []

    def publish(events):  # called inside commit_ops, right after its commit
        seen.append(flask.has_app_context())
        with pytest.raises(RuntimeError, match="application context"):
            flask.current_app.name  # noqa: B018
        fake_uow._publish_recorded(events)

    fake_uow._publish = publish
    fake_uow.forget()
    base = world.head("org", "toc")
    landed = versioning.commit_ops(
        world.ctx("ana"), "org", "toc", "main", base=base, message="m", op_list=[relabel("o", "X")]
    )
    assert seen == [False]
    assert moves(fake_uow.published)[-1] == Moved(
        world.find("org", "toc").id, "main", base, landed.id
    )


def test_building_a_flask_app_fails_while_the_fake_is_in_use(fake_uow):
    from toc_editor import create_app

    with pytest.raises(AssertionError, match="Flask app was built"):
        create_app({"TESTING": True})


def test_the_database_is_real_sqlite_with_foreign_keys_on(fake_uow):
    assert fake_uow.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    with fake_uow, pytest.raises(IntegrityError):  # a branch whose head is no commit
        fake_uow.graphs.add(Branch(graph_id=1, name="main", head="0" * 40))


def test_records_commits_rollbacks_and_events_only_after_forget(world, fake_uow):
    world.org("ana", "org")
    world.graph("ana", "org", "toc")
    assert fake_uow.commits > 0 and len(fake_uow.published) == 1  # the arranging
    fake_uow.forget()
    before = fake_uow.snapshot()
    with fake_uow:
        fake_uow.orgs.lock(world.find("org", "toc").org_id)  # a write, never committed
    assert (fake_uow.commits, fake_uow.rollbacks, fake_uow.published) == (0, 1, [])
    assert fake_uow.snapshot() == before
