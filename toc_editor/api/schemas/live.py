"""The live channel: presence (who is here, what they point at) and the stream's query."""

from __future__ import annotations

from marshmallow import fields, validate

from ...domain import names
from .base import Strict, name_field

SESSION = validate.Regexp(r"^[A-Za-z0-9_-]{8,64}$", error="a session id from the stream's hello")
MAX_SELECTED = 200


class SelectionSchema(Strict):
    nodes = fields.List(
        name_field(names.ENTITY_ID), load_default=list, validate=validate.Length(max=MAX_SELECTED)
    )
    edges = fields.List(
        name_field(names.ENTITY_ID), load_default=list, validate=validate.Length(max=MAX_SELECTED)
    )


class FieldSchema(Strict):
    kind = fields.String(required=True, validate=validate.OneOf(["node", "edge", "graph"]))
    id = name_field(names.ENTITY_ID, required=True)
    name = fields.String(
        required=True,
        validate=validate.Regexp(r"^[A-Za-z0-9_.:-]{1,80}$"),
        metadata={"description": 'the field typed in: "label", "description", "indicators.0.name"'},
    )


class PresenceSchema(Strict):
    session = fields.String(required=True, validate=SESSION, metadata={
        "description": "this connection's id, from the stream's hello event"})  # fmt: skip
    selection = fields.Nested(SelectionSchema, load_default=dict)
    field = fields.Nested(FieldSchema, load_default=None, allow_none=True, metadata={
        "description": "the field being typed in, or null"})  # fmt: skip
    gone = fields.Boolean(load_default=False, metadata={
        "description": "true: this connection is leaving (others drop it at once)"})  # fmt: skip


class LiveQuerySchema(Strict):
    since = fields.String(
        load_default=None,
        metadata={"description": "the commit the client has loaded (Last-Event-ID wins)"},
    )
