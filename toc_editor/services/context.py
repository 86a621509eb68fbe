"""What every use case receives: the unit of work it runs in, and who is acting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from ..storage.graph_store import GraphStore
from ..storage.models import User
from ..storage.uow import UnitOfWork


@dataclass
class Ctx:
    uow: UnitOfWork
    user: User | None = None
    at: datetime | None = None
    """When what this use case writes happens (commit times, branch moves, proposals);
    None: now. Only the seed command sets it, to date its example history in the past."""

    def now(self) -> datetime:
        """:attr:`at`, or the current time (UTC)."""
        return self.at if self.at is not None else datetime.now(UTC)

    @property
    def store(self) -> GraphStore:
        """The unit of work's graph store (commits and their content)."""
        return self.uow.store
