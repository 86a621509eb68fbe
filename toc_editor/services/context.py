"""What every use case receives: the database session, the graph store and the actor."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..storage.models import User
from ..storage.repository import GraphStore


@dataclass
class Ctx:
    session: Session
    store: GraphStore
    user: User | None = None
