"""What every schema module shares: strict schemas and the domain's name rules."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, ValidationError, fields, validate

from ...domain import lengths, names


class Name(validate.Validator):
    """A name rule of the domain (domain/names.py) as a marshmallow validator."""

    def __init__(self, rule: names.NameRule) -> None:
        self.rule = rule

    def __call__(self, value: Any) -> Any:
        if not self.rule.matches(value):
            raise ValidationError(self.rule.problem(value))
        return value


def name_field(rule: names.NameRule, **kwargs: Any) -> fields.String:
    """A string field checked by ``rule``; the OpenAPI document shows the rule's pattern."""
    metadata = {"pattern": rule.json_pattern, **kwargs.pop("metadata", {})}
    return fields.String(validate=Name(rule), metadata=metadata, **kwargs)


def length(rule: lengths.Length) -> validate.Length:
    """The domain's length rule as a validator (the OpenAPI document shows its bounds)."""
    return validate.Length(rule.low, rule.high)


class Strict(Schema):
    class Meta:
        unknown = RAISE


Scalar = fields.Raw(
    allow_none=True, metadata={"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True}
)
