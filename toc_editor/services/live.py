"""The use cases behind the live channel: who may listen to a branch, where a listener
resumes, whether it still may, and what it says about itself (presence).

The transport (``api/live_stream.py``) calls these in a thread; they read the database
and never touch the bus (the API layer hands events to it).

>>> Position("h" * 40, resync_reason="too far behind").catchup is None
True
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..domain.delta import Delta
from ..domain.permissions import ANONYMOUS, allowed
from . import access
from .context import Ctx
from .errors import Invalid, NotFound

__all__ = ["MAX_BEHIND", "Opening", "Position", "open_stream", "position", "presence", "readable"]

MAX_BEHIND = 500
"""Commits a resuming listener may have missed and still get as one catch-up delta;
further behind, it is told to reload the tree (cheaper for both sides)."""

COMMIT_ID = re.compile(r"[0-9a-f]{40}")


@dataclass(frozen=True)
class Opening:
    """A listener admitted to a branch: which graph, who listens, and what they may do."""

    graph_id: int
    branch: str
    user: dict[str, str] | None
    user_id: int | None
    can_write: bool


@dataclass(frozen=True)
class Position:
    """Where a branch is now, and what a listener that had ``since`` missed: ``catchup``
    (the delta to the head), or ``resync_reason`` (reload the tree instead), or neither
    (nothing missed)."""

    head: str
    catchup: Delta | None = None
    resync_reason: str | None = None


def open_stream(ctx: Ctx, org: str, slug: str, branch: str, since: str | None) -> Opening:
    """Admit the caller to ``branch`` of ``org/slug``: 404 when they may not read it (as
    everywhere in the API), 422 for a ``since`` that is no commit id."""
    if since is not None and not COMMIT_ID.fullmatch(since):
        error = Invalid("must be a 40-character commit id", where="since")
        error.location = "query"
        raise error
    graph, role, branch_row, head = access._graph_and_role(ctx, org, slug, branch)
    if branch_row is None or head is None:
        raise NotFound(f"no branch {branch!r} in {org}/{slug}")
    user = ctx.user
    return Opening(
        graph_id=graph.id,
        branch=branch,
        user=None if user is None else {"username": user.username, "display_name": _name(user)},
        user_id=None if user is None else user.id,
        can_write=user is not None and allowed("write", role, graph.visibility),
    )


def position(ctx: Ctx, graph_id: int, branch: str, since: str | None) -> Position:
    """The branch's head now and what a listener at ``since`` missed.

    ``catchup`` is the delta from ``since`` to the head when ``since`` is on the branch's
    first-parent history at most :data:`MAX_BEHIND` commits back; otherwise
    ``resync_reason`` says why the listener must reload. A commit of another graph, even
    of a fork in the same network, never yields a delta (that would leak its content).
    """
    head = ctx.uow.graphs.head_commit(graph_id, branch)
    if head is None:
        raise NotFound(f"the branch {branch!r} is gone")
    if since is None or since == head.id:
        return Position(head.id)
    chain = ctx.store.first_parents(head.id, stop=since, limit=MAX_BEHIND + 1)
    if not chain or chain[-1] != since:
        reason = f"the commit you had is not among this branch's last {MAX_BEHIND}: reload"
        return Position(head.id, resync_reason=reason)
    return Position(head.id, catchup=ctx.store.delta_between(since, head.id))


def _name(user: Any) -> str:
    """How others see the user: accounts have a username only, for now."""
    return str(user.username)


def readable(ctx: Ctx, listeners: Iterable[tuple[int, int | None]]) -> set[tuple[int, int | None]]:
    """Which (graph id, user id or None) pairs may still read the graph now: the check an
    open live connection repeats, so a removed member or a graph made private is cut off.

    Each graph is loaded once and each user's role in its organisation once.
    """
    pairs = set(listeners)
    graphs = {gid: ctx.uow.graphs.by_id(gid) for gid in {gid for gid, _ in pairs}}
    roles: dict[tuple[int, int], str | None] = {}
    still = set()
    for graph_id, user_id in pairs:
        graph = graphs[graph_id]
        if graph is None:
            continue
        if user_id is None:
            role = ANONYMOUS
        else:
            key = (graph.org_id, user_id)
            if key not in roles:
                row = ctx.uow.orgs.membership(graph.org_id, user_id)
                roles[key] = row.role if row else None
            role = roles[key]
        if allowed("read", role, graph.visibility):
            still.add((graph_id, user_id))
    return still


def presence(
    ctx: Ctx, org: str, slug: str, branch: str, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """What a signed-in reader of the branch says about themselves, as the wire form the
    other listeners receive: (graph id, data). The name comes from the account, never
    from the request."""
    user = access.require_user(ctx.user)
    graph, _role, branch_row, _head = access._graph_and_role(ctx, org, slug, branch)
    if branch_row is None:
        raise NotFound(f"no branch {branch!r} in {org}/{slug}")
    selection = body.get("selection") or {}
    data = {
        "session": body["session"],
        "user": user.username,
        "display_name": _name(user),
        "selection": {
            "nodes": list(selection.get("nodes", [])),
            "edges": list(selection.get("edges", [])),
        },
        "field": body.get("field"),
        "gone": bool(body.get("gone", False)),
    }
    return graph.id, data
