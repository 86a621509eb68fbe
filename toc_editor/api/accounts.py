"""Users, tokens, the browser session and the signed-in user."""

from __future__ import annotations

from typing import Any

from flask import current_app, request, session, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from ..services import accounts
from ..services.access import require_user
from ..services.errors import Forbidden
from . import schemas
from .auth import (
    browser_session,
    credentials_ctx,
    ctx,
    current_user,
    end_session,
    remember_session,
    start_session,
)
from .limits import (
    basic_username,
    body_username,
    signin_limit,
    signup_limit,
    wrong_current_password,
)

blp = Blueprint("accounts", __name__, description="Users, API tokens and sign-in")

TOO_MANY = "Too many failed sign-ins: wait for Retry-After"


def _own_username() -> str | None:
    user = current_user()
    return user.username if user is not None else None


@blp.route("/users")
class Users(MethodView):
    @signup_limit
    @blp.arguments(schemas.UserCreateSchema)
    @blp.response(201, schemas.UserSchema)
    @blp.alt_response(429, description="Too many sign-ups from this address: wait for Retry-After")
    def post(self, body: dict[str, Any]) -> Any:
        """Register a user (open unless TOC_OPEN_REGISTRATION=0)."""
        if not current_app.config["TOC_OPEN_REGISTRATION"]:
            raise Forbidden("registration is closed here; ask an administrator for an account")
        c = ctx()
        user = accounts.register(c, body["username"], body["email"], body["password"])
        return (
            {"id": user.id, "username": user.username},
            201,
            {"Location": url_for("accounts.Me", _external=False)},
        )


@blp.route("/tokens")
class Tokens(MethodView):
    @blp.response(200, schemas.TokenInfoSchema(many=True))
    def get(self) -> Any:
        """Your API tokens (never their secrets), newest first; expired ones until revoked."""
        return accounts.tokens(ctx())

    @signin_limit(basic_username)
    @blp.arguments(schemas.TokenCreateSchema, required=False)
    @blp.response(201, schemas.TokenSchema)
    @blp.alt_response(429, description=TOO_MANY)
    @blp.doc(security=[{"basicAuth": []}, {"bearerAuth": []}])
    def post(self, body: dict[str, Any]) -> Any:
        """Make an API token: with HTTP Basic credentials, or signed in (a token, or the
        browser session with its X-CSRF-Token). The secret is in this answer only."""
        if basic_username() is None:
            c = ctx()
            user = require_user(c.user)
        else:  # the credentials decide, not a cookie the client may also send
            c = credentials_ctx()
            auth = request.authorization
            assert auth is not None
            user = accounts.authenticate(c, auth.username or "", auth.password or "")
        config = current_app.config
        row, token = accounts.create_token(
            c,
            user,
            name=body.get("name", ""),
            days=body.get("expires_in_days", config["TOC_TOKEN_DAYS"]),
            max_days=config["TOC_TOKEN_MAX_DAYS"],
        )
        shown = {field: getattr(row, field) for field in schemas.TokenInfoSchema().fields}
        return {**shown, "token": token}, 201, {"Location": url_for("accounts.Tokens")}


@blp.route("/tokens/<int:token_id>")
class OneToken(MethodView):
    @blp.response(204)
    def delete(self, token_id: int) -> None:
        """Revoke one of your API tokens (404 if it is not yours); it stops working at once."""
        c = ctx()
        accounts.revoke_token(c, token_id)


@blp.route("/session")
class Session(MethodView):
    @blp.response(200, schemas.SessionSchema)
    def get(self) -> Any:
        """The browser session: who is signed in, and the CSRF token for writes."""
        user = require_user(ctx().user)
        return {"user": user, "csrf_token": session.get("csrf", "")}

    @signin_limit(body_username)
    @blp.arguments(schemas.SessionCreateSchema)
    @blp.response(200, schemas.SessionSchema)
    @blp.alt_response(429, description=TOO_MANY)
    def post(self, body: dict[str, Any]) -> Any:
        """Sign in the browser (sets an HttpOnly cookie; a session of its own on the server)."""
        c = ctx()
        user = accounts.authenticate(c, body["username"], body["password"])
        csrf = start_session(c, user)
        return {"user": user, "csrf_token": csrf}

    @blp.response(204)
    def delete(self) -> None:
        """Sign out: the session ends on the server too (needs the X-CSRF-Token header)."""
        c = ctx()
        require_user(c.user)
        end_session(c)


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


@blp.route("/user/password")
class Password(MethodView):
    @signin_limit(_own_username, wrong_current_password)
    @blp.arguments(schemas.PasswordChangeSchema)
    @blp.response(204)
    @blp.alt_response(429, description=TOO_MANY)
    def put(self, body: dict[str, Any]) -> None:
        """Change your password (422 naming `current_password` when it is wrong). Ends all
        your browser sessions; the one that asked starts afresh (fetch `GET /session` for
        its new CSRF token). API tokens keep working until revoked or expired."""
        c = ctx()
        came_from_browser = browser_session() is not None
        lifetime = current_app.permanent_session_lifetime if came_from_browser else None
        secret = accounts.change_password(
            c, body["current_password"], body["new_password"], new_session=lifetime
        )
        if secret is not None:
            remember_session(secret)


@blp.route("/user/sessions")
class Sessions(MethodView):
    @blp.response(204)
    def delete(self) -> None:
        """Sign out your other browsers (this one stays signed in; tokens keep working)."""
        c = ctx()
        accounts.end_browser_sessions(c, keep=browser_session())
