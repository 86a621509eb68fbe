"""Where one live connection stands on its branch, so it sends each move once, in order.

A connection subscribes *before* it reads the branch head (so nothing committed later is
missed), which means its queue may start with moves the head already includes. The
cursor drops those: moves up to and including the one that made the head, then passes
each move that continues from the last one sent. Events of one branch arrive in commit
order and each names the head it moved from (``old``), so the first move after the head
read is the one whose ``old`` is that head.

>>> c = Cursor("h2")
>>> [c.admit(old, new) for old, new in [("h1", "h2"), ("h2", "h3"), ("h2", "h3"), ("h3", "h4")]]
[False, True, False, True]
>>> c.at
'h4'
"""

from __future__ import annotations

__all__ = ["Cursor"]


class Cursor:
    """The last commit sent on a connection (``at``) and whether the queue has caught up."""

    def __init__(self, at: str) -> None:
        self.at = at
        self.caught_up = False

    def admit(self, old: str | None, new: str) -> bool:
        """Whether the move ``old`` -> ``new`` is to be sent (and, if so, it is now ``at``)."""
        if new == self.at:
            self.caught_up = True  # the move that made the head we read, or a duplicate
            return False
        if old == self.at or self.caught_up:
            self.caught_up = True
            self.at = new
            return True
        return False  # a move from before the head we read

    def reset(self, at: str) -> None:
        """Start again from ``at`` (after a resync read the head afresh)."""
        self.at = at
        self.caught_up = False
