"""Who may read and write what: the rules are :mod:`toc_editor.domain.permissions`'s table;
this module looks up the caller's role and answers the way that keeps names private.

- A private graph is visible to members of its organisation only; to anyone else it does
  not exist (404, so names never leak).
- A public graph is readable by anyone, signed in or not.
- ``owner`` and ``editor`` members write; ``viewer`` members read (403 on writes).
- Only owners manage members, delete graphs and change a graph's visibility.
- Results (issue 13): members read them; anyone else only those of a public graph whose
  owners opted in (``results_public``, which only owners change); else 404, as for private
  content (:func:`readable_results`). Writing them is writing (editors and owners).
- Shared measurement (issue 14): only owners choose whether a graph's results on shared
  indicators flow to the frameworks it reports to (``share_results``) and a framework's
  ``aggregate_k`` (:func:`require_sharing_change`); only members see the first.
- Only members see an organisation's member list (:func:`can_see_members`).
- A fork of a private graph is private (:func:`check_fork_visibility`).
- Names of graphs a caller cannot read never reach them (:func:`visible_name`).
"""

from __future__ import annotations

from ..domain.permissions import ANONYMOUS, allowed
from ..domain.permissions import ROLES as ROLES  # re-exported: services name roles by it
from ..domain.permissions import WRITERS as WRITERS
from ..storage.models import Branch, Commit, Graph, Org, User
from .context import Ctx
from .errors import Forbidden, Invalid, NotFound, Unauthorized

PRIVATE_SOURCE = "a private fork"
"""What callers who may not read a proposal's or a merge's source see instead of its name."""


def role_in(ctx: Ctx, org: Org) -> str | None:
    """The caller's role in ``org`` (None: not a member, or not signed in)."""
    if ctx.user is None:
        return None
    row = ctx.uow.orgs.membership(org.id, ctx.user.id)
    return row.role if row else None


def require_user(user: User | None) -> User:
    if user is None:
        raise Unauthorized("sign in first: send Authorization: Bearer <token>")
    return user


def org_by_slug(ctx: Ctx, slug: str) -> Org:
    org = ctx.uow.orgs.by_slug(slug)
    if org is None:
        raise NotFound(f"no organisation {slug!r}")
    return org


def _role(ctx: Ctx, org: Org) -> str | None:
    """The caller's role for the permission table (``ANONYMOUS`` when not signed in)."""
    return ANONYMOUS if ctx.user is None else role_in(ctx, org)


def can_read(ctx: Ctx, graph: Graph) -> bool:
    return allowed("read", _role(ctx, graph.org), graph.visibility)


def can_see_members(ctx: Ctx, org: Org) -> bool:
    """Who belongs to an organisation is for its members to know, not for visitors."""
    return allowed("see_members", _role(ctx, org))


def can_write(ctx: Ctx, graph: Graph) -> bool:
    return allowed("write", _role(ctx, graph.org), graph.visibility)


def _graph_and_role(
    ctx: Ctx, org_slug: str, slug: str, branch: str | None = None
) -> tuple[Graph, str | None, Branch | None, Commit | None]:
    """The graph the caller may read, and their role (one query for both); else 404.
    With ``branch``, that branch and its head commit's row come from the same query."""
    user_id = None if ctx.user is None else ctx.user.id
    found = ctx.uow.graphs.with_role(org_slug, slug, user_id, branch)
    if found is None:
        raise NotFound(f"no graph {org_slug}/{slug}")
    graph, role, branch_row, head = found
    role = ANONYMOUS if ctx.user is None else role
    if not allowed("read", role, graph.visibility):
        raise NotFound(f"no graph {org_slug}/{slug}")
    return graph, role, branch_row, head


def readable_graph(ctx: Ctx, org_slug: str, slug: str) -> Graph:
    return _graph_and_role(ctx, org_slug, slug)[0]


def writable_graph(ctx: Ctx, org_slug: str, slug: str) -> Graph:
    return writable_branch(ctx, org_slug, slug)[0]


def writable_branch(
    ctx: Ctx, org_slug: str, slug: str, branch: str | None = None
) -> tuple[Graph, Branch | None, Commit | None]:
    """:func:`writable_graph`; with ``branch``, also that branch of the graph and the row
    of its head commit, from the same query (None, None: the graph has no such branch)."""
    graph, role, branch_row, head = _graph_and_role(ctx, org_slug, slug, branch)
    require_user(ctx.user)
    if not allowed("write", role, graph.visibility):
        raise Forbidden(
            f"you may read {org_slug}/{slug} but not change it (editors and owners may)"
        )
    return graph, branch_row, head


def can_read_results(ctx: Ctx, graph: Graph) -> bool:
    """Members read a graph's results; others only a public graph's, when it opted in."""
    role = _role(ctx, graph.org)
    if role in ROLES:
        return True
    return graph.visibility == "public" and bool(graph.results_public)


def readable_results(ctx: Ctx, org_slug: str, slug: str) -> Graph:
    """The graph whose results the caller may read; else 404 (the graph's, when they may
    not read it; one saying its results are not public, when they may read only that)."""
    graph, role, _, _ = _graph_and_role(ctx, org_slug, slug)
    if role not in ROLES and not graph.results_public:
        raise NotFound(f"the results of {org_slug}/{slug} are not public")
    return graph


def require_results_public_change(ctx: Ctx, graph: Graph) -> None:
    """Only owners decide whether a public graph's results are public too."""
    role = require_role(ctx, graph.org, ROLES)
    if role != "owner":
        raise Forbidden(
            f"only owners of {graph.org.slug} may make a graph's results public or private; "
            f"you are {role}"
        )


def require_sharing_change(ctx: Ctx, graph: Graph) -> None:
    """Only owners decide whether a graph's results flow to the frameworks it reports to
    (``share_results``) and, on a framework, how many members a figure needs
    (``aggregate_k``)."""
    role = require_role(ctx, graph.org, ROLES)
    if role != "owner":
        raise Forbidden(
            f"only owners of {graph.org.slug} may change share_results or aggregate_k; "
            f"you are {role}"
        )


def is_member(ctx: Ctx, org: Org) -> bool:
    """Whether the caller has a role in ``org``."""
    return role_in(ctx, org) in ROLES


def require_role(ctx: Ctx, org: Org, roles: tuple[str, ...]) -> str:
    require_user(ctx.user)
    role = role_in(ctx, org)
    if role is None:
        raise Forbidden(f"you are not a member of {org.slug}")
    if role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)} in {org.slug}; you are {role}")
    return role


def require_visibility_change(ctx: Ctx, graph: Graph) -> None:
    """Only owners decide who can see a graph (editors change its content)."""
    role = require_role(ctx, graph.org, ROLES)
    if not allowed("change_visibility", role, graph.visibility):
        raise Forbidden(
            f"only owners of {graph.org.slug} may change a graph's visibility; you are {role}"
        )


def check_fork_visibility(upstream: Graph | None, visibility: str) -> None:
    """Invalid when ``visibility`` would make a fork of a private graph public.

    A fork holds its upstream's history; a public fork of a private graph would publish
    it. The upstream is not named: the caller may not be able to read it.
    """
    if visibility == "public" and upstream is not None and upstream.visibility != "public":
        raise Invalid(
            "a fork of a private graph must be private (it holds the private graph's history)",
            where="visibility",
        )


def visible_name(ctx: Ctx, graph: Graph | None) -> str | None:
    """``org/graph`` when the caller may read ``graph``, else None (never leak a name)."""
    if graph is None or not can_read(ctx, graph):
        return None
    return f"{graph.org.slug}/{graph.slug}"
