"""Input checks that apply to every API request, before any view runs."""

from __future__ import annotations

from typing import Any

from flask import Flask, request
from werkzeug.exceptions import BadRequest


def _nul_in(value: Any, path: str) -> str | None:
    """The path of the first string holding a NUL character, or None."""
    if isinstance(value, str):
        return path if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_in(key, path) or _nul_in(item, f"{path}/{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, f"{path}/{index}")
            if found:
                return found
    return None


def register(app: Flask) -> None:
    @app.before_request
    def refuse_nul_characters() -> None:
        """PostgreSQL cannot store NUL in text, and no theory of change needs one."""
        if not request.path.startswith("/api/"):
            return
        where = _nul_in(request.path, "path") or _nul_in(request.args.to_dict(flat=False), "query")
        if where is None and request.is_json:
            where = _nul_in(request.get_json(silent=True), "json")
        if where is None and request.form:
            where = _nul_in(request.form.to_dict(flat=False), "form")
        if where is not None:
            raise BadRequest(f"{where}: text may not contain NUL (\\u0000) characters")
