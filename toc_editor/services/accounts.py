"""Users, API tokens and organisations."""

from __future__ import annotations

import hashlib
import re
import secrets
from functools import cache

from sqlalchemy import bindparam, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import names
from ..storage.models import ApiToken, Membership, Org, User
from . import passwords
from .access import ROLES, can_see_members, org_by_slug, require_role, require_user
from .context import Ctx
from .errors import Conflict, Invalid, NotFound, Unauthorized

# The name rules are the domain's (domain/names.py); their regexes end in \Z, so ``.match``
# matches the whole string ("abc\n" is refused).
USERNAME = names.USERNAME.regex
SLUG = names.SLUG.regex
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\Z")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(
    ctx: Ctx, username: str, email: str, password: str, *, allow_weak_password: bool = False
) -> User:
    """Create a user with a hashed password (scrypt via werkzeug).

    The password must pass :func:`passwords.require_strong`; ``allow_weak_password`` skips
    the strength estimate (not the length rule) for the seed command's documented demo
    account only.
    """
    if not names.USERNAME.matches(username):
        raise Invalid(names.USERNAME.message, where="username")
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise Invalid("not an email address", where="email")
    if allow_weak_password:
        if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH:
            raise Invalid("must be 8-200 characters", where="password")
    else:
        passwords.require_strong(password, username=username, email=email)
    taken = ctx.session.scalar(select(User).where(func.lower(User.username) == username.lower()))
    if taken is not None:
        raise Conflict(f"the username {username!r} is taken", where="username")
    user = User(username=username, email=email, password_hash=generate_password_hash(password))
    ctx.session.add(user)
    ctx.session.flush()
    return user


@cache
def _dummy_hash() -> str:
    """A scrypt hash of a random password, made once, for unknown usernames."""
    return generate_password_hash(secrets.token_urlsafe(24))


def authenticate(ctx: Ctx, username: str, password: str) -> User:
    """The user whose password this is; 401 otherwise.

    An unknown username is checked against a dummy hash, so it costs one scrypt like a
    wrong password does and the answer's timing does not tell which usernames exist.
    """
    user = ctx.session.scalar(select(User).where(User.username == username))
    if user is None:
        check_password_hash(_dummy_hash(), password)
        raise Unauthorized("wrong username or password")
    if not check_password_hash(user.password_hash, password):
        raise Unauthorized("wrong username or password")
    return user


def issue_token(ctx: Ctx, user: User) -> str:
    """A new bearer token; only its SHA-256 is stored."""
    token = "toc_" + secrets.token_urlsafe(32)
    ctx.session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token)))
    ctx.session.flush()
    return token


# Built once: every API request runs it, and building a statement costs as much as running it.
_USER_BY_TOKEN = select(User).join(ApiToken).where(ApiToken.token_hash == bindparam("digest"))


def user_for_token(ctx: Ctx, token: str) -> User | None:
    """The user a bearer token belongs to (one query), or None."""
    return ctx.session.scalar(_USER_BY_TOKEN, {"digest": _token_hash(token)})


def memberships(ctx: Ctx, user: User) -> list[Membership]:
    return list(
        ctx.session.scalars(
            select(Membership).join(Org).where(Membership.user_id == user.id).order_by(Org.slug)
        )
    )


def create_org(ctx: Ctx, slug: str, name: str) -> Org:
    user = require_user(ctx.user)
    if not SLUG.match(slug):
        raise Invalid("lower-case letters, digits and -, up to 63", where="slug")
    if not 1 <= len(name.strip()) <= 200:
        raise Invalid("must be 1-200 characters", where="name")
    if ctx.session.scalar(select(Org).where(Org.slug == slug)) is not None:
        raise Conflict(f"the organisation {slug!r} exists already", where="slug")
    org = Org(slug=slug, name=name.strip())
    ctx.session.add(org)
    ctx.session.flush()
    ctx.session.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
    ctx.session.flush()
    return org


def members(ctx: Ctx, org: Org) -> list[Membership] | None:
    """The organisation's members by username, or None when the caller is not one of them."""
    if not can_see_members(ctx.session, ctx.user, org):
        return None
    return list(
        ctx.session.scalars(
            select(Membership).join(User).where(Membership.org_id == org.id).order_by(User.username)
        )
    )


def set_member(ctx: Ctx, org_slug: str, username: str, role: str) -> Membership:
    """Add a member or change a role (owners only)."""
    org = org_by_slug(ctx.session, org_slug)
    require_role(ctx.session, ctx.user, org, ("owner",))
    if role not in ROLES:
        raise Invalid(f"must be one of {', '.join(ROLES)}", where="role")
    user = ctx.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user {username!r}")
    row = ctx.session.get(Membership, (org.id, user.id))
    if row is not None and row.role == "owner" and role != "owner":
        _keep_an_owner(ctx, org)
    if row is None:
        row = Membership(org_id=org.id, user_id=user.id, role=role)
        ctx.session.add(row)
    row.role = role
    ctx.session.flush()
    return row


def remove_member(ctx: Ctx, org_slug: str, username: str) -> None:
    org = org_by_slug(ctx.session, org_slug)
    require_role(ctx.session, ctx.user, org, ("owner",))
    user = ctx.session.scalar(select(User).where(User.username == username))
    row = ctx.session.get(Membership, (org.id, user.id)) if user else None
    if row is None:
        raise NotFound(f"{username!r} is not a member of {org_slug}")
    if row.role == "owner":
        _keep_an_owner(ctx, org)
    ctx.session.delete(row)
    ctx.session.flush()


def _keep_an_owner(ctx: Ctx, org: Org) -> None:
    owners = ctx.session.scalar(
        select(func.count()).where(Membership.org_id == org.id, Membership.role == "owner")
    )
    if (owners or 0) <= 1:
        raise Conflict(f"{org.slug} needs at least one owner; make someone else owner first")
