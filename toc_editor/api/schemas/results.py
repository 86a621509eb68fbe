"""Results (issue 13): entries written in batches, stored rows, the import's report."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import entities
from ...services import results as service
from .base import Strict

_PERIOD = {"description": "a period code: 2025, 2025-H1, 2025-Q1 or 2025-01", "example": "2025-Q1"}
_CATEGORIES = {
    "description": "values per category of the indicator's disaggregations; for counts and "
    "currency a dimension given in full must add up to `value`",
    "example": {"gender": {"female": 12, "male": 9, "another": 1}},
}


class ResultEntrySchema(Strict):
    """One reported value of an indicator for a period (checked against its definition)."""

    indicator = fields.String(
        required=True,
        validate=validate.Length(1, 64),
        metadata={"description": "the indicator's id in the ToC (default branch's head)"},
    )
    period = fields.String(
        required=True,
        validate=validate.Length(1, 10),
        metadata={
            **_PERIOD,
            "description": _PERIOD["description"] + ", of the indicator's frequency",
        },
    )
    value = fields.Float(
        allow_none=True,
        metadata={
            "description": "numeric unit types; percentages: 0-100, or give numerator "
            "and denominator and leave it out"
        },
    )
    numerator = fields.Float(allow_none=True, metadata={"description": "percentages only"})
    denominator = fields.Float(allow_none=True, metadata={"description": "percentages only, > 0"})
    text_value = fields.String(
        allow_none=True,
        validate=validate.Length(0, service.MAX_TEXT_VALUE),
        metadata={"description": 'yes_no: "yes" or "no"; text: 1-500 characters'},
    )
    categories = fields.Dict(
        keys=fields.String(validate=validate.Length(1, entities.MAX_DISAGGREGATION_NAME)),
        values=fields.Dict(
            keys=fields.String(validate=validate.Length(1, entities.MAX_CATEGORY)),
            values=fields.Float(allow_none=True),
        ),
        allow_none=True,
        metadata=_CATEGORIES,
    )
    note = fields.String(validate=validate.Length(0, service.MAX_NOTE))
    source = fields.String(
        validate=validate.Length(0, service.MAX_SOURCE),
        metadata={"description": "where the figure comes from: a link or a text"},
    )


class ResultBatchSchema(Strict):
    results = fields.List(
        fields.Nested(ResultEntrySchema),
        required=True,
        validate=validate.Length(1, service.MAX_BATCH),
        metadata={"description": f"1-{service.MAX_BATCH} entries, written all or none"},
    )


class StoredResultSchema(Schema):
    """A stored row: the entry as checked, and who reported it when."""

    id = fields.Integer(
        required=True, metadata={"description": "rows are numbered in order of writing"}
    )
    indicator = fields.String(required=True)
    node_id = fields.String(required=True, metadata={"description": "the box the indicator was on"})
    period = fields.String(required=True, metadata=_PERIOD)
    value = fields.Float(allow_none=True, required=True)
    numerator = fields.Float(allow_none=True, required=True)
    denominator = fields.Float(allow_none=True, required=True)
    text_value = fields.String(allow_none=True, required=True)
    categories = fields.Dict(allow_none=True, required=True, metadata=_CATEGORIES)
    note = fields.String(required=True)
    source = fields.String(required=True)
    reported_by = fields.String(required=True, metadata={"description": "username"})
    reported_at = fields.DateTime(required=True)
    archived = fields.Boolean(
        required=True,
        metadata={"description": "the indicator is no longer in the ToC (its results are kept)"},
    )


class StoredBatchSchema(Schema):
    results = fields.List(fields.Nested(StoredResultSchema), required=True)


class ResultListSchema(Schema):
    results = fields.List(
        fields.Nested(StoredResultSchema),
        required=True,
        metadata={"description": "the current value of each (indicator, period)"},
    )
    archived = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "ids of indicators with results that are no longer in the ToC"},
    )


class ResultQuerySchema(Schema):
    indicator = fields.String(metadata={"description": "only this indicator's results"})
    from_ = fields.String(
        data_key="from", metadata={**_PERIOD, "description": "periods from this one"}
    )
    to = fields.String(metadata={**_PERIOD, "description": "periods up to this one"})


class HistoryQuerySchema(Schema):
    period = fields.String(metadata={**_PERIOD, "description": "only this period's rows"})


class ImportQuerySchema(Schema):
    dry_run = fields.Boolean(
        load_default=True,
        metadata={"description": "true (the default): check only; false: write all rows or none"},
    )


class ImportProblemSchema(Schema):
    row = fields.Integer(
        required=True,
        metadata={"description": "the spreadsheet's row (the header is row 1; 0: the file)"},
    )
    column = fields.String(allow_none=True, required=True, metadata={"example": "value"})
    message = fields.String(required=True)


class ImportPreviewSchema(Schema):
    indicator = fields.String()
    period = fields.String()
    value = fields.Float(allow_none=True)
    numerator = fields.Float(allow_none=True)
    denominator = fields.Float(allow_none=True)
    text_value = fields.String(allow_none=True)
    categories = fields.Dict(allow_none=True)
    note = fields.String()
    source = fields.String()


class ImportReportSchema(Schema):
    rows = fields.Integer(required=True, metadata={"description": "rows read (blank rows skipped)"})
    valid = fields.Boolean(required=True)
    problems = fields.List(fields.Nested(ImportProblemSchema), required=True)
    preview = fields.List(
        fields.Nested(ImportPreviewSchema),
        required=True,
        metadata={"description": "the first 20 entries as they would be written"},
    )
    written = fields.Integer(
        required=True, metadata={"description": "rows written (0 on a dry run)"}
    )


class _ErrorFields(Schema):
    code = fields.Integer(required=True)
    status = fields.String(required=True)
    message = fields.String(required=True)
    errors = fields.Dict(
        metadata={"description": "the first problem: {location: {where: [message]}}"}
    )


class ResultProblemSchema(Schema):
    where = fields.String(required=True, metadata={"example": "results/3/value"})
    message = fields.String(required=True)


class ResultsRefusedSchema(_ErrorFields):
    """422: nothing was written; every problem of the batch."""

    problems = fields.List(fields.Nested(ResultProblemSchema))


class ImportRefusedSchema(_ErrorFields):
    """422: nothing was imported; the report of the dry run."""

    rows = fields.Integer()
    valid = fields.Boolean()
    problems = fields.List(fields.Nested(ImportProblemSchema))
    preview = fields.List(fields.Nested(ImportPreviewSchema))
    written = fields.Integer()
