"""Graphs, branches, commits, comparisons and quality checks."""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import Schema, ValidationError, fields, pre_load, validate

from ...domain import lengths, names
from ...domain.shared_measurement import CONSENTS
from .base import Strict, length, name_field
from .documents import DocumentSchema, OpSchema


class GraphCreateSchema(Strict):
    slug = name_field(names.GRAPH_SLUG, required=True)
    title = fields.String(required=True, validate=length(lengths.TITLE))
    description = fields.String(load_default="", validate=length(lengths.DESCRIPTION))
    visibility = fields.String(
        load_default="private", validate=validate.OneOf(("private", "public"))
    )
    document = fields.Nested(DocumentSchema, metadata={"description": "content to start from"})


class GraphPatchSchema(Strict):
    title = fields.String(validate=length(lengths.TITLE))
    description = fields.String(validate=length(lengths.DESCRIPTION))
    visibility = fields.String(validate=validate.OneOf(("private", "public")))
    default_branch = name_field(names.BRANCH)
    results_public = fields.Boolean(
        metadata={
            "description": "whether anyone may read the results of this graph when it is "
            "public (owners only; default false: members only)"
        }
    )
    share_results = fields.String(
        validate=validate.OneOf(CONSENTS),
        metadata={
            "description": "whether this graph's results on shared indicators flow to the "
            "frameworks it reports to: none (the default; withdrawing consent), "
            "maintainers (to their maintainers, by name) or members (also to the members' "
            "anonymous figures); owners only"
        },
    )
    aggregate_k = fields.Integer(
        strict=True,
        validate=validate.Range(1, 100),
        metadata={
            "description": "on a framework: a figure built from fewer member ToCs is hidden "
            "from everyone but its maintainers (default 5); owners only"
        },
    )


class GraphSchema(Schema):
    org = fields.String(required=True)
    slug = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    visibility = fields.String(required=True)
    default_branch = fields.String(required=True)
    upstream = fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": '"org/graph" this was forked from; null when it is no fork, its '
            "upstream was deleted, or you cannot read the upstream (see upstream_private)"
        },
    )
    upstream_private = fields.Boolean(
        required=True,
        metadata={"description": "true when this is a fork of a graph you cannot read"},
    )
    created_at = fields.DateTime(required=True)
    can_write = fields.Boolean(required=True)
    results_public = fields.Boolean(
        required=True,
        metadata={"description": "anyone may read the results of this graph while it is public"},
    )
    share_results = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "enum": [*CONSENTS, None],
            "description": "where its results on shared indicators flow (see GraphPatch); "
            "null for callers who are not members of its organisation",
        },
    )
    aggregate_k = fields.Integer(
        required=True, metadata={"description": "on a framework: the k of its figures"}
    )


class BranchCreateSchema(Strict):
    name = name_field(names.BRANCH, required=True)
    from_ = fields.String(
        data_key="from", load_default="main", metadata={"description": "branch name or commit id"}
    )


class BranchSchema(Schema):
    name = fields.String(required=True)
    head = fields.String(required=True)


class CommitCreateSchema(Strict):
    base = fields.String(
        required=True,
        validate=length(lengths.COMMIT_REF),
        metadata={"description": "the commit the ops were written against"},
    )
    message = fields.String(required=True, validate=length(lengths.MESSAGE))
    ops = fields.List(
        fields.Nested(OpSchema),
        required=True,
        metadata={
            "description": "at most TOC_MAX_OPS (default 1,000) edits; import larger changes"
        },
    )

    @pre_load
    def _few_enough_ops(self, data: Any, **_: Any) -> Any:
        """Count the ops before parsing each one: a huge batch is refused in microseconds."""
        ops = data.get("ops") if isinstance(data, dict) else None
        limit = current_app.config["TOC_MAX_OPS"]
        if isinstance(ops, list) and len(ops) > limit:
            raise ValidationError(
                f"at most {limit:,} ops per request (got {len(ops):,}); send larger changes "
                "as several commits or import a document",
                field_name="ops",
            )
        return data


class RestoreSchema(Strict):
    commit = fields.String(required=True, metadata={"description": "branch or commit to restore"})
    message = fields.String(validate=length(lengths.MESSAGE))


class CommitSchema(Schema):
    id = fields.String(required=True)
    parents = fields.List(fields.String(), required=True)
    author = fields.String(required=True)
    message = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    stats = fields.Dict(required=True)


class CommitQuerySchema(Strict):
    ref = fields.String(metadata={"description": "branch or commit; default branch if absent"})
    limit = fields.Integer(load_default=50, validate=validate.Range(1, 500))
    before = fields.String(metadata={"description": "commit id: page on from there"})


class FieldChangeSchema(Schema):
    id = fields.String(required=True)
    fields = fields.Dict(required=True, metadata={"description": "name -> {before, after}"})


class EntityChangesSchema(Schema):
    added = fields.List(fields.Dict(), required=True)
    removed = fields.List(fields.Dict(), required=True)
    changed = fields.List(fields.Nested(FieldChangeSchema), required=True)


class CompareSchema(Schema):
    nodes = fields.Nested(EntityChangesSchema, required=True)
    edges = fields.Nested(EntityChangesSchema, required=True)


class FindingSchema(Schema):
    code = fields.String(required=True)
    severity = fields.String(required=True)
    message = fields.String(required=True)
    nodes = fields.List(fields.String(), required=True)
    edges = fields.List(fields.String(), required=True)


class ChecksSchema(Schema):
    commit = fields.String(required=True)
    findings = fields.List(fields.Nested(FindingSchema), required=True)
