"""Organisations and their members."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ...domain import lengths, names
from .base import Strict, length, name_field


class OrgCreateSchema(Strict):
    slug = name_field(names.ORG_SLUG, required=True)
    name = fields.String(required=True, validate=length(lengths.TITLE))


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
