"""The open document format: nodes, edges, their parts, a tree, and edit operations."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import entities, model, names, ops, periods
from .base import Strict


class PeriodTargetSchema(Strict):
    period = fields.String(
        required=True,
        metadata={"description": "a period of the indicator's frequency", "example": "2025-Q1"},
    )
    value = fields.Raw(required=True, metadata={"type": "number"})


class DisaggregationSchema(Strict):
    name = fields.String(
        required=True,
        validate=validate.Length(1, entities.MAX_DISAGGREGATION_NAME),
        metadata={"example": "gender", "pattern": "^[a-z0-9_ -]{1,40}$"},
    )
    categories = fields.List(
        fields.String(validate=validate.Length(1, entities.MAX_CATEGORY)),
        required=True,
        validate=validate.Length(1, entities.MAX_CATEGORIES),
        metadata={"example": ["female", "male", "another"]},
    )


class IndicatorSchema(Strict):
    id = fields.String(metadata={"description": "stable id; made by the server if absent"})
    name = fields.String(required=True, validate=validate.Length(1, model.MAX_LABEL))
    unit = fields.String(allow_none=True)
    baseline = fields.Raw(allow_none=True, metadata={"description": "a number or text"})
    target = fields.Raw(allow_none=True, metadata={"description": "a number or text"})
    source = fields.String(allow_none=True)
    vocabulary = fields.String(allow_none=True, metadata={"description": "e.g. SDG, IRIS+"})
    code = fields.String(allow_none=True)
    # how results are reported and judged (issue 13); null or absent: the default
    direction = fields.String(
        allow_none=True,
        validate=validate.OneOf(entities.DIRECTIONS),
        metadata={"description": "increase (default: higher is better) or decrease"},
    )
    unit_type = fields.String(
        allow_none=True,
        validate=validate.OneOf(entities.UNIT_TYPES),
        metadata={"description": "what a result holds; default count"},
    )
    currency = fields.String(
        allow_none=True, metadata={"description": "ISO 4217 code, unit_type currency only"}
    )
    scale_min = fields.Raw(
        allow_none=True, metadata={"type": "number", "description": "unit_type scale only"}
    )
    scale_max = fields.Raw(
        allow_none=True, metadata={"type": "number", "description": "unit_type scale only"}
    )
    frequency = fields.String(
        allow_none=True,
        validate=validate.OneOf(periods.FREQUENCIES),
        metadata={"description": "how often results are reported; default quarterly"},
    )
    aggregation = fields.String(
        allow_none=True,
        validate=validate.OneOf(entities.AGGREGATIONS),
        metadata={"description": "per_period (default) or cumulative (the running sum counts)"},
    )
    baseline_date = fields.String(allow_none=True, metadata={"format": "date"})
    target_date = fields.String(allow_none=True, metadata={"format": "date"})
    period_targets = fields.List(
        fields.Nested(PeriodTargetSchema),
        allow_none=True,
        metadata={"description": "expected values of given periods (win over the straight line)"},
    )
    disaggregations = fields.List(
        fields.Nested(DisaggregationSchema),
        allow_none=True,
        metadata={"description": "at most 5 dimensions results are split by"},
    )
    reports_to = fields.String(
        allow_none=True,
        metadata={
            "description": "the shared indicator of a framework this one reports to "
            "(issue 14): readable by this graph's organisation, at the head of the "
            "framework's default branch, with the same unit type, currency, scale and "
            "frequency; at most one indicator of a ToC per shared indicator",
            "example": "youth-network/framework#jobs-1",
            "pattern": names.LINK_TARGET.json_pattern,
        },
    )


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
