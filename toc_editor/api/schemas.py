"""Marshmallow schemas: they validate request shapes and generate the OpenAPI document.

Field rules (lengths, kinds, invariants) are the domain's; these schemas check types and
name the fields so the OpenAPI document describes every body.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from marshmallow import RAISE, Schema, ValidationError, fields, pre_load, validate

from ..domain import model, names


class Name(validate.Validator):
    """A name rule of the domain (domain/names.py) as a marshmallow validator."""

    def __init__(self, rule: names.NameRule) -> None:
        self.rule = rule

    def __call__(self, value: Any) -> Any:
        if not self.rule.matches(value):
            raise ValidationError(self.rule.message)
        return value


def name_field(rule: names.NameRule, **kwargs: Any) -> fields.String:
    """A string field checked by ``rule``; the OpenAPI document shows the rule's pattern."""
    metadata = {"pattern": rule.json_pattern, **kwargs.pop("metadata", {})}
    return fields.String(validate=Name(rule), metadata=metadata, **kwargs)


class Strict(Schema):
    class Meta:
        unknown = RAISE


Scalar = fields.Raw(
    allow_none=True, metadata={"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True}
)


class IndicatorSchema(Strict):
    id = fields.String(metadata={"description": "stable id; made by the server if absent"})
    name = fields.String(required=True, validate=validate.Length(1, 300))
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
    label = fields.String(required=True, validate=validate.Length(1, 300))
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
        validate=validate.OneOf(
            ("add_node", "update_node", "remove_node", "add_edge", "update_edge", "remove_edge")
        ),
    )
    node = fields.Dict(metadata={"description": "add_node: a Node"})
    edge = fields.Dict(metadata={"description": "add_edge: an Edge"})
    id = fields.String(metadata={"description": "update_/remove_: the entity id"})
    set = fields.Dict(metadata={"description": "update_: field -> new value (null clears)"})


# -- accounts -----------------------------------------------------------------------------


class UserCreateSchema(Strict):
    username = name_field(names.USERNAME, required=True)
    email = fields.String(required=True, validate=validate.Length(3, 254))
    password = fields.String(required=True, load_only=True, validate=validate.Length(8, 200))


class UserSchema(Schema):
    id = fields.Integer(required=True)
    username = fields.String(required=True)


class MembershipOrgSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    role = fields.String(required=True)


class MeSchema(UserSchema):
    email = fields.String(required=True)
    orgs = fields.List(fields.Nested(MembershipOrgSchema), required=True)


class TokenCreateSchema(Strict):
    name = fields.String(
        validate=validate.Length(0, 100), metadata={"description": "what the token is for"}
    )
    expires_in_days = fields.Integer(
        validate=validate.Range(1, 36500),
        metadata={"description": "default TOC_TOKEN_DAYS (90); at most TOC_TOKEN_MAX_DAYS (365)"},
    )


class TokenInfoSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(allow_none=True, required=True)
    last_used_at = fields.DateTime(
        allow_none=True,
        required=True,
        metadata={"description": "updated at most about once a minute"},
    )


class TokenSchema(TokenInfoSchema):
    token = fields.String(required=True, metadata={"description": "the secret: shown only now"})


class PasswordChangeSchema(Strict):
    current_password = fields.String(required=True, load_only=True)
    new_password = fields.String(required=True, load_only=True)


class SessionCreateSchema(Strict):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class SessionSchema(Schema):
    user = fields.Nested(UserSchema, required=True)
    csrf_token = fields.String(required=True)


class OrgCreateSchema(Strict):
    slug = name_field(names.ORG_SLUG, required=True)
    name = fields.String(required=True, validate=validate.Length(1, 200))


class MemberSchema(Schema):
    username = fields.String(required=True)
    role = fields.String(required=True)


class OrgSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    members = fields.List(
        fields.Nested(MemberSchema),
        metadata={"description": "present only when you are a member of the organisation"},
    )


class RoleSchema(Strict):
    role = fields.String(required=True, validate=validate.OneOf(("owner", "editor", "viewer")))


# -- graphs ---------------------------------------------------------------------------------


class GraphCreateSchema(Strict):
    slug = name_field(names.GRAPH_SLUG, required=True)
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="", validate=validate.Length(0, 10_000))
    visibility = fields.String(
        load_default="private", validate=validate.OneOf(("private", "public"))
    )
    document = fields.Nested(DocumentSchema, metadata={"description": "content to start from"})


class GraphPatchSchema(Strict):
    title = fields.String(validate=validate.Length(1, 200))
    description = fields.String(validate=validate.Length(0, 10_000))
    visibility = fields.String(validate=validate.OneOf(("private", "public")))
    default_branch = name_field(names.BRANCH)


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
        validate=validate.Length(7, 40),
        metadata={"description": "the commit the ops were written against"},
    )
    message = fields.String(required=True, validate=validate.Length(1, 2000))
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
    message = fields.String(validate=validate.Length(1, 2000))


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


class ImportFormSchema(Schema):
    branch = fields.String(load_default="main")
    message = fields.String(load_default="Import")


class ImportFileSchema(Schema):
    file = fields.Raw(metadata={"type": "string", "format": "binary"}, required=True)


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


class TemplateSchema(Schema):
    id = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    nodes = fields.Integer(required=True)


# -- forks, merges, proposals, sector ------------------------------------------------------


class ForkCreateSchema(Strict):
    org = name_field(
        names.ORG_SLUG, required=True, metadata={"description": "organisation to fork into"}
    )
    slug = name_field(names.GRAPH_SLUG, metadata={"description": "defaults to the source's"})
    visibility = fields.String(validate=validate.OneOf(("private", "public")))


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
    message = fields.String(validate=validate.Length(1, 2000))
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
    title = fields.String(required=True, validate=validate.Length(1, 200))
    description = fields.String(load_default="", validate=validate.Length(0, 10_000))


class CommentCreateSchema(Strict):
    body = fields.String(required=True, validate=validate.Length(1, 10_000))


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
    message = fields.String(validate=validate.Length(1, 2000))
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
