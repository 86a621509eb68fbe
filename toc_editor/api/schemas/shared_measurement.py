"""Shared measurement on a framework (issue 14): the shapes of ``GET
.../shared-indicators``, one shared indicator, the sector dashboard and what to offer
when linking. The rules behind them are :mod:`toc_editor.domain.shared_measurement`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain.progress import STATUSES
from ...domain.shared_measurement import BANDS, ROLES

__all__ = [
    "LinkIndicatorsQuerySchema",
    "LinkIndicatorsSchema",
    "SectorDashboardQuerySchema",
    "SectorDashboardSchema",
    "SharedIndicatorSchema",
    "SharedIndicatorsSchema",
    "SharedListQuerySchema",
    "SharedQuerySchema",
]

_PERIOD = {"example": "2025-Q1", "pattern": "^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$"}
_HIDDEN = "null where hidden from this viewer (fewer than k member ToCs)"


class SharedQuerySchema(Schema):
    from_ = fields.String(
        data_key="from",
        metadata={"description": "the first period to show (a period code)", **_PERIOD},
    )
    to = fields.String(
        metadata={"description": "the last period to show (a period code)", **_PERIOD}
    )


class SharedListQuerySchema(SharedQuerySchema):
    named = fields.Boolean(
        load_default=False,
        metadata={
            "description": "with the values of the other member ToCs this viewer may see by "
            "name (default false: the viewer's own only; a framework may have thousands)"
        },
    )


class CategoryFiguresSchema(Schema):
    name = fields.String(required=True, metadata={"description": "the disaggregation"})
    figure = fields.String(required=True, validate=validate.OneOf(("sum", "mean")))
    included = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "member ToCs split into exactly these categories"},
    )
    left_out = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "member ToCs that reported but split otherwise"},
    )
    values = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        allow_none=True,
        required=True,
        metadata={"description": "each category's sum or mean; " + _HIDDEN},
    )
    suppressed = fields.Boolean(required=True)
    reason = fields.String(allow_none=True, required=True)


class PeriodFiguresSchema(Schema):
    period = fields.String(required=True)
    linked = fields.Integer(
        required=True, metadata={"description": "member ToCs reporting to the indicator"}
    )
    reporting = fields.Integer(
        allow_none=True,
        required=True,
        metadata={"description": "those counted here that reported for the period; " + _HIDDEN},
    )
    coverage = fields.Float(
        allow_none=True, required=True, metadata={"description": "reporting / linked"}
    )
    sum = fields.Float(allow_none=True, required=True, metadata={"description": "counts, money"})
    mean = fields.Float(
        allow_none=True,
        required=True,
        metadata={
            "description": "percentages: weighted by denominators when every value has "
            "them; else the plain mean"
        },
    )
    median = fields.Float(allow_none=True, required=True)
    q1 = fields.Float(allow_none=True, required=True)
    q3 = fields.Float(allow_none=True, required=True)
    yes_share = fields.Float(allow_none=True, required=True, metadata={"description": "0..1"})
    change = fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "the headline figure minus the previous period's"},
    )
    categories = fields.List(fields.Nested(CategoryFiguresSchema), required=True)
    suppressed = fields.Boolean(required=True)
    reason = fields.String(allow_none=True, required=True)


class MemberPeriodValueSchema(Schema):
    period = fields.String(required=True)
    value = fields.Float(allow_none=True, required=True)
    numerator = fields.Float(allow_none=True, required=True)
    denominator = fields.Float(allow_none=True, required=True)
    text_value = fields.String(allow_none=True, required=True)
    categories = fields.Dict(allow_none=True, required=True)


class MemberValuesSchema(Schema):
    member = fields.String(required=True, metadata={"description": '"org/graph"'})
    title = fields.String(required=True)
    indicator = fields.String(required=True, metadata={"description": "its own indicator id"})
    own = fields.Boolean(required=True, metadata={"description": "the viewer's own ToC"})
    public = fields.Boolean(required=True, metadata={"description": "its results are public"})
    values = fields.List(fields.Nested(MemberPeriodValueSchema), required=True)


class BenchmarkSchema(Schema):
    member = fields.String(required=True)
    period = fields.String(required=True)
    value = fields.Float(required=True)
    band = fields.String(required=True, validate=validate.OneOf(BANDS))
    words = fields.String(required=True)


class SharedIndicatorBodySchema(Schema):
    indicator = fields.String(required=True)
    name = fields.String(required=True)
    node_id = fields.String(required=True)
    node_label = fields.String(required=True)
    definition = fields.Dict(
        required=True, metadata={"description": "the shared indicator's definition"}
    )
    unit_type = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    k = fields.Integer(required=True)
    linked = fields.Integer(required=True)
    incompatible = fields.Integer(
        required=True,
        metadata={
            "description": "member indicators left out: their unit no longer matches (the "
            "framework changed its indicator)"
        },
    )
    aggregates = fields.List(
        fields.Nested(PeriodFiguresSchema),
        allow_none=True,
        required=True,
        metadata={"description": "null: this viewer gets no figures (note says why)"},
    )
    note = fields.String(allow_none=True, required=True)
    values = fields.List(
        fields.Nested(MemberValuesSchema),
        required=True,
        metadata={"description": "the member ToCs this viewer may see by name"},
    )
    benchmarks = fields.List(
        fields.Nested(BenchmarkSchema),
        required=True,
        metadata={"description": "where each of the viewer's own values stands"},
    )


class _ViewerSchema(Schema):
    framework = fields.String(required=True)
    commit = fields.String(required=True, metadata={"description": "the framework's version"})
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    k = fields.Integer(required=True)
    gives = fields.Boolean(
        required=True,
        metadata={"description": "one of the viewer's member ToCs shares with the members"},
    )
    members = fields.List(
        fields.String(), required=True, metadata={"description": "the viewer's member ToCs"}
    )


class SharedIndicatorsSchema(_ViewerSchema):
    indicators = fields.List(fields.Nested(SharedIndicatorBodySchema), required=True)


class SharedIndicatorSchema(_ViewerSchema, SharedIndicatorBodySchema):
    pass


class LinkIndicatorsQuerySchema(Schema):
    target = fields.String(
        required=True, metadata={"description": '"org/graph#node" of a framework\'s node'}
    )


class OfferSchema(Schema):
    indicator = fields.String(required=True)
    reports_to = fields.String(required=True)
    definition = fields.Dict(
        required=True,
        metadata={"description": "an indicator to add to the linked box (no id: it gets one)"},
    )
    reported_by = fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "this ToC's indicator reporting to it already"},
    )


class LinkIndicatorsSchema(Schema):
    target = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True)
    indicators = fields.List(fields.Nested(OfferSchema), required=True)


class SectorDashboardQuerySchema(Schema):
    as_of = fields.Date(metadata={"description": "judge on this day (default: today)"})


class SectorIndicatorSchema(Schema):
    id = fields.String(required=True)
    name = fields.String(required=True)
    unit_type = fields.String(required=True)
    figure = fields.String(allow_none=True, required=True)
    period = fields.String(allow_none=True, required=True)
    value = fields.Float(allow_none=True, required=True)
    change = fields.Float(allow_none=True, required=True)
    reporting = fields.Integer(allow_none=True, required=True)
    linked = fields.Integer(required=True)
    status = fields.String(allow_none=True, required=True, metadata={"enum": list(STATUSES)})
    reason = fields.String(allow_none=True, required=True)
    note = fields.String(allow_none=True, required=True)


class SectorContributorSchema(Schema):
    org = fields.String(required=True)
    graph = fields.String(required=True)
    title = fields.String(required=True)
    node = fields.String(required=True)
    label = fields.String(required=True)
    relation = fields.String(required=True)
    reporting = fields.String(
        allow_none=True,
        required=True,
        metadata={
            "enum": ["reporting", "not_recent", "not_reporting", "not_measured", None],
            "description": "null where this viewer may not see its results",
        },
    )
    last_period = fields.String(allow_none=True, required=True)


class SectorDashboardNodeSchema(Schema):
    id = fields.String(required=True)
    label = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(allow_none=True, required=True, metadata={"enum": list(STATUSES)})
    indicators = fields.List(fields.Nested(SectorIndicatorSchema), required=True)
    contributors = fields.List(fields.Nested(SectorContributorSchema), required=True)
    count = fields.Integer(required=True)
    unnamed = fields.Integer(required=True)
    measured = fields.Boolean(required=True)


class SectorDashboardSchema(Schema):
    framework = fields.String(required=True)
    commit = fields.String(required=True)
    as_of = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    k = fields.Integer(required=True)
    nodes = fields.List(fields.Nested(SectorDashboardNodeSchema), required=True)
    gaps = fields.List(fields.String(), required=True)
    unmeasured = fields.List(fields.String(), required=True)
