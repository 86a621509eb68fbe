"""Users, their browser sessions and API tokens, and organisations.

Secrets (a browser session's, an API token's) are stored only as their SHA-256, so the
database alone signs nobody in. Ending a browser session deletes its row, whatever the
cookie says; a token stops working when revoked or at ``expires_at``. Changing the password
ends every browser session of the user (the API starts a new one for the browser that asked)
and leaves API tokens working: each is revoked on its own.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import bindparam, delete, func, or_, select, update
from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import names
from ..storage.models import ApiToken, BrowserSession, Membership, Org, User
from . import passwords
from .access import ROLES, can_see_members, org_by_slug, require_role, require_user
from .context import Ctx
from .errors import Busy, Conflict, Invalid, NotFound, Unauthorized

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


TOKEN_TOUCH_EVERY = timedelta(minutes=1)
"""``last_used_at`` is written at most this often per token (not on every request)."""


def _now() -> datetime:
    return datetime.now(UTC)


DEFAULT_TOKEN_DAYS = 90
"""How long a token works when nobody says (the app passes ``TOC_TOKEN_DAYS``)."""


def issue_token(ctx: Ctx, user: User, *, days: int = DEFAULT_TOKEN_DAYS) -> str:
    """A new bearer token's secret (the scripts' and benchmarks' shorthand)."""
    return create_token(ctx, user, days=days)[1]


def create_token(
    ctx: Ctx,
    user: User,
    *,
    name: str = "",
    days: int = DEFAULT_TOKEN_DAYS,
    max_days: int | None = None,
) -> tuple[ApiToken, str]:
    """A new bearer token working for ``days`` days: the row, and the secret (shown once;
    only its SHA-256 is stored). ``max_days`` bounds what a caller may ask for."""
    name = name.strip()
    if len(name) > 100:
        raise Invalid("must be at most 100 characters", where="name")
    if days < 1 or (max_days is not None and days > max_days):
        raise Invalid(f"must be 1-{max_days} days", where="expires_in_days")
    token = "toc_" + secrets.token_urlsafe(32)
    now = _now()
    row = ApiToken(
        user_id=user.id,
        token_hash=_token_hash(token),
        name=name,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    ctx.session.add(row)
    ctx.session.flush()
    return row, token


# Built once: every API request runs it, and building a statement costs as much as running it.
_TOKEN_AND_USER = (
    select(ApiToken.id, ApiToken.expires_at, ApiToken.last_used_at, User)
    .join(User, ApiToken.user_id == User.id)
    .where(ApiToken.token_hash == bindparam("digest"))
)


def user_for_token(ctx: Ctx, token: str) -> tuple[User, bool]:
    """The user a bearer token belongs to (one query), and whether ``last_used_at`` was
    updated (then the caller commits). 401 for an unknown, revoked or expired token."""
    found = ctx.session.execute(_TOKEN_AND_USER, {"digest": _token_hash(token)}).first()
    if found is None:
        raise Unauthorized("this API token is not valid (it may have been revoked)")
    token_id, expires_at, last_used_at, user = found
    now = _now()
    if expires_at is not None and expires_at <= now:
        raise Unauthorized(
            f"this API token expired on {expires_at:%Y-%m-%d %H:%M} UTC; "
            "make a new one (POST /tokens, or your account page)"
        )
    if last_used_at is not None and now - last_used_at < TOKEN_TOUCH_EVERY:
        return user, False
    ctx.session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - TOKEN_TOUCH_EVERY),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    return user, True


