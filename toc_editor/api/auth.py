"""Who is calling: a bearer token, or the browser session (with a CSRF header on writes)."""

from __future__ import annotations

import secrets

from flask import current_app, g, request, session

from ..services import accounts
from ..services.context import Ctx
from ..services.errors import Forbidden, Unauthorized
from ..storage.db import db
from ..storage.models import User
from ..storage.repository import GraphStore

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _resolve_user() -> User | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        user = accounts.user_for_token(Ctx(db.session, _store()), header[7:].strip())
        if user is None:
            raise Unauthorized("this API token is not valid (it may have been revoked)")
        return user
    uid = session.get("uid")
    if uid is None:
        return None
    user = db.session.get(User, uid)
    if user is not None and request.method in UNSAFE:
        sent = request.headers.get("X-CSRF-Token", "")
        if not secrets.compare_digest(sent, session.get("csrf", "")):
            raise Forbidden("missing or wrong X-CSRF-Token header for a signed-in browser request")
    return user


def current_user() -> User | None:
    if "toc_user" not in g:
        g.toc_user = _resolve_user()
    return g.toc_user  # type: ignore[no-any-return]


def _store() -> GraphStore:
    return GraphStore(db.session, current_app.extensions["toc_cache"])


def ctx() -> Ctx:
    """The use-case context for this request."""
    return Ctx(session=db.session, store=_store(), user=current_user())


def start_session(user: User) -> str:
    session.clear()
    session["uid"] = user.id
    session["csrf"] = secrets.token_urlsafe(24)
    session.permanent = True
    return session["csrf"]  # type: ignore[no-any-return]
