"""Portfolios (issue 14): invitations, memberships, the listing and its CSV import."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import names
from ...services import portfolio as service
from ...services.portfolio_listing import SORTS
from .base import Strict, name_field
from .results import ImportProblemSchema, _ErrorFields

_STATUS = {"enum": list(service.STATUSES)}
_SORTS = [*SORTS, *(f"-{s}" for s in SORTS)]


class InviteSchema(Strict):
    org = name_field(
        names.ORG_SLUG, required=True, metadata={"description": "the organisation to invite"}
    )
    note = fields.String(
        load_default="",
        validate=validate.Length(0, service.MAX_NOTE),
        metadata={"description": "a word to the invited organisation's owners"},
    )


class EntrySchema(Schema):
    """A row of a portfolio: the member (on the portfolio's side) or the portfolio (on
    the member's side), its status and the invitation."""

    org = fields.String(required=True, metadata={"description": "the organisation's slug"})
    name = fields.String(required=True)
    status = fields.String(required=True, metadata=_STATUS)
    note = fields.String(required=True)
    invited_by = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "username; null when that account is gone"},
    )
    invited_at = fields.DateTime(required=True)
    answered_at = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "when it last accepted, declined or left; null while invited"},
    )


class StatusQuerySchema(Strict):
    status = fields.String(validate=validate.OneOf(service.STATUSES), metadata=_STATUS)


class ListingQuerySchema(Strict):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=200),
        metadata={"description": "words each found, ignoring case, in a member's slug or name"},
    )
    status = fields.String(validate=validate.OneOf(service.STATUSES), metadata=_STATUS)
    sort = fields.String(
        load_default="name",
        validate=validate.OneOf(_SORTS),
        metadata={
            "enum": _SORTS,
            "description": "name (the default), completeness, last_activity or findings "
            "(errors, then warnings, then infos); `-` first: descending. Members without "
            "the figure come last either way",
        },
    )


class FindingCountsSchema(Schema):
    error = fields.Integer(required=True)
    warning = fields.Integer(required=True)
    info = fields.Integer(required=True)


class MemberTocSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)
    visibility = fields.String(required=True, metadata={"enum": ["private", "public"]})
    readable = fields.Boolean(
        required=True,
        metadata={
            "description": "you may open it; false: a private ToC shown to the portfolio's "
            "stewards by the member's consent (its figures, never its content)"
        },
    )
    versions = fields.Integer(
        required=True,
        allow_none=True,
        metadata={"description": "commits on the longest line of the default branch's history"},
    )
    updated_at = fields.DateTime(
        required=True, allow_none=True, metadata={"description": "its last commit, any branch"}
    )
    findings = fields.Nested(
        FindingCountsSchema,
        required=True,
        metadata={"description": "quality findings at the default branch's head, by severity"},
    )
    indicators = fields.Integer(required=True, metadata={"description": "at that head"})
    reported = fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "indicators with a result for the last ended period of their "
            "frequency; null when you may not see its results"
        },
    )
    completeness = fields.Float(
        required=True,
        allow_none=True,
        metadata={
            "description": "reported / indicators in per cent (one decimal); null without "
            "indicators or when you may not see its results"
        },
    )
    last_result_at = fields.DateTime(required=True, allow_none=True)


class SharedOutcomeSchema(Schema):
    org = fields.String(required=True)
    graph = fields.String(required=True)
    node = fields.String(required=True)
    label = fields.String(required=True, metadata={"description": "the node's label now"})
    links = fields.Integer(
        required=True, metadata={"description": "how many of the member's boxes link to it"}
    )


class PortfolioMemberSchema(EntrySchema):
    tocs = fields.List(fields.Nested(MemberTocSchema), required=True)
    private_tocs = fields.Integer(
        required=True, metadata={"description": "private ToCs not shown to you, counted"}
    )
    findings = fields.Nested(
        FindingCountsSchema, required=True, metadata={"description": "over the ToCs shown"}
    )
    indicators = fields.Integer(
        required=True, metadata={"description": "of the ToCs whose results you may see"}
    )
    reported = fields.Integer(required=True)
    completeness = fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "reported / indicators in per cent; null without indicators"},
    )
    shared_outcomes = fields.List(
        fields.Nested(SharedOutcomeSchema),
        required=True,
        metadata={"description": "other organisations' boxes its ToCs link to"},
    )
    last_activity = fields.DateTime(
        required=True,
        allow_none=True,
        metadata={"description": "the latest commit or result of the ToCs shown"},
    )


class PeriodsSchema(Schema):
    monthly = fields.String(required=True)
    quarterly = fields.String(required=True)
    half_yearly = fields.String(required=True)
    yearly = fields.String(required=True)


class PortfolioSchema(Schema):
    org = fields.String(required=True)
    name = fields.String(required=True)
    your_role = fields.String(required=True, metadata={"enum": ["owner", "editor", "viewer"]})
    steward = fields.Boolean(
        required=True,
        metadata={
            "description": "you are an owner or editor: members' private ToCs are shown "
            "to you (their figures)"
        },
    )
    as_of = fields.Date(required=True)
    periods = fields.Nested(
        PeriodsSchema,
        required=True,
        metadata={"description": "the last ended period of each frequency: completeness's"},
    )
    total = fields.Integer(
        required=True, metadata={"description": "organisations in the portfolio, unfiltered"}
    )
    members = fields.List(fields.Nested(PortfolioMemberSchema), required=True)


class PortfolioImportQuerySchema(Strict):
    dry_run = fields.Boolean(
        load_default=True,
        metadata={"description": "true (the default): check only; false: invite all or none"},
    )


class InvitationPreviewSchema(Schema):
    org = fields.String(required=True)
    name = fields.String(required=True)
    note = fields.String(required=True)


class PortfolioImportReportSchema(Schema):
    rows = fields.Integer(required=True, metadata={"description": "rows read (blank rows skipped)"})
    valid = fields.Boolean(required=True)
    problems = fields.List(fields.Nested(ImportProblemSchema), required=True)
    preview = fields.List(
        fields.Nested(InvitationPreviewSchema),
        required=True,
        metadata={"description": "the first 20 invitations as they would be sent"},
    )
    invited = fields.Integer(required=True, metadata={"description": "0 on a dry run"})


class PortfolioImportRefusedSchema(_ErrorFields):
    """422: nobody was invited; the report of the dry run."""

    rows = fields.Integer()
    valid = fields.Boolean()
    problems = fields.List(fields.Nested(ImportProblemSchema))
    preview = fields.List(fields.Nested(InvitationPreviewSchema))
    invited = fields.Integer()


__all__ = [
    "EntrySchema",
    "InviteSchema",
    "ListingQuerySchema",
    "PortfolioImportQuerySchema",
    "PortfolioImportRefusedSchema",
    "PortfolioImportReportSchema",
    "PortfolioSchema",
    "StatusQuerySchema",
]
