"""Failed sign-ins are limited per client address and username (Flask-Limiter).

Only answers of 401 count, so people who type their password right are never slowed, and
someone guessing one account's password gets ``TOC_SIGNIN_LIMIT`` tries (default 10 a
minute) from one address before a 429 with ``Retry-After``. Counters live where
``TOC_RATELIMIT_STORAGE_URI`` says: ``memory://`` (default; each worker process counts
alone) or ``redis://host:6379`` to share them between workers and machines.
"""

from __future__ import annotations

from flask import Response, current_app, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def _signin_key() -> str:
    """``address|username``: the username from HTTP Basic or from the JSON body."""
    name = request.authorization.username if request.authorization else None
    if name is None:
        body = request.get_json(silent=True)
        name = body.get("username") if isinstance(body, dict) else None
    return f"{get_remote_address()}|{str(name or '')[:200]}"


def _failed(response: Response) -> bool:
    return response.status_code == 401


def _signin_limit() -> str:
    return str(current_app.config["TOC_SIGNIN_LIMIT"])


# Shared by POST /tokens and POST /session: one budget of guesses, not one per route.
signin_limit = limiter.shared_limit(
    _signin_limit,
    scope="sign-in",
    key_func=_signin_key,
    deduct_when=_failed,
    error_message="too many failed sign-ins for this username from your address; "
    "wait for the time in Retry-After",
)
