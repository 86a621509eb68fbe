"""Who is calling: a bearer token, or the browser session (with a CSRF header on writes).

The browser session's cookie (Flask's signed cookie) holds a secret (``sid``) and the CSRF
token; the server keeps only the secret's SHA-256 (``browser_sessions``), so signing out,
a password change or "sign out my other browsers" ends a session whatever its cookie says.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from flask import current_app, g, request, session

from ..services import accounts
from ..services.context import Ctx
from ..services.errors import Forbidden

if TYPE_CHECKING:
    from ..storage.models import User
    from ..storage.uow import UnitOfWork

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def unit_of_work() -> UnitOfWork:
    """This request's unit of work (made by the factory ``create_app`` installed)."""
    if "toc_uow" not in g:
        g.toc_uow = current_app.extensions["toc_unit_of_work"]()
    return g.toc_uow  # type: ignore[no-any-return]


def _resolve_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return accounts.user_for_token(Ctx(unit_of_work()), header[7:].strip())
    secret = session.get("sid")
    if not isinstance(secret, str):
        if session:
            session.clear()  # a cookie from before server-side sessions: signed out
        return None
    user = accounts.user_for_browser_session(Ctx(unit_of_work()), secret)
    if user is None:  # signed out, expired, or its password changed: forget the cookie
        session.clear()
        return None
    if request.method in UNSAFE:
        sent = request.headers.get("X-CSRF-Token", "")
        if not secrets.compare_digest(sent, str(session.get("csrf", ""))):
            raise Forbidden("missing or wrong X-CSRF-Token header for a signed-in browser request")
    g.toc_browser_session = secret
    return user


def current_user() -> User | None:
    if "toc_user" not in g:
        g.toc_user = _resolve_user()
    return g.toc_user  # type: ignore[no-any-return]


def browser_session() -> str | None:
    """The secret of the browser session this request came with (None: a token, or none)."""
    current_user()
    return g.get("toc_browser_session")


def ctx() -> Ctx:
    """The use-case context for this request."""
    return Ctx(unit_of_work(), user=current_user())


def credentials_ctx() -> Ctx:
    """The context of a request that signs in with the credentials it carries (HTTP Basic):
    no caller is resolved from a token or cookie."""
    return Ctx(unit_of_work())


def start_session(c: Ctx, user: User) -> str:
    """Sign this browser in as ``user`` (a new session, lasting the cookie's lifetime, in
    place of any it had); the CSRF token for its writes."""
    old = session.get("sid")
    lifetime = current_app.permanent_session_lifetime
    replacing = old if isinstance(old, str) else None
    secret = accounts.start_browser_session(c, user, lifetime, replacing=replacing)
    return remember_session(secret)


def remember_session(secret: str) -> str:
    """Put a new browser session's secret in the cookie; the CSRF token for its writes."""
    session.clear()
    session["sid"] = secret
    session["csrf"] = secrets.token_urlsafe(24)
    session.permanent = True
    g.toc_browser_session = secret
    return session["csrf"]  # type: ignore[no-any-return]


def end_session(c: Ctx) -> None:
    """Sign this browser out: its session ends on the server and the cookie is cleared."""
    secret = browser_session()
    if secret is not None:
        accounts.end_browser_session(c, secret)
    session.clear()
    g.pop("toc_browser_session", None)
