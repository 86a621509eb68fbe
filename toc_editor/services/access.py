"""Who may read and write what.

- A private graph is visible to members of its organisation only; to anyone else it does
  not exist (404, so names never leak).
- A public graph is readable by anyone, signed in or not.
- ``owner`` and ``editor`` members write; ``viewer`` members read (403 on writes).
- Only owners manage members and delete graphs.
"""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..storage.models import Graph, Membership, Org, User
from .errors import Forbidden, NotFound, Unauthorized

ROLES = ("owner", "editor", "viewer")
WRITERS = ("owner", "editor")


def role_in(session: Session, user: User | None, org: Org) -> str | None:
    if user is None:
        return None
    row = session.get(Membership, (org.id, user.id))
    return row.role if row else None


def require_user(user: User | None) -> User:
    if user is None:
        raise Unauthorized("sign in first: send Authorization: Bearer <token>")
    return user


def org_by_slug(session: Session, slug: str) -> Org:
    org = session.scalar(select(Org).where(Org.slug == slug))
    if org is None:
        raise NotFound(f"no organisation {slug!r}")
    return org


def can_read(session: Session, user: User | None, graph: Graph) -> bool:
    return graph.visibility == "public" or role_in(session, user, graph.org) is not None


def can_write(session: Session, user: User | None, graph: Graph) -> bool:
    return role_in(session, user, graph.org) in WRITERS


# Built once: nearly every request runs it.
_GRAPH_BY_SLUGS = (
    select(Graph).join(Org).where(Org.slug == bindparam("org"), Graph.slug == bindparam("slug"))
)


def readable_graph(session: Session, user: User | None, org_slug: str, slug: str) -> Graph:
    graph = session.scalar(_GRAPH_BY_SLUGS, {"org": org_slug, "slug": slug})
    if graph is None or not can_read(session, user, graph):
        raise NotFound(f"no graph {org_slug}/{slug}")
    return graph


def writable_graph(session: Session, user: User | None, org_slug: str, slug: str) -> Graph:
    graph = readable_graph(session, user, org_slug, slug)
    require_user(user)
    if not can_write(session, user, graph):
        raise Forbidden(
            f"you may read {org_slug}/{slug} but not change it (editors and owners may)"
        )
    return graph


def require_role(session: Session, user: User | None, org: Org, roles: tuple[str, ...]) -> str:
    user = require_user(user)
    role = role_in(session, user, org)
    if role is None:
        raise Forbidden(f"you are not a member of {org.slug}")
    if role not in roles:
        raise Forbidden(f"this needs the role {' or '.join(roles)} in {org.slug}; you are {role}")
    return role
