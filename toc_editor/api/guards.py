"""Input checks that apply to every API request, before any view runs.

Every way text comes in (the path, the query, form fields, uploaded file names, HTTP Basic
credentials and bearer tokens, the JSON body) meets the domain's one text rule
(:mod:`toc_editor.domain.text`): no NUL characters, no unpaired surrogates, and JSON
nested at most ``MAX_DEPTH`` deep. A refusal is a 400 naming where, never a 500:
``{"message": "ops/0/set/label: may not contain NUL...",
"errors": {"json": {"ops/0/set/label": ["may not contain NUL..."]}}}``.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, request

from ..domain.text import MAX_DEPTH, find_bad_text
from ..services.errors import ServiceError


class BadText(ServiceError):
    """400: text that cannot be stored, or JSON nested too deep, at ``location``/``where``."""

    def __init__(self, location: str, where: str, problem: str) -> None:
        super().__init__(problem, where=where or "(the whole value)")
        self.location = location


def _credentials() -> dict[str, Any]:
    """The text of the Authorization header a view would look at."""
    auth = request.authorization
    if auth is None:
        return {}
    if auth.type == "basic":
        return {"username": auth.username or "", "password": auth.password or ""}
    return {"token": auth.token or ""}


def _json_body() -> Any:
    """The parsed JSON body (cached by Flask for the view), refusing what cannot parse
    without exhausting the recursion limit."""
    try:
        return request.get_json(silent=True)
    except RecursionError:
        raise BadText("json", "", f"nested more than {MAX_DEPTH} levels deep") from None


def register(app: Flask) -> None:
    @app.before_request
    def refuse_unstorable_text() -> None:
        if not request.path.startswith("/api/"):
            return
        parts: list[tuple[str, Any]] = [
            ("path", request.path),
            ("query", request.args.to_dict(flat=False)),
            ("authorization", _credentials()),
        ]
        if request.is_json:
            parts.append(("json", _json_body()))
        if request.form:
            parts.append(("form", request.form.to_dict(flat=False)))
        if request.files:
            names = {
                key: [f.filename or "" for f in request.files.getlist(key)] for key in request.files
            }
            parts.append(("files", names))
        for location, value in parts:
            found = find_bad_text(value)
            if found is not None:
                raise BadText(location, found[0].lstrip("/"), found[1])
