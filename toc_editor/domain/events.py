"""What happened, for whoever listens once it is committed (live editors, later on).

Events are recorded by the use case that causes them, held by the unit of work, and
published only after its transaction commits: a rolled-back change announces nothing.

>>> from toc_editor.domain.delta import Delta
>>> moved = BranchMoved(graph_id=1, branch="main", old="a" * 40, new="b" * 40, delta=Delta())
>>> moved.branch, moved.old == moved.new
('main', False)
"""

from __future__ import annotations

from dataclasses import dataclass

from .delta import Delta


@dataclass(frozen=True)
class BranchMoved:
    """Branch ``branch`` of graph ``graph_id`` moved from ``old`` (None: it is new) to
    ``new``; ``delta`` turns the content at ``old`` into the content at ``new``."""

    graph_id: int
    branch: str
    old: str | None
    new: str
    delta: Delta


Event = BranchMoved
"""Every kind of event (one, so far)."""
