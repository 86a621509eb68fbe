"""The REST API under /api/v1 (flask-smorest): blueprints, error shape, security schemes."""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from . import accounts, errors, exchange, graphs, meta, orgs


def init_app(app: Flask) -> Api:
    api = Api(
        app,
        spec_kwargs={
            "info": {"description": "The open API of toc-editor: versioned theories of change."},
        },
    )
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("basicAuth", {"type": "http", "scheme": "basic"})
    api.spec.options["security"] = [{"bearerAuth": []}, {}]
    for module in (meta, accounts, orgs, graphs, exchange):
        api.register_blueprint(module.blp, url_prefix="/api/v1")
    errors.register(app)
    return api
