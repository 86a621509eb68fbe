"""Progress and the dashboard (issue 13): the shapes of ``GET .../progress`` and
``GET .../dashboard``. The rules behind them are :mod:`toc_editor.domain.progress`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain.progress import STATUSES
from .base import Scalar, Strict

_STATUS = {"enum": list(STATUSES)}


class ProgressQuerySchema(Strict):
    ref = fields.String(
        metadata={"description": "branch name or commit id (default: the default branch)"}
    )
    as_of = fields.Date(
        metadata={"description": "judge progress on this day (YYYY-MM-DD; default: today)"}
    )


class IndicatorProgressSchema(Schema):
    status = fields.String(metadata=_STATUS)
    expected = fields.Raw(
        allow_none=True,
        metadata={"description": 'the value expected at the end of `period` (yes/no: "yes")'},
    )
    actual = fields.Raw(
        allow_none=True,
        metadata={"description": "the latest value (cumulative: the total to date)"},
    )
    period = fields.String(allow_none=True, metadata={"description": "the latest reported"})
    ratio = fields.Float(
        allow_none=True,
        metadata={"description": "progress made / progress expected since the baseline"},
    )
    reason = fields.String(metadata={"description": "the status in a sentence"})
    node_id = fields.String()


class ReasonSchema(Schema):
    id = fields.String()
    label = fields.String()
    status = fields.String(metadata=_STATUS)


class NodeProgressSchema(Schema):
    status = fields.String(
        allow_none=True, metadata={"description": "the worst of its indicators' statuses"}
    )
    upstream = fields.String(
        allow_none=True,
        validate=validate.OneOf(("at_risk", "ok")),
        metadata={
            "description": "at_risk: a box with a path into this one is behind or off "
            "track; ok: none is; null: no box upstream has a status"
        },
    )
    reasons = fields.List(
        fields.Nested(ReasonSchema),
        metadata={"description": "the boxes upstream that are behind or off track, nearest first"},
    )


class ProgressSchema(Schema):
    as_of = fields.Date()
    commit = fields.String(metadata={"description": "the version whose indicators were judged"})
    indicators = fields.Dict(keys=fields.String(), values=fields.Nested(IndicatorProgressSchema))
    nodes = fields.Dict(keys=fields.String(), values=fields.Nested(NodeProgressSchema))


class SeriesSchema(Schema):
    period = fields.String()
    start = fields.Date()
    end = fields.Date()
    actual = fields.Float(
        allow_none=True,
        metadata={
            "description": "the value reported (cumulative: the running total; yes/no: 1 or 0)"
        },
    )
    value = fields.Float(allow_none=True, metadata={"description": "reported for the period"})
    text_value = fields.String(allow_none=True)
    target = fields.Float(
        allow_none=True, metadata={"description": "the value expected at the period's end"}
    )
    categories = fields.Dict(allow_none=True, metadata={"example": {"gender": {"female": 12}}})


class DashboardPeriodTargetSchema(Schema):
    period = fields.String()
    value = fields.Float()


class DashboardDisaggregationSchema(Schema):
    name = fields.String()
    categories = fields.List(fields.String())


class DashboardIndicatorSchema(Schema):
    id = fields.String()
    name = fields.String()
    unit = fields.String(allow_none=True)
    baseline = Scalar
    target = Scalar
    source = fields.String(allow_none=True)
    vocabulary = fields.String(allow_none=True)
    code = fields.String(allow_none=True)
    direction = fields.String()
    unit_type = fields.String()
    currency = fields.String()
    scale_min = fields.Float()
    scale_max = fields.Float()
    frequency = fields.String()
    aggregation = fields.String()
    baseline_date = fields.Date()
    target_date = fields.Date()
    period_targets = fields.List(fields.Nested(DashboardPeriodTargetSchema))
    disaggregations = fields.List(fields.Nested(DashboardDisaggregationSchema))
    node_id = fields.String()
    node_label = fields.String()
    status = fields.String(metadata=_STATUS)
    reason = fields.String()
    series = fields.List(fields.Nested(SeriesSchema))


class DashboardSchema(Schema):
    as_of = fields.Date()
    commit = fields.String()
    indicators = fields.List(fields.Nested(DashboardIndicatorSchema))
