"""The service itself: health and the templates to start a graph from."""

from __future__ import annotations

from marshmallow import Schema, fields


class HealthSchema(Schema):
    status = fields.String(required=True)
    database = fields.String(required=True)
    graphviz = fields.String(required=True)
    limiter = fields.String(
        required=True,
        metadata={
            "description": "where sign-in limits are counted: `memory (per process)`, "
            "`redis ok`, or `memory (redis unreachable)`"
        },
    )
    live = fields.String(
        required=True,
        metadata={
            "description": "how this process hears live events (`in-process` on SQLite, "
            "`postgres LISTEN/NOTIFY`) and how many live streams it holds open"
        },
    )


class TemplateSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    nodes = fields.Integer(required=True)
