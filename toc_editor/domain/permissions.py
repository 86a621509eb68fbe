"""Who may do what: one pure table of (action, role, visibility) -> allowed.

``role`` is the caller's role in the organisation that owns the thing (``owner``,
``editor``, ``viewer``), ``None`` for a signed-in stranger and :data:`ANONYMOUS` for a
caller who is not signed in. ``visibility`` is the graph's (``public`` or ``private``);
actions on an organisation ignore it. ``services/access.py`` asks this table and turns a
"no" into the right answer (404 when the thing must stay invisible, else 401 or 403).

Examples
--------
>>> allowed("read", ANONYMOUS, "public"), allowed("read", None, "private")
(True, False)
>>> allowed("write", "viewer", "public"), allowed("write", "editor", "private")
(False, True)
>>> allowed("change_visibility", "editor", "private")
False
"""

from __future__ import annotations

from typing import Final

__all__ = ["ACTIONS", "ANONYMOUS", "ROLES", "WRITERS", "allowed"]

ROLES: Final = ("owner", "editor", "viewer")
WRITERS: Final = ("owner", "editor")
ANONYMOUS: Final = "anonymous"
"""The role of a caller who is not signed in."""

ACTIONS: Final = (
    "read",  # a graph: its content, history, diagrams, exports, proposals
    "comment",  # comment on or vote for a proposal to a graph
    "write",  # edit content, branches, merge, merge a proposal, fork into the org
    "change_visibility",  # make a graph public or private
    "delete_graph",
    "manage_members",  # add members, change roles, remove members
    "see_members",  # read an organisation's member list
    "see_member_emails",  # the e-mail addresses on that list (to add and reach people)
)


def allowed(action: str, role: str | None, visibility: str = "private") -> bool:
    """Whether a caller with ``role`` may do ``action`` to a graph of ``visibility``."""
    member = role in ROLES
    if action == "read":
        return visibility == "public" or member
    if action == "comment":
        return role != ANONYMOUS and allowed("read", role, visibility)
    if action == "write":
        return role in WRITERS
    if action in ("change_visibility", "delete_graph", "manage_members", "see_member_emails"):
        return role == "owner"
    if action == "see_members":
        return member
    raise ValueError(f"unknown action {action!r}; one of {', '.join(ACTIONS)}")
