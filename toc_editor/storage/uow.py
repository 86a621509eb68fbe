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
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session

from ..domain.events import Event
from .cache import Caches
from .graph_store import GraphStore
from .repositories import Accounts, Graphs, Orgs, Proposals

Publish = Callable[[Sequence[Event]], None]


def _publish_nowhere(events: Sequence[Event]) -> None:
    return None


class UnitOfWork:
    """The session, the :class:`GraphStore` and the repositories of one transaction."""

    def __init__(self, session: Session, caches: Caches, publish: Publish = _publish_nowhere):
        self.session = session
        self.store = GraphStore(session, caches)
        self.accounts = Accounts(session)
        self.orgs = Orgs(session)
        self.graphs = Graphs(session)
        self.proposals = Proposals(session)
        self.events: list[Event] = []
        self._publish = publish
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
        self.session.commit()
        events, self.events = self.events, []
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
