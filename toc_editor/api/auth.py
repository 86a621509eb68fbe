"""Who is calling: a bearer token, or the browser session (with a CSRF header on writes).

The browser session's cookie (Flask's signed cookie) holds a secret (``sid``) and the CSRF
token; the server keeps only the secret's SHA-256 (``browser_sessions``), so signing out,
a password change or "sign out my other browsers" ends a session whatever its cookie says.
"""

from __future__ import annotations

import secrets

from flask import current_app, g, request, session
from sqlalchemy.exc import OperationalError

from ..services import accounts
from ..services.context import Ctx
from ..services.errors import Forbidden
from ..storage.db import db
from ..storage.models import User
from ..storage.repository import GraphStore

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _bearer_user(token: str) -> User:
    user, touched = accounts.user_for_token(Ctx(db.session, _store()), token)
    if touched:  # last_used_at, about once a minute per token: never worth failing a request
        try:
            db.session.commit()
        except OperationalError:
            db.session.rollback()
    return user


def _resolve_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return _bearer_user(header[7:].strip())
    secret = session.get("sid")
    if not isinstance(secret, str):
        if session:
            session.clear()  # a cookie from before server-side sessions: signed out
        return None
    user = accounts.user_for_browser_session(Ctx(db.session, _store()), secret)
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


def _store() -> GraphStore:
    return GraphStore(db.session, current_app.extensions["toc_cache"])


def ctx() -> Ctx:
    """The use-case context for this request."""
    return Ctx(session=db.session, store=_store(), user=current_user())


def credentials_ctx() -> Ctx:
    """The context of a request that signs in with the credentials it carries (HTTP Basic):
    no caller is resolved from a token or cookie."""
    return Ctx(session=db.session, store=_store())


def start_session(c: Ctx, user: User) -> str:
    """Sign this browser in as ``user`` (a new session, lasting the cookie's lifetime, in
    place of any it had); the CSRF token for its writes. The caller commits."""
    old = session.get("sid")
    if isinstance(old, str):
        accounts.end_browser_session(c, old)
    lifetime = current_app.permanent_session_lifetime
    secret = accounts.start_browser_session(c, user, lifetime)
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