def tokens(ctx: Ctx) -> list[ApiToken]:
    """The caller's API tokens, newest first (expired ones too, until revoked)."""
    user = require_user(ctx.user)
    return list(
        ctx.session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


def revoke_token(ctx: Ctx, token_id: int) -> None:
    """Revoke one of the caller's tokens; 404 for anyone else's (as for one that never was)."""
    user = require_user(ctx.user)
    if not 0 < token_id < 2**31:  # ids are 32-bit integers; PostgreSQL refuses others
        raise NotFound(f"you have no API token {token_id}")
    gone = ctx.session.execute(
        delete(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == user.id)
        .execution_options(synchronize_session=False)
    )
    if gone.rowcount != 1:  # type: ignore[attr-defined]
        raise NotFound(f"you have no API token {token_id}")


# -- browser sessions ---------------------------------------------------------------------


def start_browser_session(ctx: Ctx, user: User, lifetime: timedelta) -> str:
    """A new browser session for ``user`` lasting ``lifetime``: its secret, for the cookie
    (only the secret's SHA-256 is stored). The user's expired sessions are swept here."""
    now = _now()
    ctx.session.execute(
        delete(BrowserSession)
        .where(BrowserSession.user_id == user.id, BrowserSession.expires_at <= now)
        .execution_options(synchronize_session=False)
    )
    secret = secrets.token_urlsafe(32)
    ctx.session.add(
        BrowserSession(
            id=_token_hash(secret), user_id=user.id, created_at=now, expires_at=now + lifetime
        )
    )
    ctx.session.flush()
    return secret


_USER_BY_SESSION = (
    select(User)
    .join(BrowserSession, BrowserSession.user_id == User.id)
    .where(BrowserSession.id == bindparam("digest"), BrowserSession.expires_at > bindparam("now"))
)


def user_for_browser_session(ctx: Ctx, secret: str) -> User | None:
    """The user of a live browser session (one query), or None: ended, expired or unknown."""
    return ctx.session.scalar(_USER_BY_SESSION, {"digest": _token_hash(secret), "now": _now()})


def end_browser_session(ctx: Ctx, secret: str) -> None:
    """End one browser session (nothing happens if it has ended already)."""
    ctx.session.execute(
        delete(BrowserSession)
        .where(BrowserSession.id == _token_hash(secret))
        .execution_options(synchronize_session=False)
    )


def end_browser_sessions(ctx: Ctx, *, keep: str | None = None) -> int:
    """End the caller's browser sessions except the one whose secret is ``keep``; how many."""
    user = require_user(ctx.user)
    query = delete(BrowserSession).where(BrowserSession.user_id == user.id)
    if keep is not None:
        query = query.where(BrowserSession.id != _token_hash(keep))
    ended = ctx.session.execute(query.execution_options(synchronize_session=False))
    return int(ended.rowcount)  # type: ignore[attr-defined]


def change_password(ctx: Ctx, current_password: str, new_password: str) -> None:
    """Set the caller's password and end all their browser sessions; tokens keep working.

    The current password must be right (422 naming ``current_password``: a 401 would tell a
    browser its session ended) and the new one strong (:func:`passwords.require_strong`)
    and different.
    """
    user = require_user(ctx.user)
    if not check_password_hash(user.password_hash, current_password):
        raise Invalid("is not your current password", where="current_password")
    if new_password == current_password:
        raise Invalid("must differ from your current password", where="new_password")
    passwords.require_strong(
        new_password, username=user.username, email=user.email, where="new_password"
    )
    user.password_hash = generate_password_hash(new_password)
    end_browser_sessions(ctx)
    ctx.session.flush()


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


def _lock_members(ctx: Ctx, org: Org) -> None:
    """Take the organisation's turn for membership changes until the transaction ends.

    One no-op write to the organisation's row, as ``GraphStore.lock_branch`` does for a
    branch on SQLite: PostgreSQL locks that row (a second writer waits for the first to
    commit, then reads what it wrote), SQLite begins its write transaction now. So "is
    someone else still an owner?" and the change are one step, and two owners demoting
    each other at once cannot both succeed.
    """
    try:
        ctx.session.execute(
            update(Org)
            .where(Org.id == org.id)
            .values(name=Org.name)
            .execution_options(synchronize_session=False)
        )
    except OperationalError:
        ctx.session.rollback()
        raise Busy(
            "the database could not give this change a turn in time; please retry",
            retry_after=2,
        ) from None


def set_member(ctx: Ctx, org_slug: str, username: str, role: str) -> Membership:
    """Add a member or change a role (owners only)."""
    org = org_by_slug(ctx.session, org_slug)
    require_user(ctx.user)
    _lock_members(ctx, org)
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
    """Remove a member (owners only; never the last owner)."""
    org = org_by_slug(ctx.session, org_slug)
    require_user(ctx.user)
    _lock_members(ctx, org)
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
    """409 unless the organisation has another owner (call with its members locked)."""
    owners = ctx.session.scalar(
        select(func.count()).where(Membership.org_id == org.id, Membership.role == "owner")
    )
    if (owners or 0) <= 1:
        raise Conflict(f"{org.slug} needs at least one owner; make someone else owner first")
