"""Working together: forks, merges and their conflicts, proposals, the sector map, links."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import lengths, names
from .base import Strict, length, name_field
from .graphs import CommitSchema


class ForkCreateSchema(Strict):
    org = name_field(
        names.ORG_SLUG, required=True, metadata={"description": "organisation to fork into"}
    )
    slug = name_field(names.GRAPH_SLUG, metadata={"description": "defaults to the source's"})
    visibility = fields.String(validate=validate.OneOf(("private", "public")))


class ConflictSchema(Schema):
    id = fields.String(required=True)
    kind = fields.String(required=True)
    entity = fields.String(required=True)
    entity_id = fields.String(required=True)
    field = fields.String(allow_none=True, required=True)
    base = fields.Raw(allow_none=True)
    ours = fields.Raw(allow_none=True)
    theirs = fields.Raw(allow_none=True)
    message = fields.String(required=True)


class ResolutionSchema(Strict):
    conflict = fields.String(required=True, metadata={"description": "a conflict id"})
    take = fields.String(required=True, validate=validate.OneOf(("ours", "theirs", "value")))
    value = fields.Raw(allow_none=True, metadata={"description": "with take=value"})


class MergeCreateSchema(Strict):
    source = fields.String(
        required=True,
        metadata={
            "description": 'a branch, "org/graph:branch" in the same fork network, or "upstream"'
        },
    )
    target = fields.String(metadata={"description": "a branch of this graph (default branch)"})
    message = fields.String(validate=length(lengths.MESSAGE))
    resolutions = fields.List(fields.Nested(ResolutionSchema))


class MergeQuerySchema(Strict):
    source = fields.String(required=True)
    target = fields.String()


class MergeResultSchema(Schema):
    result = fields.String(
        required=True,
        metadata={"description": "merged (two-parent commit), fast_forward or up_to_date"},
    )
    fast_forward = fields.Boolean(required=True)
    commit = fields.Nested(CommitSchema, required=True)


class PreviewSchema(Schema):
    result = fields.String(required=True)
    merge_base = fields.String(allow_none=True, required=True)
    target_head = fields.String(required=True)
    source_head = fields.String(required=True)
    ours = fields.Dict(
        required=True, metadata={"description": "changes on the target since the base"}
    )
    theirs = fields.Dict(
        required=True, metadata={"description": "changes on the source since the base"}
    )
    conflicts = fields.List(fields.Nested(ConflictSchema), required=True)


class ProposalCreateSchema(Strict):
    source = fields.String(required=True, metadata={"description": '"org/graph:branch"'})
    target = fields.String(metadata={"description": "branch of this graph (default branch)"})
    title = fields.String(required=True, validate=length(lengths.TITLE))
    description = fields.String(load_default="", validate=length(lengths.DESCRIPTION))


class CommentCreateSchema(Strict):
    body = fields.String(required=True, validate=length(lengths.COMMENT))


class CommentSchema(Schema):
    author = fields.String(allow_none=True, required=True)
    body = fields.String(required=True)
    created_at = fields.DateTime(required=True)


class ProposalSchema(Schema):
    number = fields.Integer(required=True)
    status = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    source = fields.String(
        required=True,
        metadata={
            "description": '"org/graph:branch" when you can read the source graph, else '
            '"a private fork"'
        },
    )
    source_hidden = fields.Boolean(
        required=True, metadata={"description": "true when the source's name is hidden from you"}
    )
    source_commit = fields.String(
        allow_none=True,
        required=True,
        metadata={
            "description": "the proposed version: the source's head when the proposal was "
            "opened or last updated; published to everyone who can read the target"
        },
    )
    can_update = fields.Boolean(
        required=True,
        metadata={"description": "whether you may propose the source's current head instead"},
    )
    target = fields.String(required=True)
    author = fields.String(allow_none=True, required=True)
    created_at = fields.DateTime(required=True)
    votes = fields.Integer(required=True)
    voted = fields.Boolean(required=True)
    merged_commit = fields.String(allow_none=True, required=True)
    comments = fields.List(fields.Nested(CommentSchema), required=True)
    preview = fields.Nested(PreviewSchema, allow_none=True, required=True)


class ProposalMergeSchema(Strict):
    message = fields.String(validate=length(lengths.MESSAGE))
    resolutions = fields.List(fields.Nested(ResolutionSchema))


class ProposalQuerySchema(Strict):
    status = fields.String(validate=validate.OneOf(("open", "merged", "closed")))


class ContributorSchema(Schema):
    org = fields.String(required=True)
    graph = fields.String(required=True)
    node = fields.String(required=True)
    label = fields.String(required=True)
    relation = fields.String(required=True)


class SectorNodeSchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True)
    contributors = fields.List(fields.Nested(ContributorSchema), required=True)
    count = fields.Integer(required=True)
    private_count = fields.Integer(required=True)


class SectorGraphSchema(Schema):
    org = fields.String(required=True)
    graph = fields.String(required=True)
    title = fields.String(required=True)
    links = fields.Integer(required=True)


class SectorSchema(Schema):
    commit = fields.String(required=True)
    nodes = fields.List(fields.Nested(SectorNodeSchema), required=True)
    gaps = fields.List(fields.String(), required=True)
    graphs = fields.List(fields.Nested(SectorGraphSchema), required=True)
    private_graphs = fields.Integer(
        required=True,
        metadata={
            "description": "private graphs you cannot read that link here (counted, not named)"
        },
    )


class RefQuerySchema(Strict):
    ref = fields.String()


class SuggestionQuerySchema(Strict):
    target = fields.String(required=True, metadata={"description": '"org/graph" of a shared ToC'})
    ref = fields.String()
    limit = fields.Integer(load_default=20, validate=validate.Range(1, 200))


class SuggestionSchema(Schema):
    node = fields.String(required=True)
    label = fields.String(required=True)
    target_node = fields.String(required=True)
    target_label = fields.String(required=True)
    score = fields.Float(required=True)
    reason = fields.String(required=True)
