"""Explore: the public graphs, searched and a page at a time."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .base import Strict

PAGE_SIZE_MAX = 50


class ExploreQuerySchema(Strict):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata={
            "description": "words to find, ignoring case, in the title, the graph's slug, the "
            "organisation's name or slug, or a box's label on the default branch; empty: "
            "every public graph"
        },
    )
    framework = fields.Boolean(
        load_default=False,
        metadata={"description": "true: only shared frameworks (graphs others link into)"},
    )
    page = fields.Integer(load_default=1, validate=validate.Range(1, 10_000))
    page_size = fields.Integer(load_default=20, validate=validate.Range(1, PAGE_SIZE_MAX))


class ExploreGraphSchema(Schema):
    org = fields.String(required=True, metadata={"description": "the organisation's slug"})
    org_name = fields.String(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(
        required=True, metadata={"description": "at most 500 characters (cut with an ellipsis)"}
    )
    default_branch = fields.String(required=True)
    boxes = fields.Integer(
        required=True, metadata={"description": "nodes on the default branch's head"}
    )
    updated_at = fields.DateTime(
        required=True, metadata={"description": "when the default branch last moved"}
    )
    fork = fields.Boolean(required=True)
    upstream = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": '"org/graph" this was forked from; null when it is no fork, its '
            "upstream was deleted, or you cannot read the upstream (see upstream_private)"
        },
    )
    upstream_private = fields.Boolean(required=True)
    framework = fields.Boolean(
        required=True,
        metadata={"description": "a shared framework: at least one other graph links into it"},
    )
    linked_by = fields.Integer(
        required=True,
        metadata={
            "description": "how many other graphs link their outcomes into it (private "
            "ones counted, never named)"
        },
    )
    matched_boxes = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "up to 3 labels of boxes holding `q` (empty without `q`)"},
    )


class ExploreSchema(Schema):
    graphs = fields.List(fields.Nested(ExploreGraphSchema), required=True)
    total = fields.Integer(required=True, metadata={"description": "matching graphs in all"})
    page = fields.Integer(required=True)
    page_size = fields.Integer(required=True)
    pages = fields.Integer(required=True, metadata={"description": "at least 1"})
