"""The open document format: nodes, edges, their parts, a tree, and edit operations."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import model, ops
from .base import Strict


class IndicatorSchema(Strict):
    id = fields.String(metadata={"description": "stable id; made by the server if absent"})
    name = fields.String(required=True, validate=validate.Length(1, model.MAX_LABEL))
    unit = fields.String(allow_none=True)
    baseline = fields.Raw(allow_none=True, metadata={"description": "a number or text"})
    target = fields.Raw(allow_none=True, metadata={"description": "a number or text"})
    source = fields.String(allow_none=True)
    vocabulary = fields.String(allow_none=True, metadata={"description": "e.g. SDG, IRIS+"})
    code = fields.String(allow_none=True)


class LinkSchema(Strict):
    target = fields.String(required=True, metadata={"example": "youth-network/framework#n1"})
    relation = fields.String(validate=validate.OneOf(model.LINK_RELATIONS))


class EvidenceSchema(Strict):
    title = fields.String(required=True)
    url = fields.String(allow_none=True, metadata={"description": "http(s) only"})
    strength = fields.String(
        allow_none=True, validate=validate.OneOf(("weak", "moderate", "strong"))
    )


class NodeSchema(Strict):
    id = fields.String(
        metadata={"description": "UUID made by the client; server makes one if absent"}
    )
    kind = fields.String(required=True, validate=validate.OneOf(model.NODE_KINDS))
    label = fields.String(required=True, validate=validate.Length(1, model.MAX_LABEL))
    horizon = fields.String(
        allow_none=True,
        validate=validate.OneOf(model.HORIZONS),
        metadata={"description": "outcomes only"},
    )
    description = fields.String()
    indicators = fields.List(fields.Nested(IndicatorSchema))
    assumptions = fields.List(fields.String())
    tags = fields.List(fields.String())
    links = fields.List(fields.Nested(LinkSchema))


class EdgeSchema(Strict):
    id = fields.String()
    source = fields.String(required=True)
    target = fields.String(required=True)
    relation = fields.String(validate=validate.OneOf(model.EDGE_RELATIONS))
    rationale = fields.String()
    assumptions = fields.List(fields.String())
    evidence = fields.List(fields.Nested(EvidenceSchema))
    confidence = fields.Integer(allow_none=True, validate=validate.Range(0, 100))


class DocumentSchema(Strict):
    """The open JSON document format (also the shape of a tree)."""

    format = fields.String(validate=validate.Equal("toc-editor/1"))
    title = fields.String()
    description = fields.String()
    commit = fields.String(allow_none=True)
    seed = fields.Dict()
    nodes = fields.List(fields.Nested(NodeSchema), required=True)
    edges = fields.List(fields.Nested(EdgeSchema), required=True)


class TreeSchema(Schema):
    commit = fields.String(required=True)
    nodes = fields.List(fields.Nested(NodeSchema), required=True)
    edges = fields.List(fields.Nested(EdgeSchema), required=True)


class OpSchema(Strict):
    op = fields.String(
        required=True,
        validate=validate.OneOf(ops.OP_NAMES),
    )
    node = fields.Dict(metadata={"description": "add_node: a Node"})
    edge = fields.Dict(metadata={"description": "add_edge: an Edge"})
    id = fields.String(metadata={"description": "update_/remove_: the entity id"})
    set = fields.Dict(metadata={"description": "update_: field -> new value (null clears)"})
