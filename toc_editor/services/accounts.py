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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy.exc import OperationalError
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import lengths, names
from ..domain.permissions import ANONYMOUS, allowed
from ..storage.models import ApiToken, BrowserSession, Membership, Org, User
from . import passwords
from .access import ROLES, can_see_members, org_by_slug, require_role, require_user, role_in
from .context import Ctx
from .errors import Busy, Conflict, Invalid, NotFound, Unauthorized

# The name rules are the domain's (domain/names.py); their regexes end in \Z, so ``.match``
# matches the whole string ("abc\n" is refused).
USERNAME = names.USERNAME.regex
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\Z")
UNUSABLE_PASSWORD = "!"
"""The stored hash of an account no password signs in to (the seed's example colleagues, who
author its history): it is no hash werkzeug makes, so no password matches it."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def register(
    ctx: Ctx, username: str, email: str, password: str | None, *, allow_weak_password: bool = False
) -> User:
    """Create a user with a hashed password (scrypt via werkzeug).

    The password must pass :func:`passwords.require_strong`; ``allow_weak_password`` skips
    the strength estimate (not the length rule) for the seed command's documented demo
    account only. ``password=None``: an account nobody can sign in to with a password
    (:data:`UNUSABLE_PASSWORD`; the seed's colleagues), and no scrypt to pay for it.
    """
    if not names.USERNAME.matches(username):
        raise Invalid(names.USERNAME.message, where="username")
    if not EMAIL.fullmatch(email) or not lengths.EMAIL.fits(email):
        raise Invalid("not an email address", where="email")
    if password is not None and allow_weak_password:
        if not passwords.MIN_LENGTH <= len(password) <= passwords.MAX_LENGTH:
            raise Invalid("must be 8-200 characters", where="password")
    elif password is not None:
        passwords.require_strong(password, username=username, email=email)
    with ctx.uow:
        if ctx.uow.accounts.username_taken(username):
            raise Conflict(f"the username {username!r} is taken", where="username")
        hashed = UNUSABLE_PASSWORD if password is None else generate_password_hash(password)
        user = ctx.uow.accounts.add(User(username=username, email=email, password_hash=hashed))
        ctx.uow.commit()
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
    user = ctx.uow.accounts.user(username)
    if user is None or user.password_hash == UNUSABLE_PASSWORD:
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
    if not lengths.TOKEN_NAME.fits(name):
        raise Invalid(lengths.TOKEN_NAME.message, where="name")
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
    with ctx.uow:
        ctx.uow.accounts.add(row)
        ctx.uow.commit()
    return row, token


def user_for_token(ctx: Ctx, token: str) -> User:
    """The user a bearer token belongs to (one query); 401 for an unknown, revoked or
    expired token. Its ``last_used_at`` is brought up to date about once a minute, in a
    transaction of its own that is never worth failing a request for."""
    found = ctx.uow.accounts.token_and_user(_token_hash(token))
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
        return user
    with ctx.uow:
        try:
            ctx.uow.accounts.touch_token(token_id, now, unless_since=now - TOKEN_TOUCH_EVERY)
            ctx.uow.commit()
        except OperationalError:  # the database is busy: the stamp can wait a minute
            ctx.uow.rollback()
    return user


def tokens(ctx: Ctx) -> list[ApiToken]:
    """The caller's API tokens, newest first (expired ones too, until revoked)."""
    return ctx.uow.accounts.tokens(require_user(ctx.user).id)


def revoke_token(ctx: Ctx, token_id: int) -> None:
    """Revoke one of the caller's tokens; 404 for anyone else's (as for one that never was)."""
    user = require_user(ctx.user)
    if not 0 < token_id < 2**31:  # ids are 32-bit integers; PostgreSQL refuses others
        raise NotFound(f"you have no API token {token_id}")
    with ctx.uow:
        if not ctx.uow.accounts.delete_token(token_id, user.id):
            raise NotFound(f"you have no API token {token_id}")
        ctx.uow.commit()


# -- browser sessions ---------------------------------------------------------------------


def start_browser_session(
    ctx: Ctx, user: User, lifetime: timedelta, *, replacing: str | None = None
) -> str:
    """Sign a browser in as ``user`` for ``lifetime``, ending the session whose secret is
    ``replacing`` (the browser's previous one); the new secret, for the cookie (only its
    SHA-256 is stored). The user's expired sessions are swept here."""
    with ctx.uow:
        if replacing is not None:
            ctx.uow.accounts.end_sessions(digest=_token_hash(replacing))
        secret = _start_browser_session(ctx, user, lifetime)
        ctx.uow.commit()
    return secret


def _start_browser_session(ctx: Ctx, user: User, lifetime: timedelta) -> str:
    now = _now()
    ctx.uow.accounts.end_sessions(user_id=user.id, expired_by=now)
    secret = secrets.token_urlsafe(32)
    ctx.uow.accounts.add(
        BrowserSession(
            id=_token_hash(secret), user_id=user.id, created_at=now, expires_at=now + lifetime
        )
    )
    return secret


def user_for_browser_session(ctx: Ctx, secret: str) -> User | None:
    """The user of a live browser session (one query), or None: ended, expired or unknown."""
    return ctx.uow.accounts.user_by_session(_token_hash(secret), _now())


def end_browser_session(ctx: Ctx, secret: str) -> None:
    """Sign a browser out: end its session (nothing happens if it has ended already)."""
    with ctx.uow:
        ctx.uow.accounts.end_sessions(digest=_token_hash(secret))
        ctx.uow.commit()


def end_browser_sessions(ctx: Ctx, *, keep: str | None = None) -> int:
    """End the caller's browser sessions except the one whose secret is ``keep``; how many."""
    user = require_user(ctx.user)
    kept = _token_hash(keep) if keep is not None else None
    with ctx.uow:
        ended = ctx.uow.accounts.end_sessions(user_id=user.id, keep=kept)
        ctx.uow.commit()
    return ended


def change_password(
    ctx: Ctx, current_password: str, new_password: str, *, new_session: timedelta | None = None
) -> str | None:
    """Set the caller's password and end all their browser sessions; tokens keep working.
    With ``new_session``, the browser that asked starts a new one of that lifetime in the
    same transaction: its secret is returned.

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
    with ctx.uow:
        user.password_hash = generate_password_hash(new_password)
        ctx.uow.accounts.end_sessions(user_id=user.id)
        secret = _start_browser_session(ctx, user, new_session) if new_session else None
        ctx.uow.commit()
    return secret


def user_named(ctx: Ctx, username: str) -> User | None:
    """The user called ``username``, or None (for the server's own commands)."""
    return ctx.uow.accounts.user(username)


def org_named(ctx: Ctx, slug: str) -> Org | None:
    """The organisation ``slug``, or None (for the server's own commands)."""
    return ctx.uow.orgs.by_slug(slug)


def first_owner(ctx: Ctx, org_slug: str) -> User | None:
    """An owner of the organisation (the first by username), or None."""
    org = ctx.uow.orgs.by_slug(org_slug)
    owners = [m for m in ctx.uow.orgs.members(org.id) if m.role == "owner"] if org else []
    return owners[0].user if owners else None


def memberships(ctx: Ctx, user: User) -> list[Membership]:
    return ctx.uow.orgs.memberships_of(user.id)


def create_org(ctx: Ctx, slug: str, name: str) -> Org:
    user = require_user(ctx.user)
    if not names.ORG_SLUG.matches(slug):
        raise Invalid(names.ORG_SLUG.problem(slug), where="slug")
    if not lengths.TITLE.fits(name):
        raise Invalid(lengths.TITLE.message, where="name")
    with ctx.uow:
        if ctx.uow.orgs.by_slug(slug) is not None:
            raise Conflict(f"the organisation {slug!r} exists already", where="slug")
        org = ctx.uow.orgs.add(Org(slug=slug, name=name.strip()))
        ctx.uow.orgs.add(Membership(org_id=org.id, user_id=user.id, role="owner"))
        ctx.uow.commit()
    return org


def members(ctx: Ctx, org: Org) -> list[Membership] | None:
    """The organisation's members by username, or None when the caller is not one of them."""
    if not can_see_members(ctx, org):
        return None
    return ctx.uow.orgs.members(org.id)


@dataclass(frozen=True)
class Roster:
    """What the caller may know of an organisation's members."""

    role: str | None
    """The caller's role there (None: not a member, or not signed in)."""
    members: list[Membership] | None
    """The members by username; None when the caller may not see them (not a member)."""
    emails: bool
    """Whether the caller may see the members' e-mail addresses (owners: they add people
    by username or e-mail)."""


def roster(ctx: Ctx, org: Org) -> Roster:
    """The caller's role in ``org`` and what they may see of its members."""
    role = role_in(ctx, org)
    who = ANONYMOUS if ctx.user is None else role
    shown = ctx.uow.orgs.members(org.id) if allowed("see_members", who) else None
    return Roster(role, shown, allowed("see_member_emails", who))


def find_account(ctx: Ctx, who: str, where: str = "user") -> User:
    """The one account whose username (regardless of case) or, given an ``@``, e-mail
    (regardless of case) is ``who``: 404 when there is none, 422 when several accounts
    share that e-mail (the username then tells them apart)."""
    who = who.strip()
    found = ctx.uow.accounts.by_name_or_email(who) if who else []
    if not found:
        raise NotFound(f"No account with the username or e-mail {who!r}", where=where)
    if len(found) > 1:
        raise Invalid(
            f"{len(found)} accounts use the e-mail {who!r}: add the person by username",
            where=where,
        )
    return found[0]


def add_member(ctx: Ctx, org_slug: str, who: str, role: str) -> Membership:
    """Add the account ``who`` (a username or an e-mail, :func:`find_account`) to the
    organisation with ``role`` (owners only); 409 when they are a member already."""
    with ctx.uow:
        org = org_by_slug(ctx, org_slug)
        require_user(ctx.user)
        _lock_members(ctx, org)
        require_role(ctx, org, ("owner",))
        if role not in ROLES:
            raise Invalid(f"must be one of {', '.join(ROLES)}", where="role")
        user = find_account(ctx, who)
        row = ctx.uow.orgs.membership(org.id, user.id)
        if row is not None:
            raise Conflict(
                f"{user.username} is already a member of {org.slug} ({row.role}); "
                "change their role instead",
                where="user",
            )
        row = ctx.uow.orgs.add(Membership(org_id=org.id, user_id=user.id, role=role))
        ctx.uow.commit()
    return row


def _lock_members(ctx: Ctx, org: Org) -> None:
    """Take the organisation's turn for membership changes until the transaction ends.

    One no-op write to the organisation's row, as ``GraphStore.lock_branch`` does for a
    branch on SQLite: PostgreSQL locks that row (a second writer waits for the first to
    commit, then reads what it wrote), SQLite begins its write transaction now. So "is
    someone else still an owner?" and the change are one step, and two owners demoting
    each other at once cannot both succeed.
    """
    try:
        ctx.uow.orgs.lock(org.id)
    except OperationalError:
        ctx.uow.rollback()
        raise Busy(
            "the database could not give this change a turn in time; please retry",
            retry_after=2,
        ) from None


def set_member(ctx: Ctx, org_slug: str, username: str, role: str) -> Membership:
    """Add a member or change a role (owners only)."""
    with ctx.uow:
        org = org_by_slug(ctx, org_slug)
        require_user(ctx.user)
        _lock_members(ctx, org)
        require_role(ctx, org, ("owner",))
        if role not in ROLES:
            raise Invalid(f"must be one of {', '.join(ROLES)}", where="role")
        user = ctx.uow.accounts.user(username)
        if user is None:
            raise NotFound(f"no user {username!r}")
        row = ctx.uow.orgs.membership(org.id, user.id)
        if row is not None and row.role == "owner" and role != "owner":
            _keep_an_owner(ctx, org)
        if row is None:
            row = ctx.uow.orgs.add(Membership(org_id=org.id, user_id=user.id, role=role))
        row.role = role
        ctx.uow.commit()
    return row


def remove_member(ctx: Ctx, org_slug: str, username: str) -> None:
    """Remove a member (owners only; never the last owner)."""
    with ctx.uow:
        org = org_by_slug(ctx, org_slug)
        require_user(ctx.user)
        _lock_members(ctx, org)
        require_role(ctx, org, ("owner",))
        user = ctx.uow.accounts.user(username)
        row = ctx.uow.orgs.membership(org.id, user.id) if user else None
        if row is None:
            raise NotFound(f"{username!r} is not a member of {org_slug}")
        if row.role == "owner":
            _keep_an_owner(ctx, org)
        ctx.uow.orgs.delete(row)
        ctx.uow.commit()


def _keep_an_owner(ctx: Ctx, org: Org) -> None:
    """409 unless the organisation has another owner (call with its members locked)."""
    if ctx.uow.orgs.owner_count(org.id) <= 1:
        raise Conflict(f"{org.slug} needs at least one owner; make someone else owner first")
