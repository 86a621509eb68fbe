"""The REST API under /api/v1 (flask-smorest): blueprints, error shape, security schemes."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from . import (
    accounts,
    collab,
    errors,
    exchange,
    explore,
    graphs,
    guards,
    health,
    limits,
    live,
    orgs,
    portfolio,
    progress,
    render,
    results,
    shared_measurement,
)


def _first_problem(errors: Any, path: str = "") -> str | None:
    """``"json/slug: Not a valid string."`` from webargs' nested error dict."""
    if isinstance(errors, dict):
        for key, value in errors.items():
            found = _first_problem(value, f"{path}/{key}" if path else str(key))
            if found:
                return found
    elif isinstance(errors, list) and errors:
        if all(isinstance(e, str) for e in errors):
            return f"{path}: {errors[0]}"
        return _first_problem(errors[0], path)
    return None


class TocApi(Api):  # type: ignore[misc]
    """flask-smorest's API with one error shape: every error has a human ``message``."""

    def handle_http_exception(self, error: HTTPException) -> Any:
        payload, code, headers = super().handle_http_exception(error)
        if "message" not in payload:
            payload["message"] = _first_problem(payload.get("errors")) or (
                error.description or error.name
            )
        return payload, code, headers


def init_app(app: Flask) -> Api:
    api = TocApi(
        app,
        spec_kwargs={
            "info": {"description": "The open API of toc-editor: versioned theories of change."},
        },
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    api.spec.options["security"] = [{"bearerAuth": []}, {}]
    for module in (
        health,
        accounts,
        orgs,
        explore,
        graphs,
        exchange,
        render,
        collab,
        live,
        results,
        progress,
        portfolio,
        shared_measurement,
    ):
        api.register_blueprint(module.blp, url_prefix="/api/v1")
    errors.register(app)
    guards.register(app)
    limits.limiter.init_app(app)
    return api
