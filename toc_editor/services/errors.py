"""Errors the use cases raise; the API maps each to one HTTP status."""

from __future__ import annotations

from typing import Any

from ..rendering.errors import RenderFailed as RenderFailed  # re-exported: a render's
from ..rendering.errors import RenderTimeout as RenderTimeout  # failures reach callers as is


class ServiceError(Exception):
    """400 unless a subclass says otherwise; ``where`` names the field, inside ``location``
    (``json``, ``query``, ``path``, ``form``, ``files`` or ``authorization``)."""

    status = 400
    location = "json"

    def __init__(self, message: str, *, where: str | None = None, **extra: Any) -> None:
        super().__init__(message)
        self.message = message
        self.where = where
        self.extra = extra


class NotFound(ServiceError):
    status = 404


class Unauthorized(ServiceError):
    status = 401


class Forbidden(ServiceError):
    status = 403


class Conflict(ServiceError):
    """409: the thing exists already, or concurrent changes collide (``extra["conflicts"]``)."""

    status = 409


class Invalid(ServiceError):
    """422: well-formed but breaks a rule (``where`` says which field)."""

    status = 422


class Busy(ServiceError):
    """503: the server could not serve this in time (the database gave a write no turn, or
    every ``dot`` slot stayed taken); retry after ``retry_after`` seconds."""

    status = 503
