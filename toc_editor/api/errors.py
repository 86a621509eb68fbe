"""One JSON error shape for everything: ``{code, status, message, errors?, conflicts?}``."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import Flask, g, jsonify
from flask.typing import ResponseReturnValue
from sqlalchemy.exc import DBAPIError

from ..domain.errors import TocError
from ..services.errors import RenderFailed, RenderTimeout, ServiceError


def _roll_back() -> None:
    """Undo what the request's unit of work had not committed (if it made one)."""
    uow = g.get("toc_uow")
    if uow is not None:
        uow.rollback()


def error_body(status: int, message: str, **extra: Any) -> dict[str, Any]:
    body = {"code": status, "status": HTTPStatus(status).phrase, "message": message}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


def _where_errors(where: str | None, message: str, location: str = "json") -> dict[str, Any] | None:
    return {location: {where: [message]}} if where else None


def _missing_table(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "no such table" in text or ("relation" in text and "does not exist" in text)


def register(app: Flask) -> None:
    @app.errorhandler(ServiceError)
    def service_error(exc: ServiceError) -> ResponseReturnValue:
        _roll_back()
        message = f"{exc.where}: {exc.message}" if exc.where else exc.message
        errors = _where_errors(exc.where, exc.message, exc.location)
        body = error_body(exc.status, message, errors=errors, **exc.extra)
        headers = {"WWW-Authenticate": 'Bearer realm="toc-editor"'} if exc.status == 401 else {}
        if "retry_after" in exc.extra:
            headers["Retry-After"] = str(exc.extra["retry_after"])
        return jsonify(body), exc.status, headers

    @app.errorhandler(TocError)
    def domain_error(exc: TocError) -> ResponseReturnValue:
        _roll_back()
        message = f"{exc.where}: {exc.message}" if exc.where else exc.message
        return jsonify(error_body(422, message, errors=_where_errors(exc.where, exc.message))), 422

    @app.errorhandler(RenderTimeout)
    def render_timeout(exc: RenderTimeout) -> ResponseReturnValue:
        return jsonify(error_body(504, str(exc))), 504

    @app.errorhandler(RenderFailed)
    def render_failed(exc: RenderFailed) -> ResponseReturnValue:
        return jsonify(error_body(502, f"Graphviz could not draw this graph: {exc}")), 502

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> ResponseReturnValue:
        from werkzeug.exceptions import HTTPException

        if isinstance(exc, HTTPException):
            code = exc.code or 500
            return jsonify(error_body(code, exc.description or HTTPStatus(code).phrase)), code
        _roll_back()
        if isinstance(exc, DBAPIError) and _missing_table(exc):
            message = "the database is not initialised: run `toc-editor init-db`"
            return jsonify(error_body(503, message)), 503
        app.logger.exception("unexpected error")
        return jsonify(error_body(500, "something went wrong on our side; it has been logged")), 500
