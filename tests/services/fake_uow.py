"""A unit of work for testing the services without Flask, and a small world to arrange in.

:class:`FakeUnitOfWork` is the real :class:`~toc_editor.storage.uow.UnitOfWork` (the
services cannot tell it apart) over a plain SQLAlchemy ``Session`` on an in-memory
SQLite database, made without any Flask app: the schema comes from the models'
metadata (``db.metadata.create_all``), and flask_sqlalchemy's ``db.Model`` needs no app
for that, nor for mapping rows (only ``Model.query`` and ``db.session`` would, and the
services use neither). The schema is made once per process and each test gets a copy
of it, in a database of its own. It is "fake" in what it adds: it records every ``commit()``,
every ``rollback()`` that undid an open transaction, and every event it published, so a
test can state the unit-of-work contract of a use case:

- a write that succeeds commits once and publishes its ``BranchMoved`` events, after the
  commit (the publish callback checks that the transaction has ended);
- a write that is refused commits nothing, publishes nothing and leaves every table as
  it was (:meth:`FakeUnitOfWork.snapshot`).

:class:`World` arranges users, organisations and graphs through the services themselves
(users are rows added directly: hashing a password costs 50 ms and is not under test),
then :meth:`FakeUnitOfWork.forget` clears the records so only the use case under test
counts. :meth:`World.arranged` runs an arrangement once per process and gives each test
a copy of the database it made (SQLite's backup), which keeps some 200 cases to a few
seconds.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from sqlalchemy import Engine, create_engine, event, select
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from toc_editor.domain.events import Event
from toc_editor.services import accounts, graphs, versioning
from toc_editor.services.context import Ctx
from toc_editor.storage.cache import LRU, Caches
from toc_editor.storage.db import db
from toc_editor.storage.models import Commit, Graph, User
from toc_editor.storage.shared_cache import SharedCache
from toc_editor.storage.uow import UnitOfWork

DOC: dict[str, Any] = {
    "nodes": [
        {"id": "a", "kind": "activity", "label": "Run clubs"},
        {"id": "o", "kind": "outcome", "label": "Confidence", "indicators": [{"name": "Score"}]},
        {"id": "i", "kind": "impact", "label": "Good work"},
    ],
    "edges": [
        {"id": "e1", "source": "a", "target": "o"},
        {"id": "e2", "source": "o", "target": "i"},
    ],
}
"""A small ToC: activity ``a`` -> outcome ``o`` -> impact ``i`` (edges ``e1``, ``e2``)."""


def doc() -> dict[str, Any]:
    return copy.deepcopy(DOC)


def _new_engine() -> Engine:
    engine = create_engine(
        "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
    )

    @event.listens_for(engine, "connect")
    def _foreign_keys(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys=ON")

    return engine


def copy_database(source: Engine, target: Engine) -> None:
    """Make ``target``'s database a copy of ``source``'s (SQLite's online backup)."""
    src, dst = source.raw_connection(), target.raw_connection()
    try:
        src.driver_connection.backup(dst.driver_connection)  # type: ignore[union-attr]
    finally:
        src.close()
        dst.close()


_SCHEMA: list[Engine] = []


def memory_engine() -> Engine:
    """An in-memory SQLite database holding the models' schema, foreign keys on.

    ``StaticPool`` hands every checkout the one connection, so the database lives as long
    as the engine (each ``sqlite://`` connection would otherwise be a database of its own).
    The schema is made once per process (``db.metadata.create_all``) and copied.
    """
    if not _SCHEMA:
        empty = _new_engine()
        db.metadata.create_all(empty)
        _SCHEMA.append(empty)
    engine = _new_engine()
    copy_database(_SCHEMA[0], engine)
    return engine


class FakeUnitOfWork(UnitOfWork):
    """The real unit of work on an in-memory database, recording what it did.

    - ``commits``: calls of :meth:`commit`;
    - ``rollbacks``: calls of :meth:`rollback` that undid an open transaction (leaving the
      outermost ``with`` always calls it; after a commit there is nothing to undo, and
      that call is not counted);
    - ``published``: every event handed to the publish callback, in order.
    """

    def __init__(self, engine: Engine | None = None) -> None:
        self.engine = engine or memory_engine()
        self.commits = 0
        self.rollbacks = 0
        self.published: list[Event] = []
        caches = Caches(  # this worker's LRUs, small; the shared level off (no engine)
            graphs=LRU(50_000), blobs=LRU(8 * 2**20), shared=SharedCache(None, 0)
        )
        super().__init__(Session(self.engine), caches, self._publish_recorded)

    def _publish_recorded(self, events: Sequence[Event]) -> None:
        assert not self.session.in_transaction(), "events published before the commit ended"
        self.published.extend(events)

    def commit(self) -> None:
        self.commits += 1
        super().commit()

    def rollback(self) -> None:
        if self.session.in_transaction():
            self.rollbacks += 1
        super().rollback()

    def forget(self) -> None:
        """Clear the records (after arranging, before the use case under test)."""
        self.commits = self.rollbacks = 0
        self.published.clear()

    def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of every table, sorted: equal snapshots mean nothing was written.

        Reads in a transaction of its own, which it ends without counting it."""
        try:
            return {
                table.name: sorted(
                    (tuple(row) for row in self.session.execute(select(table))), key=repr
                )
                for table in db.metadata.sorted_tables
            }
        finally:
            self.session.rollback()

    def assert_nothing_written(self, before: dict[str, list[tuple[Any, ...]]]) -> None:
        """The contract of a refused write: no commit, no event, every table as ``before``."""
        assert (self.commits, self.published) == (0, []), "a refused write committed"
        assert self.snapshot() == before, "a refused write left data behind"

    def close(self) -> None:
        self.session.close()
        self.engine.dispose()


@dataclass(frozen=True)
class Moved:
    """What a ``BranchMoved`` event says, without its delta: easy to write in a table."""

    graph_id: int
    branch: str
    old: str | None
    new: str


def moves(events: Sequence[Event]) -> list[Moved]:
    return [Moved(e.graph_id, e.branch, e.old, e.new) for e in events]


T = TypeVar("T")
_ARRANGED: dict[Callable[[Any], Any], tuple[Engine, Any]] = {}


class World:
    """Users, organisations and graphs for a use case to act on, made through the services.

    ``world.ctx("ana")`` is the Ctx of user ``ana`` (made on first use); ``world.ctx()``
    is an anonymous caller. Every Ctx shares the one unit of work.
    """

    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self._users: dict[str, User] = {}

    def arranged(self, build: Callable[[World], T]) -> T:
        """What ``build(world)`` arranges, in this world's database: ``build`` runs once
        per process on a world of its own, and each later call copies the database it left
        (and returns what it returned: plain data, not rows of another session).

        Arranging through the services costs far more than the use case under test; the
        copy is the very data those services wrote."""
        if build not in _ARRANGED:
            template = FakeUnitOfWork()
            value = build(World(template))
            template.session.close()
            _ARRANGED[build] = (template.engine, value)
        engine, value = _ARRANGED[build]
        self.uow.session.close()
        copy_database(engine, self.uow.engine)
        self._users.clear()
        return copy.deepcopy(value)  # type: ignore[no-any-return]

    def user(self, name: str) -> User:
        if name not in self._users:
            found = self.uow.accounts.user(name)
            if found is not None:
                self._users[name] = found
                return found
            with self.uow:
                row = User(username=name, email=f"{name}@example.org", password_hash="-")
                self._users[name] = self.uow.accounts.add(row)
                self.uow.commit()
        return self._users[name]

    def ctx(self, name: str | None = None) -> Ctx:
        return Ctx(self.uow, None if name is None else self.user(name))

    def org(self, owner: str, slug: str, **members: str) -> None:
        """Organisation ``slug`` owned by ``owner``, with ``members`` (username=role)."""
        accounts.create_org(self.ctx(owner), slug, slug.title())
        for name, role in members.items():
            self.user(name)
            accounts.set_member(self.ctx(owner), slug, name, role)

    def graph(
        self,
        who: str,
        org: str,
        slug: str,
        document: Any = None,
        visibility: str = "private",
    ) -> Graph:
        document = doc() if document is None else document
        return graphs.create_graph(
            self.ctx(who),
            org,
            slug=slug,
            title=slug.title(),
            visibility=visibility,
            document=document,
        )

    def find(self, org: str, slug: str) -> Graph:
        graph = graphs.graph_named(self.ctx(), org, slug)
        assert graph is not None, f"no graph {org}/{slug}"
        return graph

    def head(self, org: str, slug: str, branch: str = "main") -> str:
        row = self.uow.graphs.branch(self.find(org, slug).id, branch)
        assert row is not None, f"no branch {branch} in {org}/{slug}"
        return row.head

    def edit(
        self,
        who: str,
        org: str,
        slug: str,
        ops: list[dict[str, Any]],
        branch: str = "main",
        base: str | None = None,
        message: str = "edit",
    ) -> Commit:
        base = base or self.head(org, slug, branch)
        return versioning.commit_ops(
            self.ctx(who), org, slug, branch, base=base, message=message, op_list=ops
        )

    def branch(self, who: str, org: str, slug: str, name: str, start: str = "main") -> None:
        graphs.create_branch(self.ctx(who), org, slug, name, start)

    def labels(self, commit_id: str) -> dict[str, str]:
        G = self.uow.store.graph(commit_id)
        return {node: data["label"] for node, data in G.nodes(data=True)}

    def content(self, commit_id: str) -> dict[str, Any]:
        return self.uow.store.document(commit_id)

    def commit_count(self) -> int:
        return len(self.uow.snapshot()["commits"])


def relabel(node: str, label: str) -> dict[str, Any]:
    """The op that sets a node's label."""
    return {"op": "update_node", "id": node, "set": {"label": label}}


def iter_conflicts(raised: Any) -> Iterator[tuple[str, str, str | None]]:
    """(kind, entity id, field) of each conflict a ``Conflict`` carries."""
    for c in raised.extra.get("conflicts", []):
        yield c["kind"], c["entity_id"], c["field"]
