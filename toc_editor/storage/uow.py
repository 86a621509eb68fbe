"""The unit of work: one transaction, the repositories that work in it, and its events.

Every use case that writes takes one and ends it (cosmicpython's pattern)::

    with uow:
        graph = uow.graphs.by_slugs("org", "toc")
        ...
        uow.commit()

Leaving the outermost ``with`` block rolls back whatever was not committed, so a use case
that raises leaves nothing half-written (a use case called inside another's block leaves
that to the outer one). Nothing else commits a
session: not the API, not the CLI, not the repositories.

Events recorded during the transaction (:meth:`UnitOfWork.record`, e.g. a branch moved)
are handed to the ``publish`` callback after the commit succeeds, once each, in order; a
rollback drops them.

An ``outbox`` (the live channel's event bus, ``toc_editor/live``) sees them twice: it
*stages* them inside the transaction, just before the commit, while the branch is still
locked (so the order of stagings is the order of the commits, whichever thread or process
gets to run first afterwards; on PostgreSQL the staging is the ``NOTIFY`` itself, which
the server delivers at the commit, in commit order), and then either releases them (the
commit succeeded) or abandons them (it failed). Storage only knows the two protocols
below; the app factory plugs a bus in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType
from typing import Protocol

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from ..domain.events import Event
from .cache import Caches
from .graph_store import GraphStore
from .repositories import Accounts, Graphs, Orgs, Portfolios, Proposals, Reports, Results

Publish = Callable[[Sequence[Event]], None]


def _publish_nowhere(events: Sequence[Event]) -> None:
    return None


class Staged(Protocol):
    """Events an outbox holds for one transaction until it is known to have committed."""

    def release(self) -> None:
        """The transaction committed: deliver the events."""

    def abandon(self) -> None:
        """The transaction did not commit: drop them."""


class Outbox(Protocol):
    """Takes a transaction's events just before it commits (see the module's notes)."""

    def stage(self, session: Session, events: Sequence[Event]) -> Staged:
        """Hold ``events`` of the transaction open in ``session`` (flushed, not committed)."""


class UnitOfWork:
    """The session, the :class:`GraphStore` and the repositories of one transaction."""

    def __init__(
        self,
        session: Session,
        caches: Caches,
        publish: Publish = _publish_nowhere,
        outbox: Outbox | None = None,
    ):
        self.session = session
        self.store = GraphStore(session, caches)
        self.accounts = Accounts(session)
        self.orgs = Orgs(session)
        self.graphs = Graphs(session)
        self.proposals = Proposals(session)
        self.results = Results(session)
        self.reports = Reports(session)
        self.portfolios = Portfolios(session)
        self.events: list[Event] = []
        self._publish = publish
        self._outbox = outbox
        self._depth = 0

    def __enter__(self) -> UnitOfWork:
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        if self._depth == 0:  # a use case called by another leaves the ending to it
            self.rollback()  # what was committed stays; anything after it is undone

    def record(self, event: Event) -> None:
        """Publish ``event`` once this transaction commits."""
        self.events.append(event)

    def commit(self) -> None:
        """End the transaction, then publish its events."""
        staged = None
        if self.events and self._outbox is not None:
            self.session.flush()  # every write made, so the locks are held while staging
            staged = self._outbox.stage(self.session, list(self.events))
        try:
            self.session.commit()
        except BaseException:
            if staged is not None:
                staged.abandon()
            raise
        events, self.events = self.events, []
        if staged is not None:
            staged.release()
        if events:
            self._publish(events)

    def rollback(self) -> None:
        self.session.rollback()
        self.events.clear()

    def database_status(self) -> str:
        """``ok``, ``not initialised: ...`` (no migrations applied) or ``unreachable``."""
        try:
            self.session.execute(text("SELECT 1"))
            migrated = inspect(self.session.get_bind()).has_table("alembic_version")
        except Exception:  # the point of a health check is to report, not to raise
            self.rollback()
            return "unreachable"
        return "ok" if migrated else "not initialised: run toc-editor init-db"
