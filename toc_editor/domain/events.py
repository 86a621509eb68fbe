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
    ``new``; ``delta`` turns the content at ``old`` into the content at ``new``.

    ``parents``, ``author`` and ``message`` are those of commit ``new`` (on a fast-forward
    the commit moved to, whose first parent need not be ``old``): what a live editor
    shows beside the change without asking for the commit.
    """

    graph_id: int
    branch: str
    old: str | None
    new: str
    delta: Delta
    parents: tuple[str, ...] = ()
    author: str = ""
    message: str = ""


Event = BranchMoved
"""Every kind of event (one, so far)."""
