"""Users, tokens, the browser session and the signed-in user."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, session, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import accounts
from ..services.access import require_user
from ..services.errors import Forbidden, Unauthorized
from . import schemas
from .auth import ctx, start_session
from .limits import signin_limit

blp = Blueprint("accounts", __name__, description="Users, API tokens and sign-in")


@blp.route("/users")
class Users(MethodView):
    @blp.arguments(schemas.UserCreateSchema)
    @blp.response(201, schemas.UserSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Register a user (open unless TOC_OPEN_REGISTRATION=0)."""
        if not current_app.config["TOC_OPEN_REGISTRATION"]:
            raise Forbidden("registration is closed here; ask an administrator for an account")
        c = ctx()
        user = accounts.register(c, body["username"], body["email"], body["password"])
        c.session.commit()
        return (
            {"id": user.id, "username": user.username},
            201,
            {"Location": url_for("accounts.Me", _external=False)},
        )


@blp.route("/tokens")
class Tokens(MethodView):
    @signin_limit
    @blp.response(201, schemas.TokenSchema)
    @blp.alt_response(429, description="Too many failed sign-ins: wait for Retry-After")
    @blp.doc(security=[{"basicAuth": []}])
    def post(self) -> Any:
        """Issue an API token for the user named in HTTP Basic credentials."""
        auth = request.authorization
        if auth is None or auth.type != "basic" or not auth.username:
            raise Unauthorized("send your username and password as HTTP Basic credentials")
        c = ctx()
        user = accounts.authenticate(c, auth.username, auth.password or "")
        token = accounts.issue_token(c, user)
        c.session.commit()
        return {"token": token}, 201, {"Location": url_for("accounts.Me")}


@blp.route("/session")
class Session(MethodView):
    @blp.response(200, schemas.SessionSchema)
    def get(self) -> Any:
        """The browser session: who is signed in, and the CSRF token for writes."""
        user = require_user(ctx().user)
        return {"user": user, "csrf_token": session.get("csrf", "")}

    @signin_limit
    @blp.arguments(schemas.SessionCreateSchema)
    @blp.response(200, schemas.SessionSchema)
    @blp.alt_response(429, description="Too many failed sign-ins: wait for Retry-After")
    def post(self, body: dict[str, Any]) -> Any:
        """Sign in the browser (sets an HttpOnly cookie)."""
        user = accounts.authenticate(ctx(), body["username"], body["password"])
        return {"user": user, "csrf_token": start_session(user)}

    @blp.response(204)
    def delete(self) -> None:
        """Sign out."""
        session.clear()


@blp.route("/user")
class Me(MethodView):
    @blp.response(200, schemas.MeSchema)
    def get(self) -> Any:
        """The signed-in user and their organisations."""
        c = ctx()
        user = require_user(c.user)
        return {
            "id": user.id,
            "username": user.username,
            "email": user.email,
            "orgs": [
                {"slug": m.org.slug, "name": m.org.name, "role": m.role}
                for m in accounts.memberships(c, user)
            ],
        }
