"""What every use case receives: the unit of work it runs in, and who is acting."""

from __future__ import annotations

from dataclasses import dataclass

from ..storage.graph_store import GraphStore
from ..storage.models import User
from ..storage.uow import UnitOfWork


@dataclass
class Ctx:
    uow: UnitOfWork
    user: User | None = None

    @property
    def store(self) -> GraphStore:
        """The unit of work's graph store (commits and their content)."""
        return self.uow.store
